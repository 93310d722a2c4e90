/* The MPI work farm behind `mpirun sanctionsim sweep`: hand-out, reordering window and failure
 * reports (docs/scaling.md). */
#include "mpi_farm.h"

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Message tags. A worker's RESULT carries its finished block and asks for the
 * next one (the first RESULT is empty); rank 0 answers with WORK, a list of
 * indices, empty when there is nothing more to do. FAIL carries a worker's
 * error message. */
enum { TAG_RESULT = 1, TAG_WORK = 2, TAG_FAIL = 3 };

/* Seconds a failed worker waits for rank 0 to end the run before ending it itself. */
#define FAIL_GRACE_SECONDS 60

int ss_farm_buf_append(ss_farm_buf *b, const char *bytes, size_t len)
{
    if (len > SIZE_MAX - b->len)
        return -1;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len)
            cap = cap > SIZE_MAX / 2 ? b->len + len : cap * 2;
        char *data = realloc(b->data, cap);
        if (!data)
            return -1;
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, len);
    b->len += len;
    return 0;
}

static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
    if (!msg || msglen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, msglen, fmt, ap);
    va_end(ap);
}

/* A testing aid: SANCTIONSIM_MPI_FAIL_RANK=K makes rank K report a failure
 * after its first block, and K:abort makes it die by abort() instead, so that
 * tests/mpi can show that a failed rank ends the run with an error. */
static int injected_failure(int rank, int *kill_it)
{
    const char *v = getenv("SANCTIONSIM_MPI_FAIL_RANK");
    if (!v || !*v)
        return 0;
    char *end;
    long k = strtol(v, &end, 10);
    if (end == v || k != rank)
        return 0;
    *kill_it = strcmp(end, ":abort") == 0;
    return 1;
}

/* Waits for a message like MPI_Probe, but sleeps between polls once the
 * wait is longer than a moment: MPI_Probe spins, and a spinning rank takes
 * the core of a computing one when ranks outnumber cores. */
static void wait_message(MPI_Comm comm, int source, int tag, MPI_Status *st)
{
    long pause_ns = 0;
    for (int polls = 0;; polls++) {
        int flag = 0;
        MPI_Iprobe(source, tag, comm, &flag, st);
        if (flag)
            return;
        if (polls < 100)
            continue;
        pause_ns = pause_ns ? pause_ns * 2 : 10000;
        if (pause_ns > 500000)
            pause_ns = 500000;
        struct timespec pause = {0, pause_ns};
        nanosleep(&pause, NULL);
    }
}

/* Waits for a request like MPI_Wait, sleeping between polls as wait_message. */
static void wait_request(MPI_Request *req)
{
    long pause_ns = 0;
    for (int polls = 0;; polls++) {
        int flag = 0;
        MPI_Test(req, &flag, MPI_STATUS_IGNORE);
        if (flag)
            return;
        if (polls < 100)
            continue;
        pause_ns = pause_ns ? pause_ns * 2 : 10000;
        if (pause_ns > 500000)
            pause_ns = 500000;
        struct timespec pause = {0, pause_ns};
        nanosleep(&pause, NULL);
    }
}

/* ---- a worker (rank > 0) */

/* Packs a block's result: n, the indices, the lengths, then the rows. */
static int pack_result(ss_farm_buf *msgbuf, const size_t *idx, const size_t *lens, size_t n,
                       const ss_farm_buf *rows)
{
    msgbuf->len = 0;
    uint64_t v = n;
    if (ss_farm_buf_append(msgbuf, (const char *)&v, sizeof v) != 0)
        return -1;
    for (size_t k = 0; k < n; k++) {
        v = idx[k];
        if (ss_farm_buf_append(msgbuf, (const char *)&v, sizeof v) != 0)
            return -1;
    }
    for (size_t k = 0; k < n; k++) {
        v = lens[k];
        if (ss_farm_buf_append(msgbuf, (const char *)&v, sizeof v) != 0)
            return -1;
    }
    return rows->len ? ss_farm_buf_append(msgbuf, rows->data, rows->len) : 0;
}

