/* `sanctionsim discover FILE --where COND`: scenario discovery with PRIM on a
 * sweep file (or any table with named columns): the boxes of the inputs where
 * the condition holds. PRIM is the core's (prim.c), the outputs io's
 * (prim_report.c). */
#include "cli.h"
#include "sanctionsim/columns.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/prim.h"
#include "sanctionsim/prim_report.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/table_tsv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct discover_args {
    cli_common c; /* first: the shared options */
    const char *where, *threshold, *alpha, *mass_min, *axes;
    cli_list input;
    cli_whole box;
    int drop_failed;
} discover_args;

static const char CMD[] = "discover";

static const cli_option opt_where = {
    .name = "where",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(discover_args, where),
    .arg = "COND",
    .help = "the condition: COLUMN OP NUMBER joined by &&, OP one of\n"
            "< <= > >= == != (e.g. 's.japan>=0.4 && c<0.2'); any numeric column",
};
static const cli_option opt_input = {
    .name = "input",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(discover_args, input),
    .arg = "COLUMN",
    .help = "an input column PRIM bounds (repeatable; default: the keys of\n"
            "the file's '# vary:' lines, which a sweep writes)",
};
static const cli_option opt_drop = {
    .name = "drop-failed",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(discover_args, drop_failed),
    .help = "leave out the rows whose status is not 'ok' (no certified\n"
            "equilibrium); without it such rows are refused",
};
static const cli_option opt_threshold = {
    .name = "threshold",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(discover_args, threshold),
    .arg = "D",
    .help = "choose the first box of the trajectory with density >= D\n"
            "(default 0.8; the densest when none reaches it)",
};
static const cli_option opt_box = {
    .name = "box",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(discover_args, box),
    .min = 0,
    .max = 1000000000,
    .arg = "N",
    .help = "choose box N of the trajectory instead (0 is all the points)",
};
static const cli_option opt_alpha = {
    .name = "alpha",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(discover_args, alpha),
    .arg = "A",
    .help = "the share of the box's points each peel removes (default 0.05)",
};
static const cli_option opt_mass_min = {
    .name = "mass-min",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(discover_args, mass_min),
    .arg = "M",
    .help = "peeling stops before the box holds less than this share of\n"
            "the points (default 0.05)",
};
static const cli_option opt_axes = {
    .name = "axes",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(discover_args, axes),
    .arg = "X,Y",
    .help = "the two inputs of the --plot scatter (default: the two the box\n"
            "restricts most)",
};

static const char *const discover_formats[] = {"table", "tsv", "json", NULL};

