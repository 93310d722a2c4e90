/* The sweep engine: a point of a design into a row of text and warm starts
 * from fixed cells (the file's '#' lines are written by io/sweep_file.c). */
#include "sanctionsim/sweep.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/solver.h"

#include <stdlib.h>
#include <string.h>

/* The cold equilibrium at a cell's anchor. */
typedef struct anchor {
    int ready;
    double values[SS_MAX_VARY];
    ss_result result;
} anchor;

struct ss_sweep {
    const ss_scenario *sc;
    const ss_design *d;
    ss_sweep_opts opts;
    ss_sampler *sampler;
    anchor *anchors; /* d->anchors entries when warm starts are on */
};

ss_sweep *ss_sweep_alloc(const ss_scenario *sc, const ss_design *d, const ss_sweep_opts *o,
                         ss_error *err)
{
    /* every point sets the same keys: if they fit once, they always fit */
    ss_params p = sc->params;
    for (size_t a = 0; a < d->nvary; a++)
        if (ss_key_set(&p, &d->vary[a].ref, ss_key_get(&p, &d->vary[a].ref)) != 0) {
            ss_error_set(err, SS_EINPUT, "--vary '%s': too many beliefs (at most %d)",
                         d->vary[a].key, SS_MAX_BELIEFS);
            return NULL;
        }
    ss_sweep *sw = calloc(1, sizeof *sw);
    if (!sw) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    sw->sc = sc;
    sw->d = d;
    sw->opts = *o;
    if (!(sw->sampler = ss_sampler_alloc(d, err))) {
        free(sw);
        return NULL;
    }
    if (o->warm_starts && !(sw->anchors = calloc(d->anchors, sizeof *sw->anchors))) {
        ss_sweep_free(sw);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    return sw;
}

void ss_sweep_free(ss_sweep *sw)
{
    if (!sw)
        return;
    ss_sampler_free(sw->sampler);
    free(sw->anchors);
    free(sw);
}

const ss_design *ss_sweep_design(const ss_sweep *sw)
{
    return sw->d;
}

const ss_scenario *ss_sweep_scenario(const ss_sweep *sw)
{
    return sw->sc;
}

const ss_sweep_opts *ss_sweep_options(const ss_sweep *sw)
{
    return &sw->opts;
}

void ss_sweep_point_at(ss_sweep *sw, size_t i, ss_sweep_point *pt)
{
    pt->index = i;
    ss_sampler_point(sw->sampler, i, pt->values, &pt->anchor);
}

/* The scenario's parameters at the given values of the varied keys. */
static void params_at(const ss_sweep *sw, const double *values, ss_params *p)
{
    *p = sw->sc->params;
    for (size_t a = 0; a < sw->d->nvary; a++)
        ss_key_set(p, &sw->d->vary[a].ref, values[a]); /* fits: checked by ss_sweep_alloc */
}

int ss_sweep_anchor_needed(const ss_sweep *sw, const ss_sweep_point *pt)
{
    return sw->anchors && !sw->anchors[pt->anchor].ready;
}

void ss_sweep_solve_anchor(ss_sweep *sw, size_t a)
{
    anchor *an = &sw->anchors[a];
    ss_params p;
    ss_error err;
    ss_design_anchor_values(sw->d, a, an->values);
    params_at(sw, an->values, &p);
    ss_solve(&p, &sw->sc->solver, NULL, &an->result, &err);
    an->ready = 1;
}

/* The pure equilibrium of one point: warm from its anchor when that was
 * solved, kept only when converged and certified; otherwise cold.
 * Deterministic in the design: when memory ran out in the point's solve or
 * its anchor's, r->status is SS_ENOMEM (a cold solve instead could give
 * other digits). */
static void solve_pure(const ss_sweep *sw, const ss_sweep_point *pt, const ss_params *p,
                       ss_result *r)
{
    ss_error err;
    if (sw->anchors && sw->anchors[pt->anchor].ready) {
        const anchor *an = &sw->anchors[pt->anchor];
        if (memcmp(an->values, pt->values, sw->d->nvary * sizeof *pt->values) == 0 ||
            an->result.status == SS_ENOMEM) {
            *r = an->result; /* the point is its cell's anchor: already solved cold */
            return;
        }
        if (an->result.status == SS_OK) {
            ss_status st = ss_solve(p, &sw->sc->solver, an->result.s, r, &err);
            if (st == SS_OK || st == SS_ENOMEM)
                return;
        }
    }
    ss_solve(p, &sw->sc->solver, NULL, r, &err);
}

/* The answer at one point: the QRE when the point sets qre.lambda; else its
 * pure equilibrium (solve_pure), or a mixed one where no pure one is
 * certified (ss_answer_of). A mixed answer depends only on the cold pure
 * solve of its point, so it is the same however the sweep is split. */
static void solve_point(const ss_sweep *sw, const ss_sweep_point *pt, ss_mixed_result *m)
{
    ss_params p;
    ss_error err;
    params_at(sw, pt->values, &p);
    if (p.qre_on) {
        ss_qre_solve(&p, &sw->sc->solver, p.qre_lambda, m, &err);
        return;
    }
    ss_result r;
    solve_pure(sw, pt, &p, &r);
    if (r.status == SS_ENOMEM) {
        memset(m, 0, sizeof *m);
        m->r = r;
        return;
    }
    ss_answer_of(&p, &sw->sc->solver, &r, m, &err);
}

ss_status ss_sweep_compute(const ss_sweep *sw, const ss_sweep_point *pt, ss_row *row)
{
    ss_mixed_result *m = malloc(sizeof *m);
    row->index = pt->index;
    row->text = NULL;
    row->len = 0;
    if (!m)
        return SS_ENOMEM;
    solve_point(sw, pt, m);
    if (m->r.status == SS_ENOMEM) { /* not the point's answer: no row, the sweep stops */
        free(m);
        return SS_ENOMEM;
    }
    row->failed = m->r.status != SS_OK;
    row->mixed = m->kind == SS_ANSWER_MIXED && m->r.status == SS_OK;
    char sep = sw->opts.sep;
    FILE *f = open_memstream(&row->text, &row->len);
    if (!f) {
        free(m);
        return SS_ENOMEM;
    }
    fprintf(f, "%zu", pt->index);
    for (size_t a = 0; a < sw->d->nvary; a++) {
        fputc(sep, f);
        ss_write_double(f, pt->values[a]);
    }
    fputc(sep, f);
    ss_answer_row(f, sw->sc, m, sep);
    free(m);
    fputc('\n', f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        free(row->text);
        row->text = NULL;
        return SS_ENOMEM;
    }
    return SS_OK;
}
