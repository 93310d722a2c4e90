/* Monte Carlo over a timeline: many stochastic runs summarized as percentile
 * bands per result column and period. */
#ifndef SANCTIONSIM_MONTECARLO_H
#define SANCTIONSIM_MONTECARLO_H

#include <stddef.h>

#include "sanctionsim/columns.h"
#include "sanctionsim/error.h"
#include "sanctionsim/scenario.h"

#define SS_MC_NPCT 5
extern const double ss_mc_percentiles[SS_MC_NPCT]; /* 5 25 50 75 95 */

typedef struct ss_mc_opts {
    size_t runs;
    unsigned long seed;
    int threads; /* 0: OpenMP's default; results do not depend on it */
} ss_mc_opts;

/* Percentile bands per quantity (the result columns) and period. */
typedef struct ss_mc_bands {
    size_t nperiods, ncols, runs;
    ss_column names[SS_RESULT_MAX_COLUMNS]; /* names only */
    double *pct;                            /* [col][period][SS_MC_NPCT] */
    double *observed;                       /* nperiods * n, as in ss_series */
    size_t n;
} ss_mc_bands;

/* Runs opts->runs stochastic runs and fills bands (the caller frees it with
 * ss_mc_bands_free). Run k is seeded from (seed, k) only, so the bytes of the
 * result do not depend on the thread count. Returns SS_OK or the first failing
 * run's status (err names the run). */
ss_status ss_montecarlo(const ss_scenario *sc, const ss_mc_opts *opts, ss_mc_bands **bands,
                        ss_error *err);
void ss_mc_bands_free(ss_mc_bands *b); /* NULL is harmless */

#endif
