/* Comparison writers: table, TSV and JSON of `compare`, per-period
 * differences of two timelines, and the data of its bar chart. */
#include "sanctionsim/compare_report.h"

#include "sanctionsim/timeline.h"
#include "text.h"

#include <jansson.h>
#include <string.h>

static void write_table(FILE *out, const ss_scenario *b, const ss_scenario *a,
                        const ss_comparison *c)
{
    fprintf(out, "base  %s (%s), %s, %s\n", b->name, b->path, ss_mode_name(b->solver.mode),
            ss_mixed_status_word(&c->base));
    fprintf(out, "alt   %s (%s), %s, %s\n\n", a->name, a->path, ss_mode_name(a->solver.mode),
            ss_mixed_status_word(&c->alt));
    fprintf(out, "%-22s %14s %14s %14s\n", "quantity", "base", "alt", "alt - base");
    for (size_t k = 0; k < c->nrows; k++) {
        const ss_compare_row *r = &c->rows[k];
        fprintf(out, "%-22s ", r->name);
        if (r->in_base)
            fprintf(out, "%14.6f ", r->base);
        else
            fprintf(out, "%14s ", "-");
        if (r->in_alt)
            fprintf(out, "%14.6f ", r->alt);
        else
            fprintf(out, "%14s ", "-");
        if (r->in_base && r->in_alt)
            fprintf(out, "%+14.6f\n", r->alt - r->base);
        else
            fprintf(out, "%14s\n", "-");
    }
    if (c->nmis == 0) {
        fprintf(out, "\nno sanctioner holds beliefs: no cost of misperception\n");
        return;
    }
    fprintf(out,
            "\ncost of misperception: realized payoff with true beliefs minus with stated ones\n");
    fprintf(out, "%-8s %-12s %10s %10s %16s %16s %12s\n", "scenario", "sanctioner", "s_stated",
            "s_true", "realized_stated", "realized_true", "cost");
    for (size_t k = 0; k < c->nmis; k++) {
        const ss_misperception *m = &c->mis[k];
        fprintf(out, "%-8s %-12s %10.6f %10.6f %16.6f %16.6f %+12.6f\n",
                m->scenario == 'b' ? "base" : "alt", m->id, m->s_stated, m->s_true,
                m->realized_stated, m->realized_true, m->cost);
    }
}

static void write_tsv(FILE *out, const ss_comparison *c)
{
    fprintf(out, "# status\tbase %s\talt %s\n", ss_mixed_status_word(&c->base),
            ss_mixed_status_word(&c->alt));
    fprintf(out, "quantity\tbase\talt\tdiff\n");
    for (size_t k = 0; k < c->nrows; k++) {
        const ss_compare_row *r = &c->rows[k];
        fprintf(out, "%s\t", r->name);
        if (r->in_base)
            ss_write_double(out, r->base);
        fputc('\t', out);
        if (r->in_alt)
            ss_write_double(out, r->alt);
        fputc('\t', out);
        if (r->in_base && r->in_alt)
            ss_write_double(out, r->alt - r->base);
        fputc('\n', out);
    }
    for (size_t k = 0; k < c->nmis; k++) {
        const ss_misperception *m = &c->mis[k];
        fprintf(out, "misperception_cost.%s.%s\t", m->scenario == 'b' ? "base" : "alt", m->id);
        ss_write_double(out, m->cost);
        fprintf(out, "\t\t\n");
    }
}

/* A JSON number, or null when the quantity is absent. */
static json_t *number_or_null(int present, double v)
{
    return present ? json_real(v) : json_null();
}

/* The comparison as one JSON document, or NULL when memory ran out making
 * any part of it: a row or key left out would be a wrong answer. */
static json_t *comparison_json(const ss_scenario *b, const ss_scenario *a, const ss_comparison *c,
                               const ss_provenance *p)
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
    json_t *j =
        json_pack("{s:{s:s, s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s, s:s, s:s}, s:o, s:o}", "base",
                  "name", b->name, "path", b->path, "mode", ss_mode_name(b->solver.mode), "sha256",
                  b->sha256, "status", ss_mixed_status_word(&c->base), "alt", "name", a->name,
                  "path", a->path, "mode", ss_mode_name(a->solver.mode), "sha256", a->sha256,
                  "status", ss_mixed_status_word(&c->alt), "rows", rows, "misperception", mis);
    const ss_scenario *both[] = {b, a};
    if (j && p && json_object_set_new(j, "provenance", ss_provenance_json(both, 2, p)) != 0) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* The provenance '#' lines of both scenarios, base first (none when p is NULL). */
