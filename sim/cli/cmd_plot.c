/* `sanctionsim plot`: a sweep file drawn by a gnuplot script of plots/ (lines
 * of every strategy against one key, or a heatmap over two). The numbers go
 * to gnuplot as a data file in a private directory, the words as `gnuplot -c`
 * arguments (values, never code), and gnuplot runs without a shell. */
#include "cli.h"
#include "sanctionsim/columns.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"

#include <errno.h>
#include <math.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char CMD[] = "plot";

/* The sweep file's header: its '#' lines, the varied keys and the agents. */
typedef struct plot_info {
    ss_sweep_header h;
} plot_info;

static const char *agent_name(const plot_info *in, const char *role, const char *id)
{
    return ss_sweep_header_agent(&in->h, role, id);
}

static int has_role(const plot_info *in, const char *role)
{
    for (size_t k = 0; k < in->h.nagent; k++)
        if (strcmp(in->h.agent[k].role, role) == 0)
            return 1;
    return 0;
}

static const ss_sweep_vary_line *find_vary(const plot_info *in, const char *key)
{
    return ss_sweep_header_vary(&in->h, key);
}

/* Words for a result column (or a varied key). Returns 1 for a strategy in [0, 1]. */
static int column_label(const plot_info *in, const char *col, char *buf, size_t len)
{
    const char *target = agent_name(in, "target", NULL), *patron = agent_name(in, "patron", NULL);
    const ss_sweep_vary_line *v = find_vary(in, col);
    if (v) {
        snprintf(buf, len, "%s", v->label[0] ? v->label : v->key);
        return 0;
    }
    if (strncmp(col, "s.", 2) == 0) {
        snprintf(buf, len, "%s: sanction intensity s (0 none, 1 the full G7 package)",
                 agent_name(in, "sanctioner", col + 2));
        return 1;
    }
    if (strncmp(col, "u.", 2) == 0) {
        snprintf(buf, len, "%s: payoff as it perceives it", agent_name(in, "sanctioner", col + 2));
        return 0;
    }
    if (strncmp(col, "realized.", 9) == 0) {
        snprintf(buf, len, "%s: realized payoff", agent_name(in, "sanctioner", col + 9));
        return 0;
    }
    static const struct {
        const char *col, *fmt;
        int who; /* 0 none, 1 target, 2 patron, 3 patron then target */
        int unit;
    } fixed[] = {
        {"c", "%s: territorial concession c", 1, 1},
        {"p", "%s: pivot toward the patron p", 1, 1},
        {"a", "%s: alignment with the target a", 2, 1},
        {"q", "%s: assertiveness in its own seas q", 2, 1},
        {"X", "gross sanction pressure X", 0, 0},
        {"D", "deterrence signal D", 0, 0},
        {"H", "engagement the target still receives H", 0, 0},
        {"max_regret", "certificate: largest gain from a deviation", 0, 0},
        {"iterations", "solver iterations", 0, 0},
        {"converged", "converged (1) or not (0)", 0, 0},
    };
    for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
        if (strcmp(col, fixed[k].col) == 0) {
            snprintf(buf, len, fixed[k].fmt, fixed[k].who == 2 ? patron : target);
            return fixed[k].unit;
        }
    snprintf(buf, len, "%s", col);
    return 0;
}

/* A short name for a strategy in a line plot's key. */
static void series_label(const plot_info *in, const char *col, char *buf, size_t len)
{
    const char *target = agent_name(in, "target", NULL), *patron = agent_name(in, "patron", NULL);
    if (strncmp(col, "s.", 2) == 0)
        snprintf(buf, len, "%s: intensity s", agent_name(in, "sanctioner", col + 2));
    else if (strcmp(col, "c") == 0)
        snprintf(buf, len, "%s: concession c", target);
    else if (strcmp(col, "p") == 0)
        snprintf(buf, len, "%s: pivot p", target);
    else if (strcmp(col, "a") == 0)
        snprintf(buf, len, "%s: alignment a", patron);
    else if (strcmp(col, "q") == 0)
        snprintf(buf, len, "%s: assertiveness q", patron);
    else
        column_label(in, col, buf, len);
}

/* ---- the rows -------------------------------------------------------------- */

/* What the last double of a row says of its point. */
#define POINT_ANSWERED 0 /* a pure equilibrium (or a QRE) */
#define POINT_FAILED   1 /* no certified equilibrium */
#define POINT_MIXED    2 /* a mixed equilibrium: its values are expected values */

