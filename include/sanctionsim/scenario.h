/* Scenarios: loading and validating libconfig files, the dotted keys that name
 * every parameter (`japan.alliance_pressure`), and overrides (`--set`). */
#ifndef SANCTIONSIM_SCENARIO_H
#define SANCTIONSIM_SCENARIO_H

#include "sanctionsim/error.h"
#include "sanctionsim/params.h"
#include "sanctionsim/solver.h"

#define SS_NAME_MAX       128
#define SS_MAX_BASE_DEPTH 8
#define SS_MAX_FILE_BYTES (4u << 20)

/* What a scenario calls its agents. */
typedef struct ss_agent_names {
    char id[SS_ID_MAX + 1];
    char name[SS_NAME_MAX];
} ss_agent_names;

/* The identity of a file a scenario was read from (st_dev, st_ino, links
 * followed), so that a tool can refuse to write over one of them. */
typedef struct ss_file_id {
    unsigned long long dev, ino;
} ss_file_id;

struct ss_priors;   /* sanctionsim/priors.h */
struct ss_timeline; /* sanctionsim/timeline.h */

typedef struct ss_scenario {
    char *path;                             /* as the user gave it */
    char name[SS_NAME_MAX];                 /* `name`, or the file name */
    char sha256[65];                        /* of the chain's files (the file, then its bases), each
                                               framed by its length; hex (docs/scenario-format.md) */
    ss_file_id file[SS_MAX_BASE_DEPTH + 1]; /* the file, then its base, its base's base... */
    size_t nfiles;
    ss_params params;      /* numbers, beliefs included */
    ss_solver_opts solver; /* `mode` and `solver = {...}` */
    ss_agent_names sanctioner[SS_MAX_SANCTIONERS];
    ss_agent_names target;
    ss_agent_names patron;        /* empty id without a patron */
    struct ss_priors *priors;     /* `priors = (...)`, or NULL */
    struct ss_timeline *timeline; /* `timeline = {...}` and its events, or NULL */
} ss_scenario;

/* Loads and validates a scenario file (and its `base` chain). Returns NULL and
 * fills err (status SS_EINPUT or SS_EIO) with "FILE:LINE: KEY: problem" on any
 * error. The caller frees the result with ss_scenario_free. */
ss_scenario *ss_scenario_load(const char *path, ss_error *err);

/* Frees a scenario; NULL is harmless. */
void ss_scenario_free(ss_scenario *sc);

/* A deep copy (the caller frees it), or NULL when out of memory. */
ss_scenario *ss_scenario_copy(const ss_scenario *sc);

/* Index of sanctioner `id`, or -1. */
int ss_scenario_sanctioner(const ss_scenario *sc, const char *id);

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

/* Parses a whole number with nothing after it; finite values only. Returns 0 or -1. */
int ss_parse_double(const char *text, double *out);

/* Parses a whole number in [lo, hi] written in digits only (no sign, space,
 * or 0x; leading zeros are fine). Returns 0, or -1 with *out untouched. The
 * one parser of counts, indices, seeds and such. */
int ss_parse_whole(const char *text, unsigned long long lo, unsigned long long hi,
                   unsigned long long *out);

/* Writes the shortest text that reads back as v (for messages: 1.0000001, not 1). */
void ss_format_double(double v, char *buf, size_t len);

/* Reads "KEY=VALUE" (spaces around '=' allowed) for sc: the key into *ref,
 * the value into *value, after every check ss_scenario_assign makes but the
 * room for one more belief; nothing is changed. On error fills err as
 * ss_scenario_assign does. The one reader of KEY=VALUE overrides. */
ss_status ss_scenario_parse_assignment(const ss_scenario *sc, const char *assignment,
                                       const char *origin, ss_keyref *ref, double *value,
                                       ss_error *err);

/* Applies "KEY=VALUE" (spaces around '=' allowed) to sc after every check.
 * `origin` prefixes error messages (e.g. "--set" or "FILE:LINE"). */
ss_status ss_scenario_assign(ss_scenario *sc, const char *assignment, const char *origin,
                             ss_error *err);

#endif
