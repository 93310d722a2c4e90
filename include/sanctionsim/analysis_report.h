/* The results of `sanctionsim analyze` (docs/analysis.md): Sobol indices or
 * Morris statistics per output column, as a table for people, TSV or JSON,
 * and the data its bar chart draws. */
#ifndef SANCTIONSIM_ANALYSIS_REPORT_H
#define SANCTIONSIM_ANALYSIS_REPORT_H

#include <stdio.h>

#include "sanctionsim/design_file.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"
#include "sanctionsim/sensitivity.h"

/* One analysis: the strings and arrays are the caller's. */
typedef struct ss_analysis {
    const char *file;             /* the design or sweep file analysed */
    const ss_design_info *design; /* what it holds */
    const char *const *keys;      /* the design's k keys, in order */
    const char *const *outputs;   /* the output columns analysed */
    size_t noutputs;
    const ss_sobol *sobol;   /* noutputs results (analyze sobol), else NULL */
    const ss_morris *morris; /* noutputs results (analyze morris), else NULL */
    int second_order;        /* sobol: S2 reported */
    ss_bootstrap boot;
    size_t used, dropped; /* blocks (trajectories) used, and dropped (--drop-failed) */
} ss_analysis;

/* Writes the analysis. Table: per output, a line saying what was estimated,
 * then a row per key (and per pair, for S2). TSV and CSV: the provenance
 * lines, then "# method:", "# file:", "# blocks:" (or "# trajectories:"),
 * "# dropped:", "# resamples:", "# seed:", "# level:" lines and the columns
 *   sobol:  output key S1 S1_conf ST ST_conf   (with S2: key2 S2 S2_conf after
 *           key; a key's row has key2 empty, a pair's row S1..ST_conf empty)
 *   morris: output key mu mu_star sigma mu_star_conf
 * JSON: {"provenance", "method", "file", "design", "bootstrap", "used",
 * "dropped", "outputs": [{"column", "variance"?, "keys": [{"key", ...}],
 * "S2"?: [{"keys": [A, B], "S2", "S2_conf"}]}]}; undefined numbers are null.
 * Returns SS_EIO when writing fails, SS_ENOMEM. */
ss_status ss_analysis_write(FILE *out, const ss_analysis *a, ss_format fmt, const ss_provenance *p);

/* The rows the bar chart of output `o` draws, with a header line:
 *   sobol:  key S1 S1_conf ST ST_conf
 *   morris: key mu_star mu_star_conf sigma
 * NAN is written as 0 (gnuplot draws no bar). Returns SS_EIO when writing
 * fails. */
ss_status ss_analysis_plot_data(FILE *out, const ss_analysis *a, size_t o);

#endif
