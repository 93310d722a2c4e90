/* Internal: helpers the timeline, observed and dynamics modules share. */
#ifndef SANCTIONSIM_TIMELINE_INTERNAL_H
#define SANCTIONSIM_TIMELINE_INTERNAL_H

#include "cfg.h"
#include "sanctionsim/timeline.h"

/* The scenario's timeline, created empty on first use (NULL when out of memory). */
ss_timeline *ss_cfg_timeline(const ss_cfg_ctx *c);

/* A date setting ("YYYY-MM", or also "YYYY-MM-DD" when allow_day); errors name key. */
ss_status ss_cfg_date(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                      int allow_day, ss_date *d);

/* A string naming a sanctioner id; errors name key. */
ss_status ss_cfg_sanctioner(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                            size_t *index);

#endif
