/* MODEL.md section 10, "What the 2014 baseline must show": properties 1-5 of
 * the shipped scenarios (baseline_2014.cfg, allies_2014.cfg), in spe mode,
 * each checked as the specification states it. The values come from ss_solve
 * (tests/calibration/properties.h, shared with the calibration search). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include "calibration/properties.h"
#include "sanctionsim/compare.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"
#include "test_support.h"

/* Fails the test unless margin >= 0; prints every margin either way. */
static void expect_margin(const char *what, double margin)
{
    print_message("  %-22s margin %+.4f\n", what, margin);
    if (!(margin >= 0)) {
        print_error("%s does not hold (margin %g)\n", what, margin);
        fail();
    }
}

/* Sanctioner `id`'s index in sc; fails the test when absent. */
static size_t sanctioner(const ss_scenario *sc, const char *id)
{
    int i = ss_scenario_sanctioner(sc, id);
    if (i < 0)
        fail_msg("%s: no sanctioner '%s'", sc->path, id);
    return (size_t)i;
}

/* Solves sc's params (spe) into *r; fails the test when the solve does. */
static void solve_spe(const ss_scenario *sc, const ss_params *p, ss_result *r)
{
    ss_solver_opts o = sc->solver;
    o.mode = SS_MODE_SPE;
    ss_error err;
    ss_error_clear(&err);
    if (ss_solve(p, &o, NULL, r, &err) != SS_OK)
        fail_msg("%s: %s", sc->path, err.message);
    assert_true(r->max_regret < 1e-8);
}

/* Properties 1-4 of the baseline (Japan and the G7). */
static void test_baseline_properties_1_to_4(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    assert_int_equal(sc->solver.mode, SS_MODE_SPE);
    size_t japan = sanctioner(sc, "japan"), g7 = sanctioner(sc, "g7");
    props_values v = {0};
    assert_int_equal(props_compute(&sc->params, &sc->solver, japan, g7, &v), SS_OK);
    print_message("s_japan %.4f s_g7 %.4f c %.4f\n", v.s_japan, v.s_g7, v.c);
    double margin[PROPS_NMARGINS];
    (void)props_margins(&v, margin);

    /* 1: symbolic Japan, firm G7, no concession */
    expect_margin("1: s_japan >= 0.15", v.s_japan - 0.15);
    expect_margin("1: s_japan <= 0.40", 0.40 - v.s_japan);
    expect_margin("1: s_g7 >= 0.80", v.s_g7 - 0.80);
    expect_margin("1: c <= 0.02", 0.02 - v.c);
    /* 2: each channel off moves s_japan by 0.03 the paper's way */
    for (size_t k = 0; k < PROPS_NCHANNELS; k++) {
        char what[64];
        snprintf(what, sizeof what, "2: %s = 0 %s", props_channels[k].key,
                 props_channels[k].direction > 0 ? "up" : "down");
        print_message("  %s: s_japan %.4f\n", props_channels[k].key, v.channel_off[k]);
        expect_margin(what, props_channels[k].direction * (v.channel_off[k] - v.s_japan) - 0.03);
    }
    /* 3: both misperceptions restrain Japan */
    expect_margin("3: reciprocity +0.05", v.reciprocity_true - v.s_japan - 0.05);
    expect_margin("3: axis beliefs +0.05", v.axis_true - v.s_japan - 0.05);
    expect_margin("3: both +0.10", v.both_true - v.s_japan - 0.10);
    /* the cost of misperception as the library computes it (ss_compare's) */
    ss_misperception m = {0};
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_misperception_cost(sc, japan, &m, &err), SS_OK);
    assert_true(fabs(m.cost - v.misperception_cost) < 1e-9);
    assert_true(fabs(m.s_true - v.both_true) < 1e-9);
    expect_margin("3: misperception cost > 0", m.cost);
    assert_true(m.cost > 0);
    /* 4: linkage buys little */
    expect_margin("4: linkage 1, c <= 0.15", 0.15 - v.c_linkage);
    /* the shared definition agrees with the statements above */
    for (size_t k = 0; k < PROPS_NMARGINS; k++)
        assert_true(margin[k] >= 0);
    ss_scenario_free(sc);
}

