/* `sanctionsim sweep`: its options, the design and signature it sets up,
 * signals and the progress line while it runs. The output file (OUT.tmp,
 * locked, resumed, renamed when complete) is sweep_output.c's. */
#include "cli.h"
#include "cli_design.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/points_tsv.h"
#include "sanctionsim/report.h"
#include "sanctionsim/reporter.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"
#include "sanctionsim/timeline.h"
#include "sweep_output.h"
#ifdef SANCTIONSIM_MPI
#include "sweep_mpi.h"
#endif
#include "sanctionsim/provenance.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct sweep_args {
    cli_common c;      /* first: the shared options */
    cli_design_args d; /* then the design's (cli_design.h) */
    cli_scenario_opts so;
    const char *shard, *output, *file, *points;
    int resume, force, quiet, warm;
    cli_list report;        /* reporters of a timeline sweep */
    cli_whole repetitions;  /* Monte Carlo runs per point of a timeline sweep */
    ss_reporter *reporters; /* report.n, parsed for the scenario */
} sweep_args;
_Static_assert(offsetof(sweep_args, d) == offsetof(cli_design_prefix, d),
               "sweep_args starts as cli_design_prefix does");

static const char *const sweep_formats[] = {"tsv", "csv", NULL};

static const cli_option opt_points = {
    .name = "points",
    .kind = CLI_OPT_FILE,
    .offset = offsetof(sweep_args, points),
    .arg = "FILE.tsv",
    .help = "solve the points of a table instead of a design: a header of\n"
            "keys (any key --set takes), then one row a point (TSV, or CSV\n"
            "when the header has no tab; '#' lines skipped), as R, pandas or\n"
            "SALib write a design",
};
static const cli_option opt_shard = {
    .name = "shard",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(sweep_args, shard),
    .arg = "K/N",
    .help = "compute only the points with index % N == K (default:\n"
            "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT when set, else 0/1);\n"
            "'sanctionsim merge' joins the shards",
};
static const cli_option opt_resume = {
    .name = "resume",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(sweep_args, resume),
    .help = "continue an interrupted sweep from OUT.tmp",
};
static const cli_option opt_warm = {
    .name = "warm-start",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(sweep_args, warm),
    .help = "start each point's solve from the equilibrium at the centre\n"
            "of its cell (a little faster; where the game has several\n"
            "equilibria it may find another than 'solve' does: see\n"
            "docs/sweeps.md)",
};

static const cli_option opt_report = {
    .name = "report",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(sweep_args, report),
    .arg = "REPORTER",
    .help = "for a scenario with a timeline: a number to record from each\n"
            "point's run through it (repeatable; one column each):\n"
            "COLUMN@YYYY-MM, mean|max|min(COLUMN[,FROM:TO]),\n"
            "rmse(s.ID[,FROM:TO]) or rmse (pooled) against the observed index",
};
static const cli_option opt_repetitions = {
    .name = "repetitions",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(sweep_args, repetitions),
    .min = 1,
    .max = 1000000,
    .max_text = "1000000",
    .arg = "R",
    .help = "with --report: R Monte Carlo runs per point (priors and shocks,\n"
            "as 'run --runs R --seed S'); each reporter gives its mean and\n"
            "percentiles 5 25 50 75 95",
};

