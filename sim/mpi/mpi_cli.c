/* MPI around a command: start and end, quiet workers, the ready agreement, and MPI_Abort only when
 * ranks may be waiting (mpi_cli.h). */
#include "mpi_cli.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpi_farm.h"

int ss_mpi_launched(void)
{
    /* OpenMPI's mpirun, PMIx (srun --mpi=pmix, prterun), PMI-1/2 (MPICH,
     * srun --mpi=pmi2), MPICH's Hydra */
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE",
                                       "MPI_LOCALNRANKS"};
    for (size_t k = 0; k < sizeof vars / sizeof *vars; k++)
        if (getenv(vars[k]))
            return 1;
    return 0;
}

int ss_mpi_start(int *argc, char ***argv, int *rank, int *nranks)
{
    int initialized = 0, provided;
    MPI_Initialized(&initialized);
    if (!initialized && MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return -1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, nranks);
    return 0;
}

void ss_mpi_finish(void)
{
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    if (initialized && !finalized)
        MPI_Finalize();
}

void ss_mpi_abort(int code)
{
    fflush(NULL);
    MPI_Abort(MPI_COMM_WORLD, code);
    exit(code); /* not reached: MPI_Abort ends the process */
}

/* The MPI state of this process: one command per process. */
static struct {
    int running; /* MPI started by ss_mpi_command_main */
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
        fprintf(stderr, "sanctionsim: rank %d: out of memory\n", mpi.rank);
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
            fprintf(stderr, "sanctionsim: rank %d stopped (status %d): %s\n", first, codes[first],
                    len ? t : "(no message)");
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

int ss_mpi_command_main(int argc, char **argv, int (*cmd)(int, char **))
{
    if (ss_mpi_start(&argc, &argv, &mpi.rank, &mpi.nranks) != 0) {
        fprintf(stderr, "sanctionsim: MPI could not start\n");
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
    int code = cmd(argc, argv);
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
         * release the workers, which are waiting for work */
        ss_farm_job none = {0};
        ss_farm_run(MPI_COMM_WORLD, &none, NULL, NULL, 0);
    } else if (mpi.rank == 0 && mpi.farm_run && !mpi.farm_ok) {
        ss_mpi_abort(code ? code : 1); /* reported; workers may be waiting */
    }
    ss_mpi_finish();
    return code;
}

int ss_mpi_running(void)
{
    return mpi.running;
}

int ss_mpi_rank(void)
{
    return mpi.rank;
}

int ss_mpi_ready(void)
{
    return mpi.running ? agree(-1, NULL) : -1;
}

void ss_mpi_farm_begin(void)
{
    mpi.farm_run = 1;
}

void ss_mpi_farm_end(int ok)
{
    mpi.farm_ok = ok;
}
