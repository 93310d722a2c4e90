/* What the fuzz harnesses share: loading their fixed scenario from text. */
#ifndef SANCTIONSIM_FUZZ_COMMON_H
#define SANCTIONSIM_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"

/* The agents of the harnesses' fixed scenario: the 2014 baseline's numbers,
 * with one belief of Japan's. */
#define FUZZ_AGENTS                                                                                \
    "agents = (\n"                                                                                 \
    "  { id = \"japan\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.15;\n"                \
    "    coalition_weight = 0.15; alliance_pressure = 1.2; norm_value = 0.4;\n"                    \
    "    territorial_stake = 1.0; axis_fear = 1.0; deterrence_stake = 0.6; signal_weight = 1.0;\n" \
    "    engagement = 0.6; beliefs = { target = { hedging_value = 0.6; }; }; },\n"                 \
    "  { id = \"g7\"; role = \"sanctioner\"; exposure = 0.9; leverage = 0.85;\n"                   \
    "    coalition_weight = 0.85; alliance_pressure = 0.3; norm_value = 1.0;\n"                    \
    "    territorial_stake = 0.0; axis_fear = 0.2; deterrence_stake = 0.2; signal_weight = 1.0;\n" \
    "    engagement = 0.3; },\n"                                                                   \
    "  { id = \"russia\"; role = \"target\"; island_value = 0.3; audience_cost = 1.0;\n"           \
    "    pivot_cost = 1.0; substitution = 0.6; isolation_premium = 0.5; hedging_value = 0.2; },\n" \
    "  { id = \"china\"; role = \"patron\"; base_alignment = 0.5; dependence_gain = 0.4;\n"        \
    "    alignment_cost = 1.0; secondary_risk = 0.2; assertive_gain = 0.6; assertive_cost = "      \
    "1.0;\n"                                                                                       \
    "    deterrence_sensitivity = 0.4; }\n"                                                        \
    ");\n"

/* Loads a scenario written as text (through a temporary file, as a user's
 * would be read); aborts when it does not load, since the harness is broken then. */
static ss_scenario *fuzz_load_text(const char *text, const char *tag)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/ssfuzz-%s.XXXXXX", tag);
    int fd = mkstemp(path);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len)
        abort();
    close(fd);
    ss_error err;
    ss_scenario *sc = ss_scenario_load(path, &err);
    unlink(path);
    if (!sc)
        abort();
    return sc;
}

#endif
