/* `sanctionsim report`: one self-contained HTML page for a class: the story,
 * the equilibrium, explain's decomposition, counterfactuals, a sweep and
 * the timeline, a glossary and the provenance (sim/io/html_report.c).
 *
 * The sweep and the timeline are drawn by the tool's own `sweep`, `plot` and
 * `run` commands, run as child processes of this binary into a private
 * directory (their SVG is inlined): one way to compute and draw each, and
 * their output on stdout (run's summary) never mixes with the page. */
#include "cli.h"
#include "sanctionsim/compare.h"
#include "sanctionsim/design.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/explain.h"
#include "sanctionsim/html_report.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/sweep_file.h"
#include "sanctionsim/timeline.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char CMD[] = "report";

typedef struct report_args {
    cli_common c; /* first: the shared options */
    cli_list sweep;
} report_args;

static const cli_option opt_sweep = {
    .name = "sweep",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(report_args, sweep),
    .arg = "KEY=SPEC",
    .help = "add a sweep section over KEY (START:STOP:COUNT, as sweep's\n"
            "--vary); once: lines of every strategy, twice: a heatmap",
};

static const cli_opt_use report_options[] = {
    {&cli_opt_output, NULL,
     "the page (default: standard output); written to a temporary\n"
     "file, renamed when complete",
     NULL},
    {&cli_opt_set, NULL, "override a parameter in the scenario and every CF (repeatable)", NULL},
    {&cli_opt_mode, NULL, "spe or nash, for the scenario and every CF", NULL},
    {&opt_sweep, NULL, NULL, NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_report = {
    .name = "report",
    .summary = "write a self-contained HTML report of a scenario",
    .synopsis = "usage: sanctionsim report FILE [CF.cfg]... [-o REPORT.html] [--set KEY=VALUE]...\n"
                "                          [--mode spe|nash] [--sweep KEY=SPEC [--sweep "
                "KEY=SPEC]]\n",
    .description =
        "Writes one HTML page, with no external resource (plots are inline SVG drawn by\n"
        "gnuplot), that prints well. It holds the story of the scenario in plain words;\n"
        "the equilibrium with perceived and realized payoffs; explain's decomposition\n"
        "for every sanctioner that holds beliefs; the counterfactual table for the CF\n"
        "files given (each solved beside FILE, as compare does); with --sweep, a sweep's\n"
        "lines (one key) or heatmap (two); the timeline against the observed index when\n"
        "FILE has one; a glossary of every key and symbol; and the provenance (version,\n"
        "command, each scenario's SHA-256). See docs/classroom.md.\n",
    .options = report_options,
    .epilogue = "example: sanctionsim report scenarios/baseline_2014.cfg "
                "scenarios/cf_true_reciprocity.cfg \\\n"
                "           --sweep japan.alliance_pressure=0:3:31 -o report.html\n"
                "Needs gnuplot for the sweep and timeline pictures.\n"
                "Exit status: 0 written; 1 gnuplot or writing failed (nothing written), or the\n"
                "scenario's or a CF's equilibrium is not certified (the page is written and says\n"
                "so); 2 bad usage or scenario.\n",
    .operands = "scenario",
    .run = cmd_report,
};

/* ---- the private directory and the child commands --------------------------- */

static const char *const work_files[] = {"sweep.tsv", "sweep.svg", "sweep.err", "run.tsv",
                                         "run.svg"};

typedef struct workdir {
    char dir[256];
} workdir;

static int workdir_make(workdir *w)
{
    const char *base = getenv("TMPDIR");
    if (!base || base[0] != '/' || strlen(base) > 200)
        base = "/tmp";
    snprintf(w->dir, sizeof w->dir, "%s/sanctionsim-report.XXXXXX", base);
    if (!cli_cleanup_mkdtemp(w->dir)) {
        w->dir[0] = '\0';
        return -1;
    }
    char path[512];
    for (size_t k = 0; k < sizeof work_files / sizeof *work_files; k++) {
        snprintf(path, sizeof path, "%s/%s", w->dir, work_files[k]);
        cli_cleanup_add(path);
    }
    return 0;
}

static void workdir_remove(workdir *w)
{
    if (!w->dir[0])
        return;
    char path[512];
    for (size_t k = 0; k < sizeof work_files / sizeof *work_files; k++) {
        snprintf(path, sizeof path, "%s/%s", w->dir, work_files[k]);
        unlink(path);
        cli_cleanup_forget(path);
    }
    rmdir(w->dir);
    cli_cleanup_forget(w->dir);
}

static void workdir_file(const workdir *w, const char *name, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", w->dir, name);
}

/* Runs this binary with argv (argv[0] "sanctionsim", ended by NULL), its
 * standard output thrown away and its standard error into errors when not
 * NULL; returns its exit status, or -1 after a message when it could not
 * run. */
static int run_self(char **argv, const char *errors)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0 ||
        posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0) != 0 ||
        (errors && posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, errors,
                                                    O_WRONLY | O_CREAT | O_TRUNC, 0600) != 0)) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        return -1;
    }
    pid_t pid;
    int rc = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "sanctionsim report: cannot run sanctionsim %s: %s\n", argv[1],
                strerror(rc));
        return -1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The argument vector of a child: "sanctionsim CMD FILE", the --set and
 * --mode of the report, then `extra` (NULL-ended). The caller frees it. */
