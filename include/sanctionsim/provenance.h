/* Provenance: the '#' lines (TSV, CSV, a fitted scenario) or the "provenance"
 * object (JSON) that say where an output comes from: the tool's version, the
 * command line, the scenario (path, name, SHA-256) and the --set overrides.
 * Every output writes them through this module, with the same keys
 * (docs/file-formats.md). */
#ifndef SANCTIONSIM_PROVENANCE_H
#define SANCTIONSIM_PROVENANCE_H

#include <stdio.h>

#include "sanctionsim/error.h"
#include "sanctionsim/scenario.h"

/* What the caller knows of a run beyond its scenarios. The strings are the
 * caller's; they must outlive the calls that take them. */
typedef struct ss_provenance {
    const char *command;     /* the command line, shell-quoted (ss_provenance_command);
                                NULL: none */
    const char *const *sets; /* the overrides (--set KEY=VALUE), in the order applied */
    size_t nsets;
} ss_provenance;

/* Writes arg to f so that a POSIX shell reads it back as one word: as it is
 * when it holds only safe characters, else in '...', or in bash's $'...'
 * with \xNN escapes when it holds control characters or broken UTF-8. */
void ss_shell_quote(FILE *f, const char *arg);

/* The command line "sanctionsim ARG..." with every argument written so that a
 * POSIX shell reads it back as one word (bash's $'...' for control
 * characters). argv[0] is the subcommand. Returns a string the caller frees,
 * or NULL when out of memory. */
char *ss_provenance_command(int argc, char *const *argv);

/* Writes the provenance as '#' lines:
 *   # sanctionsim VERSION KIND             (the version: JSON's "version")
 *   # command: COMMAND                    (when p->command is set)
 *   # scenario: PATH                      } once per scenario, in order
 *   # scenario_name: NAME                 } (compare: base, then alt)
 *   # scenario_sha256: HEX               }
 *   # set: KEY=VALUE                      (one per override, in order)
 * kind names the output ("sweep", "run", "observed", "solve", "compare",
 * "fit", "explain"). Control characters and broken UTF-8 in the text become '?', so a
 * line never ends early. Returns SS_EIO when writing fails. */
ss_status ss_provenance_write(FILE *out, const char *kind, const ss_scenario *const *sc, size_t nsc,
                              const ss_provenance *p);

/* jansson's value; this header does not need jansson.h to name it. */
struct json_t;

/* The same as a JSON object: {"version", "command" (null when not set),
 * "scenario", "scenario_name", "scenario_sha256", "set": [...]}. With one
 * scenario its keys hold strings; with several (compare), arrays in order.
 * Returns a new reference, or NULL when out of memory. */
struct json_t *ss_provenance_json(const ss_scenario *const *sc, size_t nsc, const ss_provenance *p);

/* A JSON string of text with its control characters as '?' (jansson refuses
 * broken UTF-8); NULL when out of memory. For every file name, command line
 * or other text from outside that a JSON output quotes. */
struct json_t *ss_json_clean_string(const char *text);

#endif
