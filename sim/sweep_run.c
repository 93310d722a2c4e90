/* Running a sweep on OpenMP threads: points in blocks, rows written in index order. */
#include "sanctionsim/sweep.h"

#include <stdlib.h>
#include <errno.h>
#include <string.h>

#ifdef _OPENMP
#define SS_OMP(directive) _Pragma(#directive)
#else
#define SS_OMP(directive)
#endif

/* The indices below x that belong to shard K/N. */
static size_t owned_below(size_t x, size_t shard, size_t nshards)
{
    return x > shard ? (x - shard - 1) / nshards + 1 : 0;
}

size_t ss_shard_count(size_t points, size_t shard, size_t nshards, size_t first)
{
    if (first >= points)
        return 0;
    return owned_below(points, shard, nshards) - owned_below(first, shard, nshards);
}

static int stopping(const ss_sweep_run_opts *o)
{
    return o->stop && *o->stop;
}

ss_status ss_sweep_run(ss_sweep *sw, FILE *out, const ss_sweep_run_opts *o, ss_run_stats *stats,
                       ss_error *err)
{
    const ss_design *d = ss_sweep_design(sw);
    size_t points = d->points, nshards = o->nshards ? o->nshards : 1, shard = o->shard;
    int threads = o->threads > 0 ? o->threads : 1;
    size_t block = o->block ? o->block : 256 * (size_t)threads;
    memset(stats, 0, sizeof *stats);

    /* the shard's first index >= o->first */
    size_t i = o->first;
    if (i % nshards != shard)
        i += (shard + nshards - i % nshards) % nshards;
    size_t todo = ss_shard_count(points, shard, nshards, o->first);

    ss_sweep_point *pts = malloc(block * sizeof *pts);
    ss_row *rows = calloc(block, sizeof *rows);
    size_t *need = malloc(block * sizeof *need);
    unsigned char *queued = calloc(d->anchors, 1);
    ss_status st = SS_OK;
    if (!pts || !rows || !need || !queued) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }

    while (i < points && !stopping(o)) {
        size_t n = 0, nneed = 0;
        for (; n < block && i < points; n++) {
            ss_sweep_point_at(sw, i, &pts[n]);
            if (ss_sweep_anchor_needed(sw, &pts[n]) && !queued[pts[n].anchor]) {
                queued[pts[n].anchor] = 1;
                need[nneed++] = pts[n].anchor;
            }
            i = points - i > nshards ? i + nshards : points;
        }

        /* first the cells' anchors this block needs (the same whoever computes them) */
        long long nn = (long long)nneed, nb = (long long)n;
        SS_OMP(omp parallel for num_threads(threads) schedule(dynamic, 1))
        for (long long k = 0; k < nn; k++)
            ss_sweep_solve_anchor(sw, need[k]);

        int nomem = 0;
        SS_OMP(omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(| : nomem))
        for (long long k = 0; k < nb; k++) {
            rows[k].text = NULL;
            if (stopping(o))
                continue;
            if (ss_sweep_compute(sw, &pts[k], &rows[k]) != SS_OK)
                nomem = 1;
        }

        /* rows in index order, up to the first that was not computed */
        size_t k = 0;
        for (; k < n && rows[k].text; k++) {
            if (fwrite(rows[k].text, 1, rows[k].len, out) != rows[k].len)
                break;
            stats->written++;
            stats->failed += rows[k].failed != 0;
            stats->mixed += rows[k].mixed != 0;
            stats->next = rows[k].index + 1;
        }
        int write_failed = k < n && rows[k].text != NULL;
        int write_errno = errno;
        for (size_t q = 0; q < n; q++) {
            free(rows[q].text);
            rows[q].text = NULL;
        }
        if (!write_failed && fflush(out) != 0) {
            write_failed = 1;
            write_errno = errno;
        }
        if (write_failed || ferror(out)) {
            st = ss_error_set(err, SS_EIO, "writing the rows failed (%s)", strerror(write_errno));
            goto done;
        }
        if (nomem && !stopping(o)) {
            st = ss_error_set(err, SS_ENOMEM, "out of memory");
            goto done;
        }
        if (k < n)
            break; /* stopped inside the block */
        if (o->progress)
            o->progress(o->progress_arg, stats->written, todo);
    }
    if (stats->written < todo)
        stats->stopped = 1;
    if (stats->written == todo)
        stats->next = points;
    else if (stats->written == 0)
        stats->next = o->first;
done:
    free(pts);
    free(rows);
    free(need);
    free(queued);
    return st;
}
