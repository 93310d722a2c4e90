/* Reading sweep files back: the '#' lines and columns, and the rows an
 * interrupted sweep left (for --resume, merge and plot). */
#include "sanctionsim/sweep.h"

#include "sanctionsim/numbers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void ss_sweep_header_free(ss_sweep_header *h)
{
    if (!h)
        return;
    for (size_t k = 0; k < h->nlines; k++)
        free(h->lines[k]);
    free(h->lines);
    free(h->columns);
    free(h->column);
    free(h->column_buf);
    memset(h, 0, sizeof *h);
}

size_t ss_sweep_split(char *line, char sep, char **field, size_t max)
{
    size_t n = 0;
    for (char *p = line;;) {
        if (n < max)
            field[n] = p;
        n++;
        p = strchr(p, sep);
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

int ss_sweep_parse_index(const char *text, size_t *index)
{
    unsigned long long v;
    if (ss_parse_whole(text, 0, SS_MAX_POINTS, &v) != 0)
        return -1;
    *index = (size_t)v;
    return 0;
}

static void chomp(char *line, ssize_t *len)
{
    while (*len > 0 && (line[*len - 1] == '\n' || line[*len - 1] == '\r'))
        line[--*len] = '\0';
}

/* After getline returned -1 on f: SS_OK at the end of the file, otherwise
 * why reading stopped. getline fails with ENOMEM when it cannot grow the
 * line, and not every libc sets the stream's error flag then: only feof
 * tells the end of the file from a failure. */
static ss_status getline_end(FILE *f, int errnum, const char *path, ss_error *err)
{
    if (feof(f))
        return SS_OK;
    if (errnum == ENOMEM)
        return ss_error_set(err, SS_ENOMEM, "%s: out of memory", path);
    return ss_error_set(err, SS_EIO, "%s: reading failed", path);
}

ss_status ss_sweep_header_read(FILE *f, const char *path, ss_sweep_header *h, ss_error *err)
{
    memset(h, 0, sizeof *h);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    ss_status st;
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (line[len - 1] != '\n')
            break; /* cut short */
        chomp(line, &len);
        if (line[0] != '#') {
            if (h->nlines == 0 || strncmp(line, "index", 5) != 0)
                break;
            h->columns = line;
            line = NULL;
            break;
        }
        const char *text = line + 1 + (line[1] == ' ');
        char **grown = realloc(h->lines, (h->nlines + 1) * sizeof *grown);
        char *copy = strdup(text);
        if (!grown || !copy) {
            free(copy);
            if (grown)
                h->lines = grown;
            st = ss_error_set(err, SS_ENOMEM, "out of memory");
            goto fail;
        }
        h->lines = grown;
        h->lines[h->nlines++] = copy;
    }
    if (len < 0 && (st = getline_end(f, errno, path, err)) != SS_OK)
        goto fail;
    free(line);
    line = NULL;
    if (ferror(f)) {
        st = ss_error_set(err, SS_EIO, "%s: reading failed", path);
        goto fail;
    }
    if (h->nlines == 0 || strncmp(h->lines[0], "sanctionsim ", 12) != 0 || !h->columns) {
        st = ss_error_set(err, SS_EINPUT,
                          "%s: not a sweep file (it starts with '# sanctionsim VERSION sweep' "
                          "lines and a column line 'index ...')%s",
                          path, h->nlines && !h->columns ? ", or cut short in its header" : "");
        goto fail;
    }
    h->rows_at = ftello(f);
    h->sep = strchr(h->columns, '\t') ? '\t' : ',';
    size_t n = 1;
    for (const char *p = h->columns; *p; p++)
        n += *p == h->sep;
    h->column_buf = strdup(h->columns);
    h->column = malloc(n * sizeof *h->column);
    if (!h->column_buf || !h->column) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto fail;
    }
    h->ncolumns = ss_sweep_split(h->column_buf, h->sep, h->column, n);
    return SS_OK;
fail:
    free(line);
    ss_sweep_header_free(h);
    return st;
}

