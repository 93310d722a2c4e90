/* Monte Carlo over a timeline: runs drawn from priors and shocks, summarized
 * as percentile bands per quantity and period (MODEL.md section 8). */
#include "sanctionsim/montecarlo.h"

#include "montecarlo_internal.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/timeline.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

const double ss_mc_percentiles[SS_MC_NPCT] = {5, 25, 50, 75, 95};

void ss_mc_bands_free(ss_mc_bands *b)
{
    if (!b)
        return;
    free(b->pct);
    free(b->observed);
    free(b);
}

ss_status ss_mc_one_run(const ss_scenario *sc, unsigned long seed, size_t run, double *vals,
                        size_t ncols, ss_error *err)
{
    ss_run_opts ro = {1, seed, run};
    return ss_run_values(sc, &ro, vals, ncols, err);
}

ss_status ss_run_values(const ss_scenario *sc, const ss_run_opts *ro, double *vals, size_t ncols,
                        ss_error *err)
{
    ss_series *s = ss_series_alloc(sc);
    if (!s)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_status st = ss_run(sc, ro, s, err);
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    for (size_t k = 0; k < s->nperiods && st == SS_OK; k++) {
        ss_result_columns(sc, &s->result[k], cols);
        for (size_t c = 0; c < ncols; c++)
            vals[c * s->nperiods + k] = cols[c].value;
    }
    ss_series_free(s);
    return st;
}

ss_status ss_mc_bands_from_runs(const ss_scenario *sc, size_t runs, const double *vals,
                                ss_mc_bands **bands, ss_error *err)
{
    *bands = NULL;
    size_t np = ss_timeline_periods(sc->timeline);
    ss_mc_bands *b = calloc(1, sizeof *b);
    if (!b)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    b->nperiods = np;
    b->runs = runs;
    b->n = sc->params.n;
    b->ncols = ss_result_columns(sc, NULL, b->names);
    size_t per_run = b->ncols * np;
    double *column = malloc(runs * sizeof *column);
    b->pct = malloc(per_run * SS_MC_NPCT * sizeof *b->pct);
    b->observed = calloc(np * b->n, sizeof *b->observed);
    if (!column || !b->pct || !b->observed) {
        free(column);
        ss_mc_bands_free(b);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    for (size_t q = 0; q < per_run; q++) {
        for (size_t r = 0; r < runs; r++)
            column[r] = vals[r * per_run + q];
        gsl_sort(column, 1, runs);
        for (size_t k = 0; k < SS_MC_NPCT; k++)
            b->pct[q * SS_MC_NPCT + k] =
                gsl_stats_quantile_from_sorted_data(column, 1, runs, ss_mc_percentiles[k] / 100);
    }
    free(column);
    ss_date end;
    for (size_t k = 0; k < np; k++) {
        ss_timeline_period_end(sc->timeline, k, &end);
        for (size_t i = 0; i < b->n; i++)
            b->observed[k * b->n + i] = ss_observed_index(sc->timeline, i, &end);
    }
    *bands = b;
    return SS_OK;
}

ss_status ss_montecarlo(const ss_scenario *sc, const ss_mc_opts *o, ss_mc_bands **bands,
                        ss_error *err)
{
    *bands = NULL;
    size_t np = ss_timeline_periods(sc->timeline);
    if (np == 0)
        return ss_error_set(err, SS_EINPUT, "%s: the scenario has no 'timeline' section", sc->path);
    if (o->runs < 1)
        return ss_error_set(err, SS_EINPUT, "at least one run is needed");
    ss_column names[SS_RESULT_MAX_COLUMNS];
    size_t ncols = ss_result_columns(sc, NULL, names), per_run = ncols * np;
    double *vals = malloc(o->runs * per_run * sizeof *vals);
    ss_status *status = calloc(o->runs, sizeof *status);
    ss_error *errs = calloc(o->runs, sizeof *errs);
    ss_status st = SS_OK;
    if (!vals || !status || !errs) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    /* each run writes only its own slot, so the thread count cannot change a byte */
    long nruns = (long)o->runs;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic)                                                         \
    num_threads(o->threads > 0 ? o->threads : omp_get_max_threads())
#endif
    for (long r = 0; r < nruns; r++)
        status[r] =
            ss_mc_one_run(sc, o->seed, (size_t)r, vals + (size_t)r * per_run, ncols, &errs[r]);
    for (size_t r = 0; r < o->runs; r++)
        if (status[r] != SS_OK) {
            st = ss_error_set(err, status[r], "run %zu: %s", r, errs[r].message);
            goto done;
        }
    st = ss_mc_bands_from_runs(sc, o->runs, vals, bands, err);
done:
    free(vals);
    free(status);
    free(errs);
    return st;
}
