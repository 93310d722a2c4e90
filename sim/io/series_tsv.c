/* Timeline outputs as TSV: a run's series and Monte Carlo bands, under a
 * column header (the caller writes the '#' lines). */
#include "sanctionsim/series_tsv.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/timeline.h"

#include <stdio.h>
#include <string.h>

/* An event's label in the events cell: as it is, unless it holds a ';', a
 * double quote or a backslash, or is "-" (the mark of no event); then in
 * double quotes, with a backslash before each double quote and backslash. So
 * the cell splits back into its labels at each "; " outside quotes
 * (docs/dynamics.md). */
static void write_event_label(FILE *out, const char *label)
{
    if (!strpbrk(label, ";\"\\") && strcmp(label, "-") != 0) {
        fputs(label, out);
        return;
    }
    fputc('"', out);
    for (const char *p = label; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

/* The observed.<id> columns both tables end with: their names, then period
 * k's values of observed (nperiods * n, row-major), for covered sanctioners. */
static void write_observed_names(FILE *out, const ss_scenario *sc, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ss_observed_covers(sc->timeline, i))
            fprintf(out, "\tobserved.%s", sc->sanctioner[i].id);
}

static void write_observed_values(FILE *out, const ss_scenario *sc, const double *observed,
                                  size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++)
        if (ss_observed_covers(sc->timeline, i)) {
            fputc('\t', out);
            ss_write_double(out, observed[k * n + i]);
        }
}

ss_status ss_series_write_tsv(FILE *out, const ss_scenario *sc, const ss_series *s)
{
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    size_t nc = ss_result_columns(sc, NULL, cols);
    fputs("date", out);
    for (size_t c = 0; c < nc; c++)
        fprintf(out, "\t%s", cols[c].name);
    write_observed_names(out, sc, s->n);
    fputs("\tevents\n", out);
    for (size_t k = 0; k < s->nperiods; k++) {
        char label[16];
        ss_timeline_period_label(sc->timeline, k, label, sizeof label);
        fputs(label, out);
        ss_result_columns(sc, &s->result[k], cols);
        for (size_t c = 0; c < nc; c++) {
            fputc('\t', out);
            ss_write_double(out, cols[c].value);
        }
        write_observed_values(out, sc, s->observed, s->n, k);
        fputc('\t', out);
        if (s->fired_begin[k] == s->fired_end[k])
            fputc('-', out);
        for (size_t e = s->fired_begin[k]; e < s->fired_end[k]; e++) {
            if (e > s->fired_begin[k])
                fputs("; ", out);
            write_event_label(out, sc->timeline->events[e].label);
        }
        fputc('\n', out);
    }
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_mc_bands_write_tsv(FILE *out, const ss_scenario *sc, const ss_mc_bands *b)
{
    fputs("date", out);
    for (size_t c = 0; c < b->ncols; c++)
        for (size_t k = 0; k < SS_MC_NPCT; k++)
            fprintf(out, "\t%s.p%02.0f", b->names[c].name, ss_mc_percentiles[k]);
    write_observed_names(out, sc, b->n);
    fputc('\n', out);
    for (size_t p = 0; p < b->nperiods; p++) {
        char label[16];
        ss_timeline_period_label(sc->timeline, p, label, sizeof label);
        fputs(label, out);
        for (size_t c = 0; c < b->ncols; c++)
            for (size_t k = 0; k < SS_MC_NPCT; k++) {
                fputc('\t', out);
                ss_write_double(out, b->pct[(c * b->nperiods + p) * SS_MC_NPCT + k]);
            }
        write_observed_values(out, sc, b->observed, b->n, p);
        fputc('\n', out);
    }
    return ferror(out) ? SS_EIO : SS_OK;
}
