/* Timelines (MODEL.md section 8): periods, dated events that change
 * parameters, update order, and the observed measures of section 9. */
#ifndef SANCTIONSIM_TIMELINE_H
#define SANCTIONSIM_TIMELINE_H

#include "sanctionsim/scenario.h"

/* Placeholder until the dynamics land: the section is not read yet. */
typedef struct ss_timeline {
    int unused;
} ss_timeline;

ss_timeline *ss_timeline_copy(const ss_timeline *t);
void ss_timeline_free(ss_timeline *t);

#endif
