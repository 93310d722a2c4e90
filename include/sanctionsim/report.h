/* Writing results: the table a person reads, the JSON contract, TSV rows. */
#ifndef SANCTIONSIM_REPORT_H
#define SANCTIONSIM_REPORT_H

#include <stdio.h>

#include "sanctionsim/columns.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"

typedef enum ss_format { SS_FORMAT_TABLE, SS_FORMAT_JSON, SS_FORMAT_TSV, SS_FORMAT_CSV } ss_format;

/* Parses "table", "json", "tsv" or "csv"; 0 on success, -1 otherwise. */
int ss_format_parse(const char *name, ss_format *f);

struct ss_provenance;

/* Writes one solve in the given format. When p is not NULL, TSV and CSV start
 * with the provenance '#' lines and JSON holds a "provenance" object
 * (provenance.h); the table, for people, has none. Returns SS_EIO when
 * writing fails, SS_ENOMEM (nothing written) when memory runs out making the
 * JSON. */
ss_status ss_report_solve(FILE *out, const ss_scenario *sc, const ss_result *r, ss_format fmt,
                          const struct ss_provenance *p);

/* Writes an answer (mixed.h) as ss_report_solve writes a result: a pure one
 * as before (but TSV and CSV with ss_answer_header's columns); a mixed one
 * or a QRE with its expected values, each sanctioner's support (the table's
 * "support" lines, JSON's "support":[{"s":..,"p":..}], TSV's support.<id>
 * sizes) and status "mixed" or "qre" (JSON: and "qre_lambda"). Returns as
 * ss_report_solve. */
ss_status ss_report_answer(FILE *out, const ss_scenario *sc, const ss_mixed_result *m,
                           ss_format fmt, const struct ss_provenance *p);

/* jansson's value; this header does not need jansson.h to name it. */
struct json_t;

/* Sanctioner i's support in an answer: [{"s":..,"p":..}, ...] (k[i]
 * entries), or NULL when memory runs out. */
struct json_t *ss_answer_support_json(const ss_mixed_result *m, size_t i);

/* Writes the JSON value j to out whole, indented, each double in its
 * shortest text that reads back exactly (ss_format_double), and a
 * newline, then releases j (it takes the reference, as jansson's *_new
 * functions do). j may be NULL: a jansson call that made it ran out of
 * memory. Returns SS_OK, SS_ENOMEM when j is NULL or memory runs out making
 * the text (then nothing is written), or SS_EIO when writing fails. */
ss_status ss_json_write_new(FILE *out, struct json_t *j);

/* A JSON number, or null for NAN and infinities (JSON has neither); NULL
 * when out of memory. */
struct json_t *ss_json_number(double v);

#endif
