/* Tables with named columns (TSV or CSV): header, rows, '#' lines. */
#include "sanctionsim/table_tsv.h"

#include "sanctionsim/numbers.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void ss_table_free(ss_table *t)
{
    if (!t)
        return;
    for (size_t k = 0; k < t->nmeta; k++)
        free(t->meta[k]);
    free(t->meta);
    for (size_t k = 0; k < t->ncols; k++)
        free(t->name[k]);
    free(t->name);
    for (size_t k = 0; k < t->nrows * t->ncols; k++)
        free(t->cell[k]);
    free(t->cell);
    free(t->value);
    free(t->line);
    free(t->path);
    memset(t, 0, sizeof *t);
}

static void chomp(char *line, ssize_t *len)
{
    while (*len > 0 && (line[*len - 1] == '\n' || line[*len - 1] == '\r'))
        line[--*len] = '\0';
}

/* A copy of field [b, e) without spaces around it; NULL when out of memory. */
static char *field_copy(const char *b, const char *e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    size_t n = (size_t)(e - b);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = '\0';
    }
    return s;
}

static size_t count_fields(const char *line, char sep)
{
    size_t n = 1;
    for (const char *p = line; *p; p++)
        n += *p == sep;
    return n;
}

/* Splits line into n fields copied to out[0..n-1]; SS_ENOMEM or SS_OK. */
static ss_status split_copy(const char *line, char sep, char **out, size_t n, ss_error *err)
{
    const char *b = line;
    for (size_t k = 0; k < n; k++) {
        const char *e = strchr(b, sep);
        if (!e)
            e = b + strlen(b);
        if (!(out[k] = field_copy(b, e))) {
            for (size_t j = 0; j < k; j++) {
                free(out[j]);
                out[j] = NULL;
            }
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        b = *e ? e + 1 : e;
    }
    return SS_OK;
}

static ss_status add_meta(ss_table *t, const char *line, ss_error *err)
{
    const char *text = line + 1 + (line[1] == ' ');
    char **grown = realloc(t->meta, (t->nmeta + 1) * sizeof *grown);
    if (!grown)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    t->meta = grown;
    if (!(t->meta[t->nmeta] = strdup(text)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    t->nmeta++;
    return SS_OK;
}

static ss_status read_header(ss_table *t, const char *line, size_t lineno, ss_error *err)
{
    t->sep = strchr(line, '\t') ? '\t' : ',';
    t->header_line = lineno;
    size_t n = count_fields(line, t->sep);
    if (!(t->name = calloc(n, sizeof *t->name)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_status st = split_copy(line, t->sep, t->name, n, err);
    if (st)
        return st;
    t->ncols = n;
    for (size_t k = 0; k < n; k++) {
        if (!t->name[k][0])
            return ss_error_set(err, SS_EINPUT, "%s:%zu: column %zu has no name", t->path, lineno,
                                k + 1);
        for (size_t j = 0; j < k; j++)
            if (strcmp(t->name[j], t->name[k]) == 0)
                return ss_error_set(err, SS_EINPUT, "%s:%zu: column '%s' is named twice", t->path,
                                    lineno, t->name[k]);
    }
    return SS_OK;
}

/* Appends a row (room grows by doubling). */
static ss_status add_row(ss_table *t, const char *line, size_t lineno, size_t *cap, ss_error *err)
{
    size_t n = count_fields(line, t->sep);
    if (n != t->ncols)
        return ss_error_set(err, SS_EINPUT,
                            "%s:%zu: %zu fields where %zu were expected (one per "
                            "column of line %zu)",
                            t->path, lineno, n, t->ncols, t->header_line);
    if (t->nrows == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        char **cell = realloc(t->cell, c * t->ncols * sizeof *cell);
        if (cell)
            t->cell = cell;
        double *value = realloc(t->value, c * t->ncols * sizeof *value);
        if (value)
            t->value = value;
        size_t *ln = realloc(t->line, c * sizeof *ln);
        if (ln)
            t->line = ln;
        if (!cell || !value || !ln)
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        *cap = c;
    }
    char **row = t->cell + t->nrows * t->ncols;
    ss_status st = split_copy(line, t->sep, row, n, err);
    if (st)
        return st;
    double *v = t->value + t->nrows * t->ncols;
    for (size_t k = 0; k < n; k++)
        if (!row[k][0] || ss_parse_double(row[k], &v[k]) != 0)
            v[k] = NAN;
    t->line[t->nrows++] = lineno;
    return SS_OK;
}

ss_status ss_table_read(FILE *f, const char *path, ss_table *t, ss_error *err)
{
    memset(t, 0, sizeof *t);
    if (!(t->path = strdup(path)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    char *line = NULL;
    size_t cap = 0, rows_cap = 0, lineno = 0;
    ssize_t len;
    ss_status st = SS_OK;
    errno = 0;
    while (!st && (len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        chomp(line, &len);
        if (line[0] == '#') {
            if (!t->name)
                st = add_meta(t, line, err);
            continue;
        }
        if (strspn(line, " \t") == (size_t)len)
            continue;
        if (!t->name)
            st = read_header(t, line, lineno, err);
        else
            st = add_row(t, line, lineno, &rows_cap, err);
    }
    if (!st && !feof(f))
        st = errno == ENOMEM ? ss_error_set(err, SS_ENOMEM, "%s: out of memory", path)
                             : ss_error_set(err, SS_EIO, "%s: reading failed", path);
    if (!st && !t->name)
        st = ss_error_set(err, SS_EINPUT, "%s: no header line (a line of column names)", path);
    free(line);
    if (st)
        ss_table_free(t);
    return st;
}

ss_status ss_table_load(const char *path, ss_table *t, ss_error *err)
{
    memset(t, 0, sizeof *t);
    FILE *f = fopen(path, "r");
    struct stat sb;
    if (!f)
        return ss_error_set(err, SS_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(f);
        return ss_error_set(err, SS_EINPUT, "%s: cannot open: a directory", path);
    }
    ss_status st = ss_table_read(f, path, t, err);
    fclose(f);
    return st;
}

int ss_table_column(const ss_table *t, const char *name)
{
    for (size_t k = 0; k < t->ncols; k++)
        if (strcmp(t->name[k], name) == 0)
            return (int)k;
    return -1;
}

const char *ss_table_meta(const ss_table *t, const char *name)
{
    size_t n = strlen(name);
    for (size_t k = 0; k < t->nmeta; k++)
        if (strncmp(t->meta[k], name, n) == 0 && t->meta[k][n] == ':')
            return t->meta[k] + n + 1 + (t->meta[k][n + 1] == ' ');
    return NULL;
}

const char *ss_table_text(const ss_table *t, size_t row, size_t col)
{
    return t->cell[row * t->ncols + col];
}

double ss_table_value(const ss_table *t, size_t row, size_t col)
{
    return t->value[row * t->ncols + col];
}

ss_status ss_table_number(const ss_table *t, size_t row, size_t col, double *out, ss_error *err)
{
    double v = ss_table_value(t, row, col);
    if (!isnan(v)) {
        *out = v;
        return SS_OK;
    }
    const char *text = ss_table_text(t, row, col);
    if (!text[0])
        return ss_error_set(err, SS_EINPUT, "%s:%zu: column '%s': empty cell", t->path,
                            t->line[row], t->name[col]);
    return ss_error_set(err, SS_EINPUT, "%s:%zu: column '%s': '%.40s' is not a number", t->path,
                        t->line[row], t->name[col], text);
}
