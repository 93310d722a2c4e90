/* Timeline outputs as TSV: one run's series (`run`) and Monte Carlo bands
 * (`run --runs N`). */
#ifndef SANCTIONSIM_SERIES_TSV_H
#define SANCTIONSIM_SERIES_TSV_H

#include <stdio.h>

#include "sanctionsim/dynamics.h"
#include "sanctionsim/error.h"
#include "sanctionsim/montecarlo.h"
#include "sanctionsim/scenario.h"

/* Writes the series as TSV rows under a column header: date, the result
 * columns (ss_result_columns), observed.<id> for covered sanctioners, events
 * (labels joined by "; ", "-" when none). No '#' lines (the caller writes those).
 * Returns SS_EIO when writing fails. */
ss_status ss_series_write_tsv(FILE *out, const ss_scenario *sc, const ss_series *s);

/* Writes bands as TSV: date, then COLUMN.p05 .p25 .p50 .p75 .p95 for every
 * result column, then observed.<id>. Returns SS_EIO when writing fails. */
ss_status ss_mc_bands_write_tsv(FILE *out, const ss_scenario *sc, const ss_mc_bands *b);

#endif