/* Tells rank 0 why this rank fails, then gives it time to report and abort. */
static int worker_fail(MPI_Comm comm, const char *why)
{
    MPI_Send(why, (int)strlen(why) + 1, MPI_CHAR, 0, TAG_FAIL, comm);
    time_t until = time(NULL) + FAIL_GRACE_SECONDS;
    while (time(NULL) < until) {
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    return -1;
}

/* Blocks a worker holds: the one it computes and the next, already there when
 * it sends its result, so that it never waits for rank 0's answer. */
#define DEPTH 2

/* A block of indices received from rank 0. */
typedef struct farm_block {
    uint64_t *wire;
    size_t n, cap;
} farm_block;

/* Receives the WORK messages that have arrived into q (waiting for one when
 * block and q is empty); an empty one sets *released. Returns 0, or -1 when
 * out of memory or when rank 0 sent more than DEPTH blocks. */
static int receive_work(MPI_Comm comm, farm_block *q, int *nq, int block, int *released)
{
    for (;;) {
        MPI_Status st;
        int flag = 0, count;
        if (block && *nq == 0 && !*released) {
            wait_message(comm, 0, TAG_WORK, &st);
            flag = 1;
        } else {
            MPI_Iprobe(0, TAG_WORK, comm, &flag, &st);
        }
        if (!flag)
            return 0;
        MPI_Get_count(&st, MPI_BYTE, &count);
        size_t n = (size_t)count / sizeof(uint64_t);
        if (n == 0) {
            MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_WORK, comm, MPI_STATUS_IGNORE);
            *released = 1;
            continue;
        }
        if (*nq == DEPTH)
            return -1;
        farm_block *b = &q[*nq];
        if (n > b->cap) {
            uint64_t *w = realloc(b->wire, n * sizeof *w);
            if (!w) {
                MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_WORK, comm, MPI_STATUS_IGNORE);
                return -1;
            }
            b->wire = w;
            b->cap = n;
        }
        MPI_Recv(b->wire, count, MPI_BYTE, 0, TAG_WORK, comm, MPI_STATUS_IGNORE);
        b->n = n;
        (*nq)++;
    }
}

static int run_worker(MPI_Comm comm, int rank, const ss_farm_job *job, char *msg, size_t msglen)
{
    /* two result buffers: one may still be on its way while the next block
     * is computed */
    ss_farm_buf rows = {0}, outs[2] = {{0}, {0}};
    MPI_Request sending[2] = {MPI_REQUEST_NULL, MPI_REQUEST_NULL};
    int cur = 0;
    farm_block q[DEPTH];
    memset(q, 0, sizeof q);
    size_t *idx = NULL, *lens = NULL, cap = 0;
    int nq = 0, released = 0;
    int kill_it = 0, inject = injected_failure(rank, &kill_it), blocks = 0, rc = 0;
    char why[512];

    /* an empty result: the first request */
    uint64_t none = 0;
    MPI_Send(&none, (int)sizeof none, MPI_BYTE, 0, TAG_RESULT, comm);
    for (;;) {
        if (receive_work(comm, q, &nq, 1, &released) != 0) {
            snprintf(why, sizeof why, "rank %d: out of memory for a block of points", rank);
            rc = -1;
            break;
        }
        if (nq == 0)
            break; /* released, nothing left to compute */
        size_t n = q[0].n;
        if (n > cap) {
            size_t *i2 = realloc(idx, n * sizeof *i2);
            if (i2)
                idx = i2;
            size_t *l2 = i2 ? realloc(lens, n * sizeof *l2) : NULL;
            if (l2)
                lens = l2;
            if (!i2 || !l2) {
                snprintf(why, sizeof why, "rank %d: out of memory for a block of %zu points", rank,
                         n);
                rc = -1;
                break;
            }
            cap = n;
        }
        for (size_t k = 0; k < n; k++)
            idx[k] = (size_t)q[0].wire[k];
        /* the block is copied out: its buffer goes to the back of the queue */
        farm_block done = q[0];
        for (int k = 1; k < nq; k++)
            q[k - 1] = q[k];
        q[--nq] = done;
        if (inject && blocks == 1) {
            if (kill_it)
                abort();
            snprintf(why, sizeof why,
                     "rank %d: failure injected for testing (SANCTIONSIM_MPI_FAIL_RANK)", rank);
            rc = -1;
            break;
        }
        rows.len = 0;
        char cmsg[400] = "";
        if (job->compute(job->ctx, idx, n, &rows, lens, cmsg, sizeof cmsg) != 0) {
            snprintf(why, sizeof why, "rank %d: %s", rank, cmsg[0] ? cmsg : "computing failed");
            rc = -1;
            break;
        }
        blocks++;
        ss_farm_buf *out = &outs[cur];
        wait_request(&sending[cur]);
        if (pack_result(out, idx, lens, n, &rows) != 0) {
            snprintf(why, sizeof why, "rank %d: out of memory packing %zu rows", rank, n);
            rc = -1;
            break;
        }
        if (out->len > INT_MAX) {
            snprintf(why, sizeof why, "rank %d: a block of %zu rows is over 2 GB", rank, n);
            rc = -1;
            break;
        }
        MPI_Isend(out->data, (int)out->len, MPI_BYTE, 0, TAG_RESULT, comm, &sending[cur]);
        cur ^= 1;
    }
    /* rank 0 takes every result, also before it reads a failure's reason */
    wait_request(&sending[0]);
    wait_request(&sending[1]);
    free(rows.data);
    free(outs[0].data);
    free(outs[1].data);
    for (int k = 0; k < DEPTH; k++)
        free(q[k].wire);
    free(idx);
    free(lens);
    if (rc != 0) {
        set_msg(msg, msglen, "%s", why);
        return worker_fail(comm, why);
    }
    return 0;
}

