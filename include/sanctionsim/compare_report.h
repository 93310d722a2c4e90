/* Writing comparisons (`compare`): the table for people, TSV and JSON for
 * tools, per-period differences of two timelines, and the bars compare.gp
 * draws. */
#ifndef SANCTIONSIM_COMPARE_REPORT_H
#define SANCTIONSIM_COMPARE_REPORT_H

#include <stdio.h>

#include "sanctionsim/compare.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"
#include "sanctionsim/dynamics.h"

/* Writes the comparison c of base b and alternative a: SS_FORMAT_TABLE (the
 * quantities, then the costs of misperception), SS_FORMAT_TSV (quantity base
 * alt diff; a cost as a row misperception_cost.{base,alt}.ID) or SS_FORMAT_JSON
 * ({"base", "alt", "rows", "misperception"}). When p is not NULL, TSV starts
 * with the provenance '#' lines and JSON holds a "provenance" object (both
 * scenarios, base first); the table has none. Returns SS_EINPUT for CSV,
 * SS_ENOMEM (nothing written) when memory runs out making the JSON, SS_EIO
 * when writing fails. */
ss_status ss_report_compare(FILE *out, const ss_scenario *b, const ss_scenario *a,
                            const ss_comparison *c, ss_format fmt, const ss_provenance *p);

/* Writes two runs of timelines with the same periods, period by period:
 * SS_FORMAT_TABLE (alt - base of the intensities and c) or SS_FORMAT_TSV
 * (date, then NAME.base NAME.alt NAME.diff for every result column both have;
 * the provenance '#' lines first when p is not NULL). Returns SS_EINPUT for
 * another format, SS_EIO when writing fails. */
ss_status ss_report_compare_series(FILE *out, const ss_scenario *b, const ss_scenario *a,
                                   const ss_series *sb, const ss_series *sa, ss_format fmt,
                                   const ss_provenance *p);

/* Writes the data compare.gp draws: "quantity<TAB>base<TAB>alt" and a row per
 * strategy (s.ID, c, p, a, q), NaN where a scenario lacks it. Returns SS_EIO
 * when writing fails. */
ss_status ss_report_compare_bars(FILE *out, const ss_comparison *c);

/* Writes many scenarios' solves m (ss_compare_many_solve of sc), one row
 * each: SS_FORMAT_TABLE (the file name, the strategies s.<id> c p a q to
 * three decimals, "-" where a scenario lacks one, the status and the name),
 * SS_FORMAT_TSV (scenario name mode, every quantity, status; a quantity a
 * scenario lacks is empty; the provenance '#' lines first when p is not
 * NULL) or SS_FORMAT_JSON ({"columns", "scenarios": [{"path", "name",
 * "mode", "sha256", "status", "values": {QUANTITY: number}}], "provenance"}).
 * Returns SS_EINPUT for CSV, SS_ENOMEM (nothing written) when memory runs out
 * making the JSON, SS_EIO when writing fails. */
ss_status ss_report_compare_many(FILE *out, const ss_scenario *const *sc, const ss_compare_many *m,
                                 ss_format fmt, const ss_provenance *p);

#endif
