/* `sanctionsim analyze sobol|morris FILE --output COLUMN...`: Sobol indices
 * from a Saltelli design, or Morris effects from trajectories, of any numeric
 * column of a sweep or design file (docs/analysis.md). The estimators are the
 * core's (sensitivity.c); this file reads the rows and prints. */
#include "cli.h"
#include "sanctionsim/columns.h"
#include "sanctionsim/analysis_report.h"
#include "sanctionsim/design_file.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/sensitivity.h"
#include "sanctionsim/sweep_file.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct analyze_args {
    cli_common c; /* first: the shared options */
    cli_list outputs;
    cli_whole resamples;
    int drop_failed, second_order;
} analyze_args;

static const char *const analyze_formats[] = {"table", "tsv", "csv", "json", NULL};

static const cli_option opt_column = {
    .name = "output",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(analyze_args, outputs),
    .arg = "COLUMN",
    .help = "a numeric column to analyse, e.g. s.japan (repeatable)",
};
static const cli_option opt_resamples = {
    .name = "resamples",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(analyze_args, resamples),
    .min = 2,
    .max = 100000,
    .arg = "R",
    .help = "bootstrap resamples for the confidence intervals (default 100)",
};
static const cli_option opt_drop = {
    .name = "drop-failed",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(analyze_args, drop_failed),
    .help = "leave out every block (trajectory) holding a row whose status\n"
            "is not ok or mixed, instead of refusing the file",
};
static const cli_option opt_s2 = {
    .name = "second-order",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(analyze_args, second_order),
    .help = "sobol: also S2 and S2_conf per pair of keys (needs a design\n"
            "made with --second-order)",
};

