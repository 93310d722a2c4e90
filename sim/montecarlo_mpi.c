/* `mpirun sanctionsim run --runs N`: the Monte Carlo runs shared over ranks, the bands computed by
 * rank 0 exactly as ss_montecarlo does. */
#include "montecarlo_mpi.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

#include "mpi_farm.h"
#include "sanctionsim/report.h"

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

/* Run k into vals (per_run doubles, column-major by period), as montecarlo.c's
 * one_run: the same generator seeded by (seed, k), the same columns. */
static ss_status mc_one_run(const mc_farm *f, size_t k, double *vals, ss_error *err)
{
    ss_series *s = ss_series_alloc(f->sc);
    if (!s)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_run_opts ro = {1, f->o->seed, k};
    ss_status st = ss_run(f->sc, &ro, s, err);
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    for (size_t p = 0; p < s->nperiods && st == SS_OK; p++) {
        ss_result_columns(f->sc, &s->result[p], cols);
        for (size_t c = 0; c < f->ncols; c++)
            vals[c * s->nperiods + p] = cols[c].value;
    }
    ss_series_free(s);
    return st;
}

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
        status[r] = mc_one_run(cf, idx[r], vals + (size_t)r * cf->per_run, &errs[r]);
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
    ss_mc_bands *b = NULL;
    double *column = NULL;
    ss_status st = SS_OK;
    /* every rank goes through the farm, even when rank 0 cannot allocate:
     * the others are waiting for it */
    if (rank == 0 && f.nperiods > 0 && o->runs > 0) {
        f.vals = malloc(o->runs * f.per_run * sizeof *f.vals);
        b = calloc(1, sizeof *b);
        column = malloc(o->runs * sizeof *column);
    }
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
    if (rank == 0 && (f.nperiods == 0 || o->runs < 1 || !f.vals || !b || !column))
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
        goto done;
    }
    if (f.nperiods == 0) {
        st = ss_error_set(err, SS_EINPUT, "%s: the scenario has no 'timeline' section", sc->path);
        goto done;
    }
    if (o->runs < 1) {
        st = ss_error_set(err, SS_EINPUT, "at least one run is needed");
        goto done;
    }
    if (!f.vals || !b || !column || !(b->pct = malloc(f.per_run * SS_MC_NPCT * sizeof *b->pct)) ||
        !(b->observed = calloc(f.nperiods * sc->params.n, sizeof *b->observed))) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    /* the bands as ss_montecarlo computes them (montecarlo.c): the same
     * values in the same order give the same bytes (tests/mpi checks it) */
    b->nperiods = f.nperiods;
    b->runs = o->runs;
    b->n = sc->params.n;
    b->ncols = ss_result_columns(sc, NULL, b->names);
    for (size_t q = 0; q < f.per_run; q++) {
        for (size_t r = 0; r < o->runs; r++)
            column[r] = f.vals[r * f.per_run + q];
        gsl_sort(column, 1, o->runs);
        for (size_t k = 0; k < SS_MC_NPCT; k++)
            b->pct[q * SS_MC_NPCT + k] =
                gsl_stats_quantile_from_sorted_data(column, 1, o->runs, ss_mc_percentiles[k] / 100);
    }
    ss_date end;
    for (size_t p = 0; p < f.nperiods; p++) {
        ss_timeline_period_end(sc->timeline, p, &end);
        for (size_t i = 0; i < b->n; i++)
            b->observed[p * b->n + i] = ss_observed_index(sc->timeline, i, &end);
    }
    *bands = b;
    b = NULL;
done:
    ss_mc_bands_free(b);
    free(f.vals);
    free(column);
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
