/* MPI for the command line (built with -DSANCTIONSIM_MPI=ON): starting and ending MPI around a
 * command, and the agreement every rank reaches before the work. */
#ifndef SANCTIONSIM_MPI_CLI_H
#define SANCTIONSIM_MPI_CLI_H

#include <mpi.h>

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

/* Runs the command cmd(argc, argv) as one rank of an MPI run: starts MPI,
 * sends the other ranks' standard output to /dev/null and keeps their
 * set-up messages for rank 0 to report, and ends MPI (MPI_Abort when the run
 * failed while ranks were waiting). Returns the command's exit status. A
 * command calls it first when ss_mpi_launched() and not ss_mpi_running(). */
int ss_mpi_command_main(int argc, char **argv, int (*cmd)(int, char **));

/* Whether this process is one rank of an MPI command; its rank. */
int ss_mpi_running(void);
int ss_mpi_rank(void);

/* Called by every rank once it is set up, before any output is touched
 * (collective). Returns -1 when the caller should go on (no MPI, or every
 * rank is ready), else the exit status to return at once because some rank
 * could not set up (rank 0 reports why). */
int ss_mpi_ready(void);

/* Rank 0 brackets its work farm with these, so that the end of the command
 * knows whether the workers were released (MPI_Finalize) or may be waiting
 * (MPI_Abort). */
void ss_mpi_farm_begin(void);
void ss_mpi_farm_end(int ok);

#endif
