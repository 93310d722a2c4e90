/* Writing scenario files (docs/scenario-format.md): text that the loader
 * (scenario_load.h) reads back as the scenario meant. */
#ifndef SANCTIONSIM_SCENARIO_WRITE_H
#define SANCTIONSIM_SCENARIO_WRITE_H

#include <stdio.h>

#include "sanctionsim/fit.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/scenario.h"

/* Writes s as a libconfig string literal, escaped as libconfig's scanner reads
 * it back: \\ \" \n \r \t \f, other control bytes as \xNN. */
void ss_scenario_put_string(FILE *out, const char *s);

/* The name of a fitted scenario: NAME (fitted), cut at a character boundary
 * to fit len bytes; a name that already ends so is kept. */
void ss_scenario_fitted_name(const char *name, char *buf, size_t len);

/* Writes the scenario a fit of sc produced, as a difference from sc: the
 * provenance lines (kind "fit"; comments to libconfig), the fit's RMSE
 * before and after, `base` = sc's file name (so the result belongs in sc's
 * directory), the fitted name, `mode` when mode is not NULL, and a `set`
 * list: the overrides of prov in order, then KEY = ESTIMATE for each of
 * the r->nfree keys, with its standard error as a comment. Returns SS_OK, or
 * SS_EIO when writing fails. */
ss_status ss_scenario_write_fitted(FILE *out, const ss_scenario *sc, const ss_provenance *prov,
                                   const char *mode, const char *const *keys,
                                   const ss_fit_result *r);

/* Writes sc as a standalone scenario (no `base`) that loads to the same
 * numbers: provenance lines (kind "show"; comments to libconfig), name,
 * mode, every solver setting, and every agent with every parameter (defaults
 * included), its beliefs and the target's reciprocity, each number as the
 * shortest text that reads back exactly; then the priors (each support as
 * min and max), the timeline (periods, order, ratchet, initial levels,
 * events with their `set` lists, shocks) and the observed measures with
 * their weights, when sc has them. Returns SS_OK, or SS_EIO when writing
 * fails. */
ss_status ss_scenario_write_cfg(FILE *out, const ss_scenario *sc, const ss_provenance *prov);

#endif
