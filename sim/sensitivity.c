/* Sobol indices (Saltelli/Jansen estimators) and Morris elementary effects,
 * with bootstrap confidence half-widths. */
#include "sanctionsim/sensitivity.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static ss_status check_bootstrap(const ss_bootstrap *b, ss_error *err)
{
    if (b->resamples < 2)
        return ss_error_set(err, SS_EINPUT, "--resamples: at least 2 bootstrap resamples");
    if (!(b->level > 0 && b->level < 1))
        return ss_error_set(err, SS_EINPUT, "the confidence level must be in (0, 1)");
    return SS_OK;
}

/* z times the standard deviation (n - 1) of the n values x[0], x[stride], ... */
static double half_width(const double *x, size_t n, size_t stride, double z)
{
    double mean = 0, ss = 0;
    for (size_t r = 0; r < n; r++)
        mean += x[r * stride];
    mean /= (double)n;
    for (size_t r = 0; r < n; r++) {
        double d = x[r * stride] - mean;
        ss += d * d;
    }
    return z * sqrt(ss / (double)(n - 1));
}

/* ---- Sobol ---------------------------------------------------------------- */

/* The estimates from the blocks idx[0..n) (with repeats in a resample):
 * s1[k], st[k] and, when s2 is set, s2[k*k]. Returns the variance. */
static double sobol_estimate(const double *y, const size_t *idx, size_t n, size_t k, size_t per,
                             int second_order, double *s1, double *st, double *s2)
{
    double mean = 0, var = 0;
    for (size_t m = 0; m < n; m++) {
        const double *row = y + idx[m] * per;
        mean += row[0] + row[per - 1];
    }
    mean /= (double)(2 * n);
    for (size_t m = 0; m < n; m++) {
        const double *row = y + idx[m] * per;
        double a = row[0] - mean, b = row[per - 1] - mean;
        var += a * a + b * b;
    }
    var /= (double)(2 * n);
    for (size_t j = 0; j < k; j++) {
        double first = 0, total = 0;
        for (size_t m = 0; m < n; m++) {
            const double *row = y + idx[m] * per;
            double a = row[0], b = row[per - 1], ab = row[1 + j];
            first += b * (ab - a);        /* Saltelli et al. 2010 */
            total += (a - ab) * (a - ab); /* Jansen 1999 */
        }
        s1[j] = first / (double)n / var;
        st[j] = 0.5 * total / (double)n / var;
    }
    if (second_order && s2)
        for (size_t j = 0; j < k; j++)
            for (size_t l = j + 1; l < k; l++) {
                double v = 0;
                for (size_t m = 0; m < n; m++) {
                    const double *row = y + idx[m] * per;
                    v += row[1 + k + j] * row[1 + l] - row[0] * row[per - 1];
                }
                s2[j * k + l] = v / (double)n / var - s1[j] - s1[l];
            }
    return var;
}

void ss_sobol_free(ss_sobol *r)
{
    if (!r)
        return;
    free(r->S1); /* one block behind every array */
    memset(r, 0, sizeof *r);
}

ss_status ss_sobol_analyze(const double *y, size_t blocks, size_t k, int second_order,
                           const ss_bootstrap *b, ss_sobol *r, ss_error *err)
{
    memset(r, 0, sizeof *r);
    ss_status st = check_bootstrap(b, err);
    if (st)
        return st;
    if (blocks < 2 || k < 1)
        return ss_error_set(err, SS_EINPUT, "Sobol indices need at least 2 blocks and 1 key");
    size_t per = k * (second_order ? 2 : 1) + 2, rows = blocks * per;
    double mean = 0;
    for (size_t i = 0; i < rows; i++) {
        if (!isfinite(y[i]))
            return ss_error_set(err, SS_EINPUT, "row %zu: the output is not a finite number",
                                i + 1);
        mean += y[i];
    }
    mean /= (double)rows;
    size_t kk = second_order ? k * k : 0, nest = 2 * k + kk; /* estimates per resample */
    double *yc = malloc(rows * sizeof *yc);
    size_t *idx = malloc(blocks * sizeof *idx);
    double *boot = malloc(b->resamples * nest * sizeof *boot);
    r->k = k;
    r->S1 = malloc((4 * k + 2 * kk) * sizeof *r->S1);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!yc || !idx || !boot || !r->S1 || !rng) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    r->S1_conf = r->S1 + k;
    r->ST = r->S1 + 2 * k;
    r->ST_conf = r->S1 + 3 * k;
    if (second_order) {
        r->S2 = r->S1 + 4 * k;
        r->S2_conf = r->S2 + kk;
        for (size_t q = 0; q < 2 * kk; q++)
            r->S2[q] = NAN;
    }
    /* centred: the estimators do not change in expectation, and the products
     * of first-order terms lose less to rounding */
    for (size_t i = 0; i < rows; i++)
        yc[i] = y[i] - mean;
    for (size_t m = 0; m < blocks; m++)
        idx[m] = m;
    r->variance = sobol_estimate(yc, idx, blocks, k, per, second_order, r->S1, r->ST, r->S2);
    if (!(r->variance > 0)) {
        st = ss_error_set(err, SS_EINPUT,
                          "the output does not vary over the A and B rows: Sobol indices are "
                          "undefined");
        goto done;
    }
    gsl_rng_set(rng, b->seed);
    for (size_t q = 0; q < b->resamples; q++) {
        double *e = boot + q * nest;
        for (size_t m = 0; m < blocks; m++)
            idx[m] = (size_t)gsl_rng_uniform_int(rng, blocks);
        sobol_estimate(yc, idx, blocks, k, per, second_order, e, e + k,
                       second_order ? e + 2 * k : NULL);
    }
    double z = gsl_cdf_ugaussian_Pinv(0.5 + b->level / 2);
    for (size_t j = 0; j < k; j++) {
        r->S1_conf[j] = half_width(boot + j, b->resamples, nest, z);
        r->ST_conf[j] = half_width(boot + k + j, b->resamples, nest, z);
        for (size_t l = j + 1; second_order && l < k; l++)
            r->S2_conf[j * k + l] = half_width(boot + 2 * k + j * k + l, b->resamples, nest, z);
    }