/* ---- rank 0 */

/* Rank 0's state: the hand-out cursor, the reordering window and the workers. */
typedef struct farm_master {
    MPI_Comm comm;
    int nranks;
    const ss_farm_job *job;
    size_t block_max, window;
    size_t next_hand;  /* smallest index not yet handed out (or skipped) */
    size_t next_write; /* smallest index not yet written (or skipped) */
    size_t remaining;  /* indices neither handed out nor skipped: a bound for the block size */
    char **slot;       /* window ring: slot[i % window] holds row i once it arrived */
    size_t *slot_len;
    int *waiting; /* ranks that want (more) work */
    char *is_waiting;
    int *outstanding;      /* blocks handed to each rank and not yet returned, at most DEPTH */
    MPI_Request *send_req; /* DEPTH per rank: the blocks being sent */
    uint64_t *send_buf;    /* DEPTH * block_max indices per rank */
    int nwaiting;
    int busy;     /* blocks handed out and not yet returned */
    int released; /* ranks told there is no more work */
    int stopping;
    ss_farm_stats *stats;
    char *msg;
    size_t msglen;
} farm_master;

/* Moves a cursor past skipped indices. */
static size_t past_skipped(const farm_master *m, size_t i)
{
    while (i < m->job->npoints && m->job->skip && m->job->skip(m->job->ctx, i))
        i++;
    return i;
}

/* Writes every row that is next in order. */
static int flush_rows(farm_master *m)
{
    for (;;) {
        m->next_write = past_skipped(m, m->next_write);
        if (m->next_write >= m->job->npoints)
            return 0;
        size_t s = m->next_write % m->window;
        if (!m->slot[s])
            return 0;
        char wmsg[400] = "";
        int rc = m->job->write(m->job->ctx, m->next_write, m->slot[s], m->slot_len[s], wmsg,
                               sizeof wmsg);
        free(m->slot[s]);
        m->slot[s] = NULL;
        if (rc != 0) {
            set_msg(m->msg, m->msglen, "rank 0: %s", wmsg[0] ? wmsg : "writing failed");
            return -1;
        }
        m->stats->computed++;
        m->next_write++;
    }
}

