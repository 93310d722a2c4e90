/* Dynamics over a timeline (MODEL.md section 8): one run, period by period,
 * deterministic or drawn from priors and shocks. */
#ifndef SANCTIONSIM_DYNAMICS_H
#define SANCTIONSIM_DYNAMICS_H

#include <stddef.h>

#include "sanctionsim/error.h"
#include "sanctionsim/model.h"
#include "sanctionsim/scenario.h"

/* One run's path: a result per period, the events that fired, the observed index. */
typedef struct ss_series {
    size_t nperiods, n;
    ss_result *result;               /* per period, after the sanctioners' updates */
    size_t *fired_begin, *fired_end; /* events [begin, end) fired in period k */
    double *observed;                /* nperiods * n, row-major; NAN-free (0 where not covered) */
    size_t events_after_end;         /* events dated after the last period (never fired) */
} ss_series;

/* A series sized for sc's timeline (NULL when out of memory or sc has no periods). */
ss_series *ss_series_alloc(const ss_scenario *sc);
void ss_series_free(ss_series *s); /* NULL is harmless */

/* How a run draws its uncertain inputs. */
typedef struct ss_run_opts {
    int stochastic;     /* 0: the scenario's values; 1: draw priors and shocks */
    unsigned long seed; /* the user's seed S */
    size_t run_index;   /* run k draws from a generator seeded by (S, k) */
} ss_run_opts;

/* Steps through sc's timeline (MODEL.md section 8). Each period: apply the
 * events whose date has come (in date order), add the shocks (stochastic runs),
 * update the sanctioners in the declared order by
 * s_i <- s_i + adjustment_i (BR_i(s) - s_i) (later movers see earlier movers'
 * new intensities), apply the ratchet, and record the stage-2 answer of the
 * followers (ss_evaluate). opts NULL means deterministic. Fills out (from
 * ss_series_alloc(sc)). Returns SS_OK, SS_EINPUT (no timeline) or SS_ENUMERIC
 * (a non-finite value), filling err. Thread-safe. */
ss_status ss_run(const ss_scenario *sc, const ss_run_opts *opts, ss_series *out, ss_error *err);

/* Root mean square error of modelled against observed intensity of sanctioner
 * i over every period; NAN when i has no measures. */
double ss_series_rmse(const ss_scenario *sc, const ss_series *s, size_t i);

#endif
