/* Calibration by nonlinear least squares over a timeline (issue 5, part 6). */
#include "sanctionsim/fit.h"

#include "sanctionsim/date.h"
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

ss_fit_data *ss_fit_data_copy(const ss_fit_data *d)
{
    ss_fit_data *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->nperiods = d->nperiods;
    c->n = d->n;
    c->target = malloc(d->nperiods * d->n * sizeof *c->target);
    c->weight = malloc(d->nperiods * d->n * sizeof *c->weight);
    if (!c->target || !c->weight) {
        ss_fit_data_free(c);
        return NULL;
    }
    memcpy(c->target, d->target, d->nperiods * d->n * sizeof *c->target);
    memcpy(c->weight, d->weight, d->nperiods * d->n * sizeof *c->weight);
    return c;
}

size_t ss_fit_period_at(const ss_scenario *sc, const char *date, int *bad)
{
    size_t np = sc->timeline ? ss_timeline_periods(sc->timeline) : 0;
    ss_date at;
    if (ss_date_parse(date, 1, &at) != 0) {
        if (bad)
            *bad = 1;
        return np;
    }
    for (size_t k = 0; k < np; k++) {
        ss_date start;
        ss_timeline_period_start(sc->timeline, k, &start);
        if (ss_date_cmp(&start, &at) >= 0)
            return k;
    }
    return np;
}

void ss_fit_data_holdout(ss_fit_data *d, size_t first)
{
    for (size_t k = first; k < d->nperiods; k++)
        for (size_t i = 0; i < d->n; i++)
            d->weight[k * d->n + i] = 0;
}

void ss_fit_forecast_score(const ss_fit_data *d, const double *model, size_t first,
                           ss_fit_forecast *rows)
{
    for (size_t i = 0; i < d->n; i++) {
        ss_fit_forecast *r = &rows[i];
        memset(r, 0, sizeof *r);
        for (size_t k = 0; k < first && k < d->nperiods; k++)
            if (d->weight[k * d->n + i] > 0) {
                r->has_persistence = 1;
                r->persistence = d->target[k * d->n + i];
            }
        double wsum = 0, model2 = 0, pers2 = 0;
        for (size_t k = first; k < d->nperiods; k++) {
            double w = d->weight[k * d->n + i], y = d->target[k * d->n + i];
            if (w <= 0)
                continue;
            r->npoints++;
            wsum += w;
            model2 += w * (model[k * d->n + i] - y) * (model[k * d->n + i] - y);
            pers2 += w * (r->persistence - y) * (r->persistence - y);
        }
        if (wsum > 0) {
            r->rmse_model = sqrt(model2 / wsum);
            r->rmse_persistence = sqrt(pers2 / wsum);
        }
    }
}

ss_status ss_fit_model_series(const ss_scenario *sc, const ss_keyref *free, size_t nfree,
                              const double *values, double *model, ss_error *err)
{
    ss_scenario *work = ss_scenario_copy(sc);
    ss_series *s = ss_series_alloc(sc);
    ss_status st = SS_OK;
    if (!work || !s)
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t j = 0; st == SS_OK && j < nfree; j++)
        ss_key_set(&work->params, &free[j], values[j]);
    if (st == SS_OK)
        st = ss_run(work, NULL, s, err);
    for (size_t k = 0; st == SS_OK && k < s->nperiods; k++)
        for (size_t i = 0; i < s->n; i++)
            model[k * s->n + i] = s->result[k].s[i];
    ss_series_free(s);
    ss_scenario_free(work);
    return st;
}