static char **child_argv(const char *cmd, const char *file, const cli_scenario_opts *so,
                         const char *const *extra)
{
    size_t nextra = 0;
    while (extra[nextra])
        nextra++;
    char **argv = malloc((3 + 2 * so->nsets + 2 + nextra + 1) * sizeof *argv);
    if (!argv)
        return NULL;
    size_t n = 0;
    /* posix_spawn takes char *const[]; the strings are never written */
    argv[n++] = "sanctionsim";
    argv[n++] = (char *)(uintptr_t)cmd;
    argv[n++] = (char *)(uintptr_t)file;
    for (size_t k = 0; k < so->nsets; k++) {
        argv[n++] = "--set";
        argv[n++] = (char *)(uintptr_t)so->sets[k];
    }
    if (so->mode) {
        argv[n++] = "--mode";
        argv[n++] = (char *)(uintptr_t)so->mode;
    }
    for (size_t k = 0; k < nextra; k++)
        argv[n++] = (char *)(uintptr_t)extra[k];
    argv[n] = NULL;
    return argv;
}

/* Runs `sanctionsim CMD FILE [--set, --mode] EXTRA...` (standard error into
 * errors when not NULL); its exit status or -1. */
static int child(const char *cmd, const char *file, const cli_scenario_opts *so,
                 const char *const *extra, const char *errors)
{
    char **argv = child_argv(cmd, file, so, extra);
    if (!argv) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        return -1;
    }
    int code = run_self(argv, errors);
    free(argv);
    return code;
}

/* ---- the sweep ------------------------------------------------------------ */

/* Checks every --sweep against sc as sweep's --vary would: 2 after a message. */
static int check_sweeps(const ss_scenario *sc, const cli_list *specs)
{
    if (specs->n > 2)
        return cli_usage_error(CMD, "--sweep: at most two keys (lines, or a heatmap); got %zu",
                               specs->n);
    if (specs->n == 0)
        return 0;
    ss_design d;
    ss_design_init(&d, SS_DESIGN_GRID);
    ss_error err;
    ss_status st = SS_OK;
    for (size_t k = 0; k < specs->n && st == SS_OK; k++)
        st = ss_design_vary(&d, sc, specs->item[k], &err);
    if (st == SS_OK)
        st = ss_design_finish(&d, 0, 1, &err);
    if (st == SS_OK && d.points > 10000) {
        st = SS_EINPUT;
        snprintf(err.message, sizeof err.message,
                 "%zu points; a report's sweep takes at most 10000 (use 'sanctionsim sweep')",
                 d.points);
    }
    ss_design_free(&d);
    if (st == SS_OK)
        return 0;
    if (st == SS_ENOMEM) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        return 1;
    }
    const char *why = err.message; /* the design's message quotes "--vary 'K=S'" */
    if (strncmp(why, "--vary ", 7) == 0)
        why += 7;
    return cli_usage_error(CMD, "--sweep: %s", why);
}

