/* Observed sanction intensity (MODEL.md section 9): the measure types and
 * the index that a timeline's `observed` measures define. */
#ifndef SANCTIONSIM_OBSERVED_H
#define SANCTIONSIM_OBSERVED_H

#include <stddef.h>

#include "sanctionsim/date.h"
#include "sanctionsim/error.h"
#include "sanctionsim/timeline.h"

/* The measure types of MODEL.md section 9, in the order of the default weights. */
extern const char *const ss_measure_type_names[SS_NMEASURE_TYPES];
extern const double ss_measure_default_weights[SS_NMEASURE_TYPES];

/* Whether sanctioner i has any measure (only then is its index reported). */
int ss_observed_covers(const ss_timeline *t, size_t i);

/* Sanctioner i's observed index on date d: sum over types of weight times the
 * scopes of its measures in force on d (start <= d < end), each type's scopes
 * added and capped at 1. 0 without an `observed` section. */
double ss_observed_index(const ss_timeline *t, size_t i, const ss_date *d);

/* The dates on which some measure starts or ends, sorted, each once: *dates
 * (the caller frees it) holds *n of them. Returns SS_OK or SS_ENOMEM. */
ss_status ss_observed_changes(const ss_timeline *t, ss_date **dates, size_t *n);

#endif
