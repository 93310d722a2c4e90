/* Monte Carlo runs over MPI ranks (built with -DSANCTIONSIM_MPI=ON): the collective counterpart of
 * ss_montecarlo. */
#ifndef SANCTIONSIM_MONTECARLO_MPI_H
#define SANCTIONSIM_MONTECARLO_MPI_H

#include <mpi.h>

#include "mpi_cli.h"
#include "sanctionsim/montecarlo.h"

/* ss_montecarlo over the ranks of comm, called by every rank with the same
 * scenario and options. Rank 0 hands out blocks of run indices, every rank
 * computes its runs on o->threads threads (run k seeded from (seed, k), as
 * ss_montecarlo), and rank 0 gathers every run's values and computes the
 * bands exactly as ss_montecarlo does, so *bands holds the same numbers.
 * *released (may be NULL) says whether every worker was released.
 *
 * Returns on rank 0 SS_OK with *bands (the caller frees it), or an error: a
 * failed run or rank, with err saying which (then the caller reports it and
 * calls ss_mpi_abort when !*released). On other ranks: SS_OK once released,
 * *bands NULL. */
ss_status ss_montecarlo_mpi(MPI_Comm comm, const ss_scenario *sc, const ss_mc_opts *o,
                            ss_mc_bands **bands, int *released, ss_error *err);

/* The hook in cmd_run.c in place of ss_montecarlo: without MPI it calls
 * ss_montecarlo, sets *st and returns -1. Under mpirun every rank agrees it
 * is ready (ss_mpi_ready), then rank 0 gets *st and *bands and returns -1
 * (go on and write them), and the other ranks return 0 after their runs, or
 * every rank returns the exit status of a rank that could not set up. */
int ss_montecarlo_mpi_hook(const ss_scenario *sc, const ss_mc_opts *o, ss_mc_bands **bands,
                           ss_error *err, ss_status *st);

#endif
