/* Tables with named columns, as TSV or CSV: a header line of names, then one
 * row per line. '#' lines (the provenance of a file the tool wrote) are kept
 * apart; blank lines are skipped. Every cell is kept as text, and as a number
 * when it reads as one, so one reader serves design files, sweep files and
 * tables written by R, pandas or SALib, with string columns (a sweep's
 * `status`) beside numeric ones. The reader of `discover`, `sweep --points`
 * (and `analyze`). */
#ifndef SANCTIONSIM_TABLE_TSV_H
#define SANCTIONSIM_TABLE_TSV_H

#include <stddef.h>
#include <stdio.h>

#include "sanctionsim/error.h"

typedef struct ss_table {
    char *path;    /* the name used in messages (a copy) */
    char sep;      /* '\t', or ',' when the header line holds no tab */
    size_t ncols;  /* columns */
    char **name;   /* their names, from the header line */
    size_t nrows;  /* rows */
    char **cell;   /* nrows * ncols cells, row by row, as written (without spaces
                      around them); "" for an empty cell */
    double *value; /* the same cells as numbers; NAN when a cell is not a finite
                      number (ss_parse_double) */
    size_t *line;  /* each row's line in the file (from 1) */
    size_t nmeta;  /* the '#' lines before the header, without "#" and one space */
    char **meta;
    size_t header_line; /* the header's line in the file */
} ss_table;

/* Reads a whole table from f; path names it in messages. Every row must have
 * as many fields as the header (else SS_EINPUT "PATH:LINE: N fields where M
 * were expected (columns NAME...)"); the header must name every column, once
 * ("PATH:LINE: column K has no name" or "... 'NAME' twice"); a file with no
 * header is SS_EINPUT "PATH: no header line". Returns SS_OK with t filled (free
 * it with ss_table_free), or SS_EINPUT, SS_EIO, SS_ENOMEM with t empty. */
ss_status ss_table_read(FILE *f, const char *path, ss_table *t, ss_error *err);

/* ss_table_read on the file at path; SS_EINPUT "PATH: cannot open: why"
 * when it cannot be opened or is a directory. */
ss_status ss_table_load(const char *path, ss_table *t, ss_error *err);

void ss_table_free(ss_table *t); /* NULL is harmless; t can be read again */

/* The column's position, or -1. */
int ss_table_column(const ss_table *t, const char *name);

/* The text after "NAME: " of the first '#' line "NAME: ...", or NULL. */
const char *ss_table_meta(const ss_table *t, const char *name);

/* Cell (row, col) as text and as a number (NAN when not a number). */
const char *ss_table_text(const ss_table *t, size_t row, size_t col);
double ss_table_value(const ss_table *t, size_t row, size_t col);

/* Cell (row, col) as a finite number in *out; SS_EINPUT "PATH:LINE: column
 * 'NAME': empty cell" or "... 'TEXT' is not a number" when it is not. */
ss_status ss_table_number(const ss_table *t, size_t row, size_t col, double *out, ss_error *err);

#endif
