/* Writing an explanation (sanctionsim/explain.h): a table for a class, TSV
 * rows and JSON for tools, each starting with the provenance. */
#ifndef SANCTIONSIM_EXPLAIN_REPORT_H
#define SANCTIONSIM_EXPLAIN_REPORT_H

#include <stdio.h>

#include "sanctionsim/explain.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"

/* Writes ex, computed from sc, in format fmt: SS_FORMAT_TABLE (the '#'
 * provenance lines, then four sections a person reads), SS_FORMAT_TSV or
 * SS_FORMAT_CSV (the '#' lines, then the columns section, item, quantity,
 * value: one number a row, written exactly), SS_FORMAT_JSON (one object whose
 * first key is "provenance"; docs/explain.md gives its keys). p may be NULL
 * (no command line or overrides to record). Returns SS_OK, SS_EIO when writing
 * fails, or SS_ENOMEM when memory runs out making the JSON (nothing
 * written). */
/* Each payoff term's name in words ("norm enforcement", "economic cost",
 * ...), in ss_term order: the table's and the HTML report's. */
extern const char *const ss_term_title[SS_NTERMS];

ss_status ss_explain_report(FILE *out, const ss_scenario *sc, const ss_explanation *ex,
                            ss_format fmt, const ss_provenance *p);

#endif
