/* `sanctionsim run`: a scenario's timeline step by step (MODEL.md section 8),
 * or Monte Carlo bands over it, as TSV, optionally drawn with gnuplot. */
#include "cli.h"
#include "sanctionsim/columns.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/montecarlo.h"
#include "sanctionsim/observed.h"
#include "text.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/series_tsv.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/timeline.h"
#ifdef SANCTIONSIM_MPI
#include "montecarlo_mpi.h"
#endif

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct run_args {
    cli_common c; /* first: the shared options */
    cli_scenario_opts so;
    cli_whole runs_opt; /* --runs */
    const char *file, *output, *plot;
    const char *term; /* the picture's kind: png, svg or pdf */
    size_t runs;
    unsigned long seed;
    int threads;
    ss_provenance prov; /* the command line as typed and the --set list */
} run_args;

static const cli_option opt_runs = {
    .name = "runs",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(run_args, runs_opt),
    .min = 1,
    .max = 1000000,
    .arg = "N",
    .help = "Monte Carlo: N runs drawing every prior and the\n"
            "timeline's shocks; rows give percentiles COLUMN.p05 .p25\n"
            ".p50 .p75 .p95 per period",
};

static const cli_opt_use run_options[] = {
    {&cli_opt_output, NULL,
     "write the TSV here (temporary file, then rename); a\n"
     "summary goes to stdout",
     NULL},
    {&cli_opt_set, NULL, "override a parameter (repeatable)", NULL},
    {&cli_opt_mode, NULL, "spe (default) or nash best responses", NULL},
    {&opt_runs, NULL, NULL, NULL},
    {&cli_opt_seed, NULL,
     "seed of the runs, 0..4294967295 (default 1); run k is\nseeded from (S, k)", NULL},
    {&cli_opt_threads, NULL, "threads for the runs, 1..4096 (the output does not\ndepend on it)",
     NULL},
    {&cli_opt_plot, NULL,
     "draw it with gnuplot (plots/timeseries.gp, or plots/fan.gp\n"
     "with --runs); .png, .svg or .pdf, by the extension",
     NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_run = {
    .name = "run",
    .summary = "run a scenario's timeline (dynamics, Monte Carlo bands)",
    .synopsis = "usage: sanctionsim run FILE [-o FILE] [--set KEY=VALUE]... [--mode spe|nash]\n"
                "                       [--runs N [--seed S] [--threads T]] [--plot FILE.png]\n",
    .description = "Steps through the scenario's timeline (MODEL.md section 8; docs/dynamics.md):\n"
                   "each period the events whose date has come change parameters, sanctioners\n"
                   "move in the declared order by s_i += adjustment_i (BR_i(s) - s_i), the\n"
                   "ratchet limits decreases, and Russia and China answer. Writes TSV: '#' lines\n"
                   "(version, command, scenario path and sha256, RMSE against the observed\n"
                   "index per sanctioner), then one row per period: date, s.<id>..., c p a q X D\n"
                   "H, u.<id>..., realized.<id>..., observed.<id>..., events.\n",
    .options = run_options,
    .epilogue = "example: sanctionsim run scenarios/timeline_2014_2018.cfg -o series.tsv --plot "
                "series.png\n"
                "Exit status: 0 done, 1 a run or writing failed, 2 bad usage or scenario.\n",
    .operands = "scenario",
    .run = cmd_run,
};

/* Returns -1 to go on, else an exit code. */
static int parse_options(int argc, char **argv, run_args *a)
{
    a->c.seed.value = 1;
    int code = cli_parse("run", run_options, argc, argv, &a->c);
    if (code >= 0)
        return code;
    if (!(a->file = cli_one_operand("run", &a->c, "missing scenario FILE")))
        return 2;
    if (!a->runs_opt.given && (a->c.seed.given || a->c.threads.given))
        return cli_usage_error("run", "%s needs --runs", a->c.seed.given ? "--seed" : "--threads");
    a->so = cli_scenario_of(&a->c);
    a->output = a->c.output;
    a->plot = a->c.plot;
    a->runs = a->runs_opt.given ? (size_t)a->runs_opt.value : 0;
    a->seed = (unsigned long)a->c.seed.value;
    a->threads = (int)a->c.threads.value;
    if (a->plot && !(a->term = cli_picture_kind("run", "--plot", a->plot)))
        return 2;
    return -1;
}

/* The '#' lines every output starts with: provenance first. */
static void write_preamble(FILE *out, const ss_scenario *sc, const run_args *a)
{
    const ss_timeline *t = sc->timeline;
    ss_provenance_write(out, "run", &sc, 1, &a->prov);
    fprintf(out, "# mode: %s\n", ss_mode_name(sc->solver.mode));
    char first[16], last[16];
    size_t np = ss_timeline_periods(t);
    ss_timeline_period_label(t, 0, first, sizeof first);
    ss_timeline_period_label(t, np - 1, last, sizeof last);
    fprintf(out, "# periods: %zu (%s to %s, %s)\n", np, first, last,
            t->step == SS_STEP_MONTH ? "month" : "quarter");
    fputs("# order:", out);
    for (size_t o = 0; o < t->norder; o++)
        fprintf(out, " %s", sc->sanctioner[t->order[o]].id);
    fputc('\n', out);
    if (a->runs)
        fprintf(out, "# runs: %zu\n# seed: %lu\n# priors: %zu\n# shocks: %zu\n", a->runs, a->seed,
                sc->priors ? sc->priors->n : 0, t->nshocks);
}

/* RMSE of a modelled path against the observed index; NAN when not covered. */
static double rmse_of(const double *model, size_t stride, const double *observed, size_t n,
                      size_t i, size_t np)
{
    double sum = 0;
    for (size_t k = 0; k < np; k++) {
        double d = model[k * stride] - observed[k * n + i];
        sum += d * d;
    }
    return sqrt(sum / (double)np);
}

static void write_rmse(FILE *out, const ss_scenario *sc, const double *rmse, const char *prefix)
{
    for (size_t i = 0; i < sc->params.n; i++)
        if (ss_observed_covers(sc->timeline, i)) {
            fprintf(out, "%s%s: ", prefix, sc->sanctioner[i].id);
            ss_write_double(out, rmse[i]);
            fputc('\n', out);
        }
}

/* Writes the event markers for the plot: date and label per event in the window. */
static int write_events(FILE *out, const ss_scenario *sc)
{
    const ss_timeline *t = sc->timeline;
    ss_date first, last;
    ss_timeline_period_start(t, 0, &first);
    ss_timeline_period_end(t, ss_timeline_periods(t) - 1, &last);
    fputs("date\tlabel\n", out);
    for (size_t e = 0; e < t->nevents; e++) {
        const ss_event *ev = &t->events[e];
        if (ss_date_cmp(&ev->date, &first) < 0 || ss_date_cmp(&ev->date, &last) > 0)
            continue;
        /* long labels are cut to what fits above the plot */
        fprintf(out, "%04d-%02d-%02d\t%.28s%s\n", ev->date.year, ev->date.month, ev->date.day,
                ev->label, strlen(ev->label) > 28 ? "..." : "");
    }
    return ferror(out) ? -1 : 0;
}

static void observed_row(FILE *out, const ss_scenario *sc, const ss_date *d)
{
    fprintf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
    for (size_t i = 0; i < sc->params.n; i++)
        if (ss_observed_covers(sc->timeline, i)) {
            fputc('\t', out);
            ss_write_double(out, ss_observed_index(sc->timeline, i, d));
        }
    fputc('\n', out);
}

/* Writes the observed index as a step function for the plot: its value on the
 * first day, on each date it changes inside the window, and on the last day. */
static int write_observed_steps(FILE *out, const ss_scenario *sc)
{
    const ss_timeline *t = sc->timeline;
    ss_date first, last, *d;
    size_t n;
    ss_timeline_period_start(t, 0, &first);
    ss_timeline_period_end(t, ss_timeline_periods(t) - 1, &last);
    if (ss_observed_changes(t, &d, &n) != SS_OK)
        return -1;
    fputs("date", out);
    for (size_t i = 0; i < sc->params.n; i++)
        if (ss_observed_covers(t, i))
            fprintf(out, "\tobserved.%s", sc->sanctioner[i].id);
    fputc('\n', out);
    observed_row(out, sc, &first);
    for (size_t k = 0; k < n; k++)
        if (ss_date_cmp(&d[k], &first) > 0 && ss_date_cmp(&d[k], &last) < 0)
            observed_row(out, sc, &d[k]);
    observed_row(out, sc, &last);
    free(d);
    return ferror(out) ? -1 : 0;
}

/* Draws data (a private copy, already written) into a->plot with timeseries.gp
 * or fan.gp. */
static int draw(const ss_scenario *sc, const run_args *a, const char *data)
{
    char script[1024], events[512], steps[512];
    char ids[SS_MAX_SANCTIONERS * (SS_ID_MAX + 1) + 1];
    char observed_ids[sizeof ids];
    if (cli_gnuplot_script(a->runs ? "fan.gp" : "timeseries.gp", script, sizeof script) != 0 ||
        access(script, R_OK) != 0) {
        fprintf(stderr, "sanctionsim run: cannot read the plot script '%s'\n", script);
        return 1;
    }
    ids[0] = observed_ids[0] = '\0';
    for (size_t i = 0; i < sc->params.n; i++) {
        strcat(strcat(ids, i ? " " : ""), sc->sanctioner[i].id);
        if (ss_observed_covers(sc->timeline, i))
            strcat(strcat(observed_ids, observed_ids[0] ? " " : ""), sc->sanctioner[i].id);
    }
    FILE *ev = cli_temp_file(events, sizeof events, "events");
    if (!ev || write_events(ev, sc) != 0 || fclose(ev) != 0) {
        fprintf(stderr, "sanctionsim run: cannot write a temporary file: %s\n", strerror(errno));
        if (ev)
            cli_temp_remove(events);
        return 1;
    }
    FILE *st = cli_temp_file(steps, sizeof steps, "observed");
    if (!st || write_observed_steps(st, sc) != 0 || fclose(st) != 0) {
        fprintf(stderr, "sanctionsim run: cannot write a temporary file: %s\n", strerror(errno));
        if (st)
            cli_temp_remove(steps);
        cli_temp_remove(events);
        return 1;
    }
    char title[SS_NAME_MAX + 64];
    if (a->runs)
        snprintf(title, sizeof title, "%s: %zu runs, seed %lu", sc->name, a->runs, a->seed);
    else
        snprintf(title, sizeof title, "%s", sc->name);
    /* values are drawn at the end of their period, when the moves are made */
    const char *months = sc->timeline->step == SS_STEP_MONTH ? "1" : "3";
    const char *args[] = {data, events, steps, NULL, title, ids, observed_ids, months, a->term};
    int code = cli_gnuplot_draw("run", script, 9, args, 3, a->plot);
    cli_temp_remove(events);
    cli_temp_remove(steps);
    return code;
}

/* Writes preamble and body into a->output (or stdout); then plots. */
static int emit(const ss_scenario *sc, const run_args *a, const ss_series *series,
                const ss_mc_bands *bands, const double *rmse)
{
    cli_output out;
    char data_tmp[512] = "";
    const char *target = a->output;
    int to_stdout = !target || strcmp(target, "-") == 0;
    if (cli_output_open(&out, a->output) != 0) {
        fprintf(stderr, "sanctionsim run: cannot write '%s': %s\n", a->output, strerror(errno));
        return 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        /* pass 1 writes a private copy for gnuplot: it is never given the
         * output's name (gnuplot reads a name beginning with '<' as a command) */
        FILE *fp = out.fp;
        if (pass == 1) {
            if (!a->plot)
                break;
            if (!(fp = cli_temp_file(data_tmp, sizeof data_tmp, "data"))) {
                fprintf(stderr, "sanctionsim run: cannot write a temporary file: %s\n",
                        strerror(errno));
                return 1;
            }
        }
        write_preamble(fp, sc, a);
        write_rmse(fp, sc, rmse, a->runs ? "# rmse.p50." : "# rmse.");
        if (series && series->events_after_end)
            fprintf(fp, "# events_after_end: %zu\n", series->events_after_end);
        ss_status st = SS_EIO;
        if (series)
            st = ss_series_write_tsv(fp, sc, series);
        else if (bands)
            st = ss_mc_bands_write_tsv(fp, sc, bands);
        int failed = st != SS_OK;
        if (pass == 0)
            failed |= cli_output_commit(&out) != 0;
        else
            failed |= fclose(fp) != 0;
        if (failed) {
            fprintf(stderr, "sanctionsim run: writing '%s' failed\n",
                    pass ? data_tmp : (to_stdout ? "stdout" : target));
            if (pass)
                cli_temp_remove(data_tmp);
            return 1;
        }
    }
    int code = 0;
    if (a->plot)
        code = draw(sc, a, data_tmp);
    if (data_tmp[0])
        cli_temp_remove(data_tmp);
    if (!to_stdout) {
        /* a short summary for the person at the terminal */
        printf("%s: %s -> %s\n", a->runs ? "bands" : "series", sc->path, target);
        for (size_t i = 0; i < sc->params.n; i++) {
            printf("  %-14s", sc->sanctioner[i].id);
            if (series)
                printf(" final s %.3f", series->result[series->nperiods - 1].s[i]);
            if (ss_observed_covers(sc->timeline, i))
                printf("  observed %.3f  rmse%s %.3f",
                       series ? series->observed[(series->nperiods - 1) * series->n + i]
                              : bands->observed[(bands->nperiods - 1) * bands->n + i],
                       a->runs ? " (median)" : "", rmse[i]);
            putchar('\n');
        }
        if (a->plot && code == 0)
            printf("plot: %s\n", a->plot);
    }
    return code;
}

int cmd_run(int argc, char **argv)
{
#ifdef SANCTIONSIM_MPI
    if (ss_mpi_launched() && !ss_mpi_running())
        return ss_mpi_command_main(argc, argv, cmd_run); /* one rank of mpirun (mpi_cli.h) */
#endif
    run_args a;
    memset(&a, 0, sizeof a);
    int code = parse_options(argc, argv, &a);
    if (code >= 0) {
        cli_args_free(run_options, &a.c);
        return code;
    }
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim run: out of memory\n");
        cli_args_free(run_options, &a.c);
        return 1;
    }
    ss_scenario *sc = cli_load_scenario("run", a.file, &a.so, &code);
    a.prov = (ss_provenance){command, a.so.sets, a.so.nsets};
    if (!sc || ss_timeline_periods(sc->timeline) == 0) {
        if (sc) {
            fprintf(stderr, "sanctionsim run: %s: no 'timeline' section (see docs/dynamics.md)\n",
                    sc->path);
            code = 2;
        }
        free(command);
        cli_args_free(run_options, &a.c); /* a.so's overrides are a.c's */
        ss_scenario_free(sc);
        return code;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st;
    ss_series *series = NULL;
    ss_mc_bands *bands = NULL;
    double rmse[SS_MAX_SANCTIONERS] = {0};
    if (a.runs) {
        ss_mc_opts mo = {a.runs, a.seed, a.threads};
#ifdef SANCTIONSIM_MPI
        int mpi_code = ss_montecarlo_mpi_hook(sc, &mo, &bands, &err, &st); /* runs over ranks */
        if (mpi_code >= 0) {
            free(command);
            cli_args_free(run_options, &a.c);
            ss_scenario_free(sc);
            return mpi_code;
        }
#else
        st = ss_montecarlo(sc, &mo, &bands, &err);
#endif
        if (st == SS_OK) {
            /* the median path's error: column s.<id> is result column i */
            for (size_t i = 0; i < sc->params.n; i++)
                rmse[i] = rmse_of(bands->pct + i * bands->nperiods * SS_MC_NPCT + 2, SS_MC_NPCT,
                                  bands->observed, bands->n, i, bands->nperiods);
        }
    } else {
        series = ss_series_alloc(sc);
        if (!series)
            st = ss_error_set(&err, SS_ENOMEM, "out of memory");
        else
            st = ss_run(sc, NULL, series, &err);
        for (size_t i = 0; st == SS_OK && i < sc->params.n; i++)
            rmse[i] = ss_series_rmse(sc, series, i);
    }
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim run: %s\n", err.message);
        code = ss_status_exit_code(st);
    } else {
        code = emit(sc, &a, series, bands, rmse);
    }
    ss_series_free(series);
    ss_mc_bands_free(bands);
    ss_scenario_free(sc);
    free(command);
    cli_args_free(run_options, &a.c);
    return code;
}