/* Runs the sweep and draws it into the work directory; fills sw. Returns
 * 0, or 1 after a message. */
static int make_sweep(const workdir *w, const char *file, const cli_scenario_opts *so,
                      const cli_list *specs, ss_html_sweep *sw, char *svg, size_t svglen)
{
    char tsv[512];
    workdir_file(w, "sweep.tsv", tsv, sizeof tsv);
    workdir_file(w, "sweep.svg", svg, svglen);
    const char *extra[2 * 2 + 4];
    size_t n = 0;
    for (size_t k = 0; k < specs->n; k++) {
        extra[n++] = "--vary";
        extra[n++] = specs->item[k];
    }
    extra[n++] = "--quiet";
    extra[n++] = "-o";
    extra[n++] = tsv;
    extra[n] = NULL;
    /* 1: some point has no certified equilibrium (its row says so, and the
     * page); its message names a file that is gone when the page is written,
     * so it is shown only when the sweep did not complete */
    char errors[512];
    workdir_file(w, "sweep.err", errors, sizeof errors);
    int code = child("sweep", file, so, extra, errors);
    FILE *ef = fopen(errors, "r");
    if (code != 0 && (code != 1 || access(tsv, R_OK) != 0)) {
        char line[1024];
        while (ef && fgets(line, sizeof line, ef))
            fputs(line, stderr);
        fprintf(stderr, "sanctionsim report: the sweep failed\n");
    }
    if (ef)
        fclose(ef);
    if (code != 0 && (code != 1 || access(tsv, R_OK) != 0))
        return 1;
    char *argv[] = {"sanctionsim", "plot", tsv, "-o", svg, NULL};
    if (run_self(argv, NULL) != 0) {
        fprintf(stderr, "sanctionsim report: drawing the sweep failed\n");
        return 1;
    }
    /* how many points, and how many without a certified equilibrium */
    FILE *f = fopen(tsv, "r");
    ss_sweep_header h;
    memset(&h, 0, sizeof h);
    ss_error err;
    ss_sweep_scan scan = {0, 0, 0, 0};
    const char *points = NULL;
    ss_status st = f ? ss_sweep_header_read(f, tsv, &h, &err) : SS_EIO;
    if (st == SS_OK && !(points = ss_sweep_header_get(&h, "points")))
        st = SS_EINPUT;
    if (st == SS_OK)
        st = ss_sweep_scan_rows(f, tsv, &h, strtoull(points, NULL, 10), 0, 1, &scan, &err);
    ss_sweep_header_free(&h);
    if (f)
        fclose(f);
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim report: reading the sweep back failed\n");
        return 1;
    }
    sw->svg = svg;
    sw->specs = specs->item;
    sw->nspecs = specs->n;
    sw->points = scan.rows;
    sw->failed = scan.failed;
    return 0;
}

/* ---- the timeline --------------------------------------------------------- */

/* Runs sc's timeline (into *series) and draws it with `run --plot` into the
 * work directory. Returns 0, or 1 after a message. */
static int make_timeline(const workdir *w, const ss_scenario *sc, const char *file,
                         const cli_scenario_opts *so, ss_series **series, char *svg, size_t svglen)
{
    ss_error err;
    ss_error_clear(&err);
    *series = ss_series_alloc(sc);
    if (!*series) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        return 1;
    }
    ss_status st = ss_run(sc, NULL, *series, &err);
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim report: %s: the timeline: %s\n", sc->path, err.message);
        return 1;
    }
    char tsv[512];
    workdir_file(w, "run.tsv", tsv, sizeof tsv);
    workdir_file(w, "run.svg", svg, svglen);
    const char *extra[] = {"-o", tsv, "--plot", svg, NULL};
    if (child("run", file, so, extra, NULL) != 0) {
        fprintf(stderr, "sanctionsim report: drawing the timeline failed\n");
        return 1;
    }
    return 0;
}

