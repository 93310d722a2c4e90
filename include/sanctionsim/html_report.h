/* The HTML report of `sanctionsim report`: one self-contained page (no
 * external resources; plots inlined as SVG; CSS that prints well) with the
 * story of a scenario, its equilibrium, the explanation of every sanctioner
 * that holds beliefs, counterfactuals, an optional sweep and timeline, a
 * glossary and the provenance. The numbers come from the solver, explain,
 * compare and dynamics modules; this module only writes them. */
#ifndef SANCTIONSIM_HTML_REPORT_H
#define SANCTIONSIM_HTML_REPORT_H

#include <stdio.h>

#include "sanctionsim/compare.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/explain.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"

/* A sweep's picture and what the report says of it. */
typedef struct ss_html_sweep {
    const char *svg;          /* the SVG file gnuplot drew (plots/sweep_*.gp) */
    const char *const *specs; /* the --sweep KEY=SPEC texts, in order */
    size_t nspecs;
    size_t points, failed; /* rows, and rows whose status is not "ok" */
} ss_html_sweep;

/* A timeline's picture (plots/timeseries.gp) and its run. */
typedef struct ss_html_timeline {
    const char *svg;         /* NULL: no picture (the section says why) */
    const ss_series *series; /* the deterministic run (ss_run) */
} ss_html_timeline;

/* Everything one report holds. Pointers are the caller's; NULL or 0 leaves
 * a part out (the counterfactual, sweep and timeline sections are written
 * only when given). */
typedef struct ss_html_report {
    const ss_scenario *sc;
    const ss_mixed_result *result; /* ss_solve_any of sc: pure, mixed or QRE */
    const ss_explanation *explain; /* one per sanctioner that holds beliefs */
    size_t nexplain;
    const ss_scenario *const *cf;    /* counterfactual scenarios */
    const ss_comparison *const *cmp; /* cmp[k]: ss_compare(sc, cf[k]) */
    size_t ncf;
    const ss_html_sweep *sweep;
    const ss_html_timeline *timeline;
    const ss_provenance *prov; /* the command line and --set list */
} ss_html_report;

/* Writes text with &, <, >, " and ' as entities, and control characters
 * (but newlines, kept) and broken UTF-8 as U+FFFD, so that text from a
 * file is never markup. */
void ss_html_escape(FILE *out, const char *text);

/* Copies the SVG document at path into out as inline markup: the XML
 * declaration and DOCTYPE are left out, and nothing that follows '<svg'
 * is changed. Returns SS_OK, SS_EIO when reading or writing fails, or
 * SS_EINPUT when the file holds no '<svg' element. */
ss_status ss_html_svg(FILE *out, const char *path);

/* Writes the whole page: sections with the ids story, equilibrium, explain,
 * counterfactuals, sweep, timeline, glossary, provenance (the three optional
 * ones when given). Returns SS_OK, SS_EIO when writing (or reading a
 * picture) fails, SS_ENOMEM. */
ss_status ss_html_report_write(FILE *out, const ss_html_report *r);

#endif
