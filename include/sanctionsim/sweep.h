/* Parameter sweeps: every point of a design solved and written as one row of a
 * TSV/CSV file. Computing point i into a row (ss_sweep_compute, thread-safe)
 * is separate from writing rows in index order (ss_sweep_run for threads; an
 * MPI driver can hand out points and write rows itself), so the rows are
 * byte-identical however the work is split. */
#ifndef SANCTIONSIM_SWEEP_H
#define SANCTIONSIM_SWEEP_H

#include <signal.h>
#include <stdio.h>
#include <sys/types.h>

#include "sanctionsim/design.h"
#include "sanctionsim/scenario.h"

typedef struct ss_sweep ss_sweep;

typedef struct ss_sweep_opts {
    char sep;        /* '\t' (tsv) or ',' (csv) */
    int warm_starts; /* 1: warm-start each point from its cell's anchor, verified (design.h) */
    /* A sweep over a timeline (reporter.h): each point runs the timeline and
     * its row holds these reporters instead of the result columns (nreporters
     * 0: an equilibrium sweep). Warm starts do not apply. */
    const struct ss_reporter *reporters;
    size_t nreporters;
    size_t repetitions;     /* 0: one deterministic run per point; R: runs 0..R-1 */
    unsigned long run_seed; /* the runs' seed (as `run --runs R --seed S`) */
} ss_sweep_opts;

/* Prepares a sweep of design d over scenario sc (both must outlive it, and
 * o->reporters too). Returns NULL and fills err when out of memory or when a
 * varied belief does not fit the scenario's belief table (SS_EINPUT). In a
 * sweep over a timeline, a varied key with a prior keeps the point's value
 * in every repetition: its prior is not drawn (events dated later still
 * change it, as they change any key). */
ss_sweep *ss_sweep_alloc(const ss_scenario *sc, const ss_design *d, const ss_sweep_opts *o,
                         ss_error *err);

/* Frees a sweep; NULL is harmless. */
void ss_sweep_free(ss_sweep *sw);

/* The design, scenario and options the sweep was made with. */
const ss_design *ss_sweep_design(const ss_sweep *sw);
const ss_scenario *ss_sweep_scenario(const ss_sweep *sw);
const ss_sweep_opts *ss_sweep_options(const ss_sweep *sw);

/* One point of the design, ready to compute. */
typedef struct ss_sweep_point {
    size_t index;
    size_t anchor; /* its warm-start cell */
    double values[SS_MAX_VARY];
} ss_sweep_point;

/* Fills pt with point i. Uses the sweep's one sampler: call it from one thread
 * (increasing i is cheapest). */
void ss_sweep_point_at(ss_sweep *sw, size_t i, ss_sweep_point *pt);

/* Warm starts. A point may be computed only once its anchor is solved (or
 * when warm starts are off). ss_sweep_solve_anchor solves anchor a from a
 * cold start; calls for distinct anchors may run in parallel, but not while a
 * point of that cell is being computed. */
int ss_sweep_anchor_needed(const ss_sweep *sw, const ss_sweep_point *pt);
void ss_sweep_solve_anchor(ss_sweep *sw, size_t anchor);

/* One row of text: "index, the varied values, the result columns\n" (with
 * reporters: the reporters' values and the status, "ok" or "failed" when a
 * run failed: its values are then nan). */
typedef struct ss_row {
    size_t index;
    char *text; /* owned (malloc), NULL when not computed */
    size_t len;
    int failed; /* the point has no answer (its status is not ok, mixed or qre) */
    int mixed;  /* its answer is a mixed equilibrium */
} ss_row;

/* Computes point pt into row (the caller frees row->text). The point is
 * solved warm from its anchor's equilibrium; a warm result that is not
 * converged and certified is thrown away and the point solved cold, so warm
 * starts change nothing beyond the solver's tolerance. A point whose solve
 * fails still gets its row, with its status. Thread-safe for distinct rows.
 * Returns SS_OK, or SS_ENOMEM when the row could not be made or memory ran
 * out in the solve (then no row: out of memory says nothing of the point). */
ss_status ss_sweep_compute(const ss_sweep *sw, const ss_sweep_point *pt, ss_row *row);

/* ---- running on threads (sweep_run.c) ---------------------------------- */

typedef struct ss_sweep_run_opts {
    size_t shard, nshards;       /* compute the indices with index % nshards == shard */
    size_t first;                /* start at the first of them >= first (--resume) */
    int threads;                 /* OpenMP threads, >= 1 */
    size_t block;                /* points per block (memory is O(block)); 0: 256 per thread */
    volatile sig_atomic_t *stop; /* may be NULL; non-zero: write the finished rows, return */
    /* Called after each block from the calling thread, with the rows written so
     * far by this call and the number it will write when complete. */
    void (*progress)(void *arg, size_t done, size_t todo);
    void *progress_arg;
} ss_sweep_run_opts;

typedef struct ss_run_stats {
    size_t written; /* rows written by this call */
    size_t failed;  /* of which the point has no answer (ss_status_word_answered) */
    size_t mixed;   /* of which the answer is a mixed equilibrium */
    size_t next;    /* the next index to compute (>= points when complete) */
    int stopped;    /* 1 when *stop ended the run early */
} ss_run_stats;

/* Computes the points in blocks on o->threads threads and writes their rows
 * to out in index order, flushing after every block. Rows do not depend on
 * the number of threads or on where the run starts. Returns SS_OK (also when
 * stopped or when points failed: see stats), SS_EIO when writing fails or
 * SS_ENOMEM. */
ss_status ss_sweep_run(ss_sweep *sw, FILE *out, const ss_sweep_run_opts *o, ss_run_stats *stats,
                       ss_error *err);

/* The number of indices i in [first, points) with i % nshards == shard. */
size_t ss_shard_count(size_t points, size_t shard, size_t nshards, size_t first);

#endif