static const cli_opt_use analyze_options[] = {
    {&opt_column, NULL, NULL, NULL},
    {&opt_s2, NULL, NULL, NULL},
    {&opt_resamples, NULL, NULL, NULL},
    {&cli_opt_seed, NULL, "seed of the bootstrap, 0..4294967295 (default 1)", NULL},
    {&opt_drop, NULL, NULL, NULL},
    {&cli_opt_format, NULL, "table (default), tsv, csv or json", analyze_formats},
    {&cli_opt_plot, NULL,
     "draw the first COLUMN's indices as bars with their intervals\n"
     "(.png, .svg or .pdf; needs gnuplot)",
     NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_analyze = {
    .name = "analyze",
    .summary = "Sobol indices or Morris effects of a sweep's (or design's) outputs",
    .synopsis = "usage: sanctionsim analyze sobol|morris FILE --output COLUMN... [--second-order]\n"
                "                           [--resamples R] [--seed S] [--drop-failed]\n"
                "                           [--format table|tsv|csv|json] [--plot FILE.png]\n",
    .description =
        "Estimates how much of each output's variance each varied key explains. 'sobol'\n"
        "needs a saltelli design (sweep or design --design saltelli) and gives S1 (first\n"
        "order, Saltelli et al. 2010) and ST (total, Jansen), with S2 on request; 'morris'\n"
        "needs a morris design and gives mu, mu_star and sigma of the elementary effects.\n"
        "The intervals are bootstrap half-widths at 95%. FILE is a sweep file, or a\n"
        "design file with output columns appended.\n",
    .options = analyze_options,
    .epilogue = "Exit status: 0 done, 1 reading or writing failed, 2 bad usage, a file whose\n"
                "design is not the method's, an unknown or non-numeric column, or rows without\n"
                "a certified equilibrium (without --drop-failed).\n",
    .operands = "file",
    .run = cmd_analyze,
};

static const char CMD[] = "analyze";

/* What the rows gave: the outputs (noutputs x points), the keys' values
 * (points x k, morris only) and which blocks hold a failed row. */
typedef struct table {
    double *y, *x;
    unsigned char *failed; /* per block */
    size_t failed_rows;
} table;

static void table_free(table *t)
{
    free(t->y);
    free(t->x);
    free(t->failed);
}

/* The status column's word means a certified equilibrium. */
static int certified(const char *status)
{
    return ss_status_word_answered(status);
}

/* Reads every row of f into t. Returns 0, or the exit status after a message. */
static int read_rows(FILE *f, const char *path, const ss_sweep_header *h,
                     const ss_design_info *info, const int *col, size_t ncol, const int *keycol,
                     table *t)
{
    size_t n = info->points, k = info->k, per = n / info->samples;
    memset(t, 0, sizeof *t);
    t->y = malloc(ncol * n * sizeof *t->y);
    t->failed = calloc(info->samples, 1);
    if (keycol)
        t->x = malloc(n * k * sizeof *t->x);
    if (!t->y || !t->failed || (keycol && !t->x)) {
        fprintf(stderr, "sanctionsim analyze: out of memory\n");
        return 1;
    }
    int status = ss_sweep_header_column(h, "status");
    ss_sweep_rows r;
    ss_error err;
    if (ss_sweep_rows_open(&r, f, path, h, &err) != SS_OK) {
        fprintf(stderr, "sanctionsim analyze: %s\n", err.message);
        return 1;
    }
    size_t i = 0;
    int got = 0, code = 0;
    ss_status st;
    while ((st = ss_sweep_rows_next(&r, &got, &err)) == SS_OK && got) {
        size_t index;
        if (i >= n || ss_sweep_parse_index(r.field[0], &index) != 0 || index != i) {
            code = cli_usage_error(CMD,
                                   "%s:%zu: row %zu where the design's row %zu was expected "
                                   "(rows in index order, each once: merge shards first)",
                                   path, r.lineno, index, i);
            break;
        }
        int ok = status < 0 || certified(r.field[status]);
        if (!ok) {
            t->failed[i / per] = 1;
            t->failed_rows++;
        }
        for (size_t c = 0; c < ncol && !code; c++) {
            double v = NAN;
            if (ok && ss_parse_double(r.field[col[c]], &v) != 0)
                code = cli_usage_error(CMD, "%s:%zu: column '%s': '%s' is not a finite number",
                                       path, r.lineno, h->column[col[c]], r.field[col[c]]);
            t->y[c * n + i] = v;
        }
        for (size_t j = 0; keycol && j < k && !code; j++)
            if (ss_parse_double(r.field[keycol[j]], &t->x[i * k + j]) != 0)
                code = cli_usage_error(CMD, "%s:%zu: column '%s': '%s' is not a finite number",
                                       path, r.lineno, h->column[keycol[j]], r.field[keycol[j]]);
        if (code)
            break;
        i++;
    }
    if (!code && st != SS_OK) {
        fprintf(stderr, "sanctionsim analyze: %s\n", err.message);
        code = st == SS_EINPUT ? 2 : 1;
    }
    if (!code && i != n)
        code = cli_usage_error(CMD,
                               "%s: %zu rows where the design has %zu (an unfinished sweep? "
                               "finish it with --resume, or merge its shards)",
                               path, i, n);
    ss_sweep_rows_free(&r);
    return code;
}

/* Moves the kept blocks to the front of every array; returns their number. */
static size_t drop_blocks(table *t, const ss_design_info *info, size_t ncol)
{
    size_t per = info->points / info->samples, k = info->k, kept = 0, n = info->points;
    for (size_t b = 0; b < info->samples; b++) {
        if (t->failed[b])
            continue;
        for (size_t c = 0; c < ncol; c++)
            memmove(t->y + c * n + kept * per, t->y + c * n + b * per, per * sizeof *t->y);
        if (t->x)
            memmove(t->x + kept * per * k, t->x + b * per * k, per * k * sizeof *t->x);
        kept++;
    }
    return kept;
}

/* Draws the first output's bars. */
static int draw(const ss_analysis *an, const char *out, const char *term)
{
    char script[1024], data[512];
    if (cli_gnuplot_script("sensitivity.gp", script, sizeof script) != 0 ||
        access(script, R_OK) != 0) {
        fprintf(stderr, "sanctionsim analyze: cannot read the plot script '%s'\n", script);
        return 1;
    }
    FILE *fp = cli_temp_file(data, sizeof data, "analyze");
    if (!fp) {
        fprintf(stderr, "sanctionsim analyze: cannot write a temporary file: %s\n",
                strerror(errno));
        return 1;
    }
    ss_status st = ss_analysis_plot_data(fp, an, 0);
    if (fclose(fp) != 0 || st != SS_OK) {
        fprintf(stderr, "sanctionsim analyze: cannot write '%s'\n", data);
        cli_temp_remove(data);
        return 1;
    }
    char title[512];
    snprintf(title, sizeof title, "%s of %s (%zu %s, %g%% intervals)",
             an->sobol ? "Sobol indices" : "Morris mu* and sigma", an->outputs[0], an->used,
             an->sobol ? "blocks" : "trajectories", 100 * an->boot.level);
    const char *args[] = {data, NULL, title, an->sobol ? "sobol" : "morris", term};
    int code = cli_gnuplot_draw(CMD, script, 5, args, 1, out);
    cli_temp_remove(data);
    return code;
}

/* Computes and prints; returns the exit status. */
static int analyze(const analyze_args *a, int sobol, const char *path, FILE *f,
                   const ss_sweep_header *h, const char *command, const char *term)
{
    ss_design_info info;
    ss_error err;
    if (ss_design_info_read(h, path, &info, &err) != SS_OK)
        return cli_usage_error(CMD, "%s", err.message);
    ss_design_kind want = sobol ? SS_DESIGN_SALTELLI : SS_DESIGN_MORRIS;
    if (info.kind != want)
        return cli_usage_error(CMD,
                               "%s: a %s design; 'analyze %s' needs a %s design (make it with "
                               "sweep or design --design %s)",
                               path, ss_design_kind_name(info.kind), sobol ? "sobol" : "morris",
                               ss_design_kind_name(want), ss_design_kind_name(want));
    if (a->second_order && !sobol)
        return cli_usage_error(CMD, "--second-order is for 'analyze sobol'");
    if (a->second_order && !info.second_order)
        return cli_usage_error(CMD,
                               "--second-order: %s was made without --second-order (its "
                               "blocks have k+2 rows, S2 needs 2k+2)",
                               path);
    size_t ncol = a->outputs.n, k = info.k;
    int col[64], keycol[SS_MAX_VARY];
    const char *keys[SS_MAX_VARY];
    if (ncol > sizeof col / sizeof *col)
        return cli_usage_error(CMD, "--output: at most %zu columns at once",
                               sizeof col / sizeof *col);
    for (size_t c = 0; c < ncol; c++)
        if ((col[c] = ss_sweep_header_column(h, a->outputs.item[c])) < 0)
            return cli_usage_error(CMD, "--output '%s': %s has no such column", a->outputs.item[c],
                                   path);
    for (size_t j = 0; j < k; j++) {
        keys[j] = h->vary[j].key;
        if ((keycol[j] = ss_sweep_header_column(h, keys[j])) < 0)
            return cli_usage_error(CMD, "%s:%zu: varied key '%s' has no column", path,
                                   h->vary[j].line, keys[j]);
    }
    table t;
    int code = read_rows(f, path, h, &info, col, ncol, sobol ? NULL : keycol, &t);
    if (code) {
        table_free(&t);
        return code;
    }
    size_t nfailed = 0;
    for (size_t b = 0; b < info.samples; b++)
        nfailed += t.failed[b];
    if (nfailed && !a->drop_failed) {
        table_free(&t);
        return cli_usage_error(CMD,
                               "%s: %zu rows have no certified equilibrium (status not ok or "
                               "mixed), in %zu of the %zu %s; --drop-failed leaves those %s out "
                               "(docs/analysis.md says what that does to the estimates)",
                               path, t.failed_rows, nfailed, info.samples,
                               sobol ? "blocks" : "trajectories",
                               sobol ? "blocks" : "trajectories");
    }
    size_t used = nfailed ? drop_blocks(&t, &info, ncol) : info.samples;
    double delta[SS_MAX_VARY];
    for (size_t j = 0; j < k; j++) /* a key given by its prior: its '# vary:' spec says so */
        delta[j] = ss_design_morris_delta(info.levels, strcmp(h->vary[j].spec, "prior") == 0);
    ss_bootstrap boot = SS_BOOTSTRAP_DEFAULT;
    boot.seed = (unsigned long)a->c.seed.value;
    if (a->resamples.given)
        boot.resamples = (size_t)a->resamples.value;
    ss_sobol *so = sobol ? calloc(ncol, sizeof *so) : NULL;
    ss_morris *mo = sobol ? NULL : calloc(ncol, sizeof *mo);
    ss_status st = (so || mo) ? SS_OK : ss_error_set(&err, SS_ENOMEM, "out of memory");
    for (size_t c = 0; c < ncol && !st; c++) {
        const double *y = t.y + c * info.points;
        if (sobol)
            st = ss_sobol_analyze(y, used, k, info.second_order, &boot, &so[c], &err);
        else
            st = ss_morris_analyze(t.x, y, used, k, delta, &boot, &mo[c], &err);
        if (st == SS_EINPUT)
            code =
                cli_usage_error(CMD, "%s: column '%s': %s", path, a->outputs.item[c], err.message);
    }
    if (st && !code) {
        fprintf(stderr, "sanctionsim analyze: %s\n", err.message);
        code = ss_status_exit_code(st);
    }
    if (!st) {
        ss_analysis an = {path,
                          &info,
                          keys,
                          a->outputs.item,
                          ncol,
                          so,
                          mo,
                          a->second_order,
                          boot,
                          used,
                          info.samples - used};
        ss_format fmt;
        ss_format_parse(a->c.format, &fmt);
        ss_provenance prov = {command, NULL, 0};
        if (ss_analysis_write(stdout, &an, fmt, &prov) != SS_OK || fflush(stdout) != 0) {
            fprintf(stderr, "sanctionsim analyze: writing the result failed\n");
            code = 1;
        } else if (a->c.plot) {
            code = draw(&an, a->c.plot, term);
        }
    }
    for (size_t c = 0; c < ncol; c++) {
        if (so)
            ss_sobol_free(&so[c]);
        if (mo)
            ss_morris_free(&mo[c]);
    }
    free(so);
    free(mo);
    table_free(&t);
    return code;
}

int cmd_analyze(int argc, char **argv)
{
    analyze_args a;
    memset(&a, 0, sizeof a);
    a.c.format = "table";
    a.c.seed.value = 1;
    int code = cli_parse(CMD, analyze_options, argc, argv, &a.c);
    int sobol = 0;
    const char *term = NULL;
    if (code < 0 && a.c.noperands != 2)
        code = cli_usage_error(CMD, "expected a method (sobol or morris) and a FILE");
    if (code < 0) {
        sobol = strcmp(a.c.operand[0], "sobol") == 0;
        if (!sobol && strcmp(a.c.operand[0], "morris") != 0)
            code = cli_usage_error(CMD, "unknown method '%s' (sobol or morris)", a.c.operand[0]);
    }
    if (code < 0 && a.outputs.n == 0)
        code = cli_usage_error(CMD, "nothing to analyse: give --output COLUMN, e.g. --output "
                                    "s.japan");
    if (code < 0 && a.c.plot && !(term = cli_picture_kind(CMD, "--plot", a.c.plot)))
        code = 2;
    if (code >= 0) {
        cli_args_free(analyze_options, &a.c);
        return code;
    }
    const char *path = a.c.operand[1];
    char *command = ss_provenance_command(argc, argv);
    FILE *f = command ? fopen(path, "r") : NULL;
    if (!command) {
        fprintf(stderr, "sanctionsim analyze: out of memory\n");
        code = 1;
    } else if (!f) {
        fprintf(stderr, "sanctionsim analyze: cannot read '%s': %s\n", path, strerror(errno));
        code = errno == ENOENT ? 2 : 1;
    } else {
        ss_sweep_header h;
        ss_error err;
        ss_status st = ss_sweep_header_read(f, path, &h, &err);
        if (st == SS_EINPUT)
            code = cli_usage_error(CMD, "%s", err.message);
        else if (st) {
            fprintf(stderr, "sanctionsim analyze: %s\n", err.message);
            code = 1;
        } else {
            code = analyze(&a, sobol, path, f, &h, command, term);
            ss_sweep_header_free(&h);
        }
        fclose(f);
    }
    free(command);
    cli_args_free(analyze_options, &a.c);
    return code;
}
