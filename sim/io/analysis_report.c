/* `analyze`'s outputs: table, TSV/CSV, JSON and the bar chart's data. */
#include "sanctionsim/analysis_report.h"

#include "sanctionsim/columns.h"
#include "text.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

static const char *method_of(const ss_analysis *a)
{
    return a->sobol ? "sobol" : "morris";
}

static const char *units_of(const ss_analysis *a)
{
    return a->sobol ? "blocks" : "trajectories";
}

/* ---- table ---- */

static size_t key_width(const ss_analysis *a)
{
    size_t w = 12;
    for (size_t j = 0; j < a->design->k; j++)
        if (strlen(a->keys[j]) > w)
            w = strlen(a->keys[j]);
    return w;
}

static void table_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, " %9.4f", v);
    else
        fprintf(out, " %9s", "-");
}

/* A heading, then a row per key of four columns. */
static void table_rows(FILE *out, const ss_analysis *a, int w, const char *const *heads,
                       const double *const *cols)
{
    fprintf(out, "%-*s %9s %9s %9s %9s\n", w, "key", heads[0], heads[1], heads[2], heads[3]);
    for (size_t j = 0; j < a->design->k; j++) {
        fprintf(out, "%-*s", w, a->keys[j]);
        for (int c = 0; c < 4; c++)
            table_number(out, cols[c][j]);
        fputc('\n', out);
    }
}

static void write_table(FILE *out, const ss_analysis *a)
{
    int w = (int)key_width(a), kw = 2 * w + 3;
    size_t k = a->design->k;
    for (size_t o = 0; o < a->noutputs; o++) {
        if (o)
            fputc('\n', out);
        fprintf(out, "%s: %s %s of %s (%zu %s", a->file,
                a->sobol ? "Sobol indices" : "Morris elementary effects",
                a->sobol ? "(Saltelli 2010 S1, Jansen ST)" : "(mu, mu*, sigma)", a->outputs[o],
                a->used, units_of(a));
        if (a->dropped)
            fprintf(out, ", %zu dropped", a->dropped);
        fprintf(out, "; conf: %g%% bootstrap half-width, %zu resamples, seed %lu)\n",
                100 * a->boot.level, a->boot.resamples, a->boot.seed);
        if (a->sobol) {
            const ss_sobol *r = &a->sobol[o];
            static const char *const heads[] = {"S1", "S1_conf", "ST", "ST_conf"};
            const double *const cols[] = {r->S1, r->S1_conf, r->ST, r->ST_conf};
            table_rows(out, a, w, heads, cols);
            if (a->second_order && r->S2 && k > 1) {
                fprintf(out, "%-*s %9s %9s\n", kw, "pair", "S2", "S2_conf");
                for (size_t j = 0; j < k; j++)
                    for (size_t l = j + 1; l < k; l++) {
                        fprintf(out, "%s x %-*s", a->keys[j], kw - 3 - (int)strlen(a->keys[j]),
                                a->keys[l]);
                        table_number(out, r->S2[j * k + l]);
                        table_number(out, r->S2_conf[j * k + l]);
                        fputc('\n', out);
                    }
            }
        } else {
            const ss_morris *r = &a->morris[o];
            static const char *const heads[] = {"mu", "mu_star", "sigma", "mu*_conf"};
            const double *const cols[] = {r->mu, r->mu_star, r->sigma, r->mu_star_conf};
            table_rows(out, a, w, heads, cols);
        }
    }
}

/* ---- TSV / CSV ---- */

static void put_field(FILE *out, char sep, double v)
{
    fputc(sep, out);
    ss_write_double(out, v);
}

static void write_delimited(FILE *out, const ss_analysis *a, char sep, const ss_provenance *p)
{
    size_t k = a->design->k;
    int s2 = a->sobol && a->second_order;
    ss_provenance_write(out, "analyze", NULL, 0, p);
    fprintf(out, "# method: %s\n# file: ", method_of(a));
    ss_text_put(out, a->file, ' ');
    fprintf(out, "\n# %s: %zu\n# dropped: %zu\n# resamples: %zu\n# seed: %lu\n# level: %g\n",
            units_of(a), a->used, a->dropped, a->boot.resamples, a->boot.seed, a->boot.level);
    fprintf(out, "output%ckey", sep);
    if (s2)
        fprintf(out, "%ckey2", sep);
    if (a->sobol)
        fprintf(out, "%cS1%cS1_conf%cST%cST_conf", sep, sep, sep, sep);
    else
        fprintf(out, "%cmu%cmu_star%csigma%cmu_star_conf", sep, sep, sep, sep);
    if (s2)
        fprintf(out, "%cS2%cS2_conf", sep, sep);
    fputc('\n', out);
    for (size_t o = 0; o < a->noutputs; o++) {
        for (size_t j = 0; j < k; j++) {
            fprintf(out, "%s%c%s", a->outputs[o], sep, a->keys[j]);
            if (s2)
                fputc(sep, out);
            if (a->sobol) {
                const ss_sobol *r = &a->sobol[o];
                put_field(out, sep, r->S1[j]);
                put_field(out, sep, r->S1_conf[j]);
                put_field(out, sep, r->ST[j]);
                put_field(out, sep, r->ST_conf[j]);
                if (s2)
                    fprintf(out, "%c%c", sep, sep);
            } else {
                const ss_morris *r = &a->morris[o];
                put_field(out, sep, r->mu[j]);
                put_field(out, sep, r->mu_star[j]);
                put_field(out, sep, r->sigma[j]);
                put_field(out, sep, r->mu_star_conf[j]);
            }
            fputc('\n', out);
        }
        for (size_t j = 0; s2 && j < k; j++)
            for (size_t l = j + 1; l < k; l++) {
                fprintf(out, "%s%c%s%c%s%c%c%c%c", a->outputs[o], sep, a->keys[j], sep, a->keys[l],
                        sep, sep, sep, sep);
                put_field(out, sep, a->sobol[o].S2[j * k + l]);
                put_field(out, sep, a->sobol[o].S2_conf[j * k + l]);
                fputc('\n', out);
            }
    }
}