/* The axis beliefs do something in the new baseline: Russia pivots in
 * Japan's eyes (the first calibration's flaw was p = 0 there), and the
 * reciprocity belief is not the only source of misperception. */
static void test_axis_is_live(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    size_t japan = sanctioner(sc, "japan");
    ss_result r;
    solve_spe(sc, &sc->params, &r);
    ss_world seen;
    ss_params_world_of(&sc->params, japan, &seen);
    ss_aggregates g;
    ss_followers f;
    ss_aggregates_of(&sc->params, &seen, r.s, &g);
    ss_followers_solve(&seen, sc->params.has_patron, &g, 1e-9, &f);
    print_message("Japan sees p %.4f a %.4f; true p %.4f a %.4f\n", f.p, f.a, r.followers.p,
                  r.followers.a);
    assert_true(f.p > r.followers.p); /* Japan believes in a stronger pivot */
    assert_true(f.p * f.a > r.followers.p * r.followers.a);
    ss_scenario_free(sc);
}

/* Property 5: the allies. */
static void test_allies_property_5(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("allies_2014.cfg");
    assert_int_equal(sc->solver.mode, SS_MODE_SPE);
    size_t usa = sanctioner(sc, "usa"), eu = sanctioner(sc, "eu"),
           canada = sanctioner(sc, "canada"), australia = sanctioner(sc, "australia"),
           nz = sanctioner(sc, "new_zealand"), japan = sanctioner(sc, "japan");
    ss_result r;
    solve_spe(sc, &sc->params, &r);
    print_message("usa %.4f eu %.4f canada %.4f australia %.4f new_zealand %.4f japan %.4f "
                  "c %.4f\n",
                  r.s[usa], r.s[eu], r.s[canada], r.s[australia], r.s[nz], r.s[japan],
                  r.followers.c);
    expect_margin("5: USA >= 0.85", r.s[usa] - 0.85);
    expect_margin("5: EU >= 0.85", r.s[eu] - 0.85);
    expect_margin("5: Canada within 0.15 of USA", 0.15 - fabs(r.s[canada] - r.s[usa]));
    expect_margin("5: Australia within 0.15 of USA", 0.15 - fabs(r.s[australia] - r.s[usa]));
    expect_margin("5: New Zealand <= s_japan + 0.05", r.s[japan] + 0.05 - r.s[nz]);

    /* Canada and Australia stay firm without domestic_value: each alone, then both */
    const size_t firm[2] = {canada, australia};
    for (int which = 1; which <= 3; which++) {
        ss_params q = sc->params;
        for (int k = 0; k < 2; k++)
            if (which & (1 << k))
                props_set(&q, firm[k], "domestic_value", 0);
        ss_result w;
        solve_spe(sc, &q, &w);
        print_message("domestic_value 0 (%s): canada %.4f australia %.4f\n",
                      which == 3   ? "both"
                      : which == 1 ? "canada"
                                   : "australia",
                      w.s[canada], w.s[australia]);
        for (int k = 0; k < 2; k++)
            if (which & (1 << k))
                expect_margin("5: >= 0.70 with domestic_value 0", w.s[firm[k]] - 0.70);
    }

    /* ... and alliance pressure is what carries them there (the first
     * calibration's flaw: it changed nothing): without domestic_value,
     * switching it off lowers each by at least 0.03 */
    for (int k = 0; k < 2; k++) {
        ss_params q = sc->params;
        props_set(&q, firm[k], "domestic_value", 0);
        ss_result with, without;
        solve_spe(sc, &q, &with);
        props_set(&q, firm[k], "alliance_pressure", 0);
        solve_spe(sc, &q, &without);
        print_message("%s, domestic_value 0: %.4f, and alliance_pressure 0: %.4f\n",
                      sc->sanctioner[firm[k]].id, with.s[firm[k]], without.s[firm[k]]);
        expect_margin("5: alliance pressure is live", with.s[firm[k]] - without.s[firm[k]] - 0.03);
    }

    /* New Zealand is held down by its ceiling, not by its exposure: it sits at
     * max_intensity, and without the ceiling it would sanction more than
     * Japan + 0.05 */
    double ceiling = ss_param_value(&sc->params, SS_PART_SANCTIONER, nz,
                                    (size_t)ss_param_find(SS_PART_SANCTIONER, "max_intensity"));
    print_message("new_zealand max_intensity %.4f\n", ceiling);
    assert_true(ceiling < 1);
    assert_true(fabs(r.s[nz] - ceiling) < 1e-6);
    ss_params q = sc->params;
    props_set(&q, nz, "max_intensity", 1);
    ss_result free_nz;
    solve_spe(sc, &q, &free_nz);
    print_message("new_zealand without its ceiling %.4f\n", free_nz.s[nz]);
    expect_margin("5: the ceiling binds", free_nz.s[nz] - (r.s[japan] + 0.05));
    ss_scenario_free(sc);
}