static void write_provenance(FILE *out, const ss_scenario *b, const ss_scenario *a,
                             const ss_provenance *p)
{
    if (p) {
        const ss_scenario *both[] = {b, a};
        ss_provenance_write(out, "compare", both, 2, p);
    }
}

ss_status ss_report_compare(FILE *out, const ss_scenario *b, const ss_scenario *a,
                            const ss_comparison *c, ss_format fmt, const ss_provenance *p)
{
    switch (fmt) {
    case SS_FORMAT_TABLE:
        write_table(out, b, a, c);
        break;
    case SS_FORMAT_TSV:
        write_provenance(out, b, a, p);
        write_tsv(out, c);
        break;
    case SS_FORMAT_JSON: {
        ss_status st = ss_json_write_new(out, comparison_json(b, a, c, p));
        if (st != SS_OK)
            return st;
        break;
    }
    case SS_FORMAT_CSV:
        return SS_EINPUT;
    }
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_report_compare_series(FILE *out, const ss_scenario *b, const ss_scenario *a,
                                   const ss_series *sb, const ss_series *sa, ss_format fmt,
                                   const ss_provenance *p)
{
    if (fmt != SS_FORMAT_TABLE && fmt != SS_FORMAT_TSV)
        return SS_EINPUT;
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
    if (fmt == SS_FORMAT_TABLE) {
        fprintf(out, "per period: alt - base (base %s, alt %s)\n\n%-8s", b->path, a->path, "date");
    } else {
        write_provenance(out, b, a, p);
        fprintf(out, "date");
    }
    for (size_t q = 0; q < npair; q++) {
        const char *name = cb[pair[q][0]].name;
        if (fmt == SS_FORMAT_TABLE)
            fprintf(out, " %14s", name);
        else
            fprintf(out, "\t%s.base\t%s.alt\t%s.diff", name, name, name);
    }
    fputc('\n', out);
    size_t np = ss_timeline_periods(b->timeline);
    for (size_t k = 0; k < np; k++) {
        char label[16];
        ss_timeline_period_label(b->timeline, k, label, sizeof label);
        ss_result_columns(b, &sb->result[k], cb);
        ss_result_columns(a, &sa->result[k], ca);
        fprintf(out, fmt == SS_FORMAT_TABLE ? "%-8s" : "%s", label);
        for (size_t q = 0; q < npair; q++) {
            double vb = cb[pair[q][0]].value, va = ca[pair[q][1]].value;
            if (fmt == SS_FORMAT_TABLE) {
                fprintf(out, " %+14.6f", va - vb);
                continue;
            }
            fputc('\t', out);
            ss_write_double(out, vb);
            fputc('\t', out);
            ss_write_double(out, va);
            fputc('\t', out);
            ss_write_double(out, va - vb);
        }
        fputc('\n', out);
    }
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_report_compare_bars(FILE *out, const ss_comparison *c)
{
    fprintf(out, "quantity\tbase\talt\n");
    for (size_t k = 0; k < c->nrows; k++) {
        const ss_compare_row *r = &c->rows[k];
        int strategy = strncmp(r->name, "s.", 2) == 0 ||
                       (r->name[0] && !r->name[1] && strchr("cpaq", r->name[0]));
        if (!strategy)
            continue;
        fprintf(out, "%s\t", r->name);
        if (r->in_base)
            ss_write_double(out, r->base);
        else
            fputs("NaN", out);
        fputc('\t', out);
        if (r->in_alt)
            ss_write_double(out, r->alt);
        else
            fputs("NaN", out);
        fputc('\n', out);
    }
    return ferror(out) ? SS_EIO : SS_OK;
}

/* ---- many scenarios, one row each ------------------------------------------ */

/* The file name of a path (the table's first column). */
static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Whether the table shows column q: the strategies (s.<id>, c, p, a, q). */
static int strategy_column(const char *name)
{
    return strncmp(name, "s.", 2) == 0 || strcmp(name, "c") == 0 || strcmp(name, "p") == 0 ||
           strcmp(name, "a") == 0 || strcmp(name, "q") == 0;
}

static void write_many_table(FILE *out, const ss_scenario *const *sc, const ss_compare_many *m)
{
    int width = 8; /* "scenario" */
    for (size_t k = 0; k < m->n; k++) {
        int w = (int)strlen(file_name(sc[k]->path));
        width = w > width ? w : width;
    }
    fprintf(out, "%-*s", width, "scenario");
    for (size_t q = 0; q < m->ncols; q++)
        if (strategy_column(m->column[q]))
            fprintf(out, " %*s", (int)strlen(m->column[q]) > 8 ? (int)strlen(m->column[q]) : 8,
                    m->column[q]);
    fprintf(out, "  %-13s %s\n", "status", "name");
    for (size_t k = 0; k < m->n; k++) {
        fputs(file_name(sc[k]->path), out);
        fprintf(out, "%*s", width - (int)strlen(file_name(sc[k]->path)), "");
        for (size_t q = 0; q < m->ncols; q++) {
            if (!strategy_column(m->column[q]))
                continue;
            int w = (int)strlen(m->column[q]) > 8 ? (int)strlen(m->column[q]) : 8;
            size_t at = k * SS_COMPARE_MANY_COLUMNS + q;
            if (m->present[at])
                fprintf(out, " %*.3f", w, m->value[at]);
            else
                fprintf(out, " %*s", w, "-");
        }
        fprintf(out, "  %-13s ", ss_mixed_status_word(&m->result[k]));
        ss_text_put(out, sc[k]->name, ' ');
        fputc('\n', out);
    }
}

static void write_many_tsv(FILE *out, const ss_scenario *const *sc, const ss_compare_many *m)
{
    fputs("scenario\tname\tmode", out);
    for (size_t q = 0; q < m->ncols; q++)
        fprintf(out, "\t%s", m->column[q]);
    fputs("\tstatus\n", out);
    for (size_t k = 0; k < m->n; k++) {
        ss_text_put(out, sc[k]->path, ' ');
        fputc('\t', out);
        ss_text_put(out, sc[k]->name, ' ');
        fprintf(out, "\t%s", ss_mode_name(sc[k]->solver.mode));
        for (size_t q = 0; q < m->ncols; q++) {
            size_t at = k * SS_COMPARE_MANY_COLUMNS + q;
            fputc('\t', out);
            if (m->present[at])
                ss_write_double(out, m->value[at]);
        }
        fprintf(out, "\t%s\n", ss_mixed_status_word(&m->result[k]));
    }
}

/* {"provenance", "columns": [...], "scenarios": [{"path", "name", "mode",
 * "sha256", "status", "values": {COLUMN: number}}]}, or NULL when memory ran
 * out making any part of it. */
static json_t *many_json(const ss_scenario *const *sc, const ss_compare_many *m,
                         const ss_provenance *p)
{
    json_t *cols = json_array(), *rows = json_array();
    int bad = !cols || !rows;
    for (size_t q = 0; q < m->ncols && !bad; q++)
        bad = json_array_append_new(cols, json_string(m->column[q])) != 0;
    for (size_t k = 0; k < m->n && !bad; k++) {
        json_t *values = json_object();
        bad = !values;
        for (size_t q = 0; q < m->ncols && !bad; q++) {
            size_t at = k * SS_COMPARE_MANY_COLUMNS + q;
            if (m->present[at])
                bad = json_object_set_new(values, m->column[q], json_real(m->value[at])) != 0;
        }
        if (bad) {
            json_decref(values);
            break;
        }
        /* "o" takes values, and releases it when the pack fails */
        json_t *row =
            json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "path", sc[k]->path, "name", sc[k]->name,
                      "mode", ss_mode_name(sc[k]->solver.mode), "sha256", sc[k]->sha256, "status",
                      ss_mixed_status_word(&m->result[k]), "values", values);
        bad = !row || json_array_append_new(rows, row) != 0;
    }
    if (bad) {
        json_decref(cols);
        json_decref(rows);
        return NULL;
    }
    json_t *j = json_pack("{s:o, s:o}", "columns", cols, "scenarios", rows);
    if (j && p && json_object_set_new(j, "provenance", ss_provenance_json(sc, m->n, p)) != 0) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

ss_status ss_report_compare_many(FILE *out, const ss_scenario *const *sc, const ss_compare_many *m,
                                 ss_format fmt, const ss_provenance *p)
{
    switch (fmt) {
    case SS_FORMAT_TABLE:
        write_many_table(out, sc, m);
        break;
    case SS_FORMAT_TSV:
        if (p)
            ss_provenance_write(out, "compare", sc, m->n, p);
        write_many_tsv(out, sc, m);
        break;
    case SS_FORMAT_JSON: {
        ss_status st = ss_json_write_new(out, many_json(sc, m, p));
        if (st != SS_OK)
            return st;
        break;
    }
    case SS_FORMAT_CSV:
        return SS_EINPUT;
    }
    return ferror(out) ? SS_EIO : SS_OK;
}