int ss_sweep_header_cut(FILE *f)
{
    static const char first[] = "# sanctionsim ", columns[] = "index";
    if (fseeko(f, 0, SEEK_SET) != 0)
        return 0;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t len;
    int cut = 1;
    while (cut && (len = getline(&line, &cap, f)) > 0) {
        size_t ulen = (size_t)len;
        int complete = line[ulen - 1] == '\n';
        if (n == 0) {
            /* "# sanctionsim VERSION sweep", or the start of it */
            size_t m = ulen < sizeof first - 1 ? ulen : sizeof first - 1;
            cut = strncmp(line, first, m) == 0 && (!complete || ulen >= sizeof first);
        } else if (line[0] != '#') {
            /* the column line: complete, the header is whole */
            size_t m = ulen < sizeof columns - 1 ? ulen : sizeof columns - 1;
            cut = !complete && strncmp(line, columns, m) == 0;
            break;
        }
        if (!complete)
            break;
        n++;
    }
    if (ferror(f) || (len < 0 && !feof(f)))
        cut = 0; /* not known to be cut: a read failed */
    free(line);
    return cut;
}

const char *ss_sweep_header_get(const ss_sweep_header *h, const char *name)
{
    size_t n = strlen(name);
    for (size_t k = 0; k < h->nlines; k++)
        if (strncmp(h->lines[k], name, n) == 0 && h->lines[k][n] == ':')
            return h->lines[k] + n + 1 + (h->lines[k][n + 1] == ' ');
    return NULL;
}

int ss_sweep_header_column(const ss_sweep_header *h, const char *name)
{
    for (size_t k = 0; k < h->ncolumns; k++)
        if (strcmp(h->column[k], name) == 0)
            return (int)k;
    return -1;
}

int ss_sweep_header_compatible(const ss_sweep_header *a, const ss_sweep_header *b, char *why,
                               size_t len)
{
    static const char *const fields[] = {"scenario_sha256", "sweep", "points", "design", "seed"};
    static const char *const words[] = {"scenarios (SHA-256)", "sweep options", "point counts",
                                        "designs", "seeds"};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        const char *x = ss_sweep_header_get(a, fields[k]), *y = ss_sweep_header_get(b, fields[k]);
        if (!x || !y || strcmp(x, y) != 0) {
            snprintf(why, len, "different %s: '%s' and '%s'", words[k], x ? x : "(none)",
                     y ? y : "(none)");
            return 0;
        }
    }
    if (strcmp(a->columns, b->columns) != 0) {
        snprintf(why, len, "different columns");
        return 0;
    }
    return 1;
}

ss_status ss_sweep_scan_rows(FILE *f, const char *path, const ss_sweep_header *h, size_t points,
                             size_t shard, size_t nshards, ss_sweep_scan *scan, ss_error *err)
{
    memset(scan, 0, sizeof *scan);
    scan->end = h->rows_at;
    scan->next = shard;
    if (fseeko(f, h->rows_at, SEEK_SET) != 0)
        return ss_error_set(err, SS_EIO, "%s: cannot seek", path);
    char *line = NULL, **field = malloc(h->ncolumns * sizeof *field);
    size_t cap = 0, lineno = h->nlines + 1;
    ssize_t len;
    ss_status st = SS_OK;
    if (!field)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    size_t expect = shard;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (line[len - 1] != '\n')
            break; /* the last line, cut short: computed again */
        off_t after = ftello(f);
        chomp(line, &len);
        size_t n = ss_sweep_split(line, h->sep, field, h->ncolumns), index;
        if (n != h->ncolumns || ss_sweep_parse_index(field[0], &index) != 0) {
            st = ss_error_set(err, SS_EINPUT,
                              "%s:%zu: a row with %zu fields where %zu were expected; the "
                              "file is damaged",
                              path, lineno, n, h->ncolumns);
            break;
        }
        if (index != expect || index >= points) {
            st = ss_error_set(err, SS_EINPUT,
                              "%s:%zu: row of point %zu where point %zu was expected; the file "
                              "is damaged",
                              path, lineno, index, expect);
            break;
        }
        scan->rows++;
        scan->failed += strcmp(field[n - 1], "ok") != 0;
        scan->end = after;
        expect = points - expect > nshards ? expect + nshards : points;
        scan->next = index + 1;
    }
    if (!st && len < 0)
        st = getline_end(f, errno, path, err);
    if (!st && ferror(f))
        st = ss_error_set(err, SS_EIO, "%s: reading failed", path);
    free(line);
    free(field);
    return st;
}
