/* An ordered work farm over MPI ranks: rank 0 hands out blocks of indices on request and writes the
 * rows in index order. */
#ifndef SANCTIONSIM_MPI_FARM_H
#define SANCTIONSIM_MPI_FARM_H

#include <mpi.h>
#include <stddef.h>

/* A growable byte buffer rows are appended to. */
typedef struct ss_farm_buf {
    char *data;
    size_t len, cap;
} ss_farm_buf;

/* Appends len bytes; 0, or -1 when out of memory (the buffer is unchanged). */
int ss_farm_buf_append(ss_farm_buf *b, const char *bytes, size_t len);

/* The work: indices 0..npoints-1, each turned into one row of bytes.
 *
 * compute runs on every rank: it appends the rows of idx[0..n) to out, in
 * the order of idx, and sets lens[k] to the length of idx[k]'s row. It may
 * use threads. It returns 0, or -1 after filling msg (the run then ends with
 * that message on rank 0). A point that fails numerically is a row with a
 * status, not a failure.
 *
 * skip (may be NULL) and write run on rank 0 only. skip(ctx, i) != 0 leaves
 * index i out (already in the output of an interrupted run). write receives
 * every other index's row exactly once, in increasing index order; it returns
 * 0, or -1 after filling msg.
 *
 * stop (may be NULL) runs on rank 0 between messages: non-zero stops handing
 * out work; the blocks already handed out are finished and written, and
 * ss_farm_run returns 1. */
typedef struct ss_farm_job {
    size_t npoints;
    int (*compute)(void *ctx, const size_t *idx, size_t n, ss_farm_buf *out, size_t *lens,
                   char *msg, size_t msglen);
    int (*skip)(void *ctx, size_t index);
    int (*write)(void *ctx, size_t index, const char *row, size_t len, char *msg, size_t msglen);
    int (*stop)(void *ctx);
    void *ctx;
    size_t block_max;  /* largest block handed to a worker; 0: 256 */
    size_t window;     /* rows rank 0 may hold waiting for earlier ones; 0: 65536 */
    size_t self_chunk; /* points rank 0 computes between messages; 0: 4 */
    size_t todo;       /* the indices skip leaves in, if known (0: counted, O(npoints)) */
} ss_farm_job;

/* What a farm run did, filled on rank 0. */
typedef struct ss_farm_stats {
    size_t computed;      /* rows written by this run */
    size_t computed_self; /* of which rank 0 computed */
    size_t messages;      /* results received from other ranks */
    int failed_rank;      /* the rank that failed, or -1 */
} ss_farm_stats;

/* Runs the farm on every rank of comm (collective). Rank 0 computes too,
 * between messages, in chunks small enough to answer requests quickly.
 *
 * Returns on rank 0: 0 when every index was written, 1 when stop ended it
 * early, -1 on a failure of any rank, with msg saying which rank and why
 * ("rank 3: ..."); the caller reports it and calls MPI_Abort, since the
 * other ranks may be waiting for work that will not come. On other ranks:
 * 0 after rank 0 released them, -1 with msg when this rank failed (it has
 * told rank 0). stats may be NULL. */
int ss_farm_run(MPI_Comm comm, const ss_farm_job *job, ss_farm_stats *stats, char *msg,
                size_t msglen);

#endif
