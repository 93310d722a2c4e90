/* The explanation's writers: a table for a class, TSV/CSV rows, JSON. */
#include "sanctionsim/explain_report.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/report.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

/* ---- table ---- */

/* v as the table shows it to 6 decimals: without the sign of a rounding
 * error (-1e-17, -0) that would read as a direction. */
static double shown(double v)
{
    return fabs(v) < 5e-7 ? 0.0 : v;
}

const char *const ss_term_title[SS_NTERMS] = {
    "norm enforcement",      "economic cost",          "alliance pressure", "territorial progress",
    "isolation risk (axis)", "patron's assertiveness", "domestic value",
};

static void table_point_header(FILE *out, const ss_scenario *sc, const char *first)
{
    fprintf(out, "%-32s %9s %9s", first, "from", "to");
    for (size_t j = 0; j < sc->params.n; j++)
        fprintf(out, " %11.11s", sc->sanctioner[j].id);
    fprintf(out, " %9s %8s %8s %8s %8s %10s\n", "change", "c", "p", "a", "q", "realized");
}

static void table_value(FILE *out, double v)
{
    if (isnan(v))
        fprintf(out, " %9s", "");
    else
        fprintf(out, " %9.4g", v);
}

static void table_point(FILE *out, const ss_scenario *sc, const ss_explain_point *pt,
                        const char *label)
{
    fprintf(out, "%-32s", label);
    table_value(out, pt->from);
    table_value(out, pt->to);
    for (size_t j = 0; j < pt->n; j++)
        fprintf(out, " %11.6f", pt->s[j]);
    fprintf(out, " %+9.6f %8.4f %8.4f %8.4f %8.4f %10.6f", shown(pt->change), pt->c, pt->p, pt->a,
            pt->q, pt->payoff_realized);
    if (pt->status != SS_OK)
        fprintf(out, "  (%s)", pt->converged ? "NOT CERTIFIED" : "NOT CONVERGED");
    else if (pt->kind != SS_ANSWER_PURE)
        fprintf(out, "  (%s)", pt->kind == SS_ANSWER_MIXED ? "mixed" : "QRE");
    fputc('\n', out);
    (void)sc;
}