/* ss_fit_hac given ainv = (J^T J)^-1 (nfree * nfree). */
static ss_status hac_given_inverse(size_t nres, size_t nfree, const double *jac, const double *f,
                                   const size_t *period, size_t lags, const double *ainv,
                                   double *cov, ss_error *err)
{
    size_t nper = nres ? period[nres - 1] + 1 : 0;
    double *g = calloc(nper * nfree + 1, sizeof *g);
    double *m = calloc(nfree * nfree, sizeof *m);
    if (!g || !m) {
        free(g);
        free(m);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    /* the score of each period: J_r^T f_r summed over its residuals */
    for (size_t r = 0; r < nres; r++)
        for (size_t a = 0; a < nfree; a++)
            g[period[r] * nfree + a] += jac[r * nfree + a] * f[r];
    /* S = sum_l w_l (Gamma_l + Gamma_l^T), Gamma_0 once */
    for (size_t k = 0; k < nper; k++)
        for (size_t l = 0; l <= lags && l <= k; l++) {
            double wl = 1.0 - (double)l / (double)(lags + 1);
            for (size_t a = 0; a < nfree; a++)
                for (size_t b = 0; b < nfree; b++) {
                    double x = g[k * nfree + a] * g[(k - l) * nfree + b];
                    m[a * nfree + b] += wl * x;
                    if (l > 0)
                        m[b * nfree + a] += wl * x;
                }
        }
    double scale = nres > nfree ? (double)nres / (double)(nres - nfree) : 1.0;
    /* cov = scale * ainv S ainv */
    for (size_t a = 0; a < nfree; a++)
        for (size_t b = 0; b < nfree; b++) {
            double sum = 0;
            for (size_t c = 0; c < nfree; c++)
                for (size_t e = 0; e < nfree; e++)
                    sum += ainv[a * nfree + c] * m[c * nfree + e] * ainv[e * nfree + b];
            cov[a * nfree + b] = scale * sum;
        }
    free(g);
    free(m);
    return SS_OK;
}

/* Inverts the symmetric n x n matrix a (row-major, destroyed) into inv by
 * Gauss-Jordan elimination with partial pivoting, without GSL (whose error
 * handler the library leaves alone, error.h). Returns -1 when a pivot is
 * below 1e-12 of the largest diagonal entry: singular for our purposes. */
static int invert(size_t n, double *a, double *inv)
{
    double scale = 0;
    for (size_t i = 0; i < n; i++)
        scale = fmax(scale, fabs(a[i * n + i]));
    if (!(scale > 0))
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            inv[i * n + j] = i == j;
    for (size_t c = 0; c < n; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < n; r++)
            if (fabs(a[r * n + c]) > fabs(a[piv * n + c]))
                piv = r;
        if (!(fabs(a[piv * n + c]) > 1e-12 * scale))
            return -1;
        for (size_t j = 0; piv != c && j < n; j++) {
            double t = a[c * n + j];
            a[c * n + j] = a[piv * n + j];
            a[piv * n + j] = t;
            t = inv[c * n + j];
            inv[c * n + j] = inv[piv * n + j];
            inv[piv * n + j] = t;
        }
        double d = a[c * n + c];
        for (size_t j = 0; j < n; j++) {
            a[c * n + j] /= d;
            inv[c * n + j] /= d;
        }
        for (size_t r = 0; r < n; r++) {
            double f = a[r * n + c];
            if (r == c || f == 0)
                continue;
            for (size_t j = 0; j < n; j++) {
                a[r * n + j] -= f * a[c * n + j];
                inv[r * n + j] -= f * inv[c * n + j];
            }
        }
    }
    return 0;
}

ss_status ss_fit_hac(size_t nres, size_t nfree, const double *jac, const double *f,
                     const size_t *period, size_t lags, double *cov, ss_error *err)
{
    if (nfree == 0 || nfree > SS_FIT_MAX_FREE || nres < nfree)
        return ss_error_set(err, SS_EINPUT, "%zu residuals cannot determine %zu parameters", nres,
                            nfree);
    for (size_t r = 1; r < nres; r++)
        if (period[r] < period[r - 1])
            return ss_error_set(err, SS_EINPUT, "the residuals' periods must not decrease");
    double a[SS_FIT_MAX_FREE * SS_FIT_MAX_FREE] = {0}, inv[SS_FIT_MAX_FREE * SS_FIT_MAX_FREE];
    for (size_t r = 0; r < nres; r++)
        for (size_t i = 0; i < nfree; i++)
            for (size_t j = 0; j < nfree; j++)
                a[i * nfree + j] += jac[r * nfree + i] * jac[r * nfree + j];
    if (invert(nfree, a, inv) != 0)
        return ss_error_set(err, SS_ENUMERIC, "J^T J is singular: a parameter is not identified");
    return hac_given_inverse(nres, nfree, jac, f, period, lags, inv, cov, err);
}

