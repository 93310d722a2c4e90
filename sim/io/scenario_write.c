/* Writing scenario files: libconfig text the loader reads back as meant. */
#include "sanctionsim/scenario_write.h"

#include "sanctionsim/numbers.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/timeline.h"

#include <math.h>

#include <stdio.h>
#include <string.h>

void ss_scenario_put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = *p == '\\'   ? "\\\\"
                          : *p == '"'  ? "\\\""
                          : *p == '\n' ? "\\n"
                          : *p == '\r' ? "\\r"
                          : *p == '\t' ? "\\t"
                          : *p == '\f' ? "\\f"
                                       : NULL;
        if (esc)
            fputs(esc, out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void ss_scenario_fitted_name(const char *name, char *buf, size_t len)
{
    static const char suffix[] = " (fitted)";
    size_t n = strlen(name), s = sizeof suffix - 1;
    if (n >= s && strcmp(name + n - s, suffix) == 0) {
        snprintf(buf, len, "%s", name);
        return;
    }
    if (n + s >= len) {
        n = len - 1 - s;
        while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
            n--; /* not inside a UTF-8 sequence */
    }
    snprintf(buf, len, "%.*s%s", (int)n, name, suffix);
}

ss_status ss_scenario_write_fitted(FILE *out, const ss_scenario *sc, const ss_provenance *prov,
                                   const char *mode, const char *const *keys,
                                   const ss_fit_result *r)
{
    const char *slash = strrchr(sc->path, '/');
    char name[SS_NAME_MAX];
    ss_scenario_fitted_name(sc->name, name, sizeof name);
    ss_provenance_write(out, "fit", &sc, 1, prov); /* libconfig reads '#' lines as comments */
    fprintf(out, "# fit: rmse %.6g -> %.6g after %zu iterations\n", r->rmse_before, r->rmse_after,
            r->iterations);
    fputs("base = ", out);
    ss_scenario_put_string(out, slash ? slash + 1 : sc->path);
    fputs(";\nname = ", out);
    ss_scenario_put_string(out, name);
    fputs(";\n", out);
    if (mode) {
        fputs("mode = ", out);
        ss_scenario_put_string(out, mode);
        fputs(";\n", out);
    }
    fputs("set = [\n", out);
    for (size_t j = 0; prov && j < prov->nsets; j++) {
        fputs("  ", out);
        ss_scenario_put_string(out, prov->sets[j]);
        fputs(",  # --set\n", out);
    }
    for (size_t j = 0; j < r->nfree; j++) {
        char assignment[256], value[SS_NUMBER_MAX];
        ss_format_double(r->estimate[j], value, sizeof value);
        snprintf(assignment, sizeof assignment, "%s = %s", keys[j], value);
        fputs("  ", out);
        ss_scenario_put_string(out, assignment);
        fputs(j + 1 < r->nfree ? "," : "", out);
        if (r->identified[j])
            fprintf(out, "  # std. error %.3g\n", r->std_error[j]);
        else
            fputs("  # std. error: not identified\n", out);
    }
    fputs("];\n", out);
    return fflush(out) != 0 || ferror(out) ? SS_EIO : SS_OK;
}

/* A number as libconfig reads it back exactly: the shortest round-trip text,
 * with ".0" when it would otherwise read as an integer. */
static void put_number(FILE *out, double v)
{
    char buf[40];
    ss_format_double(v, buf, sizeof buf);
    fputs(buf, out);
    if (!strpbrk(buf, ".eEni"))
        fputs(".0", out);
}

/* `KEY = VALUE;` for every entry of a part's table, from block `index` of p
 * (the truth; for reciprocity see put_reciprocity). */
static void put_params(FILE *out, const ss_params *p, ss_part part, size_t index,
                       const char *indent)
{
    for (size_t f = 0; ss_param_get(part, f); f++) {
        fprintf(out, "%s%s = ", indent, ss_param_get(part, f)->key);
        put_number(out, ss_param_value(p, part, index, f));
        fputs(";\n", out);
    }
}

/* The beliefs sanctioner i holds about `part` (target with its reciprocity,
 * or patron), as a group; nothing when it holds none. */
static void put_beliefs_about(FILE *out, const ss_scenario *sc, size_t i, int target)
{
    int open = 0;
    for (size_t k = 0; k < sc->params.nbeliefs; k++) {
        const ss_belief *b = &sc->params.belief[k];
        int about_target = b->part == SS_PART_TARGET || b->part == SS_PART_RECIPROCITY;
        if (b->holder != i || about_target != target || b->part == SS_PART_RECIPROCITY)
            continue;
        if (!open++)
            fprintf(out, "      %s = {\n", target ? "target" : "patron");
        fprintf(out, "        %s = ", ss_param_get(b->part, b->field)->key);
        put_number(out, b->value);
        fputs(";\n", out);
    }
    int recip = 0;
    for (size_t k = 0; target && k < sc->params.nbeliefs; k++) {
        const ss_belief *b = &sc->params.belief[k];
        if (b->holder != i || b->part != SS_PART_RECIPROCITY)
            continue;
        if (!open++)
            fputs("      target = {\n", out);
        if (!recip++)
            fputs("        reciprocity = {", out);
        fprintf(out, " %s = ", sc->sanctioner[b->index2].id);
        put_number(out, b->value);
        fputs(";", out);
    }
    if (recip)
        fputs(" };\n", out);
    if (open)
        fputs("      };\n", out);
}

/* A date as "YYYY-MM-DD", or "YYYY-MM" when month_only or without a day. */
static void put_date(FILE *out, const ss_date *d, int month_only)
{
    if (d->day > 0 && !month_only)
        fprintf(out, "\"%04d-%02d-%02d\"", d->year, d->month, d->day);
    else
        fprintf(out, "\"%04d-%02d\"", d->year, d->month);
}

/* `priors = (...)`: each prior with its support as min and max (the range
 * already cut), which reads back to the same support. */
static void put_priors(FILE *out, const ss_priors *ps)
{
    static const char *const shape[4][2] = {
        {NULL, NULL}, {"mean", "sd"}, {"alpha", "beta"}, {"meanlog", "sdlog"}};
    fputs("priors = (\n", out);
    for (size_t k = 0; k < ps->n; k++) {
        const ss_prior *p = &ps->items[k];
        fputs("  { key = ", out);
        ss_scenario_put_string(out, p->key);
        fprintf(out, "; dist = \"%s\";", ss_dist_name(p->dist));
        for (int q = 0; q < 2 && shape[p->dist][0]; q++) {
            fprintf(out, " %s = ", shape[p->dist][q]);
            put_number(out, q ? p->p2 : p->p1);
            fputs(";", out);
        }
        fputs(" min = ", out);
        put_number(out, p->lo);
        fputs("; max = ", out);
        put_number(out, p->hi);
        fputs(k + 1 < ps->n ? "; },\n" : "; }\n", out);
    }
    fputs(");\n", out);
}

/* A per-sanctioner number as a group { ID = v; }, skipping those equal to
 * `none`; nothing when all are. */
static void put_per_sanctioner(FILE *out, const ss_scenario *sc, const char *key, const double *v,
                               double none)
{
    int open = 0;
    for (size_t i = 0; i < sc->params.n; i++) {
        if (v[i] == none)
            continue;
        if (!open++)
            fprintf(out, "  %s = {", key);
        fprintf(out, " %s = ", sc->sanctioner[i].id);
        put_number(out, v[i]);
        fputs(";", out);
    }
    if (open)
        fputs(" };\n", out);
}

static void put_timeline(FILE *out, const ss_scenario *sc, const ss_timeline *t)
{
    fputs("timeline = {\n  start = ", out);
    put_date(out, &t->start, 1);
    fputs(";\n  end = ", out);
    put_date(out, &t->end, 1);
    fprintf(out, ";\n  step = \"%s\";\n  order = [",
            t->step == SS_STEP_QUARTER ? "quarter" : "month");
    for (size_t o = 0; o < t->norder; o++)
        fprintf(out, "%s \"%s\"", o ? "," : "", sc->sanctioner[t->order[o]].id);
    fputs(" ];\n", out);
    put_per_sanctioner(out, sc, "ratchet", t->ratchet, INFINITY);
    put_per_sanctioner(out, sc, "initial", t->initial, 0);
    if (t->nevents) {
        fputs("  events = (\n", out);
        for (size_t k = 0; k < t->nevents; k++) {
            const ss_event *e = &t->events[k];
            fputs("    { date = ", out);
            put_date(out, &e->date, 0);
            fputs("; label = ", out);
            ss_scenario_put_string(out, e->label);
            fputs("; source = ", out);
            ss_scenario_put_string(out, e->source);
            fputs(";", out);
            if (e->nchanges) {
                fputs(" set = [", out);
                for (size_t j = 0; j < e->nchanges; j++) {
                    char v[40], assignment[200];
                    ss_format_double(e->changes[j].value, v, sizeof v);
                    snprintf(assignment, sizeof assignment, "%s = %s", e->changes[j].key, v);
                    fputs(j ? ", " : " ", out);
                    ss_scenario_put_string(out, assignment);
                }
                fputs(" ];", out);
            }
            fputs(k + 1 < t->nevents ? " },\n" : " }\n", out);
        }
        fputs("  );\n", out);
    }
    if (t->nshocks) {
        fputs("  shocks = (\n", out);
        for (size_t k = 0; k < t->nshocks; k++) {
            fputs("    { key = ", out);
            ss_scenario_put_string(out, t->shocks[k].key);
            fputs("; dist = \"normal\"; sd = ", out);
            put_number(out, t->shocks[k].sd);
            fputs(k + 1 < t->nshocks ? "; },\n" : "; }\n", out);
        }
        fputs("  );\n", out);
    }
    fputs("};\n", out);
}

static void put_observed(FILE *out, const ss_scenario *sc, const ss_timeline *t)
{
    fputs("observed = {\n  weights = {", out);
    for (size_t k = 0; k < SS_NMEASURE_TYPES; k++) {
        fprintf(out, " %s = ", ss_measure_type_names[k]);
        put_number(out, t->weights[k]);
        fputs(";", out);
    }
    fputs(" };\n  measures = (\n", out);
    for (size_t k = 0; k < t->nmeasures; k++) {
        const ss_measure *m = &t->measures[k];
        fprintf(out, "    { sanctioner = \"%s\"; type = \"%s\"; start = ",
                sc->sanctioner[m->sanctioner].id, ss_measure_type_names[m->type]);
        put_date(out, &m->start, 0);
        if (m->has_end) {
            fputs("; end = ", out);
            put_date(out, &m->end, 0);
        }
        fputs("; scope = ", out);
        put_number(out, m->scope);
        fputs("; source = ", out);
        ss_scenario_put_string(out, m->source);
        if (m->instrument[0]) {
            fputs("; instrument = ", out);
            ss_scenario_put_string(out, m->instrument);
        }
        fputs(k + 1 < t->nmeasures ? "; },\n" : "; }\n", out);
    }
    fputs("  );\n};\n", out);
}

static void put_agent_head(FILE *out, const ss_agent_names *a, const char *role)
{
    fprintf(out, "  { id = \"%s\"; role = \"%s\"; name = ", a->id, role);
    ss_scenario_put_string(out, a->name);
    fputs(";\n", out);
}

ss_status ss_scenario_write_cfg(FILE *out, const ss_scenario *sc, const ss_provenance *prov)
{
    const ss_params *p = &sc->params;
    ss_provenance_write(out, "show", &sc, 1, prov); /* '#' lines: comments to libconfig */
    fputs("name = ", out);
    ss_scenario_put_string(out, sc->name);
    fputs(";\nmode = ", out);
    ss_scenario_put_string(out, ss_mode_name(sc->solver.mode));
    fputs(";\nsolver = {\n", out);
    for (size_t k = 0; k < ss_solver_nsettings; k++) {
        const ss_solver_setting *set = &ss_solver_settings[k];
        double v = ss_solver_setting_get(&sc->solver, set);
        fprintf(out, "  %s = ", set->key);
        if (set->integer)
            fprintf(out, "%.0f", v);
        else
            put_number(out, v);
        fputs(";\n", out);
    }
    fputs("};\nagents = (\n", out);
    for (size_t i = 0; i < p->n; i++) {
        put_agent_head(out, &sc->sanctioner[i], "sanctioner");
        put_params(out, p, SS_PART_SANCTIONER, i, "    ");
        if (ss_params_has_beliefs(p, i)) {
            fputs("    beliefs = {\n", out);
            put_beliefs_about(out, sc, i, 1);
            put_beliefs_about(out, sc, i, 0);
            fputs("    };\n", out);
        }
        fputs("  },\n", out);
    }
    put_agent_head(out, &sc->target, "target");
    put_params(out, p, SS_PART_TARGET, 0, "    ");
    fputs("    reciprocity = {", out);
    for (size_t i = 0; i < p->n; i++) {
        fprintf(out, " %s = ", sc->sanctioner[i].id);
        put_number(out, p->truth.target.reciprocity[i]);
        fputs(";", out);
    }
    fputs(" };\n  }", out);
    if (p->has_patron) {
        fputs(",\n", out);
        put_agent_head(out, &sc->patron, "patron");
        put_params(out, p, SS_PART_PATRON, 0, "    ");
        fputs("  }", out);
    }
    fputs("\n);\n", out);
    if (sc->priors && sc->priors->n)
        put_priors(out, sc->priors);
    if (sc->timeline && sc->timeline->has_periods)
        put_timeline(out, sc, sc->timeline);
    if (sc->timeline && sc->timeline->has_observed)
        put_observed(out, sc, sc->timeline);
    return fflush(out) != 0 || ferror(out) ? SS_EIO : SS_OK;
}
