/* `sanctionsim compare BASE ALT`: two scenarios side by side, with the cost of
 * misperception for every sanctioner that holds beliefs; `compare A B C ...`:
 * one row per scenario. */
#include "cli.h"
#include "sanctionsim/compare.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/report.h"
#include "sanctionsim/compare_report.h"
#include "sanctionsim/timeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Both timelines run, period by period: every quantity present in both, for
 * both, with the difference. Returns an exit code. */
static int compare_timelines(const ss_scenario *b, const ss_scenario *a, ss_format fmt,
                             const ss_provenance *p)
{
    size_t np = ss_timeline_periods(b->timeline);
    if (np != ss_timeline_periods(a->timeline) || b->timeline->step != a->timeline->step ||
        ss_date_cmp(&b->timeline->start, &a->timeline->start) != 0) {
        fprintf(stderr,
                "sanctionsim compare: the timelines of %s and %s have different periods; "
                "compare them with --static, or align start, end and step\n",
                b->path, a->path);
        return 2;
    }
    ss_series *sb = ss_series_alloc(b), *sa = ss_series_alloc(a);
    ss_error err;
    ss_status st = SS_ENOMEM;
    int code = 1;
    if (!sb || !sa)
        fprintf(stderr, "sanctionsim compare: out of memory\n");
    else if ((st = ss_run(b, NULL, sb, &err)) != SS_OK || (st = ss_run(a, NULL, sa, &err)) != SS_OK)
        fprintf(stderr, "sanctionsim compare: %s\n", err.message);
    if (st != SS_OK) {
        ss_series_free(sb);
        ss_series_free(sa);
        return st == SS_ENOMEM ? 1 : ss_status_exit_code(st);
    }
    st = ss_report_compare_series(stdout, b, a, sb, sa, fmt, p);
    if (st != SS_OK)
        fprintf(stderr, "sanctionsim compare: writing the result failed\n");
    code = st == SS_OK ? 0 : 1;
    ss_series_free(sb);
    ss_series_free(sa);
    return code;
}

/* Draws the strategies of both solutions as grouped bars into the picture
 * out, of kind term (png, svg or pdf). */
static int draw(const ss_scenario *b, const ss_scenario *a, const ss_comparison *c, const char *out,
                const char *term)
{
    char script[1024], data[512];
    if (cli_gnuplot_script("compare.gp", script, sizeof script) != 0 || access(script, R_OK) != 0) {
        fprintf(stderr, "sanctionsim compare: cannot read the plot script '%s'\n", script);
        return 1;
    }
    FILE *fp = cli_temp_file(data, sizeof data, "compare");
    if (!fp) {
        fprintf(stderr, "sanctionsim compare: cannot write a temporary file: %s\n",
                strerror(errno));
        return 1;
    }
    ss_report_compare_bars(fp, c);
    if (fclose(fp) != 0) {
        fprintf(stderr, "sanctionsim compare: cannot write '%s'\n", data);
        cli_temp_remove(data);
        return 1;
    }
    char title[2 * SS_NAME_MAX + 16];
    snprintf(title, sizeof title, "%s  vs  %s", b->name, a->name);
    const char *args[] = {data, NULL, title, b->name, a->name, term};
    int code = cli_gnuplot_draw("compare", script, 6, args, 1, out);
    cli_temp_remove(data);
    return code;
}

typedef struct compare_args {
    cli_common c; /* first: the shared options */
    int force_static;
} compare_args;

static const cli_option opt_static = {
    .name = "static",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(compare_args, force_static),
    .help = "compare equilibria even when both scenarios have timelines",
};

static const char *const compare_formats[] = {"table", "json", "tsv", NULL};