done:
    gsl_rng_free(rng);
    free(yc);
    free(idx);
    free(boot);
    if (st)
        ss_sobol_free(r);
    return st;
}

/* ---- Morris --------------------------------------------------------------- */

void ss_morris_free(ss_morris *r)
{
    if (!r)
        return;
    free(r->mu);
    memset(r, 0, sizeof *r);
}

/* The elementary effects ee[t*k + j] of key j in trajectory t. */
static ss_status effects(const double *x, const double *y, size_t trajectories, size_t k,
                         const double *delta, double *ee, ss_error *err)
{
    for (size_t t = 0; t < trajectories; t++) {
        const double *tx = x + t * (k + 1) * k, *ty = y + t * (k + 1);
        for (size_t j = 0; j < k; j++)
            ee[t * k + j] = NAN;
        for (size_t s = 0; s <= k; s++)
            if (!isfinite(ty[s]))
                return ss_error_set(err, SS_EINPUT,
                                    "trajectory %zu, row %zu: the output is not a finite number",
                                    t + 1, s + 1);
        for (size_t s = 1; s <= k; s++) {
            const double *prev = tx + (s - 1) * k, *cur = tx + s * k;
            size_t moved = k, changes = 0;
            for (size_t j = 0; j < k; j++)
                if (cur[j] != prev[j]) {
                    moved = j;
                    changes++;
                }
            if (changes != 1 || !isnan(ee[t * k + moved]))
                return ss_error_set(err, SS_EINPUT,
                                    "trajectory %zu, row %zu: %s (each step of a Morris trajectory "
                                    "moves one key, each key once)",
                                    t + 1, s + 1,
                                    changes == 0  ? "no key changes"
                                    : changes > 1 ? "several keys change"
                                                  : "a key moves twice");
            double sign = cur[moved] > prev[moved] ? 1 : -1;
            ee[t * k + moved] = sign * (ty[s] - ty[s - 1]) / delta[moved];
        }
    }
    return SS_OK;
}

ss_status ss_morris_analyze(const double *x, const double *y, size_t trajectories, size_t k,
                            const double *delta, const ss_bootstrap *b, ss_morris *r, ss_error *err)
{
    memset(r, 0, sizeof *r);
    ss_status st = check_bootstrap(b, err);
    if (st)
        return st;
    if (trajectories < 1 || k < 1)
        return ss_error_set(err, SS_EINPUT, "Morris effects need a trajectory and a key");
    for (size_t j = 0; j < k; j++)
        if (!(delta[j] > 0))
            return ss_error_set(err, SS_EINPUT, "the Morris step must be above 0");
    double *ee = malloc(trajectories * k * sizeof *ee);
    double *boot = malloc(b->resamples * sizeof *boot);
    r->k = k;
    r->mu = malloc(4 * k * sizeof *r->mu);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!ee || !boot || !r->mu || !rng) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    r->mu_star = r->mu + k;
    r->sigma = r->mu + 2 * k;
    r->mu_star_conf = r->mu + 3 * k;
    if ((st = effects(x, y, trajectories, k, delta, ee, err)))
        goto done;
    double z = gsl_cdf_ugaussian_Pinv(0.5 + b->level / 2), n = (double)trajectories;
    gsl_rng_set(rng, b->seed);
    for (size_t j = 0; j < k; j++) {
        double sum = 0, size = 0, ss = 0;
        for (size_t t = 0; t < trajectories; t++) {
            sum += ee[t * k + j];
            size += fabs(ee[t * k + j]);
        }
        r->mu[j] = sum / n;
        r->mu_star[j] = size / n;
        for (size_t t = 0; t < trajectories; t++) {
            double d = ee[t * k + j] - r->mu[j];
            ss += d * d;
        }
        r->sigma[j] = trajectories > 1 ? sqrt(ss / (n - 1)) : NAN;
        for (size_t q = 0; q < b->resamples; q++) {
            double m = 0;
            for (size_t t = 0; t < trajectories; t++)
                m += fabs(ee[(size_t)gsl_rng_uniform_int(rng, trajectories) * k + j]);
            boot[q] = m / n;
        }
        r->mu_star_conf[j] = half_width(boot, b->resamples, 1, z);
    }
done:
    gsl_rng_free(rng);
    free(ee);
    free(boot);
    if (st)
        ss_morris_free(r);
    return st;
}
