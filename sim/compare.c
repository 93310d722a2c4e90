/* Counterfactual comparison of two scenarios and the cost of misperception. */
#include "sanctionsim/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ss_status ss_misperception_cost(const ss_scenario *sc, size_t i, ss_misperception *m, ss_error *err)
{
    ss_params honest = sc->params;
    ss_params_clear_beliefs(&honest, i);
    ss_error e1, e2;
    /* the answers `solve` gives: a mixed one where no pure one is certified */
    ss_mixed_result *ans = malloc(2 * sizeof *ans);
    if (!ans)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_status s1 = ss_solve_any(&sc->params, &sc->solver, NULL, &ans[0], &e1);
    ss_status s2 = ss_solve_any(&honest, &sc->solver, NULL, &ans[1], &e2);
    const ss_result *stated = &ans[0].r, *truth = &ans[1].r;
    snprintf(m->id, sizeof m->id, "%s", sc->sanctioner[i].id);
    m->realized_stated = stated->payoff_realized[i];
    m->realized_true = truth->payoff_realized[i];
    m->cost = m->realized_true - m->realized_stated;
    m->s_stated = stated->s[i];
    m->s_true = truth->s[i];
    free(ans);
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
            memcpy(out->rows[q].name, cols[k].name, sizeof out->rows[q].name); /* same size */
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

/* The quantities of one solve: the result columns, the target's and
 * patron's payoffs and the certificate. Returns the count. */
static size_t solve_columns(const ss_scenario *sc, const ss_result *r, ss_column *cols)
{
    size_t n = ss_result_columns(sc, r, cols);
    cols[n++] = (ss_column){"payoff.target", r->payoff_target};
    if (sc->params.has_patron)
        cols[n++] = (ss_column){"payoff.patron", r->payoff_patron};
    cols[n++] = (ss_column){"max_regret", r->max_regret};
    return n;
}

ss_status ss_compare(const ss_scenario *base, const ss_scenario *alt, ss_comparison *out,
                     ss_error *err)
{
    ss_error e;
    ss_status st = SS_OK;
    memset(out, 0, sizeof *out);
    const ss_scenario *side[2] = {base, alt};
    ss_mixed_result *res[2] = {&out->base, &out->alt};
    for (int k = 0; k < 2; k++) {
        ss_status s = ss_solve_any(&side[k]->params, &side[k]->solver, NULL, res[k], &e);
        if (s != SS_OK && st == SS_OK)
            st = ss_error_set(err, s, "%s: %s", side[k]->path, e.message);
        ss_column cols[SS_COMPARE_MAX_COLUMNS];
        size_t ncols = solve_columns(side[k], &res[k]->r, cols);
        merge_side(out, cols, ncols, k);
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

void ss_compare_many_free(ss_compare_many *m)
{
    if (!m)
        return;
    free(m->result);
    free(m->value);
    free(m->present);
    memset(m, 0, sizeof *m);
}

/* Moves the intensities s.<id> of every scenario's sanctioners before the
 * other columns (each group in the order first met): s.japan s.g7 s.usa ...
 * c p a q ..., not s.japan s.g7 c p ... s.usa. */
static void strategies_first(ss_compare_many *m)
{
    size_t order[SS_COMPARE_MANY_COLUMNS], n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t q = 0; q < m->ncols; q++)
            if ((strncmp(m->column[q], "s.", 2) == 0) == (pass == 0))
                order[n++] = q;
    char(*names)[sizeof m->column[0]] = malloc(sizeof m->column);
    double v[SS_COMPARE_MANY_COLUMNS];
    unsigned char has[SS_COMPARE_MANY_COLUMNS];
    if (!names)
        return; /* the columns stay in the order met */
    memcpy(names, m->column, sizeof m->column);
    for (size_t q = 0; q < n; q++)
        memcpy(m->column[q], names[order[q]], sizeof m->column[q]);
    free(names);
    for (size_t k = 0; k < m->n; k++) {
        double *row = m->value + k * SS_COMPARE_MANY_COLUMNS;
        unsigned char *in = m->present + k * SS_COMPARE_MANY_COLUMNS;
        for (size_t q = 0; q < n; q++) {
            v[q] = row[order[q]];
            has[q] = in[order[q]];
        }
        memcpy(row, v, n * sizeof *v);
        memcpy(in, has, n);
    }
}

ss_status ss_compare_many_solve(const ss_scenario *const *sc, size_t n, ss_compare_many *out,
                                ss_error *err)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->result = calloc(n, sizeof *out->result);
    out->value = calloc(n * SS_COMPARE_MANY_COLUMNS, sizeof *out->value);
    out->present = calloc(n * SS_COMPARE_MANY_COLUMNS, 1);
    if (!out->result || !out->value || !out->present) {
        ss_compare_many_free(out);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    ss_status st = SS_OK;
    for (size_t k = 0; k < n; k++) {
        ss_error e;
        ss_status s = ss_solve_any(&sc[k]->params, &sc[k]->solver, NULL, &out->result[k], &e);
        if (s == SS_ENOMEM) {
            ss_compare_many_free(out);
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        if (s != SS_OK && st == SS_OK)
            st = ss_error_set(err, s, "%s: %s", sc[k]->path, e.message);
        ss_column cols[SS_COMPARE_MAX_COLUMNS];
        size_t nc = solve_columns(sc[k], &out->result[k].r, cols);
        for (size_t c = 0; c < nc; c++) {
            size_t q = 0; /* the column of that name, added when new */
            while (q < out->ncols && strcmp(out->column[q], cols[c].name) != 0)
                q++;
            if (q == out->ncols) {
                if (q == SS_COMPARE_MANY_COLUMNS) {
                    ss_compare_many_free(out);
                    return ss_error_set(err, SS_EINPUT,
                                        "%s: more distinct quantities than %d: compare fewer "
                                        "scenarios at once",
                                        sc[k]->path, SS_COMPARE_MANY_COLUMNS);
                }
                memcpy(out->column[q], cols[c].name, sizeof out->column[q]); /* same size */
                out->ncols++;
            }
            out->value[k * SS_COMPARE_MANY_COLUMNS + q] = cols[c].value;
            out->present[k * SS_COMPARE_MANY_COLUMNS + q] = 1;
        }
    }
    strategies_first(out);
    return st;
}
