/* Calibration by nonlinear least squares over a timeline (issue 5, part 6). */
#include "sanctionsim/fit.h"

#include "sanctionsim/dynamics.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/timeline.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

ss_fit_data *ss_fit_data_alloc(const ss_scenario *sc)
{
    size_t np = sc->timeline ? ss_timeline_periods(sc->timeline) : 0;
    if (np == 0)
        return NULL;
    ss_fit_data *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->nperiods = np;
    d->n = sc->params.n;
    d->target = calloc(np * d->n, sizeof *d->target);
    d->weight = calloc(np * d->n, sizeof *d->weight);
    if (!d->target || !d->weight) {
        ss_fit_data_free(d);
        return NULL;
    }
    return d;
}

void ss_fit_data_free(ss_fit_data *d)
{
    if (!d)
        return;
    free(d->target);
    free(d->weight);
    free(d);
}

ss_status ss_fit_data_observed(const ss_scenario *sc, ss_fit_data *d, ss_error *err)
{
    ss_series *s = ss_series_alloc(sc);
    if (!s)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_status st = ss_run(sc, NULL, s, err);
    size_t covered = 0;
    for (size_t i = 0; st == SS_OK && i < d->n; i++) {
        int has = ss_observed_covers(sc->timeline, i);
        covered += (size_t)has;
        for (size_t k = 0; k < d->nperiods; k++) {
            d->target[k * d->n + i] = s->observed[k * d->n + i];
            d->weight[k * d->n + i] = has ? 1 : 0;
        }
    }
    ss_series_free(s);
    if (st == SS_OK && covered == 0)
        st = ss_error_set(err, SS_EINPUT, "%s: no sanctioner has observed measures to fit to",
                          sc->path);
    return st;
}

/* A free parameter's map from the unconstrained z to its range. */
typedef struct free_map {
    double lo, hi;
    int kind; /* 0: identity, 1: lo + exp(z), 2: logistic on [lo, hi] */
} free_map;

static free_map map_of(const ss_param_info *info)
{
    free_map m = {info->min, info->max, 2};
    if (info->min <= -1e6 && info->max >= 1e6)
        m.kind = 0;
    else if (info->max >= 1e6)
        m.kind = 1;
    /* an open bound is never reached: exp and the logistic stay inside */
    return m;
}

static double to_value(const free_map *m, double z)
{
    switch (m->kind) {
    case 0:
        return z;
    case 1:
        return m->lo + exp(fmin(z, 13.8)); /* exp(13.8) < 1e6, the sanity bound */
    default:
        return m->lo + (m->hi - m->lo) / (1 + exp(-z));
    }
}

/* d value / d z, for the delta method. */
static double value_slope(const free_map *m, double z)
{
    switch (m->kind) {
    case 0:
        return 1;
    case 1:
        return z < 13.8 ? exp(z) : 0;
    default: {
        double e = 1 / (1 + exp(-z));
        return (m->hi - m->lo) * e * (1 - e);
    }
    }
}

static double to_z(const free_map *m, double x)
{
    /* keep the start strictly inside the range, where the map is invertible */
    double span = m->kind == 2 ? m->hi - m->lo : 1;
    switch (m->kind) {
    case 0:
        return x;
    case 1:
        return log(fmax(x - m->lo, 1e-6));
    default: {
        double u = (x - m->lo) / span;
        u = fmin(fmax(u, 1e-6), 1 - 1e-6);
        return log(u / (1 - u));
    }
    }
}

typedef struct fit_problem {
    ss_scenario *work; /* a copy whose free parameters are set at each trial */
    const ss_keyref *free;
    size_t nfree;
    free_map map[SS_FIT_MAX_FREE];
    const ss_fit_data *data;
    ss_series *series;
    ss_status failure;
    ss_error err;
} fit_problem;

static int residuals(const gsl_vector *z, void *arg, gsl_vector *f)
{
    fit_problem *fp = arg;
    for (size_t j = 0; j < fp->nfree; j++)
        ss_key_set(&fp->work->params, &fp->free[j], to_value(&fp->map[j], gsl_vector_get(z, j)));
    ss_status st = ss_run(fp->work, NULL, fp->series, &fp->err);
    if (st != SS_OK) {
        fp->failure = st;
        return GSL_EDOM;
    }
    const ss_fit_data *d = fp->data;
    size_t r = 0;
    for (size_t k = 0; k < d->nperiods; k++)
        for (size_t i = 0; i < d->n; i++) {
            double w = d->weight[k * d->n + i];
            if (w > 0)
                gsl_vector_set(f, r++,
                               sqrt(w) * (fp->series->result[k].s[i] - d->target[k * d->n + i]));
        }
    return GSL_SUCCESS;
}

