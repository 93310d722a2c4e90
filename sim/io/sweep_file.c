/* Sweep files: the '#' lines and the column line written, and read back with
 * the rows an interrupted sweep left (for --resume, merge, plot and fit). */
#include "sanctionsim/sweep_file.h"

#include "sanctionsim/design_file.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/report.h"
#include "sanctionsim/reporter.h"
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing the header ----------------------------------------------------- */

/* Writes text with control characters (tabs and newlines included) and broken
 * UTF-8 as spaces (text.h): a field of a '#' line never spills into the next. */
static void put_clean(FILE *out, const char *text)
{
    ss_text_put(out, text, ' ');
}

/* "alliance_pressure" -> "alliance pressure" */
static void words_of(const char *key, char *buf, size_t len)
{
    size_t k = 0;
    for (; key[k] && k + 1 < len; k++)
        buf[k] = key[k] == '_' ? ' ' : key[k];
    buf[k] = '\0';
}

void ss_sweep_key_label(const ss_scenario *sc, const ss_keyref *ref, char *buf, size_t len)
{
    const ss_param_info *info = ss_key_info(ref);
    char words[64];
    words_of(info->key, words, sizeof words);
    const char *target = sc->target.name, *patron = sc->patron.name;
    const char *who = sc->sanctioner[ref->index].name;
    if (ref->belief) {
        const char *about = ref->part == SS_PART_PATRON ? patron : target;
        if (ref->part == SS_PART_RECIPROCITY)
            snprintf(buf, len, "%s's belief: %s's reciprocity toward %s (%s)", who, target,
                     sc->sanctioner[ref->index2].name, info->meaning);
        else
            snprintf(buf, len, "%s's belief: %s's %s (%s)", who, about, words, info->meaning);
        return;
    }
    switch (ref->part) {
    case SS_PART_SANCTIONER:
        snprintf(buf, len, "%s: %s (%s)", who, words, info->meaning);
        break;
    case SS_PART_RECIPROCITY:
        snprintf(buf, len, "%s: reciprocity toward %s (%s)", target,
                 sc->sanctioner[ref->index2].name, info->meaning);
        break;
    case SS_PART_TARGET:
        snprintf(buf, len, "%s: %s (%s)", target, words, info->meaning);
        break;
    case SS_PART_PATRON:
        snprintf(buf, len, "%s: %s (%s)", patron, words, info->meaning);
        break;
    case SS_PART_QRE:
        snprintf(buf, len, "logit QRE: lambda (%s)", info->meaning);
        break;
    }
}

ss_status ss_sweep_write_header(const ss_sweep *sw, FILE *out, const ss_sweep_meta *m)
{
    const ss_scenario *sc = ss_sweep_scenario(sw);
    const ss_design *d = ss_sweep_design(sw);
    const ss_sweep_opts *o = ss_sweep_options(sw);
    char sep = o->sep;
    ss_provenance_write(out, "sweep", &sc, 1, &m->prov);
    fprintf(out, "# sweep: ");
    put_clean(out, m->signature);
    fprintf(out, "\n# seed: %lu\n# design: %s\n# points: %zu\n# shard: %zu/%zu\n# mode: %s\n",
            d->seed, ss_design_kind_name(d->kind), d->points, m->shard, m->nshards,
            ss_mode_name(sc->solver.mode));
    fprintf(out, "# warm_starts: %s\n",
            o->warm_starts ? "from the cold equilibrium at the centre of each cell" : "off");
    if (o->warm_starts)
        fprintf(out, "# cells: %zu\n", d->anchors);
    ss_design_write_lines(out, d);
    for (size_t a = 0; a < d->nvary; a++) {
        const ss_vary *v = &d->vary[a];
        char spec[256], label[512];
        ss_vary_spec_text(v, spec, sizeof spec);
        ss_sweep_key_label(sc, &v->ref, label, sizeof label);
        fprintf(out, "# vary: %s\t%s\t", v->key, spec);
        put_clean(out, label);
        fputc('\t', out);
        ss_write_double(out, ss_key_get(&sc->params, &v->ref)); /* the scenario's own value */
        fputc('\n', out);
    }
    for (size_t i = 0; i < sc->params.n; i++) {
        fprintf(out, "# agent: %s\tsanctioner\t", sc->sanctioner[i].id);
        put_clean(out, sc->sanctioner[i].name);
        fputc('\n', out);
    }
    fprintf(out, "# agent: %s\ttarget\t", sc->target.id);
    put_clean(out, sc->target.name);
    fputc('\n', out);
    if (sc->params.has_patron) {
        fprintf(out, "# agent: %s\tpatron\t", sc->patron.id);
        put_clean(out, sc->patron.name);
        fputc('\n', out);
    }
    for (size_t k = 0; k < o->nreporters; k++)
        fprintf(out, "# report: %s\n", o->reporters[k].name);
    if (o->nreporters)
        fprintf(out, "# repetitions: %zu\n", o->repetitions);
    fprintf(out, "index");
    for (size_t a = 0; a < d->nvary; a++)
        fprintf(out, "%c%s", sep, d->vary[a].key);
    fputc(sep, out);
    if (o->nreporters) {
        size_t width = ss_reporter_width(o->nreporters, o->repetitions);
        for (size_t v = 0; v < width; v++) {
            char name[SS_REPORTER_NAME_MAX + 8];
            ss_reporter_value_name(o->reporters, o->repetitions, v, name, sizeof name);
            fprintf(out, "%s%c", name, sep);
        }
        fputs("status", out);
    } else {
        ss_answer_header(out, sc, sep);
    }
    fputc('\n', out);
    return ferror(out) ? SS_EIO : SS_OK;
}

