/* `mpirun sanctionsim sweep`: what each rank does at the hooks in cmd_sweep.c. */
#include "sweep_mpi.h"

#include <stdio.h>
#include <string.h>

int ss_sweep_mpi_ready(ss_sweep *sw, int threads)
{
    if (!ss_mpi_running())
        return -1;
    int code = ss_mpi_ready();
    if (code >= 0 || ss_mpi_rank() == 0)
        return code;
    /* a worker: compute what rank 0 hands out until it releases us */
    ss_sweep_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.nshards = 1;
    ro.threads = threads;
    ss_error err;
    if (ss_sweep_run_mpi(MPI_COMM_WORLD, sw, NULL, &ro, NULL, &err) != SS_OK) {
        /* rank 0 was told and had time to end the run; it did not */
        fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
        ss_mpi_abort(1);
    }
    return 0;
}

ss_status ss_sweep_mpi_or_serial(ss_sweep *sw, FILE *out, const ss_sweep_run_opts *o,
                                 ss_run_stats *stats, ss_error *err)
{
    if (!ss_mpi_running())
        return ss_sweep_run(sw, out, o, stats, err);
    ss_mpi_farm_begin();
    ss_status st = ss_sweep_run_mpi(MPI_COMM_WORLD, sw, out, o, stats, err);
    ss_mpi_farm_end(st == SS_OK);
    return st;
}
