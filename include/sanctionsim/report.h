/* Writing results: the table a person reads, the JSON contract, TSV rows. */
#ifndef SANCTIONSIM_REPORT_H
#define SANCTIONSIM_REPORT_H

#include <stdio.h>

#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"

typedef enum ss_format { SS_FORMAT_TABLE, SS_FORMAT_JSON, SS_FORMAT_TSV, SS_FORMAT_CSV } ss_format;

/* Parses "table", "json", "tsv" or "csv"; 0 on success, -1 otherwise. */
int ss_format_parse(const char *name, ss_format *f);

/* The status column of a result: "ok", "not_converged", "not_certified"
 * (a sanctioner could gain more than regret_tolerance by deviating) or
 * "failed" (a non-finite value). */
const char *ss_result_status_word(const ss_result *r);

struct ss_provenance;

/* Writes one solve in the given format. When p is not NULL, TSV and CSV start
 * with the provenance '#' lines and JSON holds a "provenance" object
 * (provenance.h); the table, for people, has none. Returns SS_EIO when
 * writing fails, SS_ENOMEM (nothing written) when memory runs out making the
 * JSON. */
ss_status ss_report_solve(FILE *out, const ss_scenario *sc, const ss_result *r, ss_format fmt,
                          const struct ss_provenance *p);

/* jansson's value; report.h does not need jansson.h to name it. */
struct json_t;

/* Writes the JSON value j to out whole, indented, doubles exact, and a
 * newline, then releases j (it takes the reference, as jansson's *_new
 * functions do). j may be NULL: a jansson call that made it ran out of
 * memory. Returns SS_OK, SS_ENOMEM when j is NULL or memory runs out making
 * the text (then nothing is written), or SS_EIO when writing fails. */
ss_status ss_json_write_new(FILE *out, struct json_t *j);

/* One named number of a result, e.g. {"s.japan", 0.308}. */
typedef struct ss_column {
    char name[SS_ID_MAX + 16];
    double value;
} ss_column;

#define SS_RESULT_MAX_COLUMNS (3 * SS_MAX_SANCTIONERS + 7)

/* The numeric result columns in their fixed order: s.<id>..., c p a q X D H,
 * u.<id>..., realized.<id>... Fills out (SS_RESULT_MAX_COLUMNS entries) and
 * returns the count. r may be NULL for the names alone (values 0). */
size_t ss_result_columns(const ss_scenario *sc, const ss_result *r, ss_column *out);

/* The result columns shared by `solve --format tsv` and sweeps, separated by
 * sep: s.<id>..., c p a q X D H, u.<id>..., realized.<id>..., converged
 * iterations max_regret status. The header has no leading separator; a row
 * writes the same columns. Doubles are written with %.17g (they read back exactly). */
void ss_result_header(FILE *out, const ss_scenario *sc, char sep);
void ss_result_row(FILE *out, const ss_scenario *sc, const ss_result *r, char sep);

/* Writes a double so that it reads back exactly (%.17g). */
void ss_write_double(FILE *out, double v);

#endif