/* Rows of `width` doubles; the last is POINT_ANSWERED, _FAILED or _MIXED. */
typedef struct rows {
    size_t n, cap, width;
    double *v;
} rows;

static int rows_add(rows *r, const double *vals)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        double *v = realloc(r->v, cap * r->width * sizeof *v);
        if (!v)
            return -1;
        r->v = v;
        r->cap = cap;
    }
    memcpy(r->v + r->n * r->width, vals, r->width * sizeof *vals);
    r->n++;
    return 0;
}

/* Reads columns cols[0..ncols) of every row, and what its status says; the varied
 * keys `fixed` must keep one value. Returns 0, or an exit code after a message. */
static int read_rows(FILE *f, const char *path, const plot_info *in, const int *cols, size_t ncols,
                     const int *fixed, size_t nfixed, rows *r)
{
    ss_sweep_rows rd;
    ss_error err;
    char **first = calloc(nfixed ? nfixed : 1, sizeof *first);
    double *vals = malloc((ncols + 1) * sizeof *vals);
    int code = 0, got = 0;
    r->width = ncols + 1;
    ss_status st = ss_sweep_rows_open(&rd, f, path, &in->h, &err);
    if (!first || !vals)
        st = ss_error_set(&err, SS_ENOMEM, "out of memory");
    while (!st && !code && (st = ss_sweep_rows_next(&rd, &got, &err)) == SS_OK && got) {
        char **field = rd.field;
        for (size_t k = 0; k < nfixed && !code; k++) {
            const char *v = field[fixed[k]];
            if (!first[k]) {
                if (!(first[k] = strdup(v)))
                    code = 1;
            } else if (strcmp(first[k], v) != 0) {
                fprintf(stderr,
                        "sanctionsim plot: '%s' takes several values in %s (%s, %s, ...); "
                        "choose it as --x or --y, or sweep the others with it fixed\n",
                        in->h.column[fixed[k]], path, first[k], v);
                code = 2;
            }
        }
        for (size_t k = 0; k < ncols && !code; k++) {
            char *end;
            vals[k] = strtod(field[cols[k]], &end);
            if (end == field[cols[k]] || *end) {
                fprintf(stderr, "sanctionsim plot: %s:%zu: '%s' is not a number (column %s)\n",
                        path, rd.lineno, field[cols[k]], in->h.column[cols[k]]);
                code = 2;
            }
        }
        const char *word = field[in->h.ncolumns - 1];
        vals[ncols] = !ss_status_word_answered(word) ? POINT_FAILED
                      : strcmp(word, "mixed") == 0   ? POINT_MIXED
                                                     : POINT_ANSWERED;
        if (!code && rows_add(r, vals) != 0)
            code = 1;
    }
    if (code == 1)
        fprintf(stderr, "sanctionsim plot: out of memory\n");
    if (!code && st) {
        fprintf(stderr, "sanctionsim plot: %s\n", err.message);
        code = ss_status_exit_code(st);
    }
    if (!code && r->n == 0) {
        fprintf(stderr, "sanctionsim plot: %s has no rows\n", path);
        code = 2;
    }
    for (size_t k = 0; first && k < nfixed; k++)
        free(first[k]);
    free(first);
    free(vals);
    ss_sweep_rows_free(&rd);
    return code;
}

