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
    int converged; /* GSL's test met within the iteration limit */
    double initial[SS_FIT_MAX_FREE];
    double estimate[SS_FIT_MAX_FREE];
    double std_error[SS_FIT_MAX_FREE]; /* NAN-free: 0 when not identified (reported) */
    int identified[SS_FIT_MAX_FREE];   /* 0 when the data say nothing about it */
    double rmse_before, rmse_after;    /* over all weighted residuals */
} ss_fit_result;

/* Fits the parameters `free` (nfree <= SS_FIT_MAX_FREE) of sc to d by
 * trust-region Levenberg-Marquardt. Each parameter is mapped to its valid
 * range (logistic on a bounded range, exponential above a lower bound), so
 * every trial is a valid scenario; standard errors come from the Jacobian at
 * the optimum, s^2 (J^T J)^-1, carried back to the parameter by the delta
 * method. The residual of period k, sanctioner i is
 * sqrt(weight) * (modelled s_i - target). Fills r; returns SS_OK,
 * SS_EINPUT (nothing to fit) or SS_ENUMERIC (a run failed or no convergence). */
ss_status ss_fit(const ss_scenario *sc, const ss_keyref *free, size_t nfree, const ss_fit_data *d,
                 ss_fit_result *r, ss_error *err);

#endif