/* Takes the next block of at most max indices that fit in the window. */
static size_t take_block(farm_master *m, size_t max, uint64_t *out)
{
    size_t n = 0;
    if (m->stopping)
        return 0;
    while (n < max) {
        m->next_hand = past_skipped(m, m->next_hand);
        if (m->next_hand >= m->job->npoints || m->next_hand >= m->next_write + m->window)
            break;
        out[n++] = m->next_hand++;
        if (m->remaining > 0)
            m->remaining--;
    }
    return n;
}

/* Guided self-scheduling: large blocks while much is left, small ones at the
 * end so that the last blocks finish together. */
static size_t block_size(const farm_master *m)
{
    size_t b = m->remaining / (4 * (size_t)m->nranks);
    if (b > m->block_max)
        b = m->block_max;
    return b ? b : 1;
}

/* Sends a block (n indices; 0: the release) to worker r without waiting for
 * it to be received: a blocking MPI_Send of even a short message stalled
 * rank 0 until the worker, busy computing, next entered MPI (seconds over a
 * run). Each worker has DEPTH send buffers; a free one exists whenever fewer
 * than DEPTH blocks are out, since a block's result implies its delivery. */
static void send_work(farm_master *m, int r, const uint64_t *block, size_t n)
{
    size_t base = (size_t)r * DEPTH;
    int k = 0;
    while (k < DEPTH && m->send_req[base + (size_t)k] != MPI_REQUEST_NULL)
        k++;
    if (k == DEPTH) /* (MPI_Waitany would block on an active one even with a null one free) */
        MPI_Waitany(DEPTH, m->send_req + base, &k, MPI_STATUS_IGNORE);
    uint64_t *buf = m->send_buf + (base + (size_t)k) * m->block_max;
    memcpy(buf, block, n * sizeof *buf);
    MPI_Isend(buf, (int)(n * sizeof *buf), MPI_BYTE, r, TAG_WORK, m->comm,
              &m->send_req[base + (size_t)k]);
}

/* Answers the waiting workers that can be given work (or, at the end, released). */
static void serve_waiting(farm_master *m, uint64_t *buf)
{
    int keep = 0;
    for (int k = 0; k < m->nwaiting; k++) {
        int r = m->waiting[k];
        while (m->outstanding[r] < DEPTH) {
            size_t n = take_block(m, block_size(m), buf);
            if (n == 0)
                break;
            send_work(m, r, buf, n);
            m->outstanding[r]++;
            m->busy++;
        }
        int all_handed = m->stopping || past_skipped(m, m->next_hand) >= m->job->npoints;
        if (m->outstanding[r] == DEPTH || (all_handed && m->outstanding[r] > 0)) {
            m->is_waiting[r] = 0; /* it asks again with its next result */
        } else if (all_handed) {
            send_work(m, r, buf, 0); /* released */
            m->released++;
            m->is_waiting[r] = 0;
        } else {
            m->waiting[keep++] = r; /* the window is full: wait for earlier rows */
        }
    }
    m->nwaiting = keep;
}

/* Stores a worker's rows in the window. */
static int take_result(farm_master *m, int from, const char *data, size_t len)
{
    uint64_t n;
    if (len < sizeof n)
        goto bad;
    memcpy(&n, data, sizeof n);
    if (n > (len - sizeof n) / (2 * sizeof(uint64_t)))
        goto bad;
    const char *idx = data + sizeof n, *lens = idx + n * sizeof(uint64_t);
    const char *row = lens + n * sizeof(uint64_t);
    size_t left = len - (size_t)(row - data);
    for (uint64_t k = 0; k < n; k++) {
        uint64_t i, l;
        memcpy(&i, idx + k * sizeof i, sizeof i);
        memcpy(&l, lens + k * sizeof l, sizeof l);
        if (l > left || i < m->next_write || i >= m->next_write + m->window || i >= m->job->npoints)
            goto bad;
        size_t s = (size_t)(i % m->window);
        char *copy = malloc(l ? l : 1);
        if (!copy) {
            set_msg(m->msg, m->msglen, "rank 0: out of memory for rows from rank %d", from);
            return -1;
        }
        memcpy(copy, row, l);
        free(m->slot[s]);
        m->slot[s] = copy;
        m->slot_len[s] = l;
        row += l;
        left -= l;
    }
    return 0;
bad:
    set_msg(m->msg, m->msglen, "rank 0: a malformed result from rank %d", from);
    return -1;
}