static int by_first_two(const void *a, const void *b)
{
    const double *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    if (x[1] != y[1])
        return x[1] < y[1] ? -1 : 1;
    return 0;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The sorted distinct values of column c into out (r->n doubles); their count. */
static size_t distinct(const rows *r, size_t c, double *out)
{
    for (size_t k = 0; k < r->n; k++)
        out[k] = r->v[k * r->width + c];
    qsort(out, r->n, sizeof *out, by_value);
    size_t m = 0;
    for (size_t k = 0; k < r->n; k++)
        if (m == 0 || out[k] != out[m - 1])
            out[m++] = out[k];
    return m;
}

/* Whether sorted distinct values are evenly spaced (image cells). */
static int uniform(const double *v, size_t n)
{
    if (n < 3)
        return 1;
    double step = (v[n - 1] - v[0]) / (double)(n - 1);
    for (size_t k = 1; k < n; k++)
        if (fabs(v[k] - v[k - 1] - step) > 1e-6 * fabs(step))
            return 0;
    return 1;
}

/* ---- gnuplot ---------------------------------------------------------------- */

static const char *const workdir_files[] = {"data.tsv", "contour.tsv", "failed.tsv", "mixed.tsv",
                                            "plot.png", "plot.svg",    "plot.pdf"};

/* A private directory for gnuplot's files: under TMPDIR when it is an absolute
 * path, else /tmp (an absolute path is never taken for a pipe by gnuplot).
 * A signal removes it with its files (cli_cleanup). */
static int make_workdir(char *dir, size_t len)
{
    const char *base = getenv("TMPDIR");
    if (!base || base[0] != '/' || strlen(base) > 200)
        base = "/tmp";
    snprintf(dir, len, "%s/sanctionsim-plot.XXXXXX", base);
    if (!cli_cleanup_mkdtemp(dir))
        return -1;
    char path[512];
    for (size_t k = 0; k < sizeof workdir_files / sizeof *workdir_files; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, workdir_files[k]);
        cli_cleanup_add(path);
    }
    return 0;
}

static void remove_workdir(const char *dir)
{
    char path[512];
    for (size_t k = 0; k < sizeof workdir_files / sizeof *workdir_files; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, workdir_files[k]);
        unlink(path);
        cli_cleanup_forget(path);
    }
    rmdir(dir);
    cli_cleanup_forget(dir);
}

/* Text for a data file's header: no tabs, newlines or double quotes. */
static void put_name(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        fputc(*p < 0x20 || *p == 0x7f || *p == '"' ? ' ' : *p, f);
}

/* ---- the two kinds of plot ------------------------------------------------- */

typedef struct plot_job {
    const char *data; /* the sweep file */
    FILE *f;          /* positioned at its first row */
    plot_info in;
    const char *xkey, *ykey, *zcol;
    const char *term; /* png, svg, pdf */
    char dir[256];    /* the private directory */
    char title[512];
} plot_job;

/* The columns of the varied keys other than x and y: in a grid they must stay
 * fixed (a random design is shown as the projection of its points). */
static size_t other_keys(const plot_job *j, int *fixed)
{
    size_t n = 0;
    const char *design = ss_sweep_header_get(&j->in.h, "design");
    if (design && strcmp(design, "grid") != 0)
        return 0;
    for (size_t k = 0; k < j->in.h.nvary; k++) {
        const char *key = j->in.h.vary[k].key;
        if (strcmp(key, j->xkey) == 0 || (j->ykey && strcmp(key, j->ykey) == 0))
            continue;
        int c = ss_sweep_header_column(&j->in.h, key);
        if (c >= 0)
            fixed[n++] = c;
    }
    return n;
}

static int is_log(const plot_info *in, const char *key)
{
    const ss_sweep_vary_line *v = find_vary(in, key);
    return v && strncmp(v->spec, "log:", 4) == 0;
}

