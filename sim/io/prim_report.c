/* `discover`'s outputs: the PRIM trajectory and the chosen box. */
#include "sanctionsim/prim_report.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/provenance.h"
#include "text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *chosen_by(const ss_prim_result *r, const ss_prim_opts *o)
{
    return r->by_threshold ? "threshold" : (o->box >= 0 ? "box" : "densest");
}

/* ---- table --------------------------------------------------------------- */

static void write_table(FILE *out, const ss_prim_result *r, const ss_prim_report_info *in)
{
    fprintf(out, "PRIM on %s: %zu points, %zu where %s (%.1f%%)\n", in->input, r->n, r->hits,
            in->where, r->n ? 100.0 * (double)r->hits / (double)r->n : 0.0);
    if (in->dropped)
        fprintf(out, "(%zu of the file's %zu rows dropped: no certified equilibrium)\n",
                in->dropped, in->rows);
    fprintf(out, "\npeeling trajectory (alpha %g, down to mass %g):\n", in->opts->alpha,
            in->opts->mass_min);
    fprintf(out, "%5s %9s %9s %9s %11s\n", "box", "coverage", "density", "mass", "restricted");
    for (size_t t = 0; t < r->ntraj; t++) {
        const ss_prim_box *b = &r->traj[t];
        fprintf(out, "%5zu %9.4f %9.4f %9.4f %11zu%s\n", t, b->coverage, b->density, b->mass,
                b->restricted, t == r->chosen ? "   <- chosen" : "");
    }
    const ss_prim_box *b = &r->pasted;
    if (r->by_threshold)
        fprintf(out, "\nchosen: box %zu, the first with density >= %g", r->chosen,
                in->opts->threshold);
    else if (in->opts->box >= 0)
        fprintf(out, "\nchosen: box %zu (--box)", r->chosen);
    else
        fprintf(out, "\nchosen: box %zu, the densest (none reached density %g)", r->chosen,
                in->opts->threshold);
    fprintf(out, "; after %zu paste%s:\n", r->pastes, r->pastes == 1 ? "" : "s");
    size_t width = 3;
    for (size_t j = 0; j < r->k; j++)
        width = strlen(in->keys[j]) > width ? strlen(in->keys[j]) : width;
    fprintf(out, "  %-*s %12s %12s\n", (int)width, "key", "lo", "hi");
    for (size_t j = 0; j < r->k; j++) {
        int how = ss_prim_restricts(r, b, j);
        fprintf(out, "  %-*s %12.6g %12.6g%s\n", (int)width, in->keys[j], b->lo[j], b->hi[j],
                how == 3   ? "   restricted both ways"
                : how == 1 ? "   restricted from below"
                : how == 2 ? "   restricted from above"
                           : "   (its whole range)");
    }
    fprintf(out,
            "  %zu points in the box, %zu where the condition holds:\n"
            "  density %.4f (the share of the box's points where it holds), coverage %.4f (the "
            "share\n  of the points where it holds that are in the box), mass %.4f\n",
            b->count, b->hits, b->density, b->coverage, b->mass);
}

/* ---- TSV ----------------------------------------------------------------- */

static void tsv_box(FILE *out, const ss_prim_result *r, const ss_prim_box *b, size_t index,
                    const char *phase, char sep)
{
    fprintf(out, "%zu%c%s", index, sep, phase);
    double shares[] = {b->coverage, b->density, b->mass};
    for (size_t s = 0; s < 3; s++) {
        fputc(sep, out);
        ss_write_double(out, shares[s]);
    }
    fprintf(out, "%c%zu%c%zu%c%zu", sep, b->count, sep, b->hits, sep, b->restricted);
    for (size_t j = 0; j < r->k; j++) {
        fputc(sep, out);
        ss_write_double(out, b->lo[j]);
        fputc(sep, out);
        ss_write_double(out, b->hi[j]);
    }
    fputc('\n', out);
}

static ss_status write_tsv(FILE *out, const ss_prim_result *r, const ss_prim_report_info *in,
                           char sep)
{
    ss_status st = ss_provenance_write(out, "discover", NULL, 0, &in->prov);
    if (st)
        return st;
    fputs("# input: ", out);
    ss_text_put(out, in->input, '?');
    fputs("\n# where: ", out);
    ss_text_put(out, in->where, '?');
    fprintf(out,
            "\n# points: %zu\n# hits: %zu\n# dropped: %zu\n# alpha: %g\n# paste_alpha: %g\n"
            "# mass_min: %g\n# chosen: %zu by %s\n",
            r->n, r->hits, in->dropped, in->opts->alpha, in->opts->paste_alpha, in->opts->mass_min,
            r->chosen, chosen_by(r, in->opts));
    fprintf(out, "box%cphase%ccoverage%cdensity%cmass%ccount%chits%crestricted", sep, sep, sep, sep,
            sep, sep, sep);
    for (size_t j = 0; j < r->k; j++) {
        fputc(sep, out);
        ss_text_put(out, in->keys[j], '?');
        fputs(".lo", out);
        fputc(sep, out);
        ss_text_put(out, in->keys[j], '?');
        fputs(".hi", out);
    }
    fputc('\n', out);
    for (size_t t = 0; t < r->ntraj; t++)
        tsv_box(out, r, &r->traj[t], t, "peel", sep);
    tsv_box(out, r, &r->pasted, r->chosen, "pasted", sep);
    return ferror(out) ? SS_EIO : SS_OK;
}