/* Handles one message from a worker. */
static int handle_message(farm_master *m, const MPI_Status *probed, ss_farm_buf *in)
{
    int count, from = probed->MPI_SOURCE;
    MPI_Get_count(probed, MPI_BYTE, &count);
    in->len = 0;
    if ((size_t)count > in->cap) {
        char *d = realloc(in->data, (size_t)count);
        if (!d) {
            set_msg(m->msg, m->msglen, "rank 0: out of memory receiving from rank %d", from);
            return -1;
        }
        in->data = d;
        in->cap = (size_t)count;
    }
    MPI_Recv(in->data, count, MPI_BYTE, from, probed->MPI_TAG, m->comm, MPI_STATUS_IGNORE);
    if (probed->MPI_TAG == TAG_FAIL) {
        in->data[count > 0 ? count - 1 : 0] = '\0';
        set_msg(m->msg, m->msglen, "%s", count > 0 ? in->data : "a rank failed");
        m->stats->failed_rank = from;
        return -1;
    }
    uint64_t n = 0;
    if (count >= (int)sizeof n)
        memcpy(&n, in->data, sizeof n);
    if (n > 0) {
        if (m->outstanding[from] == 0) {
            set_msg(m->msg, m->msglen, "rank 0: rank %d sent rows it was not given", from);
            return -1;
        }
        m->outstanding[from]--;
        m->busy--;
        m->stats->messages++;
    }
    if (take_result(m, from, in->data, (size_t)count) != 0)
        return -1;
    if (!m->is_waiting[from]) {
        m->is_waiting[from] = 1;
        m->waiting[m->nwaiting++] = from;
    }
    return flush_rows(m);
}

/* Rank 0 computes a small chunk itself. */
static int compute_self(farm_master *m, size_t chunk, uint64_t *buf, size_t *idx, size_t *lens,
                        ss_farm_buf *rows)
{
    size_t n = take_block(m, chunk, buf);
    if (n == 0)
        return 0;
    for (size_t k = 0; k < n; k++)
        idx[k] = (size_t)buf[k];
    rows->len = 0;
    char cmsg[400] = "";
    if (m->job->compute(m->job->ctx, idx, n, rows, lens, cmsg, sizeof cmsg) != 0) {
        set_msg(m->msg, m->msglen, "rank 0: %s", cmsg[0] ? cmsg : "computing failed");
        m->stats->failed_rank = 0;
        return -1;
    }
    const char *row = rows->data;
    for (size_t k = 0; k < n; k++) {
        size_t s = idx[k] % m->window;
        m->slot[s] = malloc(lens[k] ? lens[k] : 1);
        if (!m->slot[s]) {
            set_msg(m->msg, m->msglen, "rank 0: out of memory for its own rows");
            return -1;
        }
        memcpy(m->slot[s], row, lens[k]);
        m->slot_len[s] = lens[k];
        row += lens[k];
    }
    m->stats->computed_self += n;
    return flush_rows(m);
}

/* Every index handed out and written, and every worker released. */
static int finished(const farm_master *m)
{
    int all_handed = m->stopping || past_skipped(m, m->next_hand) >= m->job->npoints;
    return all_handed && m->busy == 0 && m->released == m->nranks - 1;
}