static void write_table(FILE *out, const ss_scenario *sc, const ss_explanation *ex)
{
    const char *id = sc->sanctioner[ex->agent].id;
    const ss_explain_point *b = &ex->base;
    fprintf(out, "why %s sanctions at %.6f: %s (%s), mode %s\n", id, b->s[ex->agent], sc->name,
            sc->path, ss_mode_name(ex->mode));
    if (b->status != SS_OK)
        fprintf(out, "WARNING: the equilibrium is %s (max_regret %.3g)\n",
                b->converged ? "not certified" : "not converged", b->max_regret);
    const ss_mixed_result *ans = &ex->answer;
    if (b->status == SS_OK && b->kind != SS_ANSWER_PURE) {
        fprintf(out,
                "The answer is a %s (max_regret %.3g): no pure equilibrium is certified here.\n"
                "Intensities, followers and payoffs below are expected values. The support:\n",
                b->kind == SS_ANSWER_MIXED ? "MIXED EQUILIBRIUM, certified"
                                           : "logit QRE, not an equilibrium",
                b->max_regret);
        for (size_t i = 0; i < b->n; i++) {
            fprintf(out, "  %-11s", sc->sanctioner[i].id);
            for (size_t j = 0; j < ans->k[i]; j++)
                fprintf(out, "%s%.6f (p %.4f)", j ? ", " : " ", ans->support_s[i][j],
                        ans->support_p[i][j]);
            fputc('\n', out);
        }
        fprintf(out, "Section 1 decomposes the payoff at the pure candidate, which is not an "
                     "equilibrium:");
        for (size_t i = 0; i < b->n; i++)
            fprintf(out, " %s %.6f", sc->sanctioner[i].id, ex->terms_at[i]);
        fputc('\n', out);
    }

    fprintf(out, "\n1. %s's payoff at %s, term by term (MODEL.md section 4)\n", id,
            b->kind == SS_ANSWER_PURE ? "the equilibrium" : "the pure candidate");
    fprintf(out, "%-24s %-28s %10s %10s %10s %10s\n", "term", "formula", "perceived", "realized",
            "d/ds perc", "d/ds real");
    for (int k = 0; k < SS_NTERMS; k++)
        fprintf(out, "%-24s %-28s %10.6f %10.6f %10.6f %10.6f\n", ss_term_title[k],
                ss_term_formula[k], shown(ex->perceived.value[k]), shown(ex->realized.value[k]),
                shown(ex->perceived.marginal[k]), shown(ex->realized.marginal[k]));
    fprintf(out, "%-24s %-28s %10.6f %10.6f %10.6f %10.6f\n", "total", "U", ex->perceived.payoff,
            ex->realized.payoff, shown(ex->perceived.slope), shown(ex->realized.slope));

    fprintf(out, "\n2. The equilibrium with one of %s's channels switched off (set to 0)\n", id);
    table_point_header(out, sc, "channel");
    table_point(out, sc, b, "(none: the equilibrium)");
    for (size_t k = 0; k < ex->nchannels; k++)
        table_point(out, sc, &ex->channel[k], ex->channel[k].label);

    fprintf(out, "\n3. The equilibrium with %s's beliefs corrected (set to the truth)\n", id);
    if (!ex->has_beliefs) {
        fprintf(out, "%s holds no beliefs: it sees the followers as they are.\n", id);
    } else {
        table_point_header(out, sc, "belief");
        table_point(out, sc, b, "(none: the equilibrium)");
        for (size_t k = 0; k < ex->nbeliefs; k++)
            table_point(out, sc, &ex->belief[k], ex->belief[k].label);
        for (size_t k = 0; k < ex->ngroups; k++) {
            char label[SS_EXPLAIN_LABEL + 16];
            snprintf(label, sizeof label, "%s beliefs together", ex->group[k].label);
            table_point(out, sc, &ex->group[k], label);
        }
    }

    const ss_misperception *m = &ex->misperception;
    fprintf(out, "\n4. The cost of misperception (MODEL.md section 7)\n");
    fprintf(out,
            "%s's realized payoff with its beliefs %.6f (s = %.6f), with true beliefs %.6f "
            "(s = %.6f): cost %.6f\n",
            id, m->realized_stated, m->s_stated, m->realized_true, m->s_true, m->cost);
}

/* ---- TSV / CSV ---- */

static void row(FILE *out, char sep, const char *section, const char *item, const char *quantity,
                double v)
{
    /* + 0.0: a term such as -(iota a p) at a p = 0 is -0, which reads as a sign */
    fprintf(out, "%s%c%s%c%s%c", section, sep, item, sep, quantity, sep);
    ss_write_double(out, v + 0.0);
    fputc('\n', out);
}

static void rows_point(FILE *out, char sep, const ss_scenario *sc, const char *section,
                       const ss_explain_point *pt, const char *item)
{
    row(out, sep, section, item, "from", pt->from);
    row(out, sep, section, item, "to", pt->to);
    for (size_t j = 0; j < pt->n; j++) {
        char q[SS_ID_MAX + 3];
        snprintf(q, sizeof q, "s.%s", sc->sanctioner[j].id);
        row(out, sep, section, item, q, pt->s[j]);
    }
    row(out, sep, section, item, "c", pt->c);
    row(out, sep, section, item, "p", pt->p);
    row(out, sep, section, item, "a", pt->a);
    row(out, sep, section, item, "q", pt->q);
    row(out, sep, section, item, "change", pt->change);
    row(out, sep, section, item, "payoff_perceived", pt->payoff_perceived);
    row(out, sep, section, item, "payoff_realized", pt->payoff_realized);
    row(out, sep, section, item, "max_regret", pt->max_regret);
    row(out, sep, section, item, "ok", pt->status == SS_OK);
    row(out, sep, section, item, "mixed", pt->kind == SS_ANSWER_MIXED);
}