/* The shipped counterfactual files give the README's table (to 1e-3), and the
 * two that correct one misperception each (by setting the belief to the
 * truth) give what removing those beliefs gives (property 3, to 1e-9). */
static void test_counterfactual_files(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        double s_japan, s_g7, c;
    } table[] = {
        {"baseline_2014.cfg", 0.201, 0.920, 0.000},
        {"cf_nash.cfg", 0.477, 0.917, 0.000},
        {"cf_true_beliefs.cfg", 0.493, 0.906, 0.000},
        {"cf_true_reciprocity.cfg", 0.399, 0.911, 0.000},
        {"cf_true_axis.cfg", 0.276, 0.916, 0.000},
        {"cf_no_territorial_stake.cfg", 0.399, 0.911, 0.000},
        {"cf_linkage.cfg", 0.056, 0.926, 0.076},
        {"cf_alliance_pressure.cfg", 0.665, 0.898, 0.000},
        {"cf_strong_axis.cfg", 0.191, 0.835, 0.000},
    };
    double s_japan[sizeof table / sizeof *table];
    for (size_t k = 0; k < sizeof table / sizeof *table; k++) {
        ss_scenario *sc = test_load(table[k].file);
        size_t japan = sanctioner(sc, "japan"), g7 = sanctioner(sc, "g7");
        ss_result r;
        ss_error err;
        ss_error_clear(&err);
        if (ss_solve(&sc->params, &sc->solver, NULL, &r, &err) != SS_OK)
            fail_msg("%s: %s", table[k].file, err.message);
        print_message("%-28s s_japan %.4f s_g7 %.4f c %.4f\n", table[k].file, r.s[japan], r.s[g7],
                      r.followers.c);
        if (fabs(r.s[japan] - table[k].s_japan) > 1e-3 || fabs(r.s[g7] - table[k].s_g7) > 1e-3 ||
            fabs(r.followers.c - table[k].c) > 1e-3)
            fail_msg("%s: not the README's row", table[k].file);
        assert_true(r.max_regret < 1e-8);
        s_japan[k] = r.s[japan];
        ss_scenario_free(sc);
    }
    ss_scenario *sc = test_load("baseline_2014.cfg");
    size_t japan = sanctioner(sc, "japan"), g7 = sanctioner(sc, "g7");
    props_values v = {0};
    assert_int_equal(props_compute(&sc->params, &sc->solver, japan, g7, &v), SS_OK);
    assert_true(fabs(s_japan[3] - v.reciprocity_true) < 1e-9);
    assert_true(fabs(s_japan[4] - v.axis_true) < 1e-9);
    assert_true(fabs(s_japan[2] - v.both_true) < 1e-9);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_baseline_properties_1_to_4),
        cmocka_unit_test(test_axis_is_live),
        cmocka_unit_test(test_allies_property_5),
        cmocka_unit_test(test_counterfactual_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