ss_fit_opts ss_fit_opts_default(void)
{
    ss_fit_opts o = {SS_FIT_LAGS_AUTO, 0};
    return o;
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

/* The gradient J^T f of the cost 0.5 |f|^2 is below 1e-6 of the cost in
 * every component (the z scale is O(1)): a stationary point. */
static int stationary(const gsl_matrix *j, const gsl_vector *f)
{
    double cost = 0.5 * gsl_blas_dnrm2(f) * gsl_blas_dnrm2(f), gmax = 0;
    for (size_t c = 0; c < j->size2; c++) {
        double g = 0;
        for (size_t r = 0; r < j->size1; r++)
            g += gsl_matrix_get(j, r, c) * gsl_vector_get(f, r);
        gmax = fmax(gmax, fabs(g));
    }
    return gmax <= 1e-6 * fmax(cost, 1e-300);
}

static double rms(const gsl_vector *f)
{
    return f->size ? gsl_blas_dnrm2(f) / sqrt((double)f->size) : 0;
}

/* The lag window: the given one, or floor(1.3 sqrt(T)) for the T periods with
 * data (at most T - 1). */
static size_t lag_window(const ss_fit_data *d, size_t lags)
{
    size_t t = 0;
    for (size_t k = 0; k < d->nperiods; k++) {
        int any = 0;
        for (size_t i = 0; i < d->n; i++)
            any |= d->weight[k * d->n + i] > 0;
        t += (size_t)any;
    }
    if (lags == SS_FIT_LAGS_AUTO)
        lags = (size_t)floor(1.3 * sqrt((double)t));
    return t > 0 && lags > t - 1 ? t - 1 : lags;
}

/* Every key over every weighted residual of d. */
static ss_status fit_pooled(const ss_scenario *sc, const ss_keyref *fk, size_t nfree,
                            const ss_fit_data *d, size_t lags, ss_fit_result *r, ss_error *err)
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
    fp.free = fk;
    fp.nfree = nfree;
    fp.data = d;
    gsl_vector *z = gsl_vector_alloc(nfree);
    const gsl_multifit_nlinear_type *type = gsl_multifit_nlinear_trust;
    gsl_multifit_nlinear_parameters params = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(type, &params, nres, nfree);
    gsl_matrix *covar = gsl_matrix_alloc(nfree, nfree);
    double *jac = malloc(nres * nfree * sizeof *jac), *hac = malloc(nfree * nfree * sizeof *hac);
    size_t *period = malloc(nres * sizeof *period);
    ss_status st = SS_OK;
    if (!fp.work || !fp.series || !z || !w || !covar || !jac || !hac || !period) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t j = 0; j < nfree; j++) {
        fp.map[j] = map_of(ss_key_info(&fk[j]));
        r->initial[j] = ss_key_get(&sc->params, &fk[j]);
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
    int info = 0, gs = GSL_SUCCESS;
    /* a start where nothing is left to explain is the optimum: GSL's tests
     * would see no progress to make and report that as a failure */
    if (r->rmse_before > 0)
        gs = gsl_multifit_nlinear_driver(200, 1e-10, 1e-10, 0.0, NULL, NULL, &info, w);
    r->iterations = gsl_multifit_nlinear_niter(w);
    if (fp.failure) {
        st = ss_error_set(err, fp.failure, "a run failed during the fit: %s", fp.err.message);
        goto done;
    }
    r->converged = gs == GSL_SUCCESS;
    /* GSL's driver reports a first step that finds no lower cost as
     * GSL_EMAXITER with info GSL_ENOPROG: from the optimum itself there is
     * nowhere lower to go. Converged, when the gradient says so. */
    if (gs == GSL_EMAXITER && info == GSL_ENOPROG)
        r->converged = stationary(gsl_multifit_nlinear_jac(w), gsl_multifit_nlinear_residual(w));
    /* the driver's last evaluation may be a rejected trial: evaluate the optimum */
    gsl_vector *zbest = gsl_multifit_nlinear_position(w);
    gsl_vector *fbest = gsl_multifit_nlinear_residual(w);
    residuals(zbest, &fp, fbest);
    r->rmse_after = rms(fbest);
    gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, covar);
    double dof = nres > nfree ? (double)(nres - nfree) : 1.0;
    double s2 = gsl_blas_dnrm2(fbest) * gsl_blas_dnrm2(fbest) / dof;
    /* Newey-West: each residual's period, the Jacobian at the optimum */
    gsl_matrix *jm = gsl_multifit_nlinear_jac(w);
    size_t row = 0;
    for (size_t k = 0; k < d->nperiods; k++)
        for (size_t i = 0; i < d->n; i++)
            if (d->weight[k * d->n + i] > 0)
                period[row++] = k;
    for (size_t q = 0; q < nres; q++)
        for (size_t j = 0; j < nfree; j++)
            jac[q * nfree + j] = gsl_matrix_get(jm, q, j);
    r->hac_lags = lag_window(d, lags);
    st = hac_given_inverse(nres, nfree, jac, fbest->data, period, r->hac_lags, covar->data, hac,
                           err);
    if (st != SS_OK)
        goto done;
    for (size_t j = 0; j < nfree; j++) {
        double zj = gsl_vector_get(zbest, j), v = gsl_matrix_get(covar, j, j);
        double vh = hac[j * nfree + j], slope = fabs(value_slope(&fp.map[j], zj));
        r->estimate[j] = to_value(&fp.map[j], zj);
        r->identified[j] = isfinite(v) && v > 0;
        r->std_error_iid[j] = r->identified[j] ? slope * sqrt(s2 * v) : 0;
        r->std_error[j] = r->identified[j] && isfinite(vh) && vh > 0 ? slope * sqrt(vh) : 0;
    }
    if (!r->converged)
        st = ss_error_set(err, SS_ENUMERIC, "the fit did not converge in 200 iterations (%s)",
                          gsl_strerror(gs));
