/* Sweeps over MPI ranks (built with -DSANCTIONSIM_MPI=ON): the collective counterpart of
 * ss_sweep_run. */
#ifndef SANCTIONSIM_SWEEP_MPI_H
#define SANCTIONSIM_SWEEP_MPI_H

#include <mpi.h>
#include <stdio.h>

#include "sanctionsim/sweep.h"

/* Whether this process was started by an MPI launcher (mpirun, mpiexec,
 * srun --mpi=pmix) rather than from a shell or a plain Slurm array task. */
int ss_mpi_launched(void);

/* Starts MPI once (MPI_THREAD_FUNNELED: only the main thread calls MPI, the
 * OpenMP threads of a rank compute) and returns this rank and the number of
 * ranks. Returns 0, or -1 when MPI could not start (the launcher reports why). */
int ss_mpi_start(int *argc, char ***argv, int *rank, int *nranks);

/* Ends MPI (MPI_Finalize) if ss_mpi_start started it. */
void ss_mpi_finish(void);

/* Ends every rank with status code after the caller reported why (MPI_Abort):
 * used when a rank failed and the others may be waiting for it. */
void ss_mpi_abort(int code) __attribute__((noreturn));

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
ss_status ss_sweep_run_mpi(MPI_Comm comm, ss_sweep *sw, FILE *out, const ss_run_opts *o,
                           ss_run_stats *stats, ss_error *err);

/* ---- the hooks of `sanctionsim sweep` (cmd_sweep_mpi.c) ---- */

/* Runs the command sweep(argc, argv) as one rank of an MPI run: starts MPI,
 * keeps the other ranks' set-up messages for rank 0 to report, and ends MPI
 * (MPI_Abort when the run failed while ranks were waiting). Returns the
 * command's exit status. cmd_sweep calls it first when ss_mpi_launched() and
 * not ss_sweep_mpi_running(). */
int ss_sweep_mpi_main(int argc, char **argv, int (*sweep)(int, char **));

/* Whether this process is one rank of an MPI sweep. */
int ss_sweep_mpi_running(void);

/* Called by every rank once its sweep is set up, before the output file is
 * touched. Returns -1 when the caller should go on (no MPI, or rank 0 of a
 * run where every rank is ready), else the exit status to return at once:
 * a worker returns here after computing what rank 0 handed out, and every
 * rank returns here when some rank could not set up (rank 0 reports why). */
int ss_sweep_mpi_ready(ss_sweep *sw, int threads);

/* ss_sweep_run, or on rank 0 of an MPI run ss_sweep_run_mpi: the same
 * contract, the same rows. */
ss_status ss_sweep_mpi_or_serial(ss_sweep *sw, FILE *out, const ss_run_opts *o, ss_run_stats *stats,
                                 ss_error *err);

#endif
