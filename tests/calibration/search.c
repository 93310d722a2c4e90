/* The calibration search of MODEL.md section 10: random draws of eleven of the
 * 2014 baseline's numbers, the rest as in the scenario given, and the draws
 * for which properties 1-4 hold, with their margins.
 *
 * Usage: calibration_search SCENARIO SEED COUNT
 *        calibration_search SCENARIO --check
 * SCENARIO is normally tests/fixtures/first_calibration_2014.cfg (the first
 * calibration, as MODEL.md's search used it). Prints one header line, then a
 * TSV row per passing draw: its number, the eleven values, each margin and the
 * least; a last line "# passed P of COUNT (seed SEED)". With --check, the
 * scenario's own values and margins, unchanged (to re-check a rounded draw).
 * Exit 0, or 2 on bad usage or a scenario that does not load. */
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "properties.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"

/* One searched number: where it lives and its uniform range. */
typedef struct searched {
    const char *name; /* as in --set */
    ss_part part;
    const char *key;
    int belief; /* 1: Japan's belief about the part, not the truth */
    double lo, hi;
} searched;

/* The ranges: wide enough to hold the first calibration's value and the
 * regions MODEL.md reports; beliefs about dependence_gain at or above the
 * truth (0.4), since the paper says Japan overestimated the axis. */
static const searched space[] = {
    {"japan.exposure", SS_PART_SANCTIONER, "exposure", 0, 0.5, 2.0},
    {"japan.alliance_pressure", SS_PART_SANCTIONER, "alliance_pressure", 0, 0.0, 2.0},
    {"japan.norm_value", SS_PART_SANCTIONER, "norm_value", 0, 0.0, 1.5},
    {"japan.territorial_stake", SS_PART_SANCTIONER, "territorial_stake", 0, 0.0, 2.0},
    {"japan.axis_fear", SS_PART_SANCTIONER, "axis_fear", 0, 0.0, 3.0},
    {"japan.deterrence_stake", SS_PART_SANCTIONER, "deterrence_stake", 0, 0.0, 2.0},
    {"japan.beliefs.target.reciprocity.japan", SS_PART_RECIPROCITY, "reciprocity", 1, 0.0, 2.0},
    {"japan.beliefs.target.hedging_value", SS_PART_TARGET, "hedging_value", 1, 0.0, 1.0},
    {"japan.beliefs.patron.dependence_gain", SS_PART_PATRON, "dependence_gain", 1, 0.4, 2.0},
    {"russia.audience_cost", SS_PART_TARGET, "audience_cost", 0, 0.5, 5.0},
    {"russia.island_value", SS_PART_TARGET, "island_value", 0, 0.0, 1.0},
};
#define NSEARCHED (sizeof space / sizeof *space)

/* Puts value v of searched number k into p (sanctioner japan). */
static void put(ss_params *p, size_t japan, const searched *k, double v)
{
    if (k->belief) {
        ss_belief b = {.holder = japan, .part = k->part, .index2 = japan, .value = v};
        b.field = k->part == SS_PART_RECIPROCITY ? 0 : (size_t)ss_param_find(k->part, k->key);
        (void)ss_params_set_belief(p, &b);
    } else if (k->part == SS_PART_SANCTIONER) {
        props_set(p, japan, k->key, v);
    } else {
        *ss_param_addr(p, k->part, 0, (size_t)ss_param_find(k->part, k->key)) = v;
    }
}

/* --check: the margins of sc as it is. Returns 0 when properties 1-4 hold, 1 if not. */
static int check(const ss_scenario *sc, const ss_solver_opts *o, size_t japan, size_t g7)
{
    props_values v;
    if (props_compute(&sc->params, o, japan, g7, &v) != SS_OK) {
        fprintf(stderr, "%s: a solve failed\n", sc->path);
        return 1;
    }
    printf("s_japan\t%.4f\ns_g7\t%.4f\nc\t%.4f\n", v.s_japan, v.s_g7, v.c);
    for (size_t k = 0; k < PROPS_NCHANNELS; k++)
        printf("%s=0\t%.4f\n", props_channels[k].key, v.channel_off[k]);
    printf("reciprocity_true\t%.4f\naxis_true\t%.4f\nboth_true\t%.4f\n", v.reciprocity_true,
           v.axis_true, v.both_true);
    printf("misperception_cost\t%.4f\nc_linkage\t%.4f\n", v.misperception_cost, v.c_linkage);
    double margin[PROPS_NMARGINS];
    double least = props_margins(&v, margin);
    for (size_t m = 0; m < PROPS_NMARGINS; m++)
        printf("%s\t%+.4f\n", props_margin_names[m], margin[m]);
    printf("least\t%+.4f\n", least);
    return least >= 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    int checking = argc == 3 && strcmp(argv[2], "--check") == 0;
    if (argc != 4 && !checking) {
        fprintf(stderr, "usage: %s SCENARIO SEED COUNT\n       %s SCENARIO --check\n", argv[0],
                argv[0]);
        return 2;
    }
    unsigned long seed = checking ? 0 : strtoul(argv[2], NULL, 10);
    long count = checking ? 1 : strtol(argv[3], NULL, 10);
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(argv[1], &err);
    if (!sc) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    int japan = ss_scenario_sanctioner(sc, "japan"), g7 = ss_scenario_sanctioner(sc, "g7");
    if (japan < 0 || g7 < 0 || count < 1) {
        fprintf(stderr, "%s: needs sanctioners japan and g7, and COUNT >= 1\n", argv[1]);
        ss_scenario_free(sc);
        return 2;
    }
    ss_solver_opts o = sc->solver;
    o.mode = SS_MODE_SPE;
    if (checking) {
        int rc = check(sc, &o, (size_t)japan, (size_t)g7);
        ss_scenario_free(sc);
        return rc;
    }
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    ss_params *p = malloc(sizeof *p);
    if (!rng || !p) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    printf("draw");
    for (size_t k = 0; k < NSEARCHED; k++)
        printf("\t%s", space[k].name);
    for (size_t m = 0; m < PROPS_NMARGINS; m++)
        printf("\t%s", props_margin_names[m]);
    printf("\tleast\n");
    long passed = 0, failed_solves = 0;
    for (long d = 1; d <= count; d++) {
        double x[NSEARCHED];
        *p = sc->params;
        for (size_t k = 0; k < NSEARCHED; k++) {
            x[k] = space[k].lo + (space[k].hi - space[k].lo) * gsl_rng_uniform(rng);
            put(p, (size_t)japan, &space[k], x[k]);
        }
        props_values v;
        if (props_compute(p, &o, (size_t)japan, (size_t)g7, &v) != SS_OK) {
            failed_solves++;
            continue;
        }
        double margin[PROPS_NMARGINS];
        double least = props_margins(&v, margin);
        if (least < 0)
            continue;
        passed++;
        printf("%ld", d);
        for (size_t k = 0; k < NSEARCHED; k++)
            printf("\t%.4f", x[k]);
        for (size_t m = 0; m < PROPS_NMARGINS; m++)
            printf("\t%.4f", margin[m]);
        printf("\t%.4f\n", least);
        fflush(stdout);
    }
    printf("# passed %ld of %ld (seed %lu); %ld draws with a failed solve\n", passed, count, seed,
           failed_solves);
    free(p);
    gsl_rng_free(rng);
    ss_scenario_free(sc);
    return 0;
}
