/* libFuzzer harness: `sweep --vary KEY=SPEC` parsing (ss_design_vary) and the
 * points of the design it builds. Input: a first byte choosing the design and
 * the sample count, then one spec per line. */
#include "sanctionsim/design.h"

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

static const char text[] = FUZZ_AGENTS

    "priors = (\n"
    "  { key = \"japan.leverage\"; dist = \"normal\"; mean = 0.2; sd = 0.1; },\n"
    "  { key = \"g7.exposure\"; dist = \"lognormal\"; meanlog = 0.0; sdlog = 1.0; },\n"
    "  { key = \"russia.substitution\"; dist = \"beta\"; alpha = 2.0; beta = 3.0; },\n"
    "  { key = \"china.base_alignment\"; dist = \"uniform\"; min = -1.0; max = 1.0; }\n"
    ");\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    scenario = fuzz_load_text(text, "vary");
    return 0;
}

/* A few points of a finished design: every value in its key's range, every
 * anchor a valid cell. */
static void check_points(const ss_design *d)
{
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(d, &err);
    if (!s)
        abort();
    size_t picks[] = {0, 1, d->points / 2, d->points - 1};
    double values[SS_MAX_VARY];
    char why[128];
    for (size_t k = 0; k < sizeof picks / sizeof *picks; k++) {
        if (picks[k] >= d->points)
            continue;
        size_t anchor = 0;
        ss_sampler_point(s, picks[k], values, &anchor);
        if (d->anchors && anchor >= d->anchors)
            abort();
        for (size_t a = 0; a < d->nvary; a++)
            if (!ss_param_check(ss_key_info(&d->vary[a].ref), values[a], why, sizeof why))
                abort();
    }
    ss_sampler_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ss_design d;
    ss_design_init(&d, (ss_design_kind)(data[0] & 3));
    /* grids take no sample count; the others at most 64, to keep runs short */
    size_t samples = (data[0] & 3) == SS_DESIGN_GRID ? 0 : (size_t)(data[0] >> 2) + 1;
    char *input = malloc(size);
    if (!input)
        abort();
    memcpy(input, data + 1, size - 1);
    input[size - 1] = '\0';
    ss_error err;
    ss_status st = SS_OK;
    for (char *line = input, *next; line && st == SS_OK; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        ss_error_clear(&err);
        st = ss_design_vary(&d, scenario, line, &err);
        if (st != SS_OK && (st != SS_EINPUT || err.message[0] == '\0'))
            abort();
    }
    if (st == SS_OK && d.nvary > 0) {
        ss_error_clear(&err);
        st = ss_design_finish(&d, samples, 1, &err);
        if (st == SS_OK) {
            if (d.points == 0 || d.points > SS_MAX_POINTS)
                abort();
            check_points(&d);
        } else if (st != SS_EINPUT || err.message[0] == '\0') {
            abort();
        }
    }
    ss_design_free(&d);
    free(input);
    return 0;
}
