/* The result columns: the numbers of a solve under fixed names, in a fixed
 * order, and their text form in TSV/CSV rows. The one naming that solves,
 * sweeps, timelines, Monte Carlo and comparisons share. */
#ifndef SANCTIONSIM_COLUMNS_H
#define SANCTIONSIM_COLUMNS_H

#include <stdio.h>

#include "sanctionsim/mixed.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"

/* The status column of a result: "ok", "not_converged", "not_certified"
 * (a sanctioner could gain more than regret_tolerance by deviating) or
 * "failed" (a non-finite value). */
const char *ss_result_status_word(const ss_result *r);

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
 * writes the same columns. Doubles are written short and read back exactly (ss_format_double). */
void ss_result_header(FILE *out, const ss_scenario *sc, char sep);
void ss_result_row(FILE *out, const ss_scenario *sc, const ss_result *r, char sep);

/* The columns of an answer (mixed.h), shared by `solve --format tsv` and
 * sweeps: ss_result_header's, with support.<id>... (each sanctioner's
 * support size: 1 for a pure answer) before `converged`, so that the status
 * stays the last column; the status is ss_mixed_status_word's ("ok",
 * "mixed", "qre", or why the point failed). A mixed answer's numbers are its
 * expected values. */
void ss_answer_header(FILE *out, const ss_scenario *sc, char sep);
void ss_answer_row(FILE *out, const ss_scenario *sc, const ss_mixed_result *m, char sep);

/* Whether a status word (the last column of a row) is an answer: "ok",
 * "mixed" or "qre". The others say why the point failed. */
int ss_status_word_answered(const char *word);

/* Writes a double with the fewest digits that read back exactly (ss_format_double). */
void ss_write_double(FILE *out, double v);

#endif
