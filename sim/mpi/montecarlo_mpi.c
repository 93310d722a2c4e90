/* `mpirun sanctionsim run --runs N`: the Monte Carlo runs shared over ranks, the bands computed by
 * rank 0 exactly as ss_montecarlo does. */
#include "montecarlo_mpi.h"

#include <stdlib.h>
#include <string.h>

#include "mpi_farm.h"
#include "montecarlo_internal.h"
#include "sanctionsim/columns.h"
#include "sanctionsim/montecarlo.h"
#include "sanctionsim/timeline.h"

#ifdef _OPENMP
#include <omp.h>
#endif

/* What the farm's callbacks need. */
typedef struct mc_farm {
    const ss_scenario *sc;
    const ss_mc_opts *o;
    size_t ncols, nperiods, per_run;
    double *vals;       /* rank 0: runs * per_run, run k at k * per_run */
    double *block_vals; /* a block's runs */
    ss_status *status;
    ss_error *errs;
    size_t cap;
} mc_farm;

/* A block of runs on the rank's threads; each run's doubles are its row,
 * sent as bytes so that rank 0 gets exactly the values computed. */
static int mc_compute(void *ctx, const size_t *idx, size_t n, ss_farm_buf *out, size_t *lens,
                      char *msg, size_t msglen)
{
    mc_farm *f = ctx;
    if (n > f->cap) {
        double *v = realloc(f->block_vals, n * f->per_run * sizeof *v);
        if (v)
            f->block_vals = v;
        ss_status *s = v ? realloc(f->status, n * sizeof *s) : NULL;
        if (s)
            f->status = s;
        ss_error *e = s ? realloc(f->errs, n * sizeof *e) : NULL;
        if (!e) {
            snprintf(msg, msglen, "out of memory for a block of %zu runs", n);
            return -1;
        }
        f->errs = e;
        f->cap = n;
    }
    long nruns = (long)n;
    const mc_farm *cf = f;
    double *vals = f->block_vals;
    ss_status *status = f->status;
    ss_error *errs = f->errs;
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic)                                                         \
    num_threads(f->o->threads > 0 ? f->o->threads : omp_get_max_threads())
#endif
    for (long r = 0; r < nruns; r++)
        status[r] = ss_mc_one_run(cf->sc, cf->o->seed, idx[r], vals + (size_t)r * cf->per_run,
                                  cf->ncols, &errs[r]);
    for (size_t r = 0; r < n; r++) {
        if (status[r] != SS_OK) {
            /* as ss_montecarlo: the run fails the whole Monte Carlo */
            snprintf(msg, msglen, "run %zu: %s", idx[r], errs[r].message);
            return -1;
        }
        size_t bytes = f->per_run * sizeof *vals;
        if (ss_farm_buf_append(out, (const char *)(vals + r * f->per_run), bytes) != 0) {
            snprintf(msg, msglen, "out of memory for a block of %zu runs", n);
            return -1;
        }
        lens[r] = bytes;
    }
    return 0;
}

static int mc_write(void *ctx, size_t k, const char *row, size_t len, char *msg, size_t msglen)
{
    mc_farm *f = ctx;
    if (len != f->per_run * sizeof *f->vals) {
        snprintf(msg, msglen, "run %zu: %zu bytes instead of %zu", k, len,
                 f->per_run * sizeof *f->vals);
        return -1;
    }
    memcpy(f->vals + k * f->per_run, row, len);
    return 0;
}

ss_status ss_montecarlo_mpi(MPI_Comm comm, const ss_scenario *sc, const ss_mc_opts *o,
                            ss_mc_bands **bands, int *released, ss_error *err)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    *bands = NULL;
    mc_farm f = {.sc = sc, .o = o};
    f.nperiods = ss_timeline_periods(sc->timeline);
    ss_column names[SS_RESULT_MAX_COLUMNS];
    f.ncols = ss_result_columns(sc, NULL, names);
    f.per_run = f.ncols * f.nperiods;
    ss_status st = SS_OK;
    /* every rank goes through the farm, even when rank 0 cannot allocate:
     * the others are waiting for it */
    if (rank == 0 && f.nperiods > 0 && o->runs > 0)
        f.vals = malloc(o->runs * f.per_run * sizeof *f.vals);
    int threads = o->threads > 0 ? o->threads : 1;
    ss_farm_job job = {
        .npoints = o->runs,
        .compute = mc_compute,
        .write = mc_write,
        .ctx = &f,
        /* a run takes milliseconds: small blocks balance well and cost
         * nothing in messages */
        .block_max = 4 * (size_t)threads,
        .self_chunk = (size_t)threads,
        .todo = o->runs,
    };
    if (rank == 0 && (f.nperiods == 0 || o->runs < 1 || !f.vals))
        job.npoints = job.todo = 0; /* release the workers, then report */
    char msg[SS_ERRMSG_MAX] = "";
    int rc = ss_farm_run(comm, &job, NULL, msg, sizeof msg);
    if (released)
        *released = rc >= 0;
    free(f.block_vals);
    free(f.status);
    free(f.errs);
    if (rank != 0 || rc < 0) {
        if (rc < 0)
            st = ss_error_set(err, strstr(msg, "out of memory") ? SS_ENOMEM : SS_ENUMERIC, "%s",
                              msg);
    } else if (f.nperiods == 0) {
        st = ss_error_set(err, SS_EINPUT, "%s: the scenario has no 'timeline' section", sc->path);
    } else if (o->runs < 1) {
        st = ss_error_set(err, SS_EINPUT, "at least one run is needed");
    } else if (!f.vals) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
    } else {
        /* the bands exactly as ss_montecarlo computes them (tests/mpi checks the bytes) */
        st = ss_mc_bands_from_runs(sc, o->runs, f.vals, bands, err);
    }
    free(f.vals);
    return st;
}

int ss_montecarlo_mpi_hook(const ss_scenario *sc, const ss_mc_opts *o, ss_mc_bands **bands,
                           ss_error *err, ss_status *st)
{
    if (!ss_mpi_running()) {
        *st = ss_montecarlo(sc, o, bands, err);
        return -1;
    }
    int code = ss_mpi_ready();
    if (code >= 0)
        return code;
    if (ss_mpi_rank() == 0)
        ss_mpi_farm_begin();
    int released = 0;
    *st = ss_montecarlo_mpi(MPI_COMM_WORLD, sc, o, bands, &released, err);
    if (ss_mpi_rank() == 0) {
        ss_mpi_farm_end(released);
        return -1;
    }
    if (*st != SS_OK) {
        /* rank 0 was told and had time to end the run; it did not */
        fprintf(stderr, "sanctionsim run: %s\n", err->message);
        ss_mpi_abort(1);
    }
    return 0;
}