static const cli_opt_use discover_options[] = {
    {&opt_where, NULL, NULL, NULL},
    {&opt_input, NULL, NULL, NULL},
    {&opt_drop, NULL, NULL, NULL},
    {&opt_threshold, NULL, NULL, NULL},
    {&opt_box, NULL, NULL, NULL},
    {&opt_alpha, NULL, NULL, NULL},
    {&opt_mass_min, NULL, NULL, NULL},
    {&cli_opt_format, NULL, "table (default), tsv or json", discover_formats},
    {&cli_opt_output, "OUT", "write to OUT (default: standard output)", NULL},
    {&cli_opt_plot, NULL,
     "draw the trajectory (coverage against density) and the box over\n"
     "the points on two inputs (needs gnuplot)",
     NULL},
    {&opt_axes, NULL, NULL, NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_discover = {
    .name = "discover",
    .summary = "find the boxes of inputs where a condition holds (PRIM)",
    .synopsis =
        "usage: sanctionsim discover FILE --where COND [--input COLUMN]... [--drop-failed]\n"
        "                            [--threshold D | --box N] [--alpha A] [--mass-min M]\n"
        "                            [--format table|tsv|json] [-o OUT]\n"
        "                            [--plot FILE.png] [--axes X,Y]\n",
    .description = "Scenario discovery with PRIM on a sweep file (or any table with a header of\n"
                   "column names): peels the box of the inputs a small slice at a time towards\n"
                   "the points where COND holds, prints the trajectory (coverage, density, mass,\n"
                   "restricted inputs), chooses a box from it and pastes it, and prints its\n"
                   "bounds per input with the share of its points where COND holds.\n",
    .options = discover_options,
    .epilogue = "See docs/analysis.md for the method and how the box is chosen.\n"
                "\n"
                "Exit status: 0 done, 1 writing or drawing failed, 2 bad usage, a column that\n"
                "does not exist, a cell that is not a number, or rows without a certified\n"
                "equilibrium (without --drop-failed).\n",
    .operands = "file",
    .run = cmd_discover,
};

/* A number option in *out when given. */
static int number_option(const char *name, const char *text, double *out)
{
    if (text && ss_parse_double(text, out) != 0)
        return cli_usage_error(CMD, "--%s: '%s' is not a finite number", name, text);
    return -1;
}

/* Everything a run holds, freed by job_free. */
typedef struct job {
    ss_table t;
    ss_condition cond;
    const char **keys;
    size_t k, *col, cond_col[SS_COND_MAX_TERMS];
    size_t n, dropped;
    double *x;
    unsigned char *y;
    ss_prim_result r;
} job;

static void job_free(job *j)
{
    ss_prim_result_free(&j->r);
    free(j->x);
    free(j->y);
    free(j->keys);
    free(j->col);
    ss_table_free(&j->t);
}

/* The input columns: --input, else the '# vary:' keys. Returns -1 or an exit status. */
static int find_inputs(job *j, const discover_args *a, const char *file)
{
    size_t most = a->input.n ? a->input.n : j->t.nmeta;
    j->keys = calloc(most ? most : 1, sizeof *j->keys);
    j->col = calloc(most ? most : 1, sizeof *j->col);
    if (!j->keys || !j->col) {
        fprintf(stderr, "sanctionsim %s: out of memory\n", CMD);
        return 1;
    }
    if (a->input.n) {
        for (size_t i = 0; i < a->input.n; i++)
            j->keys[j->k++] = a->input.item[i];
    } else {
        for (size_t m = 0; m < j->t.nmeta; m++) {
            char *line = j->t.meta[m];
            if (strncmp(line, "vary: ", 6) != 0)
                continue;
            line[6 + strcspn(line + 6, "\t")] = '\0'; /* the key, the first field */
            j->keys[j->k++] = line + 6;
        }
        if (j->k == 0)
            return cli_usage_error(CMD,
                                   "%s: no '# vary:' lines say which columns are the inputs "
                                   "(a sweep writes them): name them with --input COLUMN",
                                   file);
    }
    for (size_t i = 0; i < j->k; i++) {
        int c = ss_table_column(&j->t, j->keys[i]);
        if (c < 0)
            return cli_usage_error(CMD, "%s '%s': no such column in %s",
                                   a->input.n ? "--input" : "'# vary:' key", j->keys[i], file);
        for (size_t p = 0; p < i; p++)
            if (j->col[p] == (size_t)c)
                return cli_usage_error(CMD, "--input '%s': given twice", j->keys[i]);
        j->col[i] = (size_t)c;
    }
    return -1;
}

/* The points: x and y from the rows kept. Returns -1 or an exit status. */
static int read_points(job *j, const discover_args *a, const char *file)
{
    for (size_t c = 0; c < j->cond.n; c++) {
        int col = ss_table_column(&j->t, j->cond.term[c].column);
        if (col < 0)
            return cli_usage_error(CMD, "--where: no column '%s' in %s", j->cond.term[c].column,
                                   file);
        j->cond_col[c] = (size_t)col;
    }
    int status = ss_table_column(&j->t, "status");
    size_t failed = 0;
    for (size_t r = 0; status >= 0 && r < j->t.nrows; r++)
        failed += !ss_status_word_answered(ss_table_text(&j->t, r, (size_t)status));
    if (failed && !a->drop_failed)
        return cli_usage_error(CMD,
                               "%s: %zu of %zu rows have no certified equilibrium (their status "
                               "is not 'ok'); --drop-failed leaves them out",
                               file, failed, j->t.nrows);
    j->dropped = failed;
    size_t rows = j->t.nrows - failed;
    if (rows == 0)
        return cli_usage_error(CMD, "%s: no rows to run PRIM on", file);
    j->x = malloc(rows * j->k * sizeof *j->x);
    j->y = malloc(rows);
    if (!j->x || !j->y) {
        fprintf(stderr, "sanctionsim %s: out of memory\n", CMD);
        return 1;
    }
    ss_error err;
    for (size_t r = 0; r < j->t.nrows; r++) {
        if (status >= 0 && !ss_status_word_answered(ss_table_text(&j->t, r, (size_t)status)))
            continue;
        for (size_t i = 0; i < j->k; i++)
            if (ss_table_number(&j->t, r, j->col[i], &j->x[j->n * j->k + i], &err))
                return cli_usage_error(CMD, "%s", err.message);
        int holds = 1;
        for (size_t c = 0; c < j->cond.n; c++) {
            double v;
            if (ss_table_number(&j->t, r, j->cond_col[c], &v, &err))
                return cli_usage_error(CMD, "%s", err.message);
            holds &= ss_cond_term_holds(&j->cond.term[c], v);
        }
        j->y[j->n++] = (unsigned char)holds;
    }
    return -1;
}

/* The scatter's inputs: --axes, else the two the box restricts most (the
 * narrowest against the data's range), then the first ones. */
static int pick_axes(const job *j, const char *axes, size_t *ax)
{
    if (axes) {
        const char *comma = strchr(axes, ',');
        for (int s = 0; s < 2; s++) {
            const char *b = s ? (comma ? comma + 1 : "") : axes;
            size_t len = s ? strlen(b) : (comma ? (size_t)(comma - axes) : strlen(axes));
            size_t i = 0;
            while (i < j->k && !(strlen(j->keys[i]) == len && strncmp(j->keys[i], b, len) == 0))
                i++;
            if (!comma || i == j->k)
                return cli_usage_error(CMD,
                                       "--axes '%s': expected two inputs X,Y among the %zu "
                                       "PRIM bounds",
                                       axes, j->k);
            ax[s] = i;
        }
        return -1;
    }
    if (j->k < 2)
        return cli_usage_error(CMD, "--plot: the scatter needs two inputs (there is one)");
    double share[2] = {2, 2};
    ax[0] = 0;
    ax[1] = 1;
    for (size_t i = 0; i < j->k; i++) {
        double range = j->r.max[i] - j->r.min[i];
        double s = range > 0 ? (j->r.pasted.hi[i] - j->r.pasted.lo[i]) / range : 1;
        if (!ss_prim_restricts(&j->r, &j->r.pasted, i))
            continue;
        if (s < share[0]) {
            share[1] = share[0], ax[1] = ax[0];
            share[0] = s, ax[0] = i;
        } else if (s < share[1]) {
            share[1] = s, ax[1] = i;
        }
    }
    if (ax[0] == ax[1]) /* one restricted input: the first other one beside it */
        ax[1] = ax[0] == 0 ? 1 : 0;
    if (ax[0] > ax[1]) { /* in the inputs' order */
        size_t t = ax[0];
        ax[0] = ax[1];
        ax[1] = t;
    }
    return -1;
}

static int write_temp(char *path, size_t len, const char *suffix, FILE **fp)
{
    if (!(*fp = cli_temp_file(path, len, suffix))) {
        fprintf(stderr, "sanctionsim %s: cannot write a temporary file: %s\n", CMD,
                strerror(errno));
        return 1;
    }
    return 0;
}

static int draw(const job *j, const char *axes, const char *out, const char *term)
{
    size_t ax[2];
    int code = pick_axes(j, axes, ax);
    if (code >= 0)
        return code;
    char script[1024], traj[512] = "", pts[512] = "", box[512] = "";
    if (cli_gnuplot_script("discover.gp", script, sizeof script) != 0 ||
        access(script, R_OK) != 0) {
        fprintf(stderr, "sanctionsim %s: cannot read the plot script '%s'\n", CMD, script);
        return 1;
    }
    FILE *f;
    code = 1;
    if (write_temp(traj, sizeof traj, "discover-traj", &f))
        goto done;
    int bad = ss_prim_plot_trajectory(f, &j->r) != SS_OK;
    if (fclose(f) != 0 || bad || write_temp(pts, sizeof pts, "discover-points", &f))
        goto done;
    bad = ss_prim_plot_points(f, j->x, j->y, j->n, j->k, ax[0], ax[1]) != SS_OK;
    if (fclose(f) != 0 || bad || write_temp(box, sizeof box, "discover-box", &f))
        goto done;
    const ss_prim_box *b = &j->r.pasted;
    double x0 = b->lo[ax[0]], x1 = b->hi[ax[0]], y0 = b->lo[ax[1]], y1 = b->hi[ax[1]];
    fprintf(f, "x\ty\n%.17g\t%.17g\n%.17g\t%.17g\n%.17g\t%.17g\n%.17g\t%.17g\n%.17g\t%.17g\n", x0,
            y0, x1, y0, x1, y1, x0, y1, x0, y0);
    if (fclose(f) != 0)
        goto done;
    char title[256];
    snprintf(title, sizeof title,
             "PRIM: box %zu after pasting: density %.2f, coverage %.2f, mass %.2f", j->r.chosen,
             b->density, b->coverage, b->mass);
    const char *args[] = {traj, pts, box, NULL, term, j->keys[ax[0]], j->keys[ax[1]], title};
    code = cli_gnuplot_draw(CMD, script, 8, args, 3, out);
done:
    if (code && !traj[0])
        fprintf(stderr, "sanctionsim %s: cannot write the plot's data\n", CMD);
    cli_temp_remove(traj);
    cli_temp_remove(pts);
    cli_temp_remove(box);
    return code;
}

static int run(job *j, discover_args *a, const char *file, const char *command, const char *term)
{
    ss_error err;
    ss_prim_opts o;
    ss_prim_opts_default(&o);
    int code;
    if ((code = number_option("threshold", a->threshold, &o.threshold)) >= 0 ||
        (code = number_option("alpha", a->alpha, &o.alpha)) >= 0 ||
        (code = number_option("mass-min", a->mass_min, &o.mass_min)) >= 0)
        return code;
    if (a->box.given && a->threshold)
        return cli_usage_error(CMD, "--box and --threshold exclude each other");
    if (a->box.given)
        o.box = (long)a->box.value;
    if (ss_condition_parse(a->where, &j->cond, &err) != SS_OK)
        return cli_usage_error(CMD, "%s", err.message);
    ss_status st = ss_table_load(file, &j->t, &err);
    if (st) {
        if (st == SS_EINPUT)
            return cli_usage_error(CMD, "%s", err.message);
        fprintf(stderr, "sanctionsim %s: %s\n", CMD, err.message);
        return 1;
    }
    if ((code = find_inputs(j, a, file)) >= 0 || (code = read_points(j, a, file)) >= 0)
        return code;
    if ((st = ss_prim_run(j->x, j->y, j->n, j->k, &o, &j->r, &err)) != SS_OK) {
        if (st == SS_EINPUT)
            return cli_usage_error(CMD, "%s", err.message);
        fprintf(stderr, "sanctionsim %s: %s\n", CMD, err.message);
        return 1;
    }
    ss_format fmt;
    ss_format_parse(a->c.format, &fmt); /* one of discover_formats */
    ss_prim_report_info info = {file,       a->where, j->keys,           j->t.nrows,
                                j->dropped, &o,       {command, NULL, 0}};
    cli_output out;
    if (cli_output_open_whole(&out, a->c.output) != 0) {
        fprintf(stderr, "sanctionsim %s: cannot write '%s': %s\n", CMD,
                a->c.output ? a->c.output : "standard output", strerror(errno));
        return errno == EISDIR ? 2 : 1;
    }
    st = ss_prim_report(out.fp, &j->r, &info, fmt);
    if (st != SS_OK || cli_output_commit(&out) != 0) {
        if (st != SS_OK)
            cli_output_abort(&out);
        fprintf(stderr, "sanctionsim %s: %s\n", CMD,
                st == SS_ENOMEM ? "out of memory" : "writing the result failed");
        return 1;
    }
    return a->c.plot ? draw(j, a->axes, a->c.plot, term) : 0;
}

int cmd_discover(int argc, char **argv)
{
    discover_args a;
    memset(&a, 0, sizeof a);
    a.c.format = "table";
    int code = cli_parse(CMD, discover_options, argc, argv, &a.c);
    const char *file = NULL, *term = NULL;
    if (code < 0 && !(file = cli_one_operand(CMD, &a.c, "missing FILE (a sweep's output)")))
        code = 2;
    if (code < 0 && !a.where)
        code = cli_usage_error(CMD, "--where COND is needed, e.g. --where 's.japan>=0.4'");
    if (code < 0 && a.c.plot && !(term = cli_picture_kind(CMD, "--plot", a.c.plot)))
        code = 2;
    if (code >= 0) {
        cli_args_free(discover_options, &a.c);
        return code;
    }
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim %s: out of memory\n", CMD);
        cli_args_free(discover_options, &a.c);
        return 1;
    }
    job j;
    memset(&j, 0, sizeof j);
    code = run(&j, &a, file, command, term);
    job_free(&j);
    free(command);
    cli_args_free(discover_options, &a.c);
    return code;
}
