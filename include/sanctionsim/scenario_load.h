/* Reading a scenario file (docs/scenario-format.md): the file, its `base`
 * chain, every section checked, errors that name file, line and key. */
#ifndef SANCTIONSIM_SCENARIO_LOAD_H
#define SANCTIONSIM_SCENARIO_LOAD_H

#include "sanctionsim/error.h"
#include "sanctionsim/scenario.h"

/* The largest scenario file read (each file of a base chain). */
#define SS_MAX_FILE_BYTES (4u << 20)

/* Loads and validates a scenario file (and its `base` chain). Returns NULL and
 * fills err (status SS_EINPUT or SS_EIO) with "FILE:LINE: KEY: problem" on any
 * error. The caller frees the result with ss_scenario_free. */
ss_scenario *ss_scenario_load(const char *path, ss_error *err);

#endif