/* ---- the command ---------------------------------------------------------- */

typedef struct report_job {
    ss_scenario *sc;
    ss_scenario **cf;
    size_t ncf;
    ss_comparison **cmp;
    ss_explanation *ex;
    size_t nex;
    int uncertified; /* a solve of the scenario or a CF failed: the page says so, exit 1 */
    ss_series *series;
    workdir w;
} report_job;

static void job_free(report_job *j)
{
    for (size_t k = 0; j->cf && k < j->ncf; k++) {
        ss_scenario_free(j->cf[k]);
        free(j->cmp[k]);
    }
    free(j->cf);
    free(j->cmp);
    free(j->ex);
    ss_series_free(j->series);
    ss_scenario_free(j->sc);
    workdir_remove(&j->w);
}

/* Solves, explains and compares; 0, or an exit status after a message. */
static int compute(report_job *j, ss_mixed_result *r)
{
    ss_error err;
    ss_error_clear(&err);
    /* the answer `solve` gives: a mixed equilibrium where no pure one is certified */
    ss_status st = ss_solve_any(&j->sc->params, &j->sc->solver, NULL, r, &err);
    if (st == SS_ENOMEM || st == SS_EINPUT) {
        fprintf(stderr, "sanctionsim report: %s: %s\n", j->sc->path, err.message);
        return ss_status_exit_code(st);
    }
    /* an uncertified equilibrium is reported on the page, as such */
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim report: %s: %s (the page says so)\n", j->sc->path,
                err.message);
        j->uncertified = 1;
    }
    size_t n = j->sc->params.n;
    j->ex = malloc(n * sizeof *j->ex);
    if (!j->ex) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        if (!ss_params_has_beliefs(&j->sc->params, i))
            continue;
        st = ss_explain(j->sc, i, &j->ex[j->nex], &err);
        if (st == SS_ENOMEM || st == SS_EINPUT) {
            fprintf(stderr, "sanctionsim report: explain: %s\n", err.message);
            return ss_status_exit_code(st);
        }
        j->nex++;
    }
    for (size_t k = 0; k < j->ncf; k++) {
        st = ss_compare(j->sc, j->cf[k], j->cmp[k], &err);
        if (st == SS_ENOMEM) {
            fprintf(stderr, "sanctionsim report: out of memory\n");
            return 1;
        }
        if (st != SS_OK) {
            fprintf(stderr, "sanctionsim report: %s: %s (the page says so)\n", j->cf[k]->path,
                    err.message);
            j->uncertified = 1;
        }
    }
    return 0;
}

static int write_page(const report_job *j, const ss_html_report *rp, const char *output)
{
    cli_output o;
    if (cli_output_open_whole(&o, output) != 0) {
        fprintf(stderr, "sanctionsim report: cannot write '%s': %s\n", output ? output : "-",
                strerror(errno));
        return 1;
    }
    ss_status st = ss_html_report_write(o.fp, rp);
    if (st != SS_OK) {
        cli_output_abort(&o);
        fprintf(stderr, "sanctionsim report: %s\n",
                st == SS_ENOMEM ? "out of memory" : "writing the page failed");
        return 1;
    }
    if (cli_output_commit(&o) != 0) {
        fprintf(stderr, "sanctionsim report: writing '%s' failed: %s\n", output ? output : "-",
                strerror(errno));
        return 1;
    }
    (void)j;
    return 0;
}

/* 2 after a message when the page would replace a file that sc was read
 * from (the scenario or one of its bases), else 0. */