static const cli_opt_use compare_options[] = {
    {&cli_opt_mode, NULL, "solve both in this mode (default: each scenario's own)", NULL},
    {&cli_opt_set, NULL, "override a parameter in both scenarios (repeatable)", NULL},
    {&cli_opt_format, NULL, "table (default), json or tsv", compare_formats},
    {&opt_static, NULL, NULL, NULL},
    {&cli_opt_plot, NULL,
     "draw the strategies of both as grouped bars (needs gnuplot);\n"
     ".png, .svg or .pdf, by the extension",
     NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_compare = {
    .name = "compare",
    .summary = "compare scenarios and the cost of misperception",
    .synopsis = "usage: sanctionsim compare BASE ALT [--mode spe|nash] [--set KEY=VALUE]... "
                "[--format table|json|tsv]\n"
                "                           [--static] [--plot FILE.png]\n"
                "       sanctionsim compare A B C... [--mode spe|nash] [--set KEY=VALUE]... "
                "[--format table|json|tsv]\n"
                "                           [--static]\n",
    .description = "Solves two scenarios (a baseline and a counterfactual) and prints every\n"
                   "quantity for both with the difference (alt - base), then the cost of\n"
                   "misperception for every sanctioner holding beliefs: its realized payoff at\n"
                   "the equilibrium where it sees the target and patron as they are, minus the\n"
                   "one with its stated beliefs (MODEL.md section 7).\n",
    .options = compare_options,
    .epilogue =
        "When both scenarios have a timeline with the same periods, compare runs both\n"
        "and prints the difference per period instead (table: intensities and c;\n"
        "tsv: every quantity as .base, .alt and .diff columns).\n"
        "\n"
        "With three or more scenarios, compare solves each and prints one row per\n"
        "scenario (table: the strategies s.<id> c p a q, the status and the name;\n"
        "tsv and json: every quantity). Scenarios with a timeline need --static there.\n"
        "\n"
        "example: sanctionsim compare scenarios/baseline_2014.cfg scenarios/cf_*.cfg\n"
        "example: sanctionsim compare scenarios/baseline_2014.cfg scenarios/cf_linkage.cfg\n",
    .operands = "scenario",
    .run = cmd_compare,
};

/* After a comparison (status st, err) was written (status wst): a message
 * for what went wrong, and the status the exit code comes from. */
static ss_status after_writing(ss_status st, ss_status wst, const ss_error *err)
{
    if (wst == SS_ENOMEM) {
        fprintf(stderr, "sanctionsim compare: out of memory\n");
        return SS_ENOMEM;
    }
    if (fflush(stdout) != 0 || wst != SS_OK) {
        fprintf(stderr, "sanctionsim compare: writing the result failed\n");
        return SS_EIO;
    }
    if (st != SS_OK)
        fprintf(stderr, "sanctionsim compare: %s\n", err->message);
    return st;
}

/* Compares b and a: per period when both have timelines (and not
 * force_static), else their equilibria. Returns an exit code. */
static int compare(const ss_scenario *b, const ss_scenario *a, ss_format fmt, int force_static,
                   const char *plot, const char *term, const ss_provenance *p)
{
    if (!force_static && b->timeline && a->timeline && ss_timeline_periods(b->timeline) &&
        ss_timeline_periods(a->timeline)) {
        if (fmt == SS_FORMAT_JSON) {
            return cli_usage_error("compare", "--format json is for static comparisons "
                                              "(add --static); timelines print table or tsv");
        }
        int code = compare_timelines(b, a, fmt, p);
        if (fflush(stdout) != 0 && code == 0) {
            fprintf(stderr, "sanctionsim compare: writing the result failed\n");
            code = 1;
        }
        return code;
    }
    ss_comparison *c = malloc(sizeof *c);
    if (!c) {
        fprintf(stderr, "sanctionsim compare: out of memory\n");
        return 1;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_compare(b, a, c, &err);
    ss_status wst = SS_OK;
    if (st == SS_ENOMEM) {
        /* rows of a comparison cut short are no result: print none */
        fprintf(stderr, "sanctionsim compare: %s\n", err.message);
        free(c);
        return 1;
    }
    wst = ss_report_compare(stdout, b, a, c, fmt, p);
    st = after_writing(st, wst, &err);
    int plot_code = plot ? draw(b, a, c, plot, term) : 0;
    free(c);
    return st != SS_OK ? ss_status_exit_code(st) : plot_code;
}

/* `compare A B C ...`: one row per scenario. Returns an exit code. */
static int compare_many(const ss_scenario *const *sc, size_t n, ss_format fmt, int force_static,
                        const ss_provenance *p)
{
    for (size_t k = 0; k < n && !force_static; k++)
        if (sc[k]->timeline && ss_timeline_periods(sc[k]->timeline))
            return cli_usage_error("compare",
                                   "%s has a timeline, and a table of many scenarios compares "
                                   "equilibria: add --static to compare the static game of its "
                                   "parameters, or compare two timelines period by period",
                                   sc[k]->path);
    ss_compare_many *m = malloc(sizeof *m);
    if (!m) {
        fprintf(stderr, "sanctionsim compare: out of memory\n");
        return 1;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_compare_many_solve(sc, n, m, &err);
    if (st == SS_ENOMEM || st == SS_EINPUT) {
        fprintf(stderr, "sanctionsim compare: %s\n", err.message);
        free(m);
        return ss_status_exit_code(st);
    }
    st = after_writing(st, ss_report_compare_many(stdout, sc, m, fmt, p), &err);
    ss_compare_many_free(m);
    free(m);
    return st != SS_OK ? ss_status_exit_code(st) : 0;
}

static int compare_main(int argc, char **argv, const char *command)
{
    compare_args args = {.c.format = "table"};
    int code = cli_parse("compare", compare_options, argc, argv, &args.c);
    cli_scenario_opts so = cli_scenario_of(&args.c);
    const char *format = args.c.format, *plot = args.c.plot, *term = NULL;
    int force_static = args.force_static;
    if (code >= 0) {
        cli_args_free(compare_options, &args.c);
        return code;
    }
    ss_format fmt;
    ss_format_parse(format, &fmt); /* one of compare_formats */
    if (args.c.noperands < 2) {
        cli_args_free(compare_options, &args.c);
        return cli_usage_error("compare", "expected two scenario files, BASE and ALT, or more");
    }
    if (args.c.noperands > 2 && plot) {
        cli_args_free(compare_options, &args.c);
        return cli_usage_error("compare",
                               "--plot draws two scenarios, BASE and ALT; with %zu, "
                               "use --format tsv and a plot of your own",
                               args.c.noperands);
    }
    if (args.c.noperands > 2) {
        code = 0;
        size_t n = args.c.noperands;
        ss_scenario **sc = calloc(n, sizeof *sc);
        for (size_t k = 0; sc && k < n && code == 0; k++)
            if (!(sc[k] = cli_load_scenario("compare", args.c.operand[k], &so, &code)) && !code)
                code = 1;
        if (!sc) {
            fprintf(stderr, "sanctionsim compare: out of memory\n");
            code = 1;
        } else if (code == 0) {
            ss_provenance prov = {command, so.sets, so.nsets};
            code = compare_many((const ss_scenario *const *)sc, n, fmt, force_static, &prov);
        }
        for (size_t k = 0; sc && k < n; k++)
            ss_scenario_free(sc[k]);
        free(sc);
        cli_args_free(compare_options, &args.c);
        return code;
    }
    if (plot && !(term = cli_picture_kind("compare", "--plot", plot))) {
        cli_args_free(compare_options, &args.c);
        return 2;
    }
    ss_scenario *b = cli_load_scenario("compare", args.c.operand[0], &so, &code);
    ss_scenario *a = b ? cli_load_scenario("compare", args.c.operand[1], &so, &code) : NULL;
    if (a) {
        ss_provenance prov = {command, so.sets, so.nsets};
        code = compare(b, a, fmt, force_static, plot, term, &prov);
    }
    cli_args_free(compare_options, &args.c); /* so's overrides are args.c's */
    ss_scenario_free(a);
    ss_scenario_free(b);
    return code;
}

/* `compare`, with the command line as typed for the provenance lines. */
int cmd_compare(int argc, char **argv)
{
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim compare: out of memory\n");
        return 1;
    }
    int code = compare_main(argc, argv, command);
    free(command);
    return code;
}
