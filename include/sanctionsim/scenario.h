/* Scenarios: the agents and parameters a scenario file describes (loaded by
 * sanctionsim/scenario_load.h), copies, and overrides (`--set`). */
#ifndef SANCTIONSIM_SCENARIO_H
#define SANCTIONSIM_SCENARIO_H

#include "sanctionsim/error.h"
#include "sanctionsim/params.h"
#include "sanctionsim/solver.h"

#define SS_NAME_MAX       128
#define SS_MAX_BASE_DEPTH 8

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

/* Frees a scenario; NULL is harmless. */
void ss_scenario_free(ss_scenario *sc);

/* A deep copy (the caller frees it), or NULL when out of memory. */
ss_scenario *ss_scenario_copy(const ss_scenario *sc);

/* Index of sanctioner `id`, or -1. */
int ss_scenario_sanctioner(const ss_scenario *sc, const char *id);

/* Applies "KEY=VALUE" (spaces around '=' allowed) to sc after every check.
 * `origin` prefixes error messages (e.g. "--set" or "FILE:LINE"). */
ss_status ss_scenario_assign(ss_scenario *sc, const char *assignment, const char *origin,
                             ss_error *err);

#endif
