/* Counterfactual comparison of two scenarios and the cost of misperception. */
#include "sanctionsim/compare.h"

#include <string.h>

ss_status ss_misperception_cost(const ss_scenario *sc, size_t i, ss_misperception *m, ss_error *err)
{
    ss_params honest = sc->params;
    ss_params_clear_beliefs(&honest, i);
    ss_result stated, truth;
    ss_error e1, e2;
    ss_status s1 = ss_solve(&sc->params, &sc->solver, NULL, &stated, &e1);
    ss_status s2 = ss_solve(&honest, &sc->solver, NULL, &truth, &e2);
    snprintf(m->id, sizeof m->id, "%s", sc->sanctioner[i].id);
    m->realized_stated = stated.payoff_realized[i];
    m->realized_true = truth.payoff_realized[i];
    m->cost = m->realized_true - m->realized_stated;
    m->s_stated = stated.s[i];
    m->s_true = truth.s[i];
    if (s1 != SS_OK)
        return ss_error_set(err, s1, "%s: %s", sc->path, e1.message);
    if (s2 != SS_OK)
        return ss_error_set(err, s2, "%s without %s's beliefs: %s", sc->path, sc->sanctioner[i].id,
                            e2.message);
    return SS_OK;
}

/* Adds the columns of one side, matching names already present from the other. */
static void merge_side(ss_comparison *out, const ss_column *cols, size_t n, int alt)
{
    for (size_t k = 0; k < n; k++) {
        size_t q = 0;
        while (q < out->nrows && strcmp(out->rows[q].name, cols[k].name) != 0)
            q++;
        if (q == out->nrows) {
            memset(&out->rows[q], 0, sizeof out->rows[q]);
            snprintf(out->rows[q].name, sizeof out->rows[q].name, "%s", cols[k].name);
            out->nrows++;
        }
        if (alt) {
            out->rows[q].alt = cols[k].value;
            out->rows[q].in_alt = 1;
        } else {
            out->rows[q].base = cols[k].value;
            out->rows[q].in_base = 1;
        }
    }
}

ss_status ss_compare(const ss_scenario *base, const ss_scenario *alt, ss_comparison *out,
                     ss_error *err)
{
    ss_error e;
    ss_status st = SS_OK;
    memset(out, 0, sizeof *out);
    const ss_scenario *side[2] = {base, alt};
    ss_result *res[2] = {&out->base, &out->alt};
    for (int k = 0; k < 2; k++) {
        ss_status s = ss_solve(&side[k]->params, &side[k]->solver, NULL, res[k], &e);
        if (s != SS_OK && st == SS_OK)
            st = ss_error_set(err, s, "%s: %s", side[k]->path, e.message);
        ss_column cols[SS_RESULT_MAX_COLUMNS];
        size_t n = ss_result_columns(side[k], res[k], cols);
        merge_side(out, cols, n, k);
        ss_column extra[3] = {{"payoff.target", res[k]->payoff_target}};
        size_t ne = 1;
        if (side[k]->params.has_patron)
            extra[ne++] = (ss_column){"payoff.patron", res[k]->payoff_patron};
        extra[ne++] = (ss_column){"max_regret", res[k]->max_regret};
        merge_side(out, extra, ne, k);
        for (size_t i = 0; i < side[k]->params.n; i++) {
            if (!ss_params_has_beliefs(&side[k]->params, i))
                continue;
            ss_misperception *m = &out->mis[out->nmis++];
            m->scenario = k ? 'a' : 'b';
            ss_status sm = ss_misperception_cost(side[k], i, m, &e);
            if (sm != SS_OK && st == SS_OK)
                st = ss_error_set(err, sm, "%s", e.message);
        }
    }
    return st;
}