/* ---- JSON ---- */

static json_t *output_json(const ss_analysis *a, size_t o)
{
    size_t k = a->design->k;
    json_t *keys = json_array(), *j = json_object();
    for (size_t q = 0; q < k; q++) {
        json_t *e;
        if (a->sobol) {
            const ss_sobol *r = &a->sobol[o];
            e = json_pack("{s:s, s:o, s:o, s:o, s:o}", "key", a->keys[q], "S1",
                          ss_json_number(r->S1[q]), "S1_conf", ss_json_number(r->S1_conf[q]), "ST",
                          ss_json_number(r->ST[q]), "ST_conf", ss_json_number(r->ST_conf[q]));
        } else {
            const ss_morris *r = &a->morris[o];
            e = json_pack("{s:s, s:o, s:o, s:o, s:o}", "key", a->keys[q], "mu",
                          ss_json_number(r->mu[q]), "mu_star", ss_json_number(r->mu_star[q]),
                          "sigma", ss_json_number(r->sigma[q]), "mu_star_conf",
                          ss_json_number(r->mu_star_conf[q]));
        }
        json_array_append_new(keys, e);
    }
    json_object_set_new(j, "column", json_string(a->outputs[o]));
    if (a->sobol)
        json_object_set_new(j, "variance", ss_json_number(a->sobol[o].variance));
    json_object_set_new(j, "keys", keys);
    if (a->sobol && a->second_order && a->sobol[o].S2) {
        json_t *pairs = json_array();
        for (size_t q = 0; q < k; q++)
            for (size_t l = q + 1; l < k; l++)
                json_array_append_new(
                    pairs, json_pack("{s:[s,s], s:o, s:o}", "keys", a->keys[q], a->keys[l], "S2",
                                     ss_json_number(a->sobol[o].S2[q * k + l]), "S2_conf",
                                     ss_json_number(a->sobol[o].S2_conf[q * k + l])));
        json_object_set_new(j, "S2", pairs);
    }
    return j;
}

static json_t *analysis_json(const ss_analysis *a, const ss_provenance *p)
{
    const ss_design_info *d = a->design;
    json_t *outs = json_array();
    for (size_t o = 0; o < a->noutputs; o++)
        json_array_append_new(outs, output_json(a, o));
    json_t *design = json_pack("{s:s, s:I, s:I, s:I}", "kind", ss_design_kind_name(d->kind),
                               "points", (json_int_t)d->points, "keys", (json_int_t)d->k,
                               a->sobol ? "samples" : "trajectories", (json_int_t)d->samples);
    if (design && a->sobol)
        json_object_set_new(design, "second_order", json_boolean(d->second_order));
    if (design && a->morris)
        json_object_set_new(design, "levels", json_integer((json_int_t)d->levels));
    return json_pack("{s:o, s:s, s:s, s:o, s:{s:I, s:I, s:f}, s:I, s:I, s:o}", "provenance",
                     ss_provenance_json(NULL, 0, p), "method", method_of(a), "file", a->file,
                     "design", design, "bootstrap", "resamples", (json_int_t)a->boot.resamples,
                     "seed", (json_int_t)a->boot.seed, "level", a->boot.level, "used",
                     (json_int_t)a->used, "dropped", (json_int_t)a->dropped, "outputs", outs);
}

ss_status ss_analysis_write(FILE *out, const ss_analysis *a, ss_format fmt, const ss_provenance *p)
{
    switch (fmt) {
    case SS_FORMAT_JSON:
        return ss_json_write_new(out, analysis_json(a, p));
    case SS_FORMAT_TSV:
    case SS_FORMAT_CSV:
        write_delimited(out, a, fmt == SS_FORMAT_TSV ? '\t' : ',', p);
        break;
    case SS_FORMAT_TABLE:
    default:
        write_table(out, a);
        break;
    }
    return ferror(out) ? SS_EIO : SS_OK;
}

static void plot_number(FILE *out, double v)
{
    fputc('\t', out);
    ss_write_double(out, isfinite(v) ? v : 0);
}

ss_status ss_analysis_plot_data(FILE *out, const ss_analysis *a, size_t o)
{
    fprintf(out,
            a->sobol ? "key\tS1\tS1_conf\tST\tST_conf\n" : "key\tmu_star\tmu_star_conf\tsigma\n");
    for (size_t j = 0; j < a->design->k; j++) {
        ss_text_put(out, a->keys[j], ' ');
        if (a->sobol) {
            plot_number(out, a->sobol[o].S1[j]);
            plot_number(out, a->sobol[o].S1_conf[j]);
            plot_number(out, a->sobol[o].ST[j]);
            plot_number(out, a->sobol[o].ST_conf[j]);
        } else {
            plot_number(out, a->morris[o].mu_star[j]);
            plot_number(out, a->morris[o].mu_star_conf[j]);
            plot_number(out, a->morris[o].sigma[j]);
        }
        fputc('\n', out);
    }
    return ferror(out) ? SS_EIO : SS_OK;
}
