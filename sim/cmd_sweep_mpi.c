/* `mpirun sanctionsim sweep`: starting and ending MPI around the sweep command, and what each rank
 * does at its hooks. */
#include "sweep_mpi.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpi_farm.h"

/* The MPI state of this process: one sweep command per process. */
static struct {
    int running; /* MPI started by ss_sweep_mpi_main */
    int rank, nranks;
    int agreed;   /* this rank took part in the ready agreement */
    int go;       /* every rank was ready: the farm runs */
    int farm_run; /* rank 0 entered the farm */
    int farm_ok;  /* ...and it ended with every worker released */
} mpi;

/* What a worker printed while it set the sweep up, for rank 0 to report. */
#define SETUP_TEXT_MAX 512

/* Every rank says whether it is ready to sweep (code -1) or stopped with an
 * exit code (0 after --help, 2 for a bad option, ...). Rank 0 learns the
 * workers' messages. Returns -1 when every rank is ready, else this rank's
 * exit code (rank 0: its own when it stopped, else the first worker's). */
static int agree(int code, const char *text)
{
    mpi.agreed = 1;
    int *codes = malloc((size_t)mpi.nranks * sizeof *codes);
    char mine[SETUP_TEXT_MAX] = "", *texts = NULL;
    if (mpi.rank == 0)
        texts = malloc((size_t)mpi.nranks * SETUP_TEXT_MAX);
    if (!codes || (mpi.rank == 0 && !texts)) {
        fprintf(stderr, "sanctionsim sweep: rank %d: out of memory\n", mpi.rank);
        ss_mpi_abort(1);
    }
    if (text)
        snprintf(mine, sizeof mine, "%s", text);
    MPI_Allgather(&code, 1, MPI_INT, codes, 1, MPI_INT, MPI_COMM_WORLD);
    MPI_Gather(mine, SETUP_TEXT_MAX, MPI_CHAR, texts, SETUP_TEXT_MAX, MPI_CHAR, 0, MPI_COMM_WORLD);
    int result = -1, first = -1;
    for (int r = 0; r < mpi.nranks; r++)
        if (codes[r] >= 0 && first < 0)
            first = r;
    if (first >= 0) {
        result = code >= 0 ? code : codes[first];
        if (mpi.rank == 0 && code < 0) {
            /* rank 0 was fine: say what stopped the first worker that was not */
            char *t = texts + (size_t)first * SETUP_TEXT_MAX;
            t[SETUP_TEXT_MAX - 1] = '\0';
            size_t len = strlen(t);
            while (len > 0 && t[len - 1] == '\n')
                t[--len] = '\0';
            fprintf(stderr, "sanctionsim sweep: rank %d stopped (status %d): %s\n", first,
                    codes[first], len ? t : "(no message)");
            if (result == 0)
                result = 1;
        }
    } else {
        mpi.go = 1;
    }
    free(codes);
    free(texts);
    return result;
}

int ss_sweep_mpi_main(int argc, char **argv, int (*sweep)(int, char **))
{
    if (ss_mpi_start(&argc, &argv, &mpi.rank, &mpi.nranks) != 0) {
        fprintf(stderr, "sanctionsim sweep: MPI could not start\n");
        return 1;
    }
    mpi.running = 1;
    /* Workers keep quiet while they set up: rank 0 reports for everyone. And
     * only rank 0 writes to standard output (rows without -o, --help). */
    FILE *capture = NULL;
    int saved = -1;
    if (mpi.rank > 0) {
        int null_fd = open("/dev/null", O_WRONLY);
        fflush(stdout);
        if (null_fd >= 0) {
            dup2(null_fd, STDOUT_FILENO);
            close(null_fd);
        }
    }
    if (mpi.rank > 0 && (capture = tmpfile()) != NULL) {
        fflush(stderr);
        saved = dup(STDERR_FILENO);
        if (saved < 0 || dup2(fileno(capture), STDERR_FILENO) < 0) {
            fclose(capture);
            capture = NULL;
        }
    }
    int code = sweep(argc, argv);
    char text[SETUP_TEXT_MAX] = "";
    if (capture) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
        close(saved);
        rewind(capture);
        size_t n = fread(text, 1, sizeof text - 1, capture);
        text[n] = '\0';
        fclose(capture);
    }
    if (!mpi.agreed)
        code = agree(code >= 0 ? code : 1, text); /* stopped before the run */
    else if (mpi.rank == 0 && mpi.go && !mpi.farm_run) {
        /* rank 0 stopped at its output file (it exists, another sweep's, ...):
         * release the workers, which are waiting for points */
        ss_farm_job none = {0};
        ss_farm_run(MPI_COMM_WORLD, &none, NULL, NULL, 0);
    } else if (mpi.rank == 0 && mpi.farm_run && !mpi.farm_ok) {
        ss_mpi_abort(code ? code : 1); /* reported; workers may be waiting */
    }
    ss_mpi_finish();
    return code;
}

int ss_sweep_mpi_running(void)
{
    return mpi.running;
}

int ss_sweep_mpi_ready(ss_sweep *sw, int threads)
{
    if (!mpi.running)
        return -1;
    int code = agree(-1, NULL);
    if (code >= 0 || mpi.rank == 0)
        return code;
    /* a worker: compute what rank 0 hands out until it releases us */
    ss_run_opts ro;
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

ss_status ss_sweep_mpi_or_serial(ss_sweep *sw, FILE *out, const ss_run_opts *o, ss_run_stats *stats,
                                 ss_error *err)
{
    if (!mpi.running)
        return ss_sweep_run(sw, out, o, stats, err);
    mpi.farm_run = 1;
    ss_status st = ss_sweep_run_mpi(MPI_COMM_WORLD, sw, out, o, stats, err);
    mpi.farm_ok = st == SS_OK;
    return st;
}
