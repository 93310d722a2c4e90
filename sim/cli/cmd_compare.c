/* `sanctionsim compare BASE ALT`: two scenarios side by side, with the cost of
 * misperception for every sanctioner that holds beliefs. */
#include "cli.h"
#include "sanctionsim/compare.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/report.h"
#include "sanctionsim/timeline.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_table(const ss_scenario *b, const ss_scenario *a, const ss_comparison *c)
{
    printf("base  %s (%s), %s\n", b->name, b->path, ss_mode_name(b->solver.mode));
    printf("alt   %s (%s), %s\n\n", a->name, a->path, ss_mode_name(a->solver.mode));
    printf("%-22s %14s %14s %14s\n", "quantity", "base", "alt", "alt - base");
    for (size_t k = 0; k < c->nrows; k++) {
        const ss_compare_row *r = &c->rows[k];
        printf("%-22s ", r->name);
        if (r->in_base)
            printf("%14.6f ", r->base);
        else
            printf("%14s ", "-");
        if (r->in_alt)
            printf("%14.6f ", r->alt);
        else
            printf("%14s ", "-");
        if (r->in_base && r->in_alt)
            printf("%+14.6f\n", r->alt - r->base);
        else
            printf("%14s\n", "-");
    }
    if (c->nmis == 0) {
        printf("\nno sanctioner holds beliefs: no cost of misperception\n");
        return;
    }
    printf("\ncost of misperception: realized payoff with true beliefs minus with stated ones\n");
    printf("%-8s %-12s %10s %10s %16s %16s %12s\n", "scenario", "sanctioner", "s_stated", "s_true",
           "realized_stated", "realized_true", "cost");
    for (size_t k = 0; k < c->nmis; k++) {
        const ss_misperception *m = &c->mis[k];
        printf("%-8s %-12s %10.6f %10.6f %16.6f %16.6f %+12.6f\n",
               m->scenario == 'b' ? "base" : "alt", m->id, m->s_stated, m->s_true,
               m->realized_stated, m->realized_true, m->cost);
    }
}

static void print_tsv(const ss_comparison *c)
{
    printf("quantity\tbase\talt\tdiff\n");
    for (size_t k = 0; k < c->nrows; k++) {
        const ss_compare_row *r = &c->rows[k];
        printf("%s\t", r->name);
        if (r->in_base)
            ss_write_double(stdout, r->base);
        putchar('\t');
        if (r->in_alt)
            ss_write_double(stdout, r->alt);
        putchar('\t');
        if (r->in_base && r->in_alt)
            ss_write_double(stdout, r->alt - r->base);
        putchar('\n');
    }
    for (size_t k = 0; k < c->nmis; k++) {
        const ss_misperception *m = &c->mis[k];
        printf("misperception_cost.%s.%s\t", m->scenario == 'b' ? "base" : "alt", m->id);
        ss_write_double(stdout, m->cost);
        printf("\t\t\n");
    }
}

/* A JSON number, or null when the quantity is absent. */
static json_t *number_or_null(int present, double v)
{
    return present ? json_real(v) : json_null();
}

/* The comparison as one JSON document, or NULL when memory ran out making
 * any part of it: a row or key left out would be a wrong answer. */
static json_t *comparison_json(const ss_scenario *b, const ss_scenario *a, const ss_comparison *c)
{
    json_t *rows = json_array(), *mis = json_array();
    int bad = !rows || !mis;
    for (size_t k = 0; k < c->nrows && !bad; k++) {
        const ss_compare_row *r = &c->rows[k];
        json_t *row =
            json_pack("{s:s, s:o, s:o, s:o}", "quantity", r->name, "base",
                      number_or_null(r->in_base, r->base), "alt", number_or_null(r->in_alt, r->alt),
                      "diff", number_or_null(r->in_base && r->in_alt, r->alt - r->base));
        bad = !row || json_array_append_new(rows, row) != 0;
    }
    for (size_t k = 0; k < c->nmis && !bad; k++) {
        const ss_misperception *m = &c->mis[k];
        json_t *one = json_pack(
            "{s:s, s:s, s:f, s:f, s:f, s:f, s:f}", "scenario", m->scenario == 'b' ? "base" : "alt",
            "id", m->id, "s_stated", m->s_stated, "s_true", m->s_true, "realized_stated",
            m->realized_stated, "realized_true", m->realized_true, "cost", m->cost);
        bad = !one || json_array_append_new(mis, one) != 0;
    }
    if (bad) {
        json_decref(rows);
        json_decref(mis);
        return NULL;
    }
    /* "o" takes rows and mis, and releases them when the pack fails */
    return json_pack("{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s}, s:o, s:o}", "base", "name",
                     b->name, "path", b->path, "mode", ss_mode_name(b->solver.mode), "sha256",
                     b->sha256, "alt", "name", a->name, "path", a->path, "mode",
                     ss_mode_name(a->solver.mode), "sha256", a->sha256, "rows", rows,
                     "misperception", mis);
}

/* Both timelines run, period by period: every quantity present in both, for
 * both, with the difference. Returns an exit code. */