static int draw_lines(plot_job *j, const char *script)
{
    const ss_sweep_header *h = &j->in.h;
    int cols[SS_MAX_SANCTIONERS + 8], fixed[SS_MAX_VARY];
    size_t ncols = 0;
    cols[ncols++] = ss_sweep_header_column(h, j->xkey);
    if (j->zcol) {
        cols[ncols++] = ss_sweep_header_column(h, j->zcol);
    } else {
        for (size_t k = 0; k < h->ncolumns && ncols < SS_MAX_SANCTIONERS + 1; k++)
            if (strncmp(h->column[k], "s.", 2) == 0)
                cols[ncols++] = (int)k;
        static const char *const follow[] = {"c", "p", "a", "q"};
        int patron = has_role(&j->in, "patron");
        for (size_t k = 0; k < 4; k++) {
            int c = ss_sweep_header_column(h, follow[k]);
            if (c >= 0 && (k < 2 || patron))
                cols[ncols++] = c;
        }
    }
    rows r = {0, 0, 0, NULL};
    size_t nfixed = other_keys(j, fixed);
    int code = read_rows(j->f, j->data, &j->in, cols, ncols, fixed, nfixed, &r);
    if (code) {
        free(r.v);
        return code;
    }
    qsort(r.v, r.n, r.width * sizeof *r.v, by_first_two);

    char path[512], label[512];
    int unit = 1;
    snprintf(path, sizeof path, "%s/data.tsv", j->dir);
    FILE *d = fopen(path, "w");
    if (!d) {
        free(r.v);
        fprintf(stderr, "sanctionsim plot: cannot write '%s': %s\n", path, strerror(errno));
        return 1;
    }
    /* a mixed point is no point of the lines: they stop on both sides of it
     * (a blank line), so that a jump is drawn as a jump; mixed.tsv holds its
     * expected values, drawn as marks (both files with the header) */
    snprintf(path, sizeof path, "%s/mixed.tsv", j->dir);
    FILE *mx = fopen(path, "w");
    for (int f = 0; f < 2 && mx; f++) {
        FILE *to = f ? mx : d;
        put_name(to, j->xkey);
        for (size_t k = 1; k < ncols; k++) {
            unit &= column_label(&j->in, h->column[cols[k]], label, sizeof label);
            series_label(&j->in, h->column[cols[k]], label, sizeof label);
            fputc('\t', to);
            put_name(to, label);
        }
        fputc('\n', to);
    }
    size_t nmixed = 0;
    int was_mixed = 0;
    for (size_t q = 0; mx && q < r.n; q++) {
        const double *v = r.v + q * r.width;
        int mixed = v[ncols] == POINT_MIXED;
        if (mixed && !was_mixed && q > 0)
            fputc('\n', d);
        for (size_t k = 0; k < ncols; k++)
            fprintf(mixed ? mx : d, "%.17g%c", v[k], k + 1 < ncols ? '\t' : '\n');
        nmixed += mixed;
        was_mixed = mixed;
    }
    int bad = ferror(d) | (fclose(d) != 0) | (mx == NULL);
    bad |= mx && (ferror(mx) | (fclose(mx) != 0));
    free(r.v);
    if (bad) {
        fprintf(stderr, "sanctionsim plot: writing '%s' failed\n", path);
        return 1;
    }

    char xlabel[512], ylabel[512], flags[128];
    column_label(&j->in, j->xkey, xlabel, sizeof xlabel);
    if (j->zcol)
        column_label(&j->in, j->zcol, ylabel, sizeof ylabel);
    else
        snprintf(ylabel, sizeof ylabel,
                 "strategy (0 to 1; s = 1: the full G7 package of sanctions)");
    const char *design = ss_sweep_header_get(h, "design");
    snprintf(flags, sizeof flags, "%d %zu %d %d %d", is_log(&j->in, j->xkey), ncols, unit,
             design && strcmp(design, "grid") != 0, nmixed > 0);
    const char *args[] = {j->dir, j->term, j->title, xlabel, ylabel, flags};
    return cli_gnuplot_run(CMD, script, 6, args);
}

/* The column a heatmap's contour follows (and its default colour): Japan's
 * intensity, else the first sanctioner's; -1 when there is none. */
static int contour_column(const ss_sweep_header *h)
{
    int c = ss_sweep_header_column(h, "s.japan");
    for (size_t k = 0; c < 0 && k < h->ncolumns; k++)
        if (strncmp(h->column[k], "s.", 2) == 0)
            c = (int)k;
    return c;
}

