/* Reading the targets of a fit from a table as `run -o` writes it (`fit --data`). */
#include "sanctionsim/fit_table.h"

#include "sanctionsim/numbers.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"
#include "sanctionsim/timeline.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Opens path for reading; NULL with errno (EISDIR for a directory). */
static FILE *open_table(const char *path)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        f = NULL;
        errno = EISDIR;
    }
    return f;
}

/* The columns of the header line (split in place): the date's and each
 * sanctioner's (-1 when absent). */
static ss_status read_header(const char *path, unsigned lineno, const ss_scenario *sc,
                             char **column, size_t ncolumns, int *date_col, int *col_of,
                             ss_error *err)
{
    for (size_t c = 0; c < ncolumns; c++) {
        int i = strncmp(column[c], "s.", 2) == 0 ? ss_scenario_sanctioner(sc, column[c] + 2) : -1;
        int *slot = strcmp(column[c], "date") == 0 ? date_col : i >= 0 ? &col_of[i] : NULL;
        if (slot && *slot >= 0)
            return ss_error_set(err, SS_EINPUT, "%s:%u: '%s': two columns of that name", path,
                                lineno, column[c]);
        if (slot)
            *slot = (int)c;
    }
    if (*date_col < 0)
        return ss_error_set(err, SS_EINPUT, "%s:%u: no 'date' column", path, lineno);
    return SS_OK;
}

/* One row's targets into d. */
static ss_status read_row(const char *path, unsigned lineno, const ss_scenario *sc, char **cell,
                          int date_col, const int *col_of, ss_fit_data *d, ss_error *err)
{
    const char *date = cell[date_col];
    if (!*date)
        return ss_error_set(err, SS_EINPUT, "%s:%u: 'date': missing", path, lineno);
    size_t k = 0;
    char label[16];
    for (; k < d->nperiods; k++) {
        ss_timeline_period_label(sc->timeline, k, label, sizeof label);
        if (strcmp(label, date) == 0)
            break;
    }
    if (k == d->nperiods)
        return ss_error_set(err, SS_EINPUT, "%s:%u: date '%s' is not a period of %s", path, lineno,
                            date, sc->path);
    for (size_t i = 0; i < d->n; i++) {
        if (col_of[i] < 0 || !*cell[col_of[i]] || strcmp(cell[col_of[i]], "NA") == 0)
            continue; /* no column, or a missing value */
        double v;
        if (ss_parse_double(cell[col_of[i]], &v) != 0 || v < 0 || v > 1)
            return ss_error_set(err, SS_EINPUT, "%s:%u: 's.%s': '%s' is not an intensity in [0, 1]",
                                path, lineno, sc->sanctioner[i].id, cell[col_of[i]]);
        d->target[k * d->n + i] = v;
        d->weight[k * d->n + i] = 1;
    }
    return SS_OK;
}

ss_status ss_fit_table_read(const char *path, const ss_scenario *sc, ss_fit_data *d, ss_error *err)
{
    FILE *f = open_table(path);
    if (!f)
        return ss_error_set(err, SS_EINPUT, "--data: %s: %s", path, strerror(errno));
    char *line = NULL, *header = NULL, **column = NULL, **cell = NULL;
    size_t cap = 0, ncolumns = 0, rows = 0;
    ssize_t len;
    unsigned lineno = 0;
    int col_of[SS_MAX_SANCTIONERS], date_col = -1;
    char sep = '\t';
    ss_status st = SS_OK;
    for (size_t i = 0; i < d->n; i++)
        col_of[i] = -1;
    while (st == SS_OK && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (!header) {
            sep = strchr(line, '\t') ? '\t' : ',';
            ncolumns = 1;
            for (const char *p = line; *p; p++)
                ncolumns += *p == sep;
            header = line;
            line = NULL;
            cap = 0;
            column = malloc(ncolumns * sizeof *column);
            cell = malloc(ncolumns * sizeof *cell);
            if (!column || !cell) {
                st = ss_error_set(err, SS_ENOMEM, "out of memory");
                break;
            }
            ss_sweep_split(header, sep, column, ncolumns);
            st = read_header(path, lineno, sc, column, ncolumns, &date_col, col_of, err);
            continue;
        }
        size_t n = ss_sweep_split(line, sep, cell, ncolumns);
        if (n < ncolumns)
            st = ss_error_set(err, SS_EINPUT,
                              "%s:%u: '%s': missing (the row has %zu of %zu columns)", path, lineno,
                              column[n], n, ncolumns);
        else if (n > ncolumns)
            st = ss_error_set(err, SS_EINPUT, "%s:%u: %zu columns, the header has %zu", path,
                              lineno, n, ncolumns);
        else
            st = read_row(path, lineno, sc, cell, date_col, col_of, d, err);
        rows++;
    }
    /* getline's ENOMEM need not set the error flag: only feof is the end */
    if (st == SS_OK && !feof(f)) {
        if (errno == ENOMEM)
            st = ss_error_set(err, SS_ENOMEM, "--data: %s: out of memory", path);
        else
            st = ss_error_set(err, SS_EIO, "--data: %s: reading failed: %s", path, strerror(errno));
    }
    free(line);
    free(header);
    free(column);
    free(cell);
    fclose(f);
    if (st == SS_OK && rows == 0)
        st = ss_error_set(err, SS_EINPUT, "%s: no data rows", path);
    return st;
}
