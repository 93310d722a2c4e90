/* `mpirun sanctionsim sweep`: the sweep engine's points computed on every rank, rows written in
 * order by rank 0. */
#include "sweep_mpi.h"

#include "sanctionsim/columns.h"

#include <stdlib.h>
#include <string.h>

#include "mpi_farm.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* What the farm's callbacks need: the sweep, the options and the counts. */
typedef struct sweep_farm {
    ss_sweep *sw;
    const ss_sweep_run_opts *o;
    FILE *out;
    size_t written, failed, todo;
    ss_sweep_point *points; /* a block's points */
    ss_row *rows;
    size_t cap;
} sweep_farm;

/* Computes a block: the points in order (the sampler is sequential), the
 * anchors they need, then the rows on the rank's threads. */
static int farm_compute(void *ctx, const size_t *idx, size_t n, ss_farm_buf *out, size_t *lens,
                        char *msg, size_t msglen)
{
    sweep_farm *f = ctx;
    if (n > f->cap) {
        ss_sweep_point *p = realloc(f->points, n * sizeof *p);
        if (p)
            f->points = p;
        ss_row *r = p ? realloc(f->rows, n * sizeof *r) : NULL;
        if (!r) {
            snprintf(msg, msglen, "out of memory for a block of %zu points", n);
            return -1;
        }
        f->rows = r;
        f->cap = n;
    }
    size_t nanchors = 0;
    size_t *anchors = malloc(n * sizeof *anchors);
    if (!anchors) {
        snprintf(msg, msglen, "out of memory for a block of %zu points", n);
        return -1;
    }
    for (size_t k = 0; k < n; k++) {
        ss_sweep_point_at(f->sw, idx[k], &f->points[k]);
        /* A point is computed from its solved anchor on every rank, as on one
         * thread, so that its row is the same wherever it is computed. */
        if (ss_sweep_anchor_needed(f->sw, &f->points[k])) {
            size_t a = f->points[k].anchor, j = 0;
            while (j < nanchors && anchors[j] != a)
                j++;
            if (j == nanchors)
                anchors[nanchors++] = a;
        }
    }
    int threads = f->o->threads > 0 ? f->o->threads : 1;
    (void)threads;
    ss_sweep *sw = f->sw;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic) num_threads(threads)
#endif
    for (size_t j = 0; j < nanchors; j++)
        ss_sweep_solve_anchor(sw, anchors[j]);
    free(anchors);

    int nomem = 0;
    const ss_sweep_point *points = f->points;
    ss_row *rows = f->rows;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic) num_threads(threads) reduction(| : nomem)
#endif
    for (size_t k = 0; k < n; k++)
        if (ss_sweep_compute(sw, &points[k], &rows[k]) != SS_OK)
            nomem |= 1;
    int rc = 0;
    for (size_t k = 0; k < n; k++) {
        if (!nomem && ss_farm_buf_append(out, rows[k].text, rows[k].len) != 0)
            nomem = 1;
        lens[k] = rows[k].len;
        free(rows[k].text);
    }
    if (nomem) {
        snprintf(msg, msglen, "out of memory computing a block of %zu points", n);
        rc = -1;
    }
    return rc;
}

/* Indices this run leaves out: those of other shards and, on --resume, the
 * ones already in the file. */
static int farm_skip(void *ctx, size_t i)
{
    const sweep_farm *f = ctx;
    size_t nshards = f->o->nshards ? f->o->nshards : 1;
    return i < f->o->first || i % nshards != f->o->shard;
}

/* Whether a row's last field, the status, is an answer (a status is one
 * word, so the field starts after the last tab or comma, TSV or CSV). */
static int row_ok(const char *row, size_t len)
{
    if (len > 0 && row[len - 1] == '\n')
        len--;
    size_t start = len;
    while (start > 0 && row[start - 1] != '\t' && row[start - 1] != ',')
        start--;
    char word[16];
    if (len - start >= sizeof word)
        return 0;
    memcpy(word, row + start, len - start);
    word[len - start] = '\0';
    return ss_status_word_answered(word);
}

static int farm_write(void *ctx, size_t i, const char *row, size_t len, char *msg, size_t msglen)
{
    sweep_farm *f = ctx;
    if (fwrite(row, 1, len, f->out) != len) {
        snprintf(msg, msglen, "writing row %zu failed", i);
        return -1;
    }
    f->written++;
    if (!row_ok(row, len))
        f->failed++;
    /* Rows reach the file about as often as ss_sweep_run flushes its blocks,
     * so an interrupted run keeps them for --resume. */
    if (f->written % 256 == 0 || f->written == f->todo) {
        if (fflush(f->out) != 0) {
            snprintf(msg, msglen, "writing row %zu failed", i);
            return -1;
        }
        if (f->o->progress)
            f->o->progress(f->o->progress_arg, f->written, f->todo);
    }
    return 0;
}

static int farm_stop(void *ctx)
{
    const sweep_farm *f = ctx;
    return f->o->stop && *f->o->stop;
}

ss_status ss_sweep_run_mpi(MPI_Comm comm, ss_sweep *sw, FILE *out, const ss_sweep_run_opts *o,
                           ss_run_stats *stats, ss_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    const ss_design *d = ss_sweep_design(sw);
    size_t nshards = o->nshards ? o->nshards : 1;
    int threads = o->threads > 0 ? o->threads : 1;
    sweep_farm f = {.sw = sw, .o = o, .out = out};
    if (rank == 0)
        f.todo = ss_shard_count(d->points, o->shard, nshards, o->first);
    ss_farm_job job = {
        .npoints = d->points,
        .compute = farm_compute,
        .skip = farm_skip,
        .write = farm_write,
        .stop = farm_stop,
        .ctx = &f,
        /* a block is tens of milliseconds of work: requests stay rare */
        .block_max = o->block ? o->block : 64 * (size_t)threads,
        .self_chunk = (size_t)threads,
        .todo = f.todo,
    };
    char msg[SS_ERRMSG_MAX] = "";
    ss_farm_stats fs;
    int rc = ss_farm_run(comm, &job, &fs, msg, sizeof msg);
    free(f.points);
    free(f.rows);
    if (rc < 0) {
        ss_status st = strstr(msg, "out of memory") ? SS_ENOMEM
                       : strstr(msg, "writing")     ? SS_EIO
                                                    : SS_ENUMERIC;
        return ss_error_set(err, st, "%s", msg);
    }
    if (stats && rank == 0) {
        stats->written = f.written;
        stats->failed = f.failed;
        stats->stopped = rc == 1;
        /* the next index of the shard not yet written, as ss_sweep_run says */
        size_t next = o->first;
        while (next < d->points && next % nshards != o->shard)
            next++;
        stats->next = f.written >= (d->points - next + nshards - 1) / nshards
                          ? d->points
                          : next + f.written * nshards;
    }
    return SS_OK;
}