/* ---- reading it back ---------------------------------------------------------- */

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
    free(h->fields_buf);
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

/* Splits "A<TAB>B..." into n fields at *p (missing fields are ""), copying
 * text there and advancing *p past the copy. */
static void split_fields(const char *text, char **p, const char **out, int n)
{
    char *f = *p;
    size_t len = strlen(text);
    memcpy(f, text, len + 1);
    *p = f + len + 1;
    for (int k = 0; k < n; k++) {
        out[k] = f ? f : "";
        if (f && (f = strchr(f, '\t')))
            *f++ = '\0';
    }
}

/* Fills h->vary and h->agent from the '#' lines; SS_ENOMEM or SS_OK. */
static ss_status read_fields(ss_sweep_header *h, ss_error *err)
{
    size_t room = 1;
    for (size_t k = 0; k < h->nlines; k++)
        room += strlen(h->lines[k]) + 1;
    char *p = h->fields_buf = malloc(room);
    if (!p)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < h->nlines; k++) {
        const char *line = h->lines[k];
        if (strncmp(line, "vary: ", 6) == 0 && h->nvary < SS_MAX_VARY) {
            ss_sweep_vary_line *v = &h->vary[h->nvary++];
            const char *f[4];
            split_fields(line + 6, &p, f, 4);
            v->key = f[0], v->spec = f[1], v->label = f[2], v->value = f[3];
            v->line = k + 1;
        } else if (strncmp(line, "agent: ", 7) == 0 &&
                   h->nagent < sizeof h->agent / sizeof *h->agent) {
            ss_sweep_agent_line *a = &h->agent[h->nagent++];
            const char *f[3];
            split_fields(line + 7, &p, f, 3);
            a->id = f[0], a->role = f[1], a->name = f[2];
        }
    }
    return SS_OK;
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
    if ((st = read_fields(h, err)) != SS_OK)
        goto fail;
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

const ss_sweep_vary_line *ss_sweep_header_vary(const ss_sweep_header *h, const char *key)
{
    for (size_t k = 0; k < h->nvary; k++)
        if (strcmp(h->vary[k].key, key) == 0)
            return &h->vary[k];
    return NULL;
}

const char *ss_sweep_header_agent(const ss_sweep_header *h, const char *role, const char *id)
{
    for (size_t k = 0; k < h->nagent; k++)
        if (strcmp(h->agent[k].role, role) == 0 && (!id || strcmp(h->agent[k].id, id) == 0))
            return h->agent[k].name[0] ? h->agent[k].name : h->agent[k].id;
    return role;
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

ss_status ss_sweep_rows_open(ss_sweep_rows *r, FILE *f, const char *path, const ss_sweep_header *h,
                             ss_error *err)
{
    memset(r, 0, sizeof *r);
    r->f = f;
    r->path = path;
    r->h = h;
    r->lineno = h->nlines + 1;
    if (!(r->field = malloc(h->ncolumns * sizeof *r->field)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    return SS_OK;
}

ss_status ss_sweep_rows_next(ss_sweep_rows *r, int *got, ss_error *err)
{
    ssize_t len;
    *got = 0;
    while ((len = getline(&r->line, &r->cap, r->f)) >= 0) {
        r->lineno++;
        chomp(r->line, &len);
        if (len == 0 || r->line[0] == '#')
            continue;
        size_t n = ss_sweep_split(r->line, r->h->sep, r->field, r->h->ncolumns);
        if (n != r->h->ncolumns)
            return ss_error_set(err, SS_EINPUT, "%s:%zu: %zu fields where %zu were expected",
                                r->path, r->lineno, n, r->h->ncolumns);
        *got = 1;
        return SS_OK;
    }
    /* getline's ENOMEM need not set the error flag: only feof is the end */
    if (feof(r->f))
        return SS_OK;
    if (errno == ENOMEM)
        return ss_error_set(err, SS_ENOMEM, "reading '%s': out of memory", r->path);
    return ss_error_set(err, SS_EIO, "reading '%s' failed: %s", r->path, strerror(errno));
}

void ss_sweep_rows_free(ss_sweep_rows *r)
{
    if (!r)
        return;
    free(r->field);
    free(r->line);
    memset(r, 0, sizeof *r);
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
        scan->failed += !ss_status_word_answered(field[n - 1]);
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
