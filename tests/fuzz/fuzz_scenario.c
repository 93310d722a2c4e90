/* libFuzzer harness: the scenario loader (and its base chain) on arbitrary bytes. */
#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A private directory holding the input as fuzz.cfg, next to a valid base.cfg
 * that inputs may build on (base = "base.cfg"). */
static char dir[64];
static char input_path[96];

static const char base_text[] =
    "agents = (\n"
    "  { id = \"japan\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.15;\n"
    "    coalition_weight = 0.15; alliance_pressure = 1.2; norm_value = 0.4;\n"
    "    territorial_stake = 1.0; axis_fear = 1.0; deterrence_stake = 0.6; signal_weight = 1.0;\n"
    "    engagement = 0.6;\n"
    "    beliefs = { target = { hedging_value = 0.6; reciprocity = { japan = 0.6; }; };\n"
    "                patron = { dependence_gain = 1.0; }; }; },\n"
    "  { id = \"g7\"; role = \"sanctioner\"; exposure = 0.9; leverage = 0.85;\n"
    "    coalition_weight = 0.85; alliance_pressure = 0.3; norm_value = 1.0;\n"
    "    territorial_stake = 0.0; axis_fear = 0.2; deterrence_stake = 0.2; signal_weight = 1.0;\n"
    "    engagement = 0.3; },\n"
    "  { id = \"russia\"; role = \"target\"; island_value = 0.3; audience_cost = 1.0;\n"
    "    pivot_cost = 1.0; substitution = 0.6; isolation_premium = 0.5; hedging_value = 0.2;\n"
    "    reciprocity = { japan = 0.0; g7 = 0.0; }; },\n"
    "  { id = \"china\"; role = \"patron\"; base_alignment = 0.5; dependence_gain = 0.4;\n"
    "    alignment_cost = 1.0; secondary_risk = 0.2; assertive_gain = 0.6; assertive_cost = 1.0;\n"
    "    deterrence_sensitivity = 0.4; }\n"
    ");\n";

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t put = fwrite(data, 1, size, f);
    return fclose(f) != 0 || put != size ? -1 : 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ssfuzz.XXXXXX", tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    char base_path[96];
    if (!mkdtemp(dir))
        abort();
    snprintf(base_path, sizeof base_path, "%s/base.cfg", dir);
    snprintf(input_path, sizeof input_path, "%s/fuzz.cfg", dir);
    if (write_file(base_path, base_text, sizeof base_text - 1) != 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (write_file(input_path, data, size) != 0)
        abort();
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(input_path, &err);
    if (!sc) {
        /* a failure is always an input error with a one-line message */
        if (err.status != SS_EINPUT || err.message[0] == '\0' || strchr(err.message, '\n'))
            abort();
        return 0;
    }
    ss_scenario *copy = ss_scenario_copy(sc);
    if (!copy)
        abort();
    ss_scenario_free(copy);
    ss_scenario_free(sc);
    return 0;
}
