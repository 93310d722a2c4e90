/* Dotted keys that name every number of a scenario
 * (`japan.alliance_pressure`, `japan.beliefs.target.reciprocity.japan`): the
 * one grammar shared by --set, sweeps, priors, shocks and events. */
#ifndef SANCTIONSIM_KEYS_H
#define SANCTIONSIM_KEYS_H

#include "sanctionsim/error.h"
#include "sanctionsim/params.h"
#include "sanctionsim/scenario.h"

/* A parsed dotted key: which number of ss_params it names. */
typedef struct ss_keyref {
    ss_part part;
    size_t index;  /* sanctioner index (SS_PART_SANCTIONER), or the believer */
    size_t field;  /* index into the part's table */
    size_t index2; /* sanctioner index for reciprocity */
    int belief;    /* 1: sanctioner `index` believes this target/patron value */
} ss_keyref;

/* Parses a dotted key:
 *   SANCTIONER.KEY, TARGET.KEY, TARGET.reciprocity.SANCTIONER, PATRON.KEY,
 *   SANCTIONER.beliefs.target.KEY, SANCTIONER.beliefs.target.reciprocity.SANCTIONER,
 *   SANCTIONER.beliefs.patron.KEY.
 * On error fills err (SS_EINPUT) with "'KEY': problem". */
ss_status ss_key_parse(const ss_scenario *sc, const char *key, ss_keyref *ref, ss_error *err);

/* The parameter description behind a key (its range and meaning). */
const ss_param_info *ss_key_info(const ss_keyref *ref);

/* The value a key currently has (for a belief not held: the true value). */
double ss_key_get(const ss_params *p, const ss_keyref *ref);

/* Sets the value behind a key (no checks; see ss_key_check). Returns 0, or -1
 * when the belief table is full. */
int ss_key_set(ss_params *p, const ss_keyref *ref, double value);

/* Checks value against the key's range; on error fills err with
 * "'KEY': must be ... (got V)". */
ss_status ss_key_check(const ss_keyref *ref, const char *key, double value, ss_error *err);

/* Writes the canonical dotted name of ref into buf. */
void ss_key_name(const ss_scenario *sc, const ss_keyref *ref, char *buf, size_t len);

/* Reads "KEY=VALUE" (spaces around '=' allowed) for sc: the key into *ref,
 * the value into *value, after every check ss_scenario_assign makes but the
 * room for one more belief; nothing is changed. On error fills err as
 * ss_scenario_assign does. The one reader of KEY=VALUE overrides. */
ss_status ss_scenario_parse_assignment(const ss_scenario *sc, const char *assignment,
                                       const char *origin, ss_keyref *ref, double *value,
                                       ss_error *err);

#endif