static void write_rows(FILE *out, char sep, const ss_scenario *sc, const ss_explanation *ex)
{
    fprintf(out, "section%citem%cquantity%cvalue\n", sep, sep, sep);
    rows_point(out, sep, sc, "equilibrium", &ex->base, "-");
    const ss_mixed_result *ans = &ex->answer;
    for (size_t i = 0; ans->kind != SS_ANSWER_PURE && i < ex->base.n; i++)
        for (size_t j = 0; j < ans->k[i]; j++) {
            char q[32];
            snprintf(q, sizeof q, "s%zu", j + 1);
            row(out, sep, "support", sc->sanctioner[i].id, q, ans->support_s[i][j]);
            snprintf(q, sizeof q, "p%zu", j + 1);
            row(out, sep, "support", sc->sanctioner[i].id, q, ans->support_p[i][j]);
        }
    for (size_t i = 0; i < ex->base.n; i++) {
        char q[SS_ID_MAX + 3];
        snprintf(q, sizeof q, "s.%s", sc->sanctioner[i].id);
        row(out, sep, "terms_at", "-", q, ex->terms_at[i]);
    }
    for (int k = 0; k < SS_NTERMS; k++) {
        row(out, sep, "term", ss_term_key[k], "value_perceived", ex->perceived.value[k]);
        row(out, sep, "term", ss_term_key[k], "value_realized", ex->realized.value[k]);
        row(out, sep, "term", ss_term_key[k], "marginal_perceived", ex->perceived.marginal[k]);
        row(out, sep, "term", ss_term_key[k], "marginal_realized", ex->realized.marginal[k]);
    }
    row(out, sep, "term", "total", "value_perceived", ex->perceived.payoff);
    row(out, sep, "term", "total", "value_realized", ex->realized.payoff);
    row(out, sep, "term", "total", "marginal_perceived", ex->perceived.slope);
    row(out, sep, "term", "total", "marginal_realized", ex->realized.slope);
    for (size_t k = 0; k < ex->nchannels; k++)
        rows_point(out, sep, sc, "channel_off", &ex->channel[k], ex->channel[k].label);
    for (size_t k = 0; k < ex->nbeliefs; k++)
        rows_point(out, sep, sc, "belief_corrected", &ex->belief[k], ex->belief[k].label);
    for (size_t k = 0; k < ex->ngroups; k++)
        rows_point(out, sep, sc, "beliefs_corrected", &ex->group[k], ex->group[k].label);
    const ss_misperception *m = &ex->misperception;
    const char *id = sc->sanctioner[ex->agent].id;
    row(out, sep, "misperception", id, "realized_stated", m->realized_stated);
    row(out, sep, "misperception", id, "realized_true", m->realized_true);
    row(out, sep, "misperception", id, "s_stated", m->s_stated);
    row(out, sep, "misperception", id, "s_true", m->s_true);
    row(out, sep, "misperception", id, "cost", m->cost);
}

/* ---- JSON ---- */

