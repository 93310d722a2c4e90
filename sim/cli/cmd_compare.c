/* `sanctionsim compare BASE ALT`: two scenarios side by side, with the cost of
 * misperception for every sanctioner that holds beliefs. */
#include "cli.h"
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
    if (wst == SS_ENOMEM) {
        fprintf(stderr, "sanctionsim compare: out of memory\n");
        st = SS_ENOMEM;
    } else if (fflush(stdout) != 0 || wst != SS_OK) {
        fprintf(stderr, "sanctionsim compare: writing the result failed\n");
        st = SS_EIO;
    } else if (st != SS_OK) {
        fprintf(stderr, "sanctionsim compare: %s\n", err.message);
    }
    int plot_code = plot ? draw(b, a, c, plot, term) : 0;
    free(c);
    return st != SS_OK ? ss_status_exit_code(st) : plot_code;
}

static int compare_main(int argc, char **argv, const char *command)
{
    static const struct option longs[] = {{"set", required_argument, NULL, 's'},
                                          {"mode", required_argument, NULL, 'm'},
                                          {"format", required_argument, NULL, 'f'},
                                          {"static", no_argument, NULL, 'S'},
                                          {"plot", required_argument, NULL, 'p'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    cli_scenario_opts so = {NULL, 0, NULL};
    const char *format = "table", *plot = NULL, *term = NULL;
    int opt, code, force_static = 0;
    optind = 0;
    opterr = 0;
    while ((opt = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (opt) {
        case 's':
            if (cli_add_set(&so, optarg) != 0) {
                free(so.sets);
                return 1;
            }
            break;
        case 'm':
            so.mode = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'S':
            force_static = 1;
            break;
        case 'p':
            if (!*optarg) {
                free(so.sets);
                return cli_usage_error("compare", "--plot: an empty file name");
            }
            plot = optarg;
            break;
        case 'h':
            free(so.sets);
            return cli_print_usage("compare");
        default:
            free(so.sets);
            return cli_bad_option("compare", argv, opt);
        }
    }
    ss_format fmt;
    if (ss_format_parse(format, &fmt) != 0 || fmt == SS_FORMAT_CSV) {
        free(so.sets);
        return cli_usage_error("compare", "--format: unknown format '%s' (table, json, tsv)",
                               format);
    }
    if (argc - optind != 2) {
        free(so.sets);
        return cli_usage_error("compare", "expected two scenario files, BASE and ALT");
    }
    if (plot && !(term = cli_picture_kind("compare", "--plot", plot))) {
        free(so.sets);
        return 2;
    }
    ss_scenario *b = cli_load_scenario("compare", argv[optind], &so, &code);
    ss_scenario *a = b ? cli_load_scenario("compare", argv[optind + 1], &so, &code) : NULL;
    if (a) {
        ss_provenance prov = {command, so.sets, so.nsets};
        code = compare(b, a, fmt, force_static, plot, term, &prov);
    }
    free(so.sets);
    ss_scenario_free(a);
    ss_scenario_free(b);
    return code;
}

/* `compare`, given the command line as typed (getopt_long reorders argv). */
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
