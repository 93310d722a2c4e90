/* Internal: the pieces of Monte Carlo that its MPI counterpart
 * (sim/mpi/montecarlo_mpi.c) shares, so that both give the same bytes. */
#ifndef SANCTIONSIM_MONTECARLO_INTERNAL_H
#define SANCTIONSIM_MONTECARLO_INTERNAL_H

#include "sanctionsim/dynamics.h"
#include "sanctionsim/montecarlo.h"

/* Monte Carlo run k into vals (ncols * nperiods doubles, column-major by
 * period): the generator seeded by (seed, k) alone, the result columns. Shared
 * by ss_montecarlo and its MPI counterpart so both give the same bytes. */
ss_status ss_mc_one_run(const ss_scenario *sc, unsigned long seed, size_t run, double *vals,
                        size_t ncols, ss_error *err);

/* One run (ro as ss_run takes it: NULL is deterministic) into vals, laid out
 * as ss_mc_one_run's; the timeline reporters (reporter.c) read runs so. */
ss_status ss_run_values(const ss_scenario *sc, const ss_run_opts *ro, double *vals, size_t ncols,
                        ss_error *err);

/* The bands of `runs` runs whose values stand one run after another in vals
 * (as ss_mc_one_run writes them). Fills *bands (the caller frees it). */
ss_status ss_mc_bands_from_runs(const ss_scenario *sc, size_t runs, const double *vals,
                                ss_mc_bands **bands, ss_error *err);

#endif