static int compare_timelines(const ss_scenario *b, const ss_scenario *a, ss_format fmt)
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
    ss_column cb[SS_RESULT_MAX_COLUMNS], ca[SS_RESULT_MAX_COLUMNS];
    size_t nb = ss_result_columns(b, NULL, cb), na = ss_result_columns(a, NULL, ca);
    /* columns present in both, by name; the table shows intensities and c only */
    size_t pair[SS_RESULT_MAX_COLUMNS][2], npair = 0;
    for (size_t i = 0; i < nb; i++)
        for (size_t j = 0; j < na; j++)
            if (strcmp(cb[i].name, ca[j].name) == 0 &&
                (fmt != SS_FORMAT_TABLE || strncmp(cb[i].name, "s.", 2) == 0 ||
                 strcmp(cb[i].name, "c") == 0)) {
                pair[npair][0] = i;
                pair[npair++][1] = j;
            }
    char sep = fmt == SS_FORMAT_TABLE ? ' ' : '\t';
    if (fmt == SS_FORMAT_TABLE)
        printf("per period: alt - base (base %s, alt %s)\n\n%-8s", b->path, a->path, "date");
    else
        printf("date");
    for (size_t q = 0; q < npair; q++) {
        const char *name = cb[pair[q][0]].name;
        if (fmt == SS_FORMAT_TABLE)
            printf(" %14s", name);
        else
            printf("\t%s.base\t%s.alt\t%s.diff", name, name, name);
    }
    putchar('\n');
    for (size_t k = 0; k < np; k++) {
        char label[16];
        ss_timeline_period_label(b->timeline, k, label, sizeof label);
        ss_result_columns(b, &sb->result[k], cb);
        ss_result_columns(a, &sa->result[k], ca);
        printf(fmt == SS_FORMAT_TABLE ? "%-8s" : "%s", label);
        for (size_t q = 0; q < npair; q++) {
            double vb = cb[pair[q][0]].value, va = ca[pair[q][1]].value;
            if (fmt == SS_FORMAT_TABLE) {
                printf(" %+14.6f", va - vb);
                continue;
            }
            putchar(sep);
            ss_write_double(stdout, vb);
            putchar(sep);
            ss_write_double(stdout, va);
            putchar(sep);
            ss_write_double(stdout, va - vb);
        }
        putchar('\n');
    }
    code = 0;
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
    fprintf(fp, "quantity\tbase\talt\n");
    for (size_t k = 0; k < c->nrows; k++) {
        const ss_compare_row *r = &c->rows[k];
        int strategy = strncmp(r->name, "s.", 2) == 0 ||
                       (r->name[0] && !r->name[1] && strchr("cpaq", r->name[0]));
        if (!strategy)
            continue;
        fprintf(fp, "%s\t", r->name);
        if (r->in_base)
            ss_write_double(fp, r->base);
        else
            fputs("NaN", fp);
        fputc('\t', fp);
        if (r->in_alt)
            ss_write_double(fp, r->alt);
        else
            fputs("NaN", fp);
        fputc('\n', fp);
    }
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
    .summary = "compare two scenarios and the cost of misperception",
    .synopsis = "usage: sanctionsim compare BASE ALT [--mode spe|nash] [--set KEY=VALUE]... "
                "[--format table|json|tsv]\n"
                "                           [--static] [--plot FILE.png]\n",
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
        "example: sanctionsim compare scenarios/baseline_2014.cfg scenarios/cf_linkage.cfg\n",
    .operands = "scenario",
    .run = cmd_compare,
};

int cmd_compare(int argc, char **argv)
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
    if (args.c.noperands != 2) {
        cli_args_free(compare_options, &args.c);
        return cli_usage_error("compare", "expected two scenario files, BASE and ALT");
    }
    if (plot && !(term = cli_picture_kind("compare", "--plot", plot))) {
        cli_args_free(compare_options, &args.c);
        return 2;
    }
    ss_scenario *b = cli_load_scenario("compare", args.c.operand[0], &so, &code);
    ss_scenario *a = b ? cli_load_scenario("compare", args.c.operand[1], &so, &code) : NULL;
    cli_args_free(compare_options, &args.c);
    if (!a) {
        ss_scenario_free(b);
        return code;
    }
    if (!force_static && b->timeline && a->timeline && ss_timeline_periods(b->timeline) &&
        ss_timeline_periods(a->timeline)) {
        if (fmt == SS_FORMAT_JSON) {
            ss_scenario_free(a);
            ss_scenario_free(b);
            return cli_usage_error("compare", "--format json is for static comparisons "
                                              "(add --static); timelines print table or tsv");
        }
        code = compare_timelines(b, a, fmt);
        if (fflush(stdout) != 0 && code == 0) {
            fprintf(stderr, "sanctionsim compare: writing the result failed\n");
            code = 1;
        }
        ss_scenario_free(a);
        ss_scenario_free(b);
        return code;
    }
    ss_comparison *c = malloc(sizeof *c);
    if (!c) {
        fprintf(stderr, "sanctionsim compare: out of memory\n");
        ss_scenario_free(a);
        ss_scenario_free(b);
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
        ss_scenario_free(a);
        ss_scenario_free(b);
        return 1;
    }
    if (fmt == SS_FORMAT_TABLE)
        print_table(b, a, c);
    else if (fmt == SS_FORMAT_TSV)
        print_tsv(c);
    else
        wst = ss_json_write_new(stdout, comparison_json(b, a, c));
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
    ss_scenario_free(a);
    ss_scenario_free(b);
    return st != SS_OK ? ss_status_exit_code(st) : plot_code;
}
