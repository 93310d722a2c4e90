/* Scenarios: the agents and parameters a scenario file describes (loaded by
 * sanctionsim/scenario_load.h), copies, and overrides (`--set`). */
#ifndef SANCTIONSIM_SCENARIO_H
#define SANCTIONSIM_SCENARIO_H

#include "sanctionsim/error.h"
#include "sanctionsim/params.h"
#include "sanctionsim/solver.h"

#define SS_NAME_MAX        128
#define SS_DESCRIPTION_MAX 4096
#define SS_MAX_BASE_DEPTH  8

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

/* Where a number of the scenario was set ("FILE:LINE", "--set", "--mode"),
 * for `sanctionsim show`. What it is about: */
typedef enum ss_origin_kind {
    SS_ORIGIN_PARAM,  /* a true parameter: part, index (the sanctioner; for
                         reciprocity the sanctioner it is toward), field */
    SS_ORIGIN_BELIEF, /* sanctioner `index` believes (part, field, index2) */
    SS_ORIGIN_SOLVER, /* the solver setting ss_solver_settings[field] */
    SS_ORIGIN_MODE    /* `mode` */
} ss_origin_kind;

#define SS_WHERE_MAX 320

typedef struct ss_origin {
    ss_origin_kind kind;
    ss_part part;
    size_t index, field, index2;
    char where[SS_WHERE_MAX]; /* "FILE:LINE", "--set", ... */
} ss_origin;

struct ss_priors;   /* sanctionsim/priors.h */
struct ss_timeline; /* sanctionsim/timeline.h */

typedef struct ss_scenario {
    char *path;                             /* as the user gave it */
    char name[SS_NAME_MAX];                 /* `name`, or the file name */
    char description[SS_DESCRIPTION_MAX];   /* `description`, or "" */
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
    ss_origin *origin;            /* where each number given was set (the last
                                     setting wins); NULL: none recorded */
    size_t norigins, origin_cap;  /* records in use, and room for (grown by doubling) */
} ss_scenario;

/* Frees a scenario; NULL is harmless. */
void ss_scenario_free(ss_scenario *sc);

/* A deep copy (the caller frees it), or NULL when out of memory. */
ss_scenario *ss_scenario_copy(const ss_scenario *sc);

/* Index of sanctioner `id`, or -1. */
int ss_scenario_sanctioner(const ss_scenario *sc, const char *id);

/* Applies "KEY=VALUE" (spaces around '=' allowed) to sc after every check.
 * `origin` prefixes error messages (e.g. "--set" or "FILE:LINE") and is
 * recorded as where the key was set. */
ss_status ss_scenario_assign(ss_scenario *sc, const char *assignment, const char *origin,
                             ss_error *err);

/* As ss_scenario_assign, but records `where` (e.g. "FILE:LINE") as the key's
 * origin while `origin` prefixes the error messages. */
ss_status ss_scenario_assign_at(ss_scenario *sc, const char *assignment, const char *origin,
                                const char *where, ss_error *err);

/* Records that the number `o` names (o->where ignored) was set at `where`,
 * replacing an earlier record of it. Returns SS_OK, or SS_ENOMEM (err filled). */
ss_status ss_scenario_set_origin(ss_scenario *sc, const ss_origin *o, const char *where,
                                 ss_error *err);

/* Where the number `o` names was set, or "default" when no record says. */
const char *ss_scenario_origin(const ss_scenario *sc, const ss_origin *o);

#endif