static int run_master(MPI_Comm comm, int nranks, const ss_farm_job *job, ss_farm_stats *stats,
                      char *msg, size_t msglen)
{
    farm_master m = {
        .comm = comm, .nranks = nranks, .job = job, .stats = stats, .msg = msg, .msglen = msglen};
    m.block_max = job->block_max ? job->block_max : 256;
    m.window = job->window ? job->window : 65536;
    if (m.window < m.block_max)
        m.window = m.block_max;
    /* With workers, rank 0 computes a few points at a time so that it answers
     * a request within about the time of those points. */
    size_t chunk = nranks == 1 ? m.block_max : (job->self_chunk ? job->self_chunk : 4);
    if (chunk > m.block_max)
        chunk = m.block_max;
    ss_farm_buf in = {0}, rows = {0};
    uint64_t *buf = malloc(m.block_max * sizeof *buf);
    size_t *idx = malloc(chunk * sizeof *idx), *lens = malloc(chunk * sizeof *lens);
    m.slot = calloc(m.window, sizeof *m.slot);
    m.slot_len = calloc(m.window, sizeof *m.slot_len);
    m.waiting = malloc((size_t)nranks * sizeof *m.waiting);
    m.is_waiting = calloc((size_t)nranks, 1);
    m.outstanding = calloc((size_t)nranks, sizeof *m.outstanding);
    m.send_req = malloc((size_t)nranks * DEPTH * sizeof *m.send_req);
    m.send_buf = malloc((size_t)nranks * DEPTH * m.block_max * sizeof *m.send_buf);
    if (m.send_req)
        for (size_t k = 0; k < (size_t)nranks * DEPTH; k++)
            m.send_req[k] = MPI_REQUEST_NULL;
    int rc = 0;
    if (!buf || !idx || !lens || !m.slot || !m.slot_len || !m.waiting || !m.is_waiting ||
        !m.outstanding || !m.send_req || !m.send_buf) {
        set_msg(msg, msglen, "rank 0: out of memory for a window of %zu rows", m.window);
        rc = -1;
        goto done;
    }
    m.remaining = job->todo;
    for (size_t i = 0; i < job->npoints && !job->todo; i++)
        if (!job->skip || !job->skip(job->ctx, i))
            m.remaining++;
    for (;;) {
        if (!m.stopping && job->stop && job->stop(job->ctx))
            m.stopping = 1;
        int flag = 0;
        MPI_Status st;
        if (m.released < nranks - 1)
            MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &st);
        if (!flag) {
            size_t done_before = m.stats->computed_self;
            if (compute_self(&m, nranks == 1 ? block_size(&m) : chunk, buf, idx, lens, &rows) !=
                0) {
                rc = -1;
                break;
            }
            serve_waiting(&m, buf);
            if (finished(&m))
                break;
            if (m.stats->computed_self > done_before)
                continue;
            /* Nothing rank 0 may compute now: wait for a worker. */
            if (m.released == nranks - 1) {
                set_msg(msg, msglen, "rank 0: no work left to hand out and none to wait for");
                rc = -1;
                break;
            }
            wait_message(comm, MPI_ANY_SOURCE, MPI_ANY_TAG, &st);
        }
        if (handle_message(&m, &st, &in) != 0) {
            rc = -1;
            break;
        }
        serve_waiting(&m, buf);
        if (finished(&m))
            break;
    }
    if (rc == 0) {
        if (flush_rows(&m) != 0)
            rc = -1;
        else if (past_skipped(&m, m.next_write) < job->npoints)
            rc = 1;
    }
done:
    if (m.slot)
        for (size_t s = 0; s < m.window; s++)
            free(m.slot[s]);
    free(m.slot);
    free(m.slot_len);
    free(m.waiting);
    free(m.is_waiting);
    if (rc == 0 && m.send_req) /* the releases: delivered before MPI_Finalize */
        MPI_Waitall(nranks * DEPTH, m.send_req, MPI_STATUSES_IGNORE);
    free(m.outstanding);
    free(m.send_req);
    free(m.send_buf);
    free(buf);
    free(idx);
    free(lens);
    free(in.data);
    free(rows.data);
    return rc;
}

int ss_farm_run(MPI_Comm comm, const ss_farm_job *job, ss_farm_stats *stats, char *msg,
                size_t msglen)
{
    int rank, nranks;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &nranks);
    ss_farm_stats local = {0};
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    stats->failed_rank = -1;
    if (rank != 0)
        return run_worker(comm, rank, job, msg, msglen);
    return run_master(comm, nranks, job, stats, msg, msglen);
}