done:
    free(jac);
    free(hac);
    free(period);
    gsl_matrix_free(covar);
    if (w)
        gsl_multifit_nlinear_free(w);
    if (z)
        gsl_vector_free(z);
    ss_series_free(fp.series);
    ss_scenario_free(fp.work);
    return st;
}

/* The sanctioner a key belongs to (its own parameter or one of its beliefs);
 * -1 for the target's and the patron's own parameters. */
static long owner_of(const ss_keyref *k)
{
    if (k->part == SS_PART_SANCTIONER || k->belief)
        return (long)k->index;
    return -1;
}

/* The root mean square of the weighted residuals of d for the model series m. */
static double rmse_of(const ss_fit_data *d, const double *m)
{
    double sum = 0;
    size_t n = 0;
    for (size_t q = 0; q < d->nperiods * d->n; q++)
        if (d->weight[q] > 0) {
            sum += d->weight[q] * (m[q] - d->target[q]) * (m[q] - d->target[q]);
            n++;
        }
    return n ? sqrt(sum / (double)n) : 0;
}

/* Each sanctioner's keys on its own series. */
static ss_status fit_separately(const ss_scenario *sc, const ss_keyref *fk, size_t nfree,
                                const ss_fit_data *d, size_t lags, ss_fit_result *r, ss_error *err)
{
    for (size_t j = 0; j < nfree; j++) {
        r->initial[j] = ss_key_get(&sc->params, &fk[j]);
        if (owner_of(&fk[j]) < 0) {
            char name[128];
            ss_key_name(sc, &fk[j], name, sizeof name);
            return ss_error_set(err, SS_EINPUT,
                                "'%s' belongs to no sanctioner: a per-sanctioner fit fits each "
                                "sanctioner's own parameters and beliefs",
                                name);
        }
    }
    r->nfree = nfree;
    ss_status st = SS_OK, numeric = SS_OK;
    ss_error numeric_err;
    ss_error_clear(&numeric_err);
    ss_fit_data *own = ss_fit_data_copy(d);
    double *m = malloc(d->nperiods * d->n * sizeof *m);
    if (!own || !m)
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
    r->converged = 1;
    for (size_t i = 0; st == SS_OK && i < d->n; i++) {
        ss_keyref keys[SS_FIT_MAX_FREE];
        size_t at[SS_FIT_MAX_FREE], nk = 0;
        for (size_t j = 0; j < nfree; j++)
            if (owner_of(&fk[j]) == (long)i) {
                keys[nk] = fk[j];
                at[nk++] = j;
            }
        if (nk == 0)
            continue;
        for (size_t k = 0; k < d->nperiods; k++)
            for (size_t q = 0; q < d->n; q++)
                own->weight[k * d->n + q] = q == i ? d->weight[k * d->n + q] : 0;
        ss_fit_result one;
        ss_error e1;
        ss_status s1 = fit_pooled(sc, keys, nk, own, lags, &one, &e1);
        if (s1 == SS_EINPUT)
            s1 = ss_error_set(err, SS_EINPUT, "%s: %s", sc->sanctioner[i].id, e1.message);
        else if (s1 != SS_OK && s1 != SS_ENUMERIC)
            s1 = ss_error_set(err, s1, "%s", e1.message);
        if (s1 != SS_OK && s1 != SS_ENUMERIC) {
            st = s1;
            break;
        }
        if (s1 == SS_ENUMERIC && numeric == SS_OK) {
            numeric = s1;
            ss_error_set(&numeric_err, s1, "%s: %s", sc->sanctioner[i].id, e1.message);
        }
        r->converged &= one.converged;
        r->iterations += one.iterations;
        r->nresiduals += one.nresiduals;
        r->hac_lags = one.hac_lags;
        for (size_t t = 0; t < nk; t++) {
            size_t j = at[t];
            r->estimate[j] = one.estimate[t];
            r->std_error[j] = one.std_error[t];
            r->std_error_iid[j] = one.std_error_iid[t];
            r->identified[j] = one.identified[t];
        }
    }
    if (st == SS_OK)
        st = ss_fit_model_series(sc, fk, nfree, r->initial, m, err);
    if (st == SS_OK) {
        r->rmse_before = rmse_of(d, m);
        st = ss_fit_model_series(sc, fk, nfree, r->estimate, m, err);
    }
    if (st == SS_OK)
        r->rmse_after = rmse_of(d, m);
    if (st == SS_OK && numeric != SS_OK) {
        st = numeric;
        if (err)
            *err = numeric_err;
    }
    free(m);
    ss_fit_data_free(own);
    return st;
}

ss_status ss_fit_with(const ss_scenario *sc, const ss_keyref *free, size_t nfree,
                      const ss_fit_data *d, const ss_fit_opts *opts, ss_fit_result *r,
                      ss_error *err)
{
    memset(r, 0, sizeof *r);
    if (nfree == 0 || nfree > SS_FIT_MAX_FREE)
        return ss_error_set(err, SS_EINPUT, "between 1 and %d free parameters, not %zu",
                            SS_FIT_MAX_FREE, nfree);
    return opts->per_sanctioner ? fit_separately(sc, free, nfree, d, opts->hac_lags, r, err)
                                : fit_pooled(sc, free, nfree, d, opts->hac_lags, r, err);
}

ss_status ss_fit(const ss_scenario *sc, const ss_keyref *free, size_t nfree, const ss_fit_data *d,
                 ss_fit_result *r, ss_error *err)
{
    ss_fit_opts o = ss_fit_opts_default();
    return ss_fit_with(sc, free, nfree, d, &o, r, err);
}