/* ---- JSON ---------------------------------------------------------------- */

/* Sets key to value (stolen) in o; counts a failure in *bad. */
static void put(json_t *o, const char *key, json_t *value, int *bad)
{
    if (!o || !value || json_object_set_new(o, key, value) != 0)
        *bad = 1;
}

static json_t *box_json(const ss_prim_result *r, const ss_prim_box *b, const char *const *keys,
                        int *bad)
{
    json_t *o = json_object(), *bounds = json_object();
    put(o, "coverage", json_real(b->coverage), bad);
    put(o, "density", json_real(b->density), bad);
    put(o, "mass", json_real(b->mass), bad);
    put(o, "count", json_integer((json_int_t)b->count), bad);
    put(o, "hits", json_integer((json_int_t)b->hits), bad);
    put(o, "restricted", json_integer((json_int_t)b->restricted), bad);
    for (size_t j = 0; j < r->k; j++) {
        json_t *kb = json_object();
        put(kb, "lo", json_real(b->lo[j]), bad);
        put(kb, "hi", json_real(b->hi[j]), bad);
        put(kb, "restricted", json_boolean(ss_prim_restricts(r, b, j) != 0), bad);
        char *key = strdup(keys[j]);
        if (key)
            ss_text_clean(key, '?');
        put(bounds, key ? key : "", kb, bad);
        free(key);
    }
    put(o, "bounds", bounds, bad);
    return o;
}

static json_t *report_json(const ss_prim_result *r, const ss_prim_report_info *in)
{
    int bad = 0;
    json_t *o = json_object();
    put(o, "provenance", ss_provenance_json(NULL, 0, &in->prov), &bad);
    put(o, "input", ss_json_clean_string(in->input), &bad);
    put(o, "where", ss_json_clean_string(in->where), &bad);
    put(o, "points", json_integer((json_int_t)r->n), &bad);
    put(o, "hits", json_integer((json_int_t)r->hits), &bad);
    put(o, "dropped", json_integer((json_int_t)in->dropped), &bad);
    json_t *opts = json_object();
    put(opts, "alpha", json_real(in->opts->alpha), &bad);
    put(opts, "paste_alpha", json_real(in->opts->paste_alpha), &bad);
    put(opts, "mass_min", json_real(in->opts->mass_min), &bad);
    put(opts, "threshold", json_real(in->opts->threshold), &bad);
    put(o, "options", opts, &bad);
    json_t *keys = json_array();
    for (size_t j = 0; j < r->k; j++)
        if (!keys || json_array_append_new(keys, ss_json_clean_string(in->keys[j])) != 0)
            bad = 1;
    put(o, "inputs", keys, &bad);
    json_t *traj = json_array();
    for (size_t t = 0; t < r->ntraj; t++) {
        json_t *b = box_json(r, &r->traj[t], in->keys, &bad);
        put(b, "box", json_integer((json_int_t)t), &bad);
        if (!traj || json_array_append_new(traj, b) != 0)
            bad = 1;
    }
    put(o, "trajectory", traj, &bad);
    json_t *chosen = box_json(r, &r->pasted, in->keys, &bad);
    put(chosen, "box", json_integer((json_int_t)r->chosen), &bad);
    put(chosen, "by", json_string(chosen_by(r, in->opts)), &bad);
    put(chosen, "pastes", json_integer((json_int_t)r->pastes), &bad);
    put(o, "chosen", chosen, &bad);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

ss_status ss_prim_report(FILE *out, const ss_prim_result *r, const ss_prim_report_info *info,
                         ss_format fmt)
{
    switch (fmt) {
    case SS_FORMAT_JSON:
        return ss_json_write_new(out, report_json(r, info));
    case SS_FORMAT_TSV:
    case SS_FORMAT_CSV:
        return write_tsv(out, r, info, fmt == SS_FORMAT_CSV ? ',' : '\t');
    case SS_FORMAT_TABLE:
        break;
    }
    write_table(out, r, info);
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_prim_plot_trajectory(FILE *out, const ss_prim_result *r)
{
    fputs("box\tcoverage\tdensity\tchosen\n", out);
    for (size_t t = 0; t < r->ntraj; t++)
        fprintf(out, "%zu\t%.17g\t%.17g\t%d\n", t, r->traj[t].coverage, r->traj[t].density,
                t == r->chosen);
    fprintf(out, "%zu\t%.17g\t%.17g\t2\n", r->chosen, r->pasted.coverage, r->pasted.density);
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_prim_plot_points(FILE *out, const double *x, const unsigned char *y, size_t n,
                              size_t k, size_t a, size_t b)
{
    fputs("x\ty\thit\n", out);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%.17g\t%.17g\t%d\n", x[i * k + a], x[i * k + b], y[i] != 0);
    return ferror(out) ? SS_EIO : SS_OK;
}