static const cli_opt_use sweep_options[] = {
    {&cli_opt_vary, NULL, NULL, NULL},
    {&opt_points, NULL, NULL, NULL},
    CLI_DESIGN_OPTION_USES,
    {&cli_opt_mode, NULL, NULL, NULL},
    {&cli_opt_set, NULL, "override a parameter at every point (repeatable)", NULL},
    {&cli_opt_threads, NULL, "threads, 1..4096 (default: the OpenMP default,\nOMP_NUM_THREADS)",
     NULL},
    {&cli_opt_output, "OUT",
     "write to OUT (default: standard output); OUT.tmp holds the\n"
     "rows until the sweep is complete",
     NULL},
    {&cli_opt_format, NULL, "tsv (default) or csv", sweep_formats},
    {&opt_shard, NULL, NULL, NULL},
    {&opt_resume, NULL, NULL, NULL},
    {&cli_opt_force, NULL, "replace an existing OUT (and OUT.tmp)", NULL},
    {&cli_opt_quiet, NULL, NULL, NULL},
    {&opt_warm, NULL, NULL, NULL},
    {&opt_report, NULL, NULL, NULL},
    {&opt_repetitions, NULL, NULL, NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_sweep = {
    .name = "sweep",
    .summary = "solve at every point of a parameter design",
    .synopsis =
        "usage: sanctionsim sweep FILE --vary KEY=SPEC... [--design grid|random|lhs|sobol|\n"
        "                         saltelli|morris] [--samples N] [--second-order]\n"
        "                         [--trajectories R] [--levels P] | --points FILE.tsv\n"
        "                         [--seed S] [--mode spe|nash] [--set KEY=VALUE]...\n"
        "                         [--threads T] [-o OUT.tsv] [--format tsv|csv] [--shard K/N]\n"
        "                         [--resume | --force] [--quiet] [--warm-start]\n"
        "                         [--report REPORTER... [--repetitions R]]\n",
    .description = "Solves the scenario at every point of a design and writes one row per point.\n"
                   "For a scenario with a timeline, runs the timeline at every point instead\n"
                   "and records the --report numbers of each run.\n",
    .options = sweep_options,
    .epilogue = "Rows are written in index order and are byte-identical for any --threads and any\n"
                "sharding; without --warm-start each row is what 'solve --set ...' gives. SIGINT\n"
                "or SIGTERM stops cleanly: finished rows stay in OUT.tmp and --resume continues.\n"
                "See docs/sweeps.md for the output format.\n"
                "\n"
                "Exit status: 0 every point solved, 1 some point failed (its row says why) or\n"
                "writing failed, 2 bad usage, scenario or SPEC.\n",
    .operands = "scenario",
    .run = cmd_sweep,
};

static const char CMD[] = "sweep";

static int parse_args(int argc, char **argv, sweep_args *a)
{
    int code = cli_parse(CMD, sweep_options, argc, argv, &a->c);
    if (code >= 0)
        return code;
    if (!(a->file = cli_one_operand(CMD, &a->c, "missing scenario FILE")))
        return 2;
    a->so = cli_scenario_of(&a->c);
    a->output = a->c.output;
    a->force = a->c.force;
    a->quiet = a->c.quiet;
    if (a->points && (a->d.vary.n || a->d.design || a->d.samples.given))
        return cli_usage_error(CMD, "--points FILE gives the points: it excludes %s",
                               a->d.vary.n   ? "--vary"
                               : a->d.design ? "--design"
                                             : "--samples");
    if (a->d.vary.n == 0 && !a->points)
        return cli_usage_error(CMD, "nothing to vary: give --vary KEY=SPEC, e.g. --vary "
                                    "japan.alliance_pressure=0:3:61");
    if (a->resume && a->force)
        return cli_usage_error(CMD, "--resume and --force exclude each other");
    if (a->repetitions.given && a->report.n == 0)
        return cli_usage_error(CMD, "--repetitions: repetitions are runs through a timeline: "
                                    "give --report REPORTER too");
    if (a->warm && a->report.n > 0)
        return cli_usage_error(CMD, "--warm-start: a sweep over a timeline (--report) solves "
                                    "no equilibrium to start from");
    int to_stdout = !a->output || strcmp(a->output, "-") == 0;
    if (a->resume && to_stdout)
        return cli_usage_error(CMD, "--resume needs the output file: -o OUT");
    return -1;
}

/* "K/N" with 0 <= K < N. */
static int parse_shard(const char *text, size_t *k, size_t *n)
{
    const char *slash = strchr(text, '/');
    if (!slash || slash == text)
        return -1;
    char kbuf[32];
    size_t klen = (size_t)(slash - text);
    if (klen >= sizeof kbuf)
        return -1;
    memcpy(kbuf, text, klen);
    kbuf[klen] = '\0';
    unsigned long long kv, nv;
    if (ss_parse_whole(kbuf, 0, SS_MAX_POINTS, &kv) != 0 ||
        ss_parse_whole(slash + 1, 1, SS_MAX_POINTS, &nv) != 0 || kv >= nv)
        return -1;
    *k = (size_t)kv;
    *n = (size_t)nv;
    return 0;
}

/* The whole canonical text of a --vary spec (ss_vary_spec_text cuts what
 * does not fit with "..."); NULL when out of memory. */
static char *spec_text(const ss_vary *v)
{
    for (size_t len = 256; len <= ((size_t)1 << 30); len *= 2) {
        char *buf = malloc(len);
        if (!buf)
            return NULL;
        ss_vary_spec_text(v, buf, len);
        if (strlen(buf) + 1 < len)
            return buf;
        free(buf);
    }
    return NULL;
}

/* The options the rows depend on, in one canonical form: merge and --resume
 * compare it (the scenario itself is compared by its SHA-256). Nothing is cut
 * short: two sweeps that differ anywhere in a spec or a value differ here. */
static char *signature(const sweep_args *a, const ss_scenario *sc, const ss_design *d,
                       const char *format, const char *points_sha256)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    int oom = 0;
    fprintf(f, "--design %s", ss_design_kind_name(d->kind));
    if (d->kind == SS_DESIGN_POINTS) /* the file's content, wherever it is */
        fprintf(f, " --points-sha256 %s --points-count %zu", points_sha256, d->points);
    else if (d->kind != SS_DESIGN_GRID)
        fprintf(f, " --samples %zu", d->samples);
    if (d->second_order)
        fputs(" --second-order", f);
    if (d->levels)
        fprintf(f, " --levels %zu", d->levels);
    fprintf(f, " --seed %lu --mode %s --format %s", d->seed, ss_mode_name(sc->solver.mode), format);
    for (size_t k = 0; k < d->nvary; k++) {
        char *spec = spec_text(&d->vary[k]);
        oom |= !spec;
        fprintf(f, " --vary %s=%s", d->vary[k].key, spec ? spec : "");
        free(spec);
    }
    for (size_t k = 0; k < a->so.nsets; k++) {
        /* canonical KEY=VALUE (cli_load_scenario has applied it) */
        const char *set = a->so.sets[k];
        ss_keyref ref;
        ss_error err;
        double v;
        if (ss_scenario_parse_assignment(sc, set, "--set", &ref, &v, &err) == SS_OK) {
            char name[SS_KEY_MAX];
            ss_key_name(sc, &ref, name, sizeof name);
            char value[SS_NUMBER_MAX];
            ss_format_double(v, value, sizeof value);
            fprintf(f, " --set %s=%s", name, value);
        } else {
            fputs(" --set ", f);
            ss_shell_quote(f, set);
        }
    }
    if (a->warm)
        fputs(" --warm-start", f);
    for (size_t k = 0; k < a->report.n; k++)
        fprintf(f, " --report %s", a->reporters[k].name);
    if (a->report.n)
        fprintf(f, " --repetitions %llu", a->repetitions.value);
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    if (oom) {
        free(text);
        return NULL;
    }
    return text;
}

/* The --report reporters parsed for sc; a scenario with a timeline needs
 * them (SS_EINPUT with the reason). */
static ss_status reporters_of(sweep_args *a, const ss_scenario *sc, ss_error *err)
{
    size_t np = ss_timeline_periods(sc->timeline);
    if (np > 0 && a->report.n == 0) {
        char first[8], last[8];
        ss_timeline_period_label(sc->timeline, 0, first, sizeof first);
        ss_timeline_period_label(sc->timeline, np - 1, last, sizeof last);
        return ss_error_set(
            err, SS_EINPUT,
            "%s has a timeline (%s to %s), and a sweep without --report would solve only the "
            "static game of its parameters, ignoring every event, the update order and the "
            "ratchet; say what to record from each point's run, e.g. --report "
            "'s.japan@2018-12', --report 'mean(s.japan,2014-03:2018-12)' or --report rmse "
            "(docs/sweeps.md)",
            sc->path, first, last);
    }
    if (a->report.n && !(a->reporters = calloc(a->report.n, sizeof *a->reporters)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < a->report.n; k++) {
        ss_status st = ss_reporter_parse(sc, a->report.item[k], &a->reporters[k], err);
        if (st)
            return st;
    }
    return SS_OK;
}

/* ---- signals and progress ----------------------------------------------- */

static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void catch_signals(int on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* past a file size limit, a write fails (EFBIG) instead of killing the
     * process: the error is reported and the rows so far are kept */
    sa.sa_handler = on ? SIG_IGN : SIG_DFL;
    sigaction(SIGXFSZ, &sa, NULL);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct progress {
    int show; /* a terminal and no --quiet */
    double start, last_print, last_sync;
    size_t before; /* rows already in the file (--resume) */
    size_t total;  /* rows of the shard */
    int fd;        /* the temporary file, synced now and then; -1 for stdout */
} progress;

static void format_duration(char *buf, size_t len, double s)
{
    if (!(s >= 0) || s > 1e8) {
        snprintf(buf, len, "?");
        return;
    }
    unsigned long t = (unsigned long)(s + 0.5);
    snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

static void on_progress(void *arg, size_t done, size_t todo)
{
    progress *p = arg;
    double t = now();
    if (p->fd >= 0 && t - p->last_sync > 60) {
        fsync(p->fd); /* a crash of the machine then loses at most a minute */
        p->last_sync = t;
    }
    if (!p->show || (t - p->last_print < 0.25 && done < todo))
        return;
    p->last_print = t;
    double rate = (double)done / (t - p->start > 1e-9 ? t - p->start : 1e-9);
    char eta[32];
    format_duration(eta, sizeof eta, rate > 0 ? (double)(todo - done) / rate : -1);
    size_t have = p->before + done;
    fprintf(stderr, "\rsweep: %zu/%zu points (%.1f%%), %.0f points/s, ETA %s\033[K", have, p->total,
            p->total ? 100.0 * (double)have / (double)p->total : 100.0, rate, eta);
    fflush(stderr);
}

/* Everything a run needs once the options are parsed. */
typedef struct sweep_job {
    sweep_args *a;
    ss_scenario *sc;
    ss_design design;
    ss_sweep *sw;
    ss_sweep_meta meta;
    int threads;
} sweep_job;

/* After the rows went to standard output: the exit status, after a message. */
static int finish_stdout(ss_status st, const ss_error *err, const ss_run_stats *stats, size_t have,
                         size_t failed, size_t total)
{
    catch_signals(0);
    if (st) {
        fprintf(stderr, "sanctionsim sweep: %s\n", err->message);
        return 1;
    }
    if (stats->stopped) {
        fprintf(stderr, "sanctionsim sweep: interrupted after %zu of %zu points\n", have, total);
        raise(stop_signal);
        return 1;
    }
    return sweep_report_failures("standard output", failed, total);
}

/* After the rows went to OUT.tmp: OUT.tmp renamed to OUT when the sweep is
 * complete, else kept for --resume; the exit status, after a message. */
static int finish_file(sweep_output *out, ss_status st, const ss_error *err,
                       const ss_run_stats *stats, size_t have, size_t total)
{
    int synced = fflush(out->f) == 0 && fsync(fileno(out->f)) == 0;
    int code = 1;
    if (st || !synced) {
        /* errno speaks only for a failed write, not for a failed point or rank */
        char why[SS_ERRMSG_MAX + 64];
        if (st)
            snprintf(why, sizeof why, "%s", err->message);
        else
            snprintf(why, sizeof why, "writing failed (%s)", strerror(errno));
        fprintf(stderr,
                "sanctionsim sweep: %s; the %zu rows written so far stay in '%s': "
                "continue with --resume\n",
                why, have, out->tmp);
    } else if (stats->stopped) {
        fclose(out->f);
        out->f = NULL;
        fprintf(stderr,
                "sanctionsim sweep: stopped after %zu of %zu points; '%s' keeps them: continue "
                "with the same command and --resume\n",
                have, total, out->tmp);
        catch_signals(0);
        raise(stop_signal); /* die of the signal, as the shell expects */
        return 1;
    } else {
        code = sweep_output_commit(out);
    }
    catch_signals(0);
    return code;
}

static int run_job(sweep_job *j)
{
    sweep_args *a = j->a;
    size_t total = ss_shard_count(j->design.points, j->meta.shard, j->meta.nshards, 0);
    ss_error err;
    ss_status st;

    catch_signals(1); /* from here on a signal stops the run cleanly */
#ifdef SANCTIONSIM_MPI
    int mpi_code = ss_sweep_mpi_ready(j->sw, j->threads); /* workers compute, then return */
    if (mpi_code >= 0)
        return mpi_code;
#endif
    sweep_output out = {
        .path = a->output, .resume = a->resume, .force = a->force, .quiet = a->quiet};
    int code = sweep_output_open(&out, j->sw, &j->meta, j->design.points);
    if (code >= 0) {
        sweep_output_free(&out);
        return code;
    }
    progress pg;
    memset(&pg, 0, sizeof pg);
    pg.show = !a->quiet && isatty(STDERR_FILENO);
    pg.start = pg.last_sync = now();
    pg.before = out.rows;
    pg.total = total;
    pg.fd = out.path ? fileno(out.f) : -1;
    ss_sweep_run_opts ro = {.shard = j->meta.shard,
                            .nshards = j->meta.nshards,
                            .first = out.first,
                            .threads = j->threads,
                            .stop = &stop_signal,
                            .progress = on_progress,
                            .progress_arg = &pg};
    ss_run_stats stats;
#ifdef SANCTIONSIM_MPI
    st = ss_sweep_mpi_or_serial(j->sw, out.f, &ro, &stats, &err);
#else
    st = ss_sweep_run(j->sw, out.f, &ro, &stats, &err);
#endif
    if (pg.show)
        fprintf(stderr, "\r\033[K");
    size_t have = out.rows + stats.written, failed = out.failed + stats.failed;
    if (!out.path)
        code = finish_stdout(st, &err, &stats, have, failed, total);
    else if ((code = finish_file(&out, st, &err, &stats, have, total)) == 0) {
        if (pg.show) {
            fprintf(stderr, "sweep: %zu points in %.1f s -> %s", stats.written, now() - pg.start,
                    out.path);
            if (stats.mixed) /* (counted on threads; an MPI run leaves it 0) */
                fprintf(stderr, " (%zu with a mixed equilibrium)", stats.mixed);
            fputc('\n', stderr);
        }
        code = sweep_report_failures(out.path, failed, total);
    }
    if (out.f == stdout)
        out.f = NULL;
    sweep_output_free(&out);
    return code;
}

int cmd_sweep(int argc, char **argv)
{
#ifdef SANCTIONSIM_MPI
    if (ss_mpi_launched() && !ss_sweep_mpi_running())
        return ss_sweep_mpi_main(argc, argv, cmd_sweep); /* one rank of mpirun (sweep_mpi.h) */
#endif
    sweep_args a;
    memset(&a, 0, sizeof a);
    a.c.format = "tsv";
    a.c.seed.value = 1;
    a.c.threads.value = 1;
#ifdef _OPENMP
    a.c.threads.value = (unsigned long long)omp_get_max_threads();
#endif
    char *command = ss_provenance_command(argc, argv), *sig = NULL;
    if (!command) {
        fprintf(stderr, "sanctionsim sweep: out of memory\n");
        return 1;
    }
    int code = parse_args(argc, argv, &a);
    if (code >= 0) {
        free(command);
        cli_args_free(sweep_options, &a.c);
        return code;
    }
    sweep_job j;
    memset(&j, 0, sizeof j);
    j.a = &a;
    const char *format = a.c.format;
    unsigned long long seed = a.c.seed.value, threads = a.c.threads.value;
    size_t shard = 0, nshards = 1;
    const char *slurm_id = getenv("SLURM_ARRAY_TASK_ID");
    const char *slurm_count = getenv("SLURM_ARRAY_TASK_COUNT");

    if (a.shard && parse_shard(a.shard, &shard, &nshards) != 0)
        code = cli_usage_error(CMD, "--shard: '%s' is not K/N with 0 <= K < N", a.shard);
    else if (!a.shard && (slurm_id || slurm_count)) {
        char both[128];
        snprintf(both, sizeof both, "%s/%s", slurm_id ? slurm_id : "",
                 slurm_count ? slurm_count : "");
        if (!slurm_id || !slurm_count || parse_shard(both, &shard, &nshards) != 0)
            code = cli_usage_error(CMD,
                                   "SLURM_ARRAY_TASK_ID=%s and SLURM_ARRAY_TASK_COUNT=%s do not "
                                   "make a shard K/N with 0 <= K < N (number the array from 0, "
                                   "or give --shard K/N)",
                                   slurm_id ? slurm_id : "(unset)",
                                   slurm_count ? slurm_count : "(unset)");
    }
    if (code >= 0) {
        free(command);
        cli_args_free(sweep_options, &a.c);
        return code;
    }

    if (!(j.sc = cli_load_scenario(CMD, a.file, &a.so, &code))) {
        free(command);
        cli_args_free(sweep_options, &a.c);
        return code;
    }
    ss_error err;
    ss_error_clear(&err);
    char points_sha256[65] = "";
    ss_status st = reporters_of(&a, j.sc, &err);
    if (!st && a.points) {
        ss_design_init(&j.design, SS_DESIGN_POINTS);
        st = ss_points_read(a.points, j.sc, &j.design, points_sha256, &err);
        if (!st)
            st = ss_design_finish(&j.design, 0, (unsigned long)seed, &err);
    } else if (!st) {
        st = cli_design_make(&a.d, j.sc, (unsigned long)seed, &j.design, &err);
    }
    ss_sweep_opts so = {.sep = strcmp(format, "csv") == 0 ? ',' : '\t', .warm_starts = a.warm};
    so.reporters = a.reporters;
    so.nreporters = a.report.n;
    so.repetitions = (size_t)a.repetitions.value;
    so.run_seed = (unsigned long)seed;
    if (!st && !(j.sw = ss_sweep_alloc(j.sc, &j.design, &so, &err)))
        st = err.status;
    if (!st && !(sig = signature(&a, j.sc, &j.design, format, points_sha256)))
        st = ss_error_set(&err, SS_ENOMEM, "out of memory");
    if (st) {
        if (st == SS_EINPUT)
            code = cli_usage_error(CMD, "%s", err.message);
        else {
            fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
            code = ss_status_exit_code(st);
        }
    } else {
        j.meta = (ss_sweep_meta){{command, a.so.sets, a.so.nsets}, sig, shard, nshards};
        j.threads = (int)threads;
        code = run_job(&j);
    }
    free(command);
    free(sig);
    ss_sweep_free(j.sw);
    ss_design_free(&j.design);
    ss_scenario_free(j.sc);
    free(a.reporters);
    cli_args_free(sweep_options, &a.c);
    return code;
}
