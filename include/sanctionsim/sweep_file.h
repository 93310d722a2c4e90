/* Sweep files (docs/sweeps.md, docs/file-formats.md): the '#' lines a sweep
 * writes before its rows, and reading a file back (header, rows, what an
 * interrupted run left), and merging shards. The io side of sweep.h. */
#ifndef SANCTIONSIM_SWEEP_FILE_H
#define SANCTIONSIM_SWEEP_FILE_H

#include <stdio.h>
#include <sys/types.h>

#include "sanctionsim/keys.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/sweep.h"

/* ---- the file's '#' lines (io/sweep_file.c) ------ */

/* What the '#' lines record besides the scenario and the design. */
typedef struct ss_sweep_meta {
    ss_provenance prov;    /* the command line and the overrides (provenance.h) */
    const char *signature; /* the options the rows depend on, canonical (merge and
                              --resume compare it) */
    size_t shard, nshards;
} ss_sweep_meta;

/* Writes the '#' lines and the column header line:
 *   the provenance lines (provenance.h): # sanctionsim VERSION sweep / command: /
 *   #   scenario: PATH / scenario_name: / scenario_sha256: / set: KEY=VALUE...
 *   # sweep: / seed: / design: / points: / shard: K/N / mode: / warm_starts: /
 *   #   cells: (with warm starts)
 *   # vary: KEY<TAB>SPEC<TAB>LABEL<TAB>VALUE (one per varied key; VALUE is the
 *   #   scenario's own, after --set) / agent: ID<TAB>ROLE<TAB>NAME
 *   index KEY... s.<id>... c p a q X D H u.<id>... realized.<id>... converged iterations
 *   max_regret status
 * or, for a sweep over a timeline, "# report: NAME" per reporter and
 * "# repetitions: R", then index KEY... REPORTER-VALUES... status.
 * Text from the scenario has its control characters replaced. Returns SS_EIO
 * when writing fails. */
ss_status ss_sweep_write_header(const ss_sweep *sw, FILE *out, const ss_sweep_meta *m);

/* The words for a varied key, e.g. "Japan: alliance pressure (cost of falling
 * short of the coalition)", from the parameter tables' meaning. */
void ss_sweep_key_label(const ss_scenario *sc, const ss_keyref *ref, char *buf, size_t len);

/* ---- reading sweep files back (io/sweep_file.c) ------------------------ */

/* A '# vary:' line: a varied key, its spec, its words and the scenario's own
 * value (fields missing in the file are ""). */
typedef struct ss_sweep_vary_line {
    const char *key, *spec, *label, *value;
    size_t line; /* its line in the file */
} ss_sweep_vary_line;

/* A '# agent:' line: an agent's id, role (sanctioner, target, patron) and name. */
typedef struct ss_sweep_agent_line {
    const char *id, *role, *name;
} ss_sweep_agent_line;

typedef struct ss_sweep_header {
    size_t nlines;
    char **lines;  /* the '#' lines without "# " and the newline */
    char *columns; /* the column header line without the newline */
    char **column; /* the column names (pointers into a copy) */
    size_t ncolumns;
    char sep;                             /* '\t' or ',' (from the column line) */
    off_t rows_at;                        /* the offset of the first row */
    char *column_buf;                     /* storage behind column */
    ss_sweep_vary_line vary[SS_MAX_VARY]; /* the '# vary:' lines, in order */
    size_t nvary;
    ss_sweep_agent_line agent[SS_MAX_SANCTIONERS + 2]; /* the '# agent:' lines */
    size_t nagent;
    char *fields_buf; /* storage behind vary and agent */
} ss_sweep_header;

/* Reads the '#' lines and the column line from the start of f, and splits
 * the '# vary:' and '# agent:' lines into their fields (lines beyond the
 * arrays' room are left in lines only). Fills err (SS_EINPUT, "PATH: ...")
 * when the file does not start like a sweep file. */
ss_status ss_sweep_header_read(FILE *f, const char *path, ss_sweep_header *h, ss_error *err);
void ss_sweep_header_free(ss_sweep_header *h); /* NULL is harmless */

/* Whether f holds no more than the beginning of a sweep's header, cut short
 * before its column line ended (as a kill or a full disk leaves it while the
 * header is written): empty, or '#' lines starting with "# sanctionsim " and
 * at most part of a column line. Such a file holds no row. Reads from the
 * start of f; leaves its position anywhere. */