static int draw_heatmap(plot_job *j, const char *script)
{
    const ss_sweep_header *h = &j->in.h;
    int fixed[SS_MAX_VARY];
    int ccol = contour_column(h); /* checked by plot() */
    int cols[4] = {ss_sweep_header_column(h, j->xkey), ss_sweep_header_column(h, j->ykey),
                   ss_sweep_header_column(h, j->zcol), ccol};
    rows r = {0, 0, 0, NULL};
    size_t nfixed = other_keys(j, fixed);
    int code = read_rows(j->f, j->data, &j->in, cols, 4, fixed, nfixed, &r);
    if (code) {
        free(r.v);
        return code;
    }
    qsort(r.v, r.n, r.width * sizeof *r.v, by_first_two);
    double *xs = malloc(r.n * sizeof *xs), *ys = malloc(r.n * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        free(r.v);
        fprintf(stderr, "sanctionsim plot: out of memory\n");
        return 1;
    }
    size_t nx = distinct(&r, 0, xs), ny = distinct(&r, 1, ys);
    double xlo = xs[0], xhi = xs[nx - 1], ylo = ys[0], yhi = ys[ny - 1];
    int grid = nx * ny == r.n && nx > 1 && ny > 1;
    for (size_t q = 1; grid && q < r.n; q++)
        if (by_first_two(r.v + (q - 1) * r.width, r.v + q * r.width) == 0)
            grid = 0; /* a repeated (x, y) */
    int logx = is_log(&j->in, j->xkey), logy = is_log(&j->in, j->ykey);
    int image = grid ? (!logx && !logy && uniform(xs, nx) && uniform(ys, ny) ? 1 : 0) : 2;
    free(xs);
    free(ys);

    const double level = 0.4; /* MODEL.md: below it Japan's sanctions are symbolic */
    double cmin = INFINITY, cmax = -INFINITY;
    size_t nfailed = 0, nmixed = 0;
    char path[512];
    snprintf(path, sizeof path, "%s/data.tsv", j->dir);
    FILE *d = fopen(path, "w");
    snprintf(path, sizeof path, "%s/failed.tsv", j->dir);
    FILE *fl = fopen(path, "w");
    snprintf(path, sizeof path, "%s/mixed.tsv", j->dir);
    FILE *mx = fopen(path, "w");
    int bad = !d || !fl || !mx;
    for (size_t q = 0; !bad && q < r.n; q++) {
        const double *v = r.v + q * r.width;
        if (grid && q > 0 && v[0] != v[-(ptrdiff_t)r.width])
            fputc('\n', d); /* a new block for gnuplot's grid */
        fprintf(d, "%.17g\t%.17g\t%.17g\t%.17g\n", v[0], v[1], v[2], v[3]);
        cmin = fmin(cmin, v[3]);
        cmax = fmax(cmax, v[3]);
        if (v[4] == POINT_FAILED) {
            fprintf(fl, "%.17g\t%.17g\n", v[0], v[1]);
            nfailed++;
        } else if (v[4] == POINT_MIXED) {
            fprintf(mx, "%.17g\t%.17g\n", v[0], v[1]);
            nmixed++;
        }
    }
    bad |= d && (ferror(d) | (fclose(d) != 0));
    bad |= fl && (ferror(fl) | (fclose(fl) != 0));
    bad |= mx && (ferror(mx) | (fclose(mx) != 0));
    size_t npoints = r.n;
    free(r.v);
    if (bad) {
        fprintf(stderr, "sanctionsim plot: writing into '%s' failed\n", j->dir);
        return 1;
    }

    char xlabel[512], ylabel[512], zlabel[512], clabel[512], flabel[256], flags[256];
    column_label(&j->in, j->xkey, xlabel, sizeof xlabel);
    column_label(&j->in, j->ykey, ylabel, sizeof ylabel);
    int unit = column_label(&j->in, j->zcol, zlabel, sizeof zlabel);
    const char *who = agent_name(&j->in, "sanctioner", h->column[ccol] + 2);
    snprintf(clabel, sizeof clabel, "%s: s = %g (below it sanctions are symbolic)", who, level);
    /* gnuplot takes 9 arguments: both labels in one, split at '|' by the script */
    snprintf(flabel, sizeof flabel,
             "no certified equilibrium (%zu of %zu points)|mixed equilibrium: expected value (%zu "
             "of %zu points)",
             nfailed, npoints, nmixed, npoints);
    int has_contour = grid && cmin < level && cmax > level;
    /* the scenario's own values, marked when they lie inside the plot */
    const ss_sweep_vary_line *vx = find_vary(&j->in, j->xkey), *vy = find_vary(&j->in, j->ykey);
    double px = NAN, py = NAN;
    char *end;
    if (vx && *vx->value && (px = strtod(vx->value, &end), *end))
        px = NAN;
    if (vy && *vy->value && (py = strtod(vy->value, &end), *end))
        py = NAN;
    int has_point = px >= xlo && px <= xhi && py >= ylo && py <= yhi;
    /* a strategy's colour scale is [0, 1]; anything else is autoscaled (0 0) */
    snprintf(flags, sizeof flags, "%d %d 0 %d %g %d %d %d %d %.17g %.17g %d", logx, logy, unit,
             level, has_contour, nfailed > 0, image, has_point, has_point ? px : 0,
             has_point ? py : 0, nmixed > 0);
    const char *args[] = {j->dir, j->term, j->title, xlabel, ylabel, zlabel, flags, clabel, flabel};
    return cli_gnuplot_run(CMD, script, 9, args);
}

/* ---- the command ------------------------------------------------------------ */

