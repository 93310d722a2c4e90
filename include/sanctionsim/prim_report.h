/* `discover`'s outputs: the PRIM trajectory and the chosen box as a table,
 * TSV or JSON, and the data its picture is drawn from. */
#ifndef SANCTIONSIM_PRIM_REPORT_H
#define SANCTIONSIM_PRIM_REPORT_H

#include <stdio.h>

#include "sanctionsim/prim.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"

/* What the run was given, for the outputs. */
typedef struct ss_prim_report_info {
    const char *input;       /* the file the points came from */
    const char *where;       /* the condition as given */
    const char *const *keys; /* the k inputs' names */
    size_t rows;             /* rows in the file */
    size_t dropped;          /* rows dropped: no certified equilibrium (--drop-failed) */
    const ss_prim_opts *opts;
    ss_provenance prov;
} ss_prim_report_info;

/* Writes r in format fmt:
 * - table: the counts, the trajectory (box, coverage, density, mass,
 *   restricted inputs), and the chosen box after pasting: bounds per input
 *   (the restricted ones marked), coverage, density (the share of its points
 *   where the condition holds) and mass;
 * - tsv/csv: the provenance lines, '# input:', '# where:', '# points:',
 *   '# hits:', '# dropped:', '# alpha:', '# paste_alpha:', '# mass_min:',
 *   '# chosen:' lines, then the columns "box phase coverage density mass count
 *   hits restricted KEY.lo KEY.hi..." with one row per box of the trajectory
 *   (phase "peel") and a last row for the chosen box after pasting (phase
 *   "pasted");
 * - json: {"provenance", "input", "where", "points", "hits", "dropped",
 *   "options", "inputs", "trajectory": [box...], "chosen": {"box", "by",
 *   "pastes", box fields}}, each box with "bounds": {KEY: {"lo", "hi",
 *   "restricted"}}.
 * Returns SS_OK, SS_EIO when writing fails, SS_ENOMEM. */
ss_status ss_prim_report(FILE *out, const ss_prim_result *r, const ss_prim_report_info *info,
                         ss_format fmt);

/* The picture's data (plots/discover.gp): the trajectory "box coverage
 * density chosen" rows (chosen 1 for the chosen box, 2 for it pasted,
 * appended last), a header line first. */
ss_status ss_prim_plot_trajectory(FILE *out, const ss_prim_result *r);

/* The points on inputs a and b: "x y hit" rows (hit 0 or 1), a header first. */
ss_status ss_prim_plot_points(FILE *out, const double *x, const unsigned char *y, size_t n,
                              size_t k, size_t a, size_t b);

#endif
