/* The sweep engine: a point of a design into a row of text and warm starts
 * from fixed cells (the file's '#' lines are written by io/sweep_file.c). */
#include "sanctionsim/sweep.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/reporter.h"
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
    /* with reporters: sc with the priors of the varied keys left out (a
     * shallow copy that owns only `priors`), the scenario each point runs */
    ss_scenario timeline_sc;
    ss_priors *priors;
};

/* The scenario of a timeline sweep's points: sc without priors on the varied
 * keys, so that a repetition keeps the point's value. */
static ss_status timeline_scenario(ss_sweep *sw, ss_error *err)
{
    sw->timeline_sc = *sw->sc;
    if (!sw->sc->priors)
        return SS_OK;
    if (!(sw->priors = ss_priors_copy(sw->sc->priors)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_priors *ps = sw->priors;
    for (size_t a = 0; a < sw->d->nvary; a++) {
        const ss_prior *pr = ss_priors_find(ps, &sw->d->vary[a].ref);
        if (pr) {
            size_t k = (size_t)(pr - ps->items);
            memmove(&ps->items[k], &ps->items[k + 1], (ps->n - k - 1) * sizeof *ps->items);
            ps->n--;
        }
    }
    sw->timeline_sc.priors = ps;
    return SS_OK;
}

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
    if (o->nreporters && timeline_scenario(sw, err) != SS_OK) {
        ss_sweep_free(sw);
        return NULL;
    }
    if (o->warm_starts && !o->nreporters &&
        !(sw->anchors = calloc(d->anchors, sizeof *sw->anchors))) {
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
    ss_priors_free(sw->priors);
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

/* The row's text: the index, the varied values, then the answer columns of
 * m, or (m NULL) the width reporter values v and the status "ok", or
 * "failed" when failed. SS_ENOMEM when the text could not be made. */
static ss_status row_text(const ss_sweep *sw, const ss_sweep_point *pt, const ss_mixed_result *m,
                          const double *v, size_t width, int failed, ss_row *row)
{
    char sep = sw->opts.sep;
    FILE *f = open_memstream(&row->text, &row->len);
    if (!f)
        return SS_ENOMEM;
    row->failed = failed;
    row->mixed = m && !failed && m->kind == SS_ANSWER_MIXED;
    fprintf(f, "%zu", pt->index);
    for (size_t a = 0; a < sw->d->nvary; a++) {
        fputc(sep, f);
        ss_write_double(f, pt->values[a]);
    }
    fputc(sep, f);
    if (m) {
        ss_answer_row(f, sw->sc, m, sep);
    } else {
        for (size_t k = 0; k < width; k++) {
            ss_write_double(f, v[k]);
            fputc(sep, f);
        }
        fputs(failed ? "failed" : "ok", f);
    }
    fputc('\n', f);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        free(row->text);
        row->text = NULL;
        return SS_ENOMEM;
    }
    return SS_OK;
}

/* A timeline sweep's point: its reporters' values after the varied values. */
static ss_status compute_reporters(const ss_sweep *sw, const ss_sweep_point *pt, ss_row *row)
{
    const ss_sweep_opts *o = &sw->opts;
    size_t width = ss_reporter_width(o->nreporters, o->repetitions);
    double *v = malloc(width * sizeof *v);
    if (!v)
        return SS_ENOMEM;
    ss_scenario sc = sw->timeline_sc;
    ss_error err;
    params_at(sw, pt->values, &sc.params);
    ss_status st = ss_reporters_evaluate(&sc, o->reporters, o->nreporters, o->repetitions,
                                         o->run_seed, v, &err);
    /* out of memory is not the point's answer: no row, the sweep stops */
    ss_status made =
        st == SS_ENOMEM ? SS_ENOMEM : row_text(sw, pt, NULL, v, width, st != SS_OK, row);
    free(v);
    return made;
}

ss_status ss_sweep_compute(const ss_sweep *sw, const ss_sweep_point *pt, ss_row *row)
{
    row->index = pt->index;
    row->text = NULL;
    row->len = 0;
    row->mixed = 0;
    if (sw->opts.nreporters)
        return compute_reporters(sw, pt, row);
    ss_mixed_result *m = malloc(sizeof *m);
    if (!m)
        return SS_ENOMEM;
    solve_point(sw, pt, m);
    ss_status made = m->r.status == SS_ENOMEM /* not the point's answer: no row, the sweep stops */
                         ? SS_ENOMEM
                         : row_text(sw, pt, m, NULL, 0, m->r.status != SS_OK, row);
    free(m);
    return made;
}
