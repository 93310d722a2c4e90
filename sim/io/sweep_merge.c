/* Merging the shards of a sweep into one file: they must come from the same
 * sweep, and every point must be in exactly one of them. */
#include "sanctionsim/sweep_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One input's next row. */
typedef struct cursor {
    ss_sweep_shard *s;
    char *line;
    size_t cap, len;
    size_t index; /* of the current line */
    size_t lineno;
    int done;
} cursor;

/* Reads the next row of c: SS_OK (c->done at the end), or the failure. */
static ss_status next_row(cursor *c, ss_error *err)
{
    const ss_sweep_shard *s = c->s;
    ssize_t len = getline(&c->line, &c->cap, s->f);
    if (len < 0) {
        /* the end of the file, or a failure: getline's ENOMEM need not set
         * the error flag, so only feof tells them apart */
        if (!feof(s->f)) {
            if (errno == ENOMEM)
                return ss_error_set(err, SS_ENOMEM, "reading '%s': out of memory", s->path);
            return ss_error_set(err, SS_EIO, "reading '%s' failed: %s", s->path, strerror(errno));
        }
        c->done = 1;
        return SS_OK;
    }
    c->lineno++;
    if (c->line[len - 1] != '\n')
        return ss_error_set(err, SS_EINPUT, "%s:%zu: the last row is cut short", s->path,
                            c->lineno);
    c->len = (size_t)len;
    /* the index and the number of fields, without splitting the line */
    size_t fields = 1, index;
    for (size_t k = 0; k + 1 < c->len; k++)
        fields += c->line[k] == s->h.sep;
    char first[32];
    size_t k = 0;
    while (k < sizeof first - 1 && c->line[k] != s->h.sep && c->line[k] != '\n') {
        first[k] = c->line[k];
        k++;
    }
    first[k] = '\0';
    if (fields != s->h.ncolumns || ss_sweep_parse_index(first, &index) != 0)
        return ss_error_set(err, SS_EINPUT,
                            "%s:%zu: not a row of this sweep (%zu fields, %zu expected)", s->path,
                            c->lineno, fields, s->h.ncolumns);
    if (c->lineno > s->h.nlines + 2 && index <= c->index)
        return ss_error_set(err, SS_EINPUT, "%s:%zu: point %zu after point %zu: rows out of order",
                            s->path, c->lineno, index, c->index);
    c->index = index;
    return SS_OK;
}

/* A binary heap of inputs by their current index. */
static void heap_down(cursor **heap, size_t n, size_t k)
{
    for (;;) {
        size_t l = 2 * k + 1, r = l + 1, m = k;
        if (l < n && heap[l]->index < heap[m]->index)
            m = l;
        if (r < n && heap[r]->index < heap[m]->index)
            m = r;
        if (m == k)
            return;
        cursor *t = heap[k];
        heap[k] = heap[m];
        heap[m] = t;
        k = m;
    }
}

/* Writes the merged '#' lines: the first shard's, marked as merged. */
static void write_header(FILE *out, const ss_sweep_shard *in, size_t n)
{
    const ss_sweep_header *h = &in[0].h;
    for (size_t k = 0; k < h->nlines; k++) {
        if (strncmp(h->lines[k], "shard:", 6) == 0) {
            fprintf(out, "# shard: 0/1\n# merged: %zu shards:", n);
            for (size_t q = 0; q < n; q++) {
                const char *s = ss_sweep_header_get(&in[q].h, "shard");
                fprintf(out, " %s", s ? s : "?");
            }
            fputc('\n', out);
            continue;
        }
        fprintf(out, "# %s\n", h->lines[k]);
    }
    fprintf(out, "%s\n", h->columns);
}

/* Writes the rows of the cursors in index order; st on the first failure. */
static ss_status merge_rows(cursor *c, size_t n, size_t points, FILE *out, ss_error *err)
{
    cursor **heap = malloc(n * sizeof *heap);
    if (!heap)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    size_t live = 0;
    ss_status st = SS_OK;
    for (size_t k = 0; k < n && !st; k++) {
        c[k].lineno = c[k].s->h.nlines + 1;
        if ((st = next_row(&c[k], err)) == SS_OK && !c[k].done)
            heap[live++] = &c[k];
    }
    for (size_t k = live / 2; k-- > 0;)
        heap_down(heap, live, k);

    size_t expect = 0;
    const char *last_path = NULL;
    while (!st && live > 0) {
        cursor *s = heap[0];
        if (s->index < expect) {
            st = ss_error_set(err, SS_EINPUT, "point %zu is in '%s' and in '%s'", s->index,
                              last_path, s->s->path);
            break;
        }
        if (s->index >= points) {
            st = ss_error_set(err, SS_EINPUT, "%s:%zu: point %zu, but the sweep has %zu",
                              s->s->path, s->lineno, s->index, points);
            break;
        }
        if (s->index > expect) {
            st = ss_error_set(err, SS_EINPUT,
                              "point %zu is missing (no shard has it; the next is %zu in '%s')",
                              expect, s->index, s->s->path);
            break;
        }
        if (fwrite(s->line, 1, s->len, out) != s->len) {
            st = ss_error_set(err, SS_EIO, "writing failed: %s", strerror(errno));
            break;
        }
        expect++;
        last_path = s->s->path;
        if ((st = next_row(s, err)) != SS_OK)
            break;
        if (s->done)
            heap[0] = heap[--live];
        heap_down(heap, live, 0);
    }
    if (!st && expect < points)
        st = ss_error_set(err, SS_EINPUT, "points %zu to %zu are missing (%zu of %zu)", expect,
                          points - 1, points - expect, points);
    free(heap);
    return st;
}

ss_status ss_sweep_merge(ss_sweep_shard *in, size_t n, FILE *out, ss_error *err)
{
    char why[400];
    for (size_t k = 1; k < n; k++)
        if (!ss_sweep_header_compatible(&in[0].h, &in[k].h, why, sizeof why))
            return ss_error_set(err, SS_EINPUT, "'%s' and '%s' are not shards of one sweep: %s",
                                in[0].path, in[k].path, why);
    const char *ptext = ss_sweep_header_get(&in[0].h, "points");
    size_t points;
    if (!ptext || ss_sweep_parse_index(ptext, &points) != 0)
        return ss_error_set(err, SS_EINPUT, "'%s': no '# points:' line", in[0].path);
    write_header(out, in, n);
    cursor *c = calloc(n, sizeof *c);
    if (!c)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++)
        c[k].s = &in[k];
    ss_status st = merge_rows(c, n, points, out, err);
    for (size_t k = 0; k < n; k++)
        free(c[k].line);
    free(c);
    return st;
}