static int plot(plot_job *j, const char *output)
{
    const ss_sweep_header *h = &j->in.h;
    if (j->in.h.nvary == 0) {
        fprintf(stderr, "sanctionsim plot: %s: no '# vary:' lines; is it a sweep file?\n", j->data);
        return 2;
    }
    /* every column read is looked up before a row is */
    for (size_t k = 0; k < j->in.h.nvary; k++)
        if (ss_sweep_header_column(h, j->in.h.vary[k].key) < 0) {
            fprintf(stderr, "sanctionsim plot: %s:%zu: the varied key '%s' has no column\n",
                    j->data, j->in.h.vary[k].line, j->in.h.vary[k].key);
            return 2;
        }
    for (int k = 0; k < 2; k++) {
        const char *key = k ? j->ykey : j->xkey;
        if (key && !find_vary(&j->in, key)) {
            char keys[1024] = "";
            for (size_t q = 0; q < j->in.h.nvary; q++)
                snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s", q ? ", " : "",
                         j->in.h.vary[q].key);
            return cli_usage_error(CMD, "--%c: '%s' is not a varied key of %s (%s)", k ? 'y' : 'x',
                                   key, j->data, keys);
        }
    }
    int heatmap = j->ykey || (!j->xkey && j->in.h.nvary >= 2);
    if (!j->xkey && !j->ykey && j->in.h.nvary > 2)
        return cli_usage_error(CMD,
                               "%s varies %zu keys: choose --x KEY (lines) or --x KEY --y KEY "
                               "(heatmap)",
                               j->data, j->in.h.nvary);
    if (!j->xkey)
        j->xkey = strcmp(j->in.h.vary[0].key, j->ykey ? j->ykey : "") != 0 ? j->in.h.vary[0].key
                                                                           : j->in.h.vary[1].key;
    if (heatmap && !j->ykey) {
        for (size_t q = 0; q < j->in.h.nvary && !j->ykey; q++)
            if (strcmp(j->in.h.vary[q].key, j->xkey) != 0)
                j->ykey = j->in.h.vary[q].key;
        if (!j->ykey)
            return cli_usage_error(CMD, "a heatmap needs two varied keys; %s varies one", j->data);
    }
    if (heatmap && strcmp(j->xkey, j->ykey) == 0)
        return cli_usage_error(CMD, "--x and --y are the same key '%s'", j->xkey);
    if (heatmap && contour_column(h) < 0) {
        fprintf(stderr,
                "sanctionsim plot: %s has no column 's.japan' (nor any 's.ID') for the "
                "heatmap's contour\n",
                j->data);
        return 2;
    }
    if (heatmap && !j->zcol)
        j->zcol = h->column[contour_column(h)];
    if (j->zcol && ss_sweep_header_column(h, j->zcol) < 0)
        return cli_usage_error(CMD, "--z: %s has no column '%s'", j->data, j->zcol);
    if (j->zcol && strcmp(j->zcol, "status") == 0)
        return cli_usage_error(CMD, "--z: 'status' is words, not numbers");

    char script[1024];
    if (cli_gnuplot_script(heatmap ? "sweep_heatmap.gp" : "sweep_lines.gp", script,
                           sizeof script) != 0 ||
        access(script, R_OK) != 0) {
        fprintf(stderr,
                "sanctionsim plot: cannot read the gnuplot script '%s' (set "
                "SANCTIONSIM_PLOTS_DIR to the project's plots/)\n",
                script);
        return 1;
    }
    const char *name = ss_sweep_header_get(h, "scenario_name");
    const char *mode = ss_sweep_header_get(h, "mode");
    snprintf(j->title, sizeof j->title, "%s (%s)", name ? name : j->data, mode ? mode : "?");
    if (make_workdir(j->dir, sizeof j->dir) != 0) {
        fprintf(stderr, "sanctionsim plot: cannot make a temporary directory: %s\n",
                strerror(errno));
        return 1;
    }
    int code = heatmap ? draw_heatmap(j, script) : draw_lines(j, script);
    if (!code) {
        char picture[512];
        snprintf(picture, sizeof picture, "%s/plot.%s", j->dir, j->term);
        code = cli_picture_install(CMD, picture, output);
    }
    remove_workdir(j->dir);
    return code;
}

/* What the options of plot fill. */
typedef struct plot_args {
    cli_common c; /* first: the shared options */
    const char *xkey, *ykey, *zcol;
} plot_args;

