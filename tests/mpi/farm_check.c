/* Checks the MPI work farm on its own: rows of uneven cost arrive in index order, skipped indices
 * stay out, failures are reported. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mpi_farm.h"

/* usage: farm_check NPOINTS [SKIP_EVERY [WINDOW [PAD [SLEEP_US]]]]
 * Prints the rows (rank 0) to stdout: "index<TAB>value" with a value that
 * depends only on the index (then PAD dots, to time rank 0 on rows of a
 * realistic size); the point i sleeps SLEEP_US (default 200) microseconds
 * when i % 7 == 0 so that blocks differ in cost. Exit 0, or 1 after
 * "farm_check: MESSAGE". With PAD, rows go to /dev/null and rank 0 prints
 * its rate on stderr. */

typedef struct farm_check {
    size_t skip_every, pad;
    long sleep_us;
    FILE *out;
} farm_check;

static int check_compute(void *ctx, const size_t *idx, size_t n, ss_farm_buf *out, size_t *lens,
                         char *msg, size_t msglen)
{
    const farm_check *c = ctx;
    for (size_t k = 0; k < n; k++) {
        char row[1100];
        if (idx[k] % 7 == 0 && c->sleep_us > 0) {
            struct timespec pause = {0, c->sleep_us * 1000};
            nanosleep(&pause, NULL);
        }
        size_t pad = c->pad < 1000 ? c->pad : 1000;
        int len =
            snprintf(row, sizeof row, "%zu\t%zu%.*s\n", idx[k], idx[k] * idx[k] % 1009, (int)pad,
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................"
                     "................................................................");
        if (ss_farm_buf_append(out, row, (size_t)len) != 0) {
            snprintf(msg, msglen, "out of memory");
            return -1;
        }
        lens[k] = (size_t)len;
    }
    return 0;
}

static int check_skip(void *ctx, size_t i)
{
    const farm_check *c = ctx;
    return c->skip_every && i % c->skip_every == 0;
}

static int check_write(void *ctx, size_t i, const char *row, size_t len, char *msg, size_t msglen)
{
    const farm_check *c = ctx;
    (void)i;
    if (fwrite(row, 1, len, c->out) != len) {
        snprintf(msg, msglen, "writing: failed");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    farm_check c = {argc > 2 ? strtoul(argv[2], NULL, 10) : 0,
                    argc > 4 ? strtoul(argv[4], NULL, 10) : 0,
                    argc > 5 ? strtol(argv[5], NULL, 10) : 200, stdout};
    /* timing rank 0: rows go to /dev/null directly, not through mpirun's
     * forwarding of standard output, which is far slower than a file */
    if (argc > 4 && rank == 0 && !(c.out = fopen("/dev/null", "w"))) {
        fprintf(stderr, "farm_check: cannot open /dev/null\n");
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    ss_farm_job job = {
        .npoints = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000,
        .compute = check_compute,
        .skip = check_skip,
        .write = check_write,
        .ctx = &c,
        .block_max = 16,
        .window = argc > 3 ? strtoul(argv[3], NULL, 10) : 0,
    };
    char msg[512] = "";
    ss_farm_stats stats;
    double t0 = MPI_Wtime();
    int rc = ss_farm_run(MPI_COMM_WORLD, &job, &stats, msg, sizeof msg);
    if (rc != 0) {
        fprintf(stderr, "farm_check: %s\n", msg);
        fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    if (rank == 0) {
        double t = MPI_Wtime() - t0;
        fprintf(stderr, "farm_check: %zu rows, %zu by rank 0, %zu messages", stats.computed,
                stats.computed_self, stats.messages);
        if (argc > 4)
            fprintf(stderr, "; %.3f s, %.0f rows/s, %.0f messages/s", t, (double)stats.computed / t,
                    (double)stats.messages / t);
        fputc('\n', stderr);
    }
    if (c.out != stdout)
        fclose(c.out);
    MPI_Finalize();
    return 0;
}