static json_t *point_json(const ss_scenario *sc, const ss_explain_point *pt, const char *key)
{
    json_t *s = json_object();
    for (size_t j = 0; s && j < pt->n; j++)
        if (json_object_set_new(s, sc->sanctioner[j].id, json_real(pt->s[j])) != 0) {
            json_decref(s);
            s = NULL;
        }
    if (!s)
        return NULL;
    json_t *j =
        json_pack("{s:o, s:o, s:o, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:b, s:f}", "from",
                  ss_json_number(pt->from), "to", ss_json_number(pt->to), "s", s, "c", pt->c, "p",
                  pt->p, "a", pt->a, "q", pt->q, "change", pt->change, "payoff_perceived",
                  pt->payoff_perceived, "payoff_realized", pt->payoff_realized, "converged",
                  pt->converged, "certified", pt->certified, "max_regret", pt->max_regret);
    static const char *const kind[] = {"pure", "mixed", "qre"};
    if (j && json_object_set_new(j, "kind", json_string(kind[pt->kind])) != 0) {
        json_decref(j);
        j = NULL;
    }
    if (j && key && json_object_set_new(j, key, json_string(pt->label)) != 0) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* {"<id>": s} of the profile the terms are at, and of a mixed answer the
 * support {"<id>": [{"s", "p"}...]} (an empty object for a pure one). */
static int set_answer_json(json_t *j, const ss_scenario *sc, const ss_explanation *ex)
{
    json_t *at = json_object(), *sup = json_object();
    int bad = !at || !sup;
    for (size_t i = 0; !bad && i < ex->base.n; i++) {
        bad = json_object_set_new(at, sc->sanctioner[i].id, json_real(ex->terms_at[i])) != 0;
        if (!bad && ex->answer.kind != SS_ANSWER_PURE)
            bad = json_object_set_new(sup, sc->sanctioner[i].id,
                                      ss_answer_support_json(&ex->answer, i)) != 0;
    }
    if (bad) {
        json_decref(at);
        json_decref(sup);
        return -1;
    }
    return json_object_set_new(j, "terms_at", at) != 0 ||
                   json_object_set_new(j, "support", sup) != 0
               ? -1
               : 0;
}

static json_t *points_json(const ss_scenario *sc, const ss_explain_point *pts, size_t n,
                           const char *key)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; k++)
        if (json_array_append_new(a, point_json(sc, &pts[k], key)) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

static json_t *terms_json(const ss_explanation *ex)
{
    json_t *a = json_array();
    for (int k = 0; a && k < SS_NTERMS; k++)
        if (json_array_append_new(
                a, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f}", "term", ss_term_key[k], "formula",
                             ss_term_formula[k], "value_perceived", ex->perceived.value[k],
                             "value_realized", ex->realized.value[k], "marginal_perceived",
                             ex->perceived.marginal[k], "marginal_realized",
                             ex->realized.marginal[k])) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

static json_t *explain_json(const ss_scenario *sc, const ss_explanation *ex, const ss_provenance *p)
{
    const ss_misperception *m = &ex->misperception;
    static const ss_provenance none = {NULL, NULL, 0};
    json_t *j = json_object();
    if (!j || json_object_set_new(j, "provenance", ss_provenance_json(&sc, 1, p ? p : &none)) != 0)
        goto fail;
    json_t *rest =
        json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:{s:f, s:f, s:f, s:f}, s:o, s:o, s:o, "
                  "s:{s:f, s:f, s:f, s:f, s:f}}",
                  "scenario", sc->name, "path", sc->path, "mode", ss_mode_name(ex->mode), "agent",
                  sc->sanctioner[ex->agent].id, "equilibrium", point_json(sc, &ex->base, NULL),
                  "terms", terms_json(ex), "total", "value_perceived", ex->perceived.payoff,
                  "value_realized", ex->realized.payoff, "marginal_perceived", ex->perceived.slope,
                  "marginal_realized", ex->realized.slope, "channels_off",
                  points_json(sc, ex->channel, ex->nchannels, "parameter"), "beliefs_corrected",
                  points_json(sc, ex->belief, ex->nbeliefs, "belief"), "belief_groups_corrected",
                  points_json(sc, ex->group, ex->ngroups, "group"), "misperception",
                  "realized_stated", m->realized_stated, "realized_true", m->realized_true,
                  "s_stated", m->s_stated, "s_true", m->s_true, "cost", m->cost);
    if (!rest || json_object_update(j, rest) != 0) {
        json_decref(rest);
        goto fail;
    }
    json_decref(rest);
    if (set_answer_json(j, sc, ex) != 0)
        goto fail;
    return j;
fail:
    json_decref(j);
    return NULL;
}

ss_status ss_explain_report(FILE *out, const ss_scenario *sc, const ss_explanation *ex,
                            ss_format fmt, const ss_provenance *p)
{
    static const ss_provenance none = {NULL, NULL, 0};
    if (fmt == SS_FORMAT_JSON)
        return ss_json_write_new(out, explain_json(sc, ex, p));
    if (ss_provenance_write(out, "explain", &sc, 1, p ? p : &none) != SS_OK)
        return SS_EIO;
    if (fmt == SS_FORMAT_TABLE)
        write_table(out, sc, ex);
    else
        write_rows(out, fmt == SS_FORMAT_CSV ? ',' : '\t', sc, ex);
    return ferror(out) ? SS_EIO : SS_OK;
}