static const cli_option opt_x = {
    .name = "x",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(plot_args, xkey),
    .arg = "KEY",
    .help = "the varied key along x (default: the first)",
};
static const cli_option opt_y = {
    .name = "y",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(plot_args, ykey),
    .arg = "KEY",
    .help = "the varied key along y: a heatmap (default: the second)",
};
static const cli_option opt_z = {
    .name = "z",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(plot_args, zcol),
    .arg = "COLUMN",
    .help = "the heatmap's column (default s.japan, else the first\n"
            "sanctioner's s), or the one column of a line plot",
};

static const cli_opt_use plot_options[] = {
    {&opt_x, NULL, NULL, NULL},
    {&opt_y, NULL, NULL, NULL},
    {&opt_z, NULL, NULL, NULL},
    {&cli_opt_output, NULL, "the picture: .png, .svg or .pdf (default: DATA with .png)", NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_plot = {
    .name = "plot",
    .summary = "plot a sweep (lines or a heatmap) with gnuplot",
    .synopsis = "usage: sanctionsim plot DATA.tsv [--x KEY] [--y KEY] [--z COLUMN] [-o "
                "FILE.png|.svg|.pdf]\n",
    .description =
        "Draws a sweep with gnuplot. With one varied key (or --x alone): every strategy\n"
        "(each sanctioner's s, the target's c and p, the patron's a and q) against it.\n"
        "With two (or --x and --y): a heatmap of COLUMN over them, with the contour\n"
        "where Japan's intensity crosses s = 0.4 (below it its sanctions are symbolic)\n"
        "and the points without a certified equilibrium marked. Axis labels are the\n"
        "parameters' meanings; the title is the scenario's name.\n",
    .options = plot_options,
    .epilogue = "Needs gnuplot (Debian: gnuplot-nox); the data file is only read. The scripts\n"
                "are in plots/ (SANCTIONSIM_PLOTS_DIR overrides the directory).\n"
                "\n"
                "Exit status: 0 drawn, 1 gnuplot missing or failed, or I/O, 2 bad usage or data.\n",
    .operands = "file",
    .run = cmd_plot,
};

/* Parses the options into j; -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, plot_job *j, const char **output)
{
    plot_args a = {0};
    int code = cli_parse(CMD, plot_options, argc, argv, &a.c);
    if (code < 0 && !(j->data = cli_one_operand(CMD, &a.c, "missing the sweep file DATA.tsv")))
        code = 2;
    j->xkey = a.xkey;
    j->ykey = a.ykey;
    j->zcol = a.zcol;
    *output = a.c.output;
    cli_args_free(plot_options, &a.c);
    return code;
}

int cmd_plot(int argc, char **argv)
{
    plot_job j;
    memset(&j, 0, sizeof j);
    const char *output = NULL;
    int code = parse_options(argc, argv, &j, &output);
    if (code >= 0)
        return code;

    char def[1024];
    if (!output) { /* DATA.tsv -> DATA.png */
        const char *dot = strrchr(j.data, '.'), *slash = strrchr(j.data, '/');
        int len = dot && (!slash || dot > slash) ? (int)(dot - j.data) : (int)strlen(j.data);
        if (snprintf(def, sizeof def, "%.*s.png", len, j.data) >= (int)sizeof def)
            return cli_usage_error(CMD, "the file name is too long; give -o");
        output = def;
    }
    if (!(j.term = cli_picture_kind(CMD, "-o", output)))
        return 2;
    if (strcmp(output, j.data) == 0)
        return cli_usage_error(CMD, "-o: '%s' is the data file", output);
    if (!cli_gnuplot_available()) {
        fprintf(stderr,
                "sanctionsim plot: gnuplot is not installed (not found on PATH); "
                "install it (Debian: apt-get install gnuplot-nox) to draw plots. "
                "'%s' is untouched.\n",
                j.data);
        return 1;
    }
    if (!(j.f = fopen(j.data, "r"))) {
        fprintf(stderr, "sanctionsim plot: cannot open '%s': %s\n", j.data, strerror(errno));
        return errno == ENOENT ? 2 : 1;
    }
    ss_error err;
    ss_status st = ss_sweep_header_read(j.f, j.data, &j.in.h, &err);
    if (st) {
        fprintf(stderr, "sanctionsim plot: %s\n", err.message);
        code = ss_status_exit_code(st);
    } else {
        code = plot(&j, output);
    }
    fclose(j.f);
    ss_sweep_header_free(&j.in.h);
    return code;
}
