/* libFuzzer harness: `--set KEY=VALUE` assignments (ss_scenario_assign) on a
 * fixed scenario; the input is one or more assignments, one per line. */
#include "sanctionsim/scenario.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static ss_scenario *scenario;

static const char text[] = FUZZ_AGENTS;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    scenario = fuzz_load_text(text, "set");
    return 0;
}

/* Every number of a scenario that assignments may reach is finite and in range. */
static void check_params(const ss_scenario *sc)
{
    const ss_params *p = &sc->params;
    char why[128];
    for (size_t i = 0; i < p->n; i++)
        for (size_t f = 0; ss_param_get(SS_PART_SANCTIONER, f); f++)
            if (!ss_param_check(ss_param_get(SS_PART_SANCTIONER, f),
                                ss_param_value(p, SS_PART_SANCTIONER, i, f), why, sizeof why))
                abort();
    for (size_t k = 0; k < p->nbeliefs; k++)
        if (!isfinite(p->belief[k].value) || p->belief[k].holder >= p->n)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *input = malloc(size + 1);
    ss_scenario *sc = ss_scenario_copy(scenario);
    if (!input || !sc)
        abort();
    memcpy(input, data, size);
    input[size] = '\0';
    /* one assignment per line, as several --set options would give them */
    for (char *line = input, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        ss_error err;
        ss_error_clear(&err);
        ss_status st = ss_scenario_assign(sc, line, "--set", &err);
        if (st != SS_OK && (st != SS_EINPUT || err.message[0] == '\0'))
            abort();
    }
    check_params(sc);
    ss_scenario_free(sc);
    free(input);
    return 0;
}
