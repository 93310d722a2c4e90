/* Sweeps over MPI ranks (built with -DSANCTIONSIM_MPI=ON): the collective counterpart of
 * ss_sweep_run. */
#ifndef SANCTIONSIM_SWEEP_MPI_H
#define SANCTIONSIM_SWEEP_MPI_H

#include <mpi.h>
#include <stdio.h>

#include "mpi_cli.h"
#include "sanctionsim/sweep.h"

/* ss_sweep_run over the ranks of comm, called by every rank with its own
 * sweep of the same scenario and design. Rank 0 hands out blocks of points
 * (only those of shard o->shard/o->nshards from o->first on) to ranks that ask,
 * computes some itself, and writes every row to out in index order, so the
 * rows are byte-identical to ss_sweep_run's; out is not used on other ranks.
 * Each rank computes its blocks on o->threads threads. o->stop and
 * o->progress are honoured on rank 0.
 *
 * Returns SS_OK (stats filled on rank 0: as ss_sweep_run's), or an error with
 * err saying which rank failed and why; a failure on any rank is returned by
 * rank 0, which should report it and call ss_mpi_abort(1): other ranks may be
 * waiting. */
ss_status ss_sweep_run_mpi(MPI_Comm comm, ss_sweep *sw, FILE *out, const ss_sweep_run_opts *o,
                           ss_run_stats *stats, ss_error *err);

/* ---- the hooks of `sanctionsim sweep` (cmd_sweep_mpi.c) ---- */

/* The hooks in cmd_sweep.c: ss_mpi_command_main and ss_mpi_running. */
#define ss_sweep_mpi_main    ss_mpi_command_main
#define ss_sweep_mpi_running ss_mpi_running

/* Called by every rank once its sweep is set up, before the output file is
 * touched. Returns -1 when the caller should go on (no MPI, or rank 0 of a
 * run where every rank is ready), else the exit status to return at once:
 * a worker returns here after computing what rank 0 handed out, and every
 * rank returns here when some rank could not set up (rank 0 reports why). */
int ss_sweep_mpi_ready(ss_sweep *sw, int threads);

/* ss_sweep_run, or on rank 0 of an MPI run ss_sweep_run_mpi: the same
 * contract, the same rows. */
ss_status ss_sweep_mpi_or_serial(ss_sweep *sw, FILE *out, const ss_sweep_run_opts *o,
                                 ss_run_stats *stats, ss_error *err);

#endif