static int check_output(const char *out, const ss_scenario *sc)
{
    struct stat st;
    if (!out || strcmp(out, "-") == 0 || stat(out, &st) != 0)
        return 0;
    for (size_t k = 0; k < sc->nfiles; k++)
        if (sc->file[k].dev == (unsigned long long)st.st_dev &&
            sc->file[k].ino == (unsigned long long)st.st_ino)
            return cli_usage_error(CMD, "-o: '%s' is %s %s; -o must name another file", out,
                                   k == 0 ? "the scenario" : "a base of", sc->path);
    return 0;
}

static int report_main(report_args *a, const char *command)
{
    report_job j;
    memset(&j, 0, sizeof j);
    const char *file = a->c.operand[0];
    cli_scenario_opts so = cli_scenario_of(&a->c);
    int code = 0;
    if (!(j.sc = cli_load_scenario(CMD, file, &so, &code)))
        return code;
    j.ncf = a->c.noperands - 1;
    j.cf = calloc(j.ncf + 1, sizeof *j.cf);
    j.cmp = calloc(j.ncf + 1, sizeof *j.cmp);
    if (!j.cf || !j.cmp) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        job_free(&j);
        return 1;
    }
    for (size_t k = 0; k < j.ncf; k++) {
        if (!(j.cf[k] = cli_load_scenario(CMD, a->c.operand[k + 1], &so, &code))) {
            job_free(&j);
            return code;
        }
        if (!(j.cmp[k] = malloc(sizeof **j.cmp))) {
            fprintf(stderr, "sanctionsim report: out of memory\n");
            job_free(&j);
            return 1;
        }
    }
    for (size_t k = 0; k <= j.ncf && code == 0; k++)
        code = check_output(a->c.output, k ? j.cf[k - 1] : j.sc);
    if (code == 0)
        code = check_sweeps(j.sc, &a->sweep);
    if (code != 0) {
        job_free(&j);
        return code;
    }
    ss_mixed_result r; /* about 6 KB */
    if ((code = compute(&j, &r)) != 0) {
        job_free(&j);
        return code;
    }
    int timeline = j.sc->timeline && ss_timeline_periods(j.sc->timeline) > 0;
    if ((a->sweep.n || timeline) && workdir_make(&j.w) != 0) {
        fprintf(stderr, "sanctionsim report: cannot make a temporary directory: %s\n",
                strerror(errno));
        job_free(&j);
        return 1;
    }
    ss_html_sweep sw;
    ss_html_timeline tl = {NULL, NULL};
    char sweep_svg[512], run_svg[512];
    if (a->sweep.n && make_sweep(&j.w, file, &so, &a->sweep, &sw, sweep_svg, sizeof sweep_svg)) {
        job_free(&j);
        return 1;
    }
    if (timeline && make_timeline(&j.w, j.sc, file, &so, &j.series, run_svg, sizeof run_svg) != 0) {
        job_free(&j);
        return 1;
    }
    tl.svg = run_svg;
    tl.series = j.series;
    ss_provenance prov = {command, so.sets, so.nsets};
    ss_html_report rp = {
        .sc = j.sc,
        .result = &r,
        .explain = j.ex,
        .nexplain = j.nex,
        .cf = (const ss_scenario *const *)j.cf,
        .cmp = (const ss_comparison *const *)j.cmp,
        .ncf = j.ncf,
        .sweep = a->sweep.n ? &sw : NULL,
        .timeline = timeline ? &tl : NULL,
        .prov = &prov,
    };
    code = write_page(&j, &rp, a->c.output);
    if (code == 0 && j.uncertified)
        code = 1;
    job_free(&j);
    return code;
}

int cmd_report(int argc, char **argv)
{
    report_args a;
    memset(&a, 0, sizeof a);
    int code = cli_parse(CMD, report_options, argc, argv, &a.c);
    if (code < 0 && a.c.noperands == 0)
        code = cli_usage_error(CMD, "missing scenario FILE");
    if (code >= 0) {
        cli_args_free(report_options, &a.c);
        return code;
    }
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim report: out of memory\n");
        cli_args_free(report_options, &a.c);
        return 1;
    }
    code = report_main(&a, command);
    free(command);
    cli_args_free(report_options, &a.c);
    return code;
}
