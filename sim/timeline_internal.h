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

/* Monte Carlo run k into vals (ncols * nperiods doubles, column-major by
 * period): the generator seeded by (seed, k) alone, the result columns. Shared
 * by ss_montecarlo and its MPI counterpart so both give the same bytes. */
ss_status ss_mc_one_run(const ss_scenario *sc, unsigned long seed, size_t run, double *vals,
                        size_t ncols, ss_error *err);

/* The bands of `runs` runs whose values stand one run after another in vals
 * (as ss_mc_one_run writes them). Fills *bands (the caller frees it). */
ss_status ss_mc_bands_from_runs(const ss_scenario *sc, size_t runs, const double *vals,
                                ss_mc_bands **bands, ss_error *err);

#endif
