/* Calibration: fit chosen parameters to observed intensities by nonlinear
 * least squares over a timeline (GSL's gsl_multifit_nlinear). */
#ifndef SANCTIONSIM_FIT_H
#define SANCTIONSIM_FIT_H

#include "sanctionsim/keys.h"
#include "sanctionsim/scenario.h"

#define SS_FIT_MAX_FREE 16

/* What to fit: per period k and sanctioner i, a target intensity and a weight
 * (0: no datum). Both arrays are nperiods * n, row-major. */
typedef struct ss_fit_data {
    size_t nperiods, n;
    double *target;
    double *weight;
} ss_fit_data;

/* Allocates data sized for sc's timeline (NULL when out of memory or no periods). */
ss_fit_data *ss_fit_data_alloc(const ss_scenario *sc);
void ss_fit_data_free(ss_fit_data *d); /* NULL is harmless */

/* Targets from the scenario's observed measures (MODEL.md section 9): every
 * period of every sanctioner that has measures. SS_EINPUT when there are none. */
ss_status ss_fit_data_observed(const ss_scenario *sc, ss_fit_data *d, ss_error *err);

typedef struct ss_fit_result {
    size_t nfree, nresiduals, iterations;
    int converged; /* GSL's test met within the iteration limit, or a start at rmse 0 */
    double initial[SS_FIT_MAX_FREE];
    double estimate[SS_FIT_MAX_FREE];
    /* Newey-West (HAC) standard error: residuals may be correlated within a
     * period and across up to hac_lags periods (docs/dynamics.md, "fit") */
    double std_error[SS_FIT_MAX_FREE];     /* NAN-free: 0 when not identified (reported) */
    double std_error_iid[SS_FIT_MAX_FREE]; /* the classical s^2 (J^T J)^-1 one */
    int identified[SS_FIT_MAX_FREE];       /* 0 when the data say nothing about it */
    size_t hac_lags;                       /* the Bartlett kernel's lag window used */
    double rmse_before, rmse_after;        /* over all weighted residuals */
} ss_fit_result;

/* How to fit. hac_lags: the Newey-West lag window; SS_FIT_LAGS_AUTO picks
 * floor(1.3 sqrt(T)) for T periods with data (Lazarus, Lewis, Stock and
 * Watson 2018). per_sanctioner: fit the free keys of each sanctioner on that
 * sanctioner's series alone (every key must belong to a sanctioner: its own
 * parameter or one of its beliefs); 0 pools every key over every series. */
#define SS_FIT_LAGS_AUTO ((size_t)-1)
typedef struct ss_fit_opts {
    size_t hac_lags;
    int per_sanctioner;
} ss_fit_opts;

/* The defaults: automatic lag window, pooled. */
ss_fit_opts ss_fit_opts_default(void);

/* A deep copy of d (NULL when out of memory); free with ss_fit_data_free. */
ss_fit_data *ss_fit_data_copy(const ss_fit_data *d);

/* The first period of sc's timeline whose first day is on or after `date`
 * ("YYYY-MM" or "YYYY-MM-DD"); the number of periods when none is, or when
 * date cannot be parsed (then *bad is set to 1 when bad is not NULL). */
size_t ss_fit_period_at(const ss_scenario *sc, const char *date, int *bad);

/* Holds out periods first.. of d: their weights become 0 (the targets stay). */
void ss_fit_data_holdout(ss_fit_data *d, size_t first);

/* Out-of-sample accuracy of one sanctioner over periods first.. of d. */
typedef struct ss_fit_forecast {
    size_t npoints;          /* weighted data points from `first` on (0: nothing to score) */
    int has_persistence;     /* 1 when a datum exists before `first` */
    double persistence;      /* that last datum before `first` */
    double rmse_model;       /* sqrt(sum w (model - target)^2 / sum w) */
    double rmse_persistence; /* the same for the persistence forecast */
} ss_fit_forecast;

/* Scores the modelled intensities `model` (nperiods * n, row-major, as the
 * targets) against d's targets over periods first.. for every sanctioner,
 * next to the persistence forecast: the last target with weight > 0 before
 * period `first`, carried forward. Fills rows[0..n-1]; never fails. */
void ss_fit_forecast_score(const ss_fit_data *d, const double *model, size_t first,
                           ss_fit_forecast *rows);

/* The modelled intensities (nperiods * n) of sc with the free keys set to
 * `values`; SS_OK, or the run's error. */
ss_status ss_fit_model_series(const ss_scenario *sc, const ss_keyref *free, size_t nfree,
                              const double *values, double *model, ss_error *err);

/* The Newey-West covariance of a least-squares estimate: nres residuals f,
 * their Jacobian jac (nres * nfree, row-major) and each residual's period
 * (non-decreasing). Scores are summed within a period (errors may be
 * correlated across sanctioners in a month), then weighted over lags
 * 1..lags by the Bartlett kernel 1 - l/(lags+1):
 *   cov = n/(n-p) (J^T J)^-1 S (J^T J)^-1.
 * Writes cov (nfree * nfree, row-major). SS_ENUMERIC when J^T J is singular,
 * SS_ENOMEM, or SS_OK. */
ss_status ss_fit_hac(size_t nres, size_t nfree, const double *jac, const double *f,
                     const size_t *period, size_t lags, double *cov, ss_error *err);

/* Fits the parameters `free` (nfree <= SS_FIT_MAX_FREE) of sc to d by
 * trust-region Levenberg-Marquardt. Each parameter is mapped to its valid
 * range (logistic on a bounded range, exponential above a lower bound), so
 * every trial is a valid scenario; standard errors come from the Jacobian at
 * the optimum (Newey-West, ss_fit_hac, and the classical s^2 (J^T J)^-1),
 * carried back to the parameter by the delta method. A start where every
 * residual is 0 is converged (0 iterations). The residual of period k, sanctioner i is
 * sqrt(weight) * (modelled s_i - target). Fills r; returns SS_OK,
 * SS_EINPUT (nothing to fit) or SS_ENUMERIC (a run failed or no convergence). */
ss_status ss_fit(const ss_scenario *sc, const ss_keyref *free, size_t nfree, const ss_fit_data *d,
                 ss_fit_result *r, ss_error *err);

/* ss_fit with options (ss_fit uses ss_fit_opts_default()). With
 * per_sanctioner, each sanctioner's keys are fitted on its own series with
 * the other keys at their initial values; rmse_before/after are then over
 * all weighted residuals with every estimate in place. SS_EINPUT also when a
 * key belongs to no sanctioner or a sanctioner with free keys has no data. */
ss_status ss_fit_with(const ss_scenario *sc, const ss_keyref *free, size_t nfree,
                      const ss_fit_data *d, const ss_fit_opts *opts, ss_fit_result *r,
                      ss_error *err);

#endif