int ss_sweep_header_cut(FILE *f);

/* The text after "NAME: " of the first '#' line with that name, or NULL. */
const char *ss_sweep_header_get(const ss_sweep_header *h, const char *name);

/* The column's position, or -1. */
int ss_sweep_header_column(const ss_sweep_header *h, const char *name);

/* The '# vary:' line of a key, or NULL. */
const ss_sweep_vary_line *ss_sweep_header_vary(const ss_sweep_header *h, const char *key);

/* The name of the first agent of that role (and id, when id is not NULL): its
 * name, else its id; role itself when there is none. */
const char *ss_sweep_header_agent(const ss_sweep_header *h, const char *role, const char *id);

/* Whether two files come from the same sweep (scenario hash, the options the
 * rows depend on, point count, columns). Fills why (len bytes) when not. */
int ss_sweep_header_compatible(const ss_sweep_header *a, const ss_sweep_header *b, char *why,
                               size_t len);

/* Splits a row line (no newline) into fields in place; returns the count
 * (at most max fields are stored). */
size_t ss_sweep_split(char *line, char sep, char **field, size_t max);

/* Parses the index field of a row; 0, or -1 when it is not a whole number. */
int ss_sweep_parse_index(const char *text, size_t *index);

/* Reading the rows one at a time, each split into its fields. */
typedef struct ss_sweep_rows {
    FILE *f;
    const char *path;
    const ss_sweep_header *h;
    char **field;  /* the current row's h->ncolumns fields (pointers into line) */
    size_t lineno; /* the current row's line in the file */
    char *line;
    size_t cap;
} ss_sweep_rows;

/* Starts reading the rows of f, positioned after its header (as
 * ss_sweep_header_read leaves it); h must outlive r. Returns SS_OK, or
 * SS_ENOMEM. Free r with ss_sweep_rows_free. */
ss_status ss_sweep_rows_open(ss_sweep_rows *r, FILE *f, const char *path, const ss_sweep_header *h,
                             ss_error *err);

/* Reads the next row into r->field, skipping '#' lines and empty lines.
 * Returns SS_OK with *got 1 (a row) or 0 (the end of the file); SS_EINPUT
 * ("PATH:LINE: N fields where M were expected") for a row of the wrong width;
 * SS_EIO or SS_ENOMEM when reading fails. */
ss_status ss_sweep_rows_next(ss_sweep_rows *r, int *got, ss_error *err);
void ss_sweep_rows_free(ss_sweep_rows *r); /* NULL is harmless */

/* What an interrupted sweep file holds. */
typedef struct ss_sweep_scan {
    size_t rows;   /* complete rows, in the expected order */
    size_t failed; /* of which the status is not "ok" */
    size_t next;   /* the next index to compute */
    off_t end;     /* the offset after the last complete row: truncate here */
} ss_sweep_scan;

/* Reads the rows of a sweep file (after its header) for shard K/N: they must
 * be the shard's indices in order; a last line cut short (no newline, e.g.
 * after SIGKILL) is left out. Fills err (SS_EINPUT) when a complete row is not
 * what it should be: the file is damaged. */
ss_status ss_sweep_scan_rows(FILE *f, const char *path, const ss_sweep_header *h, size_t points,
                             size_t shard, size_t nshards, ss_sweep_scan *scan, ss_error *err);

/* ---- merging shards (io/sweep_merge.c) --------------------------------- */

/* One shard to merge: its file, read by ss_sweep_header_read up to its rows. */
typedef struct ss_sweep_shard {
    const char *path;
    FILE *f;
    ss_sweep_header h;
} ss_sweep_shard;

/* Writes the n shards (n >= 1) to out as one sweep file whose rows equal an
 * unsharded run's: the first shard's '#' lines with "# shard: 0/1" and a
 * "# merged: N shards: K/N..." line, then every point's row in index order.
 * The shards must be compatible (ss_sweep_header_compatible) and hold every
 * point exactly once, in order. Returns SS_OK; SS_EINPUT (the message names
 * the file, line or point) when they do not make one sweep; SS_EIO when
 * reading or writing fails; SS_ENOMEM. On failure out holds part of the
 * result: write it to a temporary file. */
ss_status ss_sweep_merge(ss_sweep_shard *in, size_t n, FILE *out, ss_error *err);

#endif