static int all_zero(const gsl_matrix *m)
{
    for (size_t i = 0; i < m->size1; i++)
        for (size_t j = 0; j < m->size2; j++)
            if (gsl_matrix_get(m, i, j) != 0)
                return 0;
    return 1;
}

static double rms(const gsl_vector *f)
{
    return f->size ? gsl_blas_dnrm2(f) / sqrt((double)f->size) : 0;
}

ss_status ss_fit(const ss_scenario *sc, const ss_keyref *free, size_t nfree, const ss_fit_data *d,
                 ss_fit_result *r, ss_error *err)
{
    memset(r, 0, sizeof *r);
    if (nfree == 0 || nfree > SS_FIT_MAX_FREE)
        return ss_error_set(err, SS_EINPUT, "between 1 and %d free parameters, not %zu",
                            SS_FIT_MAX_FREE, nfree);
    size_t nres = 0;
    for (size_t k = 0; k < d->nperiods * d->n; k++)
        nres += d->weight[k] > 0;
    if (nres < nfree)
        return ss_error_set(err, SS_EINPUT, "%zu data points cannot determine %zu free parameters",
                            nres, nfree);

    fit_problem fp = {0};
    fp.work = ss_scenario_copy(sc);
    fp.series = ss_series_alloc(sc);
    fp.free = free;
    fp.nfree = nfree;
    fp.data = d;
    gsl_vector *z = gsl_vector_alloc(nfree);
    const gsl_multifit_nlinear_type *type = gsl_multifit_nlinear_trust;
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(type, &params, nres, nfree);
    gsl_matrix *covar = gsl_matrix_alloc(nfree, nfree);
    ss_status st = SS_OK;
    if (!fp.work || !fp.series || !z || !w || !covar) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < nfree; j++) {
        fp.map[j] = map_of(ss_key_info(&free[j]));
        r->initial[j] = ss_key_get(&sc->params, &free[j]);
        gsl_vector_set(z, j, to_z(&fp.map[j], r->initial[j]));
    }
    gsl_multifit_nlinear_fdf fdf = {residuals, NULL, NULL, nres, nfree, &fp, 0, 0, 0};
    if (gsl_multifit_nlinear_init(z, &fdf, w) != GSL_SUCCESS) {
        st = fp.failure ? ss_error_set(err, fp.failure, "%s", fp.err.message)
                        : ss_error_set(err, SS_ENUMERIC, "the fit could not start");
        goto done;
    }
    r->rmse_before = rms(gsl_multifit_nlinear_residual(w));
    r->nfree = nfree;
    r->nresiduals = nres;
    /* With a Jacobian of zeros GSL's first step asks for a rank-0 QR solve,
     * which GSL reports through its error handler (error.h): say so here. */
    if (all_zero(gsl_multifit_nlinear_jac(w))) {
        memcpy(r->estimate, r->initial, sizeof r->estimate);
        r->rmse_after = r->rmse_before;
        st = ss_error_set(err, SS_ENUMERIC,
                          "no free parameter changes the modelled intensities: none can be "
                          "identified");
        goto done;
    }
    int info = 0;
    int gs = gsl_multifit_nlinear_driver(200, 1e-10, 1e-10, 0.0, NULL, NULL, &info, w);
    r->iterations = gsl_multifit_nlinear_niter(w);
    if (fp.failure) {
        st = ss_error_set(err, fp.failure, "a run failed during the fit: %s", fp.err.message);
        goto done;
    }
    r->converged = gs == GSL_SUCCESS;
    /* the driver's last evaluation may be a rejected trial: evaluate the optimum */
    gsl_vector *zbest = gsl_multifit_nlinear_position(w);
    gsl_vector *fbest = gsl_multifit_nlinear_residual(w);
    residuals(zbest, &fp, fbest);
    r->rmse_after = rms(fbest);
    gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, covar);
    double dof = nres > nfree ? (double)(nres - nfree) : 1.0;
    double s2 = gsl_blas_dnrm2(fbest) * gsl_blas_dnrm2(fbest) / dof;
    for (size_t j = 0; j < nfree; j++) {
        double zj = gsl_vector_get(zbest, j), v = gsl_matrix_get(covar, j, j);
        r->estimate[j] = to_value(&fp.map[j], zj);
        r->identified[j] = isfinite(v) && v > 0;
        r->std_error[j] = r->identified[j] ? fabs(value_slope(&fp.map[j], zj)) * sqrt(s2 * v) : 0;
    }
    if (!r->converged)
        st = ss_error_set(err, SS_ENUMERIC, "the fit did not converge in 200 iterations (%s)",
                          gsl_strerror(gs));
done:
    gsl_matrix_free(covar);
    if (w)
        gsl_multifit_nlinear_free(w);
    if (z)
        gsl_vector_free(z);
    ss_series_free(fp.series);
    ss_scenario_free(fp.work);
    return st;
}
