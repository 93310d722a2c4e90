/* Tests that a sweep design never makes a value that `solve --set` refuses:
 * a grid whose points fall strictly between 0 and SS_PARAM_TINY is refused
 * with a message naming the key; random, lhs and sobol values that small count
 * as 0, as in priors. (Found by tests/fuzz/fuzz_vary; the inputs are in
 * tests/fuzz/corpus/vary/.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sanctionsim/design.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/scenario_load.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_support.h"

static ss_scenario *baseline, *tiny_priors;

/* Priors whose support crosses the hole (-1e-100, 0) and (0, 1e-100). */
static const char tiny_priors_text[] =
    "agents = (\n"
    "  { id = \"japan\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.15;\n"
    "    coalition_weight = 0.15; alliance_pressure = 1.2; norm_value = 0.4;\n"
    "    territorial_stake = 1.0; axis_fear = 1.0; deterrence_stake = 0.6;\n"
    "    signal_weight = 1.0; engagement = 0.6; },\n"
    "  { id = \"g7\"; role = \"sanctioner\"; exposure = 0.9; leverage = 0.85;\n"
    "    coalition_weight = 0.85; alliance_pressure = 0.3; norm_value = 1.0;\n"
    "    territorial_stake = 0.0; axis_fear = 0.2; deterrence_stake = 0.2;\n"
    "    signal_weight = 1.0; engagement = 0.3; },\n"
    "  { id = \"russia\"; role = \"target\"; island_value = 0.3; audience_cost = 1.0;\n"
    "    pivot_cost = 1.0; substitution = 0.6; isolation_premium = 0.5; hedging_value = 0.2; },\n"
    "  { id = \"china\"; role = \"patron\"; base_alignment = 0.5; dependence_gain = 0.4;\n"
    "    alignment_cost = 1.0; secondary_risk = 0.2; assertive_gain = 0.6;\n"
    "    assertive_cost = 1.0; deterrence_sensitivity = 0.4; }\n"
    ");\n"
    "priors = (\n"
    "  { key = \"china.base_alignment\"; dist = \"uniform\"; min = -3e-100; max = 3e-100; },\n"
    "  { key = \"g7.leverage\"; dist = \"lognormal\"; meanlog = -230.0; sdlog = 1.0; },\n"
    "  { key = \"china.assertive_gain\"; dist = \"normal\"; mean = 0.0; sd = 1e-12;\n"
    "    min = -1e-99; max = 1e-99; }\n"
    ");\n";

static int setup(void **state)
{
    (void)state;
    gsl_set_error_handler_off();
    ss_error err;
    baseline = ss_scenario_load(SS_SOURCE_DIR "/scenarios/baseline_2014.cfg", &err);
    char path[] = "/tmp/sanctionsim-test-design.XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t len = strlen(tiny_priors_text);
    ssize_t w = write(fd, tiny_priors_text, len);
    close(fd);
    tiny_priors = w == (ssize_t)len ? ss_scenario_load(path, &err) : NULL;
    if (!tiny_priors)
        fprintf(stderr, "%s\n", err.message);
    unlink(path);
    return baseline && tiny_priors ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ss_scenario_free(baseline);
    ss_scenario_free(tiny_priors);
    return 0;
}

/* Every point and every anchor of a finished design passes ss_param_check. */
static void assert_all_valid(const ss_design *d, const char *what)
{
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(d, &err);
    assert_non_null(s);
    double values[SS_MAX_VARY];
    char why[128];
    size_t anchor;
    for (size_t i = 0; i < d->points; i++) {
        ss_sampler_point(s, i, values, &anchor);
        assert_true(anchor < d->anchors);
        for (size_t a = 0; a < d->nvary; a++)
            if (!ss_param_check(ss_key_info(&d->vary[a].ref), values[a], why, sizeof why))
                fail_msg("%s: point %zu: %s = %.17g %s", what, i, d->vary[a].key, values[a], why);
    }
    for (size_t c = 0; c < d->anchors; c++) {
        ss_design_anchor_values(d, c, values);
        for (size_t a = 0; a < d->nvary; a++)
            if (!ss_param_check(ss_key_info(&d->vary[a].ref), values[a], why, sizeof why))
                fail_msg("%s: anchor %zu: %s = %.17g %s", what, c, d->vary[a].key, values[a], why);
    }
    ss_sampler_free(s);
}

/* A grid's points are exactly the ones asked for, so a grid with a point in
 * the hole is refused, naming the key, the point and the value. */
static void test_grid_refuses_points_in_the_hole(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } cases[] = {
        /* the fuzzer's find: the middle point is 5e-101 */
        {"g7.leverage=0:1e-100:3",
         "--vary 'g7.leverage=0:1e-100:3': grid point 2 of 3: 'g7.leverage': must be 0 or at "
         "least 1e-100 in absolute value (got 5e-101)"},
        {"g7.leverage=1e-100:0:3", "grid point 2 of 3: 'g7.leverage': must be 0 or at least"},
        {"china.base_alignment=-1e-99:1e-99:20",
         "grid point 10 of 20: 'china.base_alignment': must be 0 or at least 1e-100"},
        {"china.base_alignment=1e-99:-1e-99:20",
         "grid point 10 of 20: 'china.base_alignment': must be 0 or at least 1e-100"},
        {"china.base_alignment=-1e-100:0:3", "grid point 2 of 3: 'china.base_alignment'"},
        {"japan.alliance_pressure=0:1e-90:100000000000", "grid point 2 of 100000000000: "},
        {"japan.alliance_pressure= 0 : 3e-100 : 7", "grid point 2 of 7"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ss_design d;
        ss_error err;
        ss_error_clear(&err);
        ss_design_init(&d, SS_DESIGN_GRID);
        ss_status st = ss_design_vary(&d, baseline, cases[k].text, &err);
        if (st != SS_EINPUT || !strstr(err.message, cases[k].message))
            fail_msg("%s: got status %d, '%s'; want '%s'", cases[k].text, st, err.message,
                     cases[k].message);
        assert_int_equal(d.nvary, 0);
        ss_design_free(&d);
    }
}

/* Grids near the hole that avoid it are taken, every point valid. */
static void test_grid_near_the_hole(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "g7.leverage=0:2e-100:3", /* the middle is 1e-100 exactly */
        "g7.leverage=0:1e-100:2", /* the ends only */
        "china.base_alignment=-1e-99:1e-99:2",
        "china.base_alignment=-1e-99:1e-99:21", /* -1e-100, 0, 1e-100 */
        "china.base_alignment=-1e-99:0:11",
        "china.base_alignment=-1:1:3",   /* 0 itself is valid */
        "china.base_alignment=-1:1:101", /* ... and so are its neighbours */
        "g7.leverage=log:1e-100:1e-99:50",
        "japan.exposure=1e-100:1e-99:7", /* (0, ...]: no point can reach 0 */
        "g7.leverage=0,1e-100,2e-100",
        "japan.alliance_pressure=0:3:61",
        "japan.alliance_pressure=0:3e-100:4", /* 1e-100, 2e-100 (rounded up) */
    };
    for (size_t k = 0; k < sizeof ok / sizeof *ok; k++) {
        ss_design d;
        ss_error err;
        ss_design_init(&d, SS_DESIGN_GRID);
        if (ss_design_vary(&d, baseline, ok[k], &err) != SS_OK)
            fail_msg("%s: %s", ok[k], err.message);
        assert_int_equal(ss_design_finish(&d, 0, 1, &err), SS_OK);
        assert_all_valid(&d, ok[k]);
        ss_design_free(&d);
    }
}

/* Random, lhs and sobol designs over ranges that cross the hole: a value
 * smaller than 1e-100 in size counts as 0, as in priors and shocks. */
static void test_random_designs_skip_the_hole(void **state)
{
    (void)state;
    static const char *const specs[][2] = {
        {"china.base_alignment=-3e-100:3e-100", "g7.leverage=0:1e-100"},
        {"china.base_alignment=1e-99:-1e-99", "japan.alliance_pressure=0:2e-100"},
        {"china.base_alignment=-1:1", "g7.leverage=0:1"},
    };
    for (int kind = SS_DESIGN_RANDOM; kind <= SS_DESIGN_SOBOL; kind++)
        for (size_t k = 0; k < sizeof specs / sizeof *specs; k++) {
            ss_design d;
            ss_error err;
            ss_design_init(&d, (ss_design_kind)kind);
            for (size_t a = 0; a < 2; a++)
                if (ss_design_vary(&d, baseline, specs[k][a], &err) != SS_OK)
                    fail_msg("%s: %s", specs[k][a], err.message);
            assert_int_equal(ss_design_finish(&d, 2000, 7, &err), SS_OK);
            assert_all_valid(&d, specs[k][0]);
            ss_design_free(&d);
        }
}

/* Priors whose support crosses the hole give valid values too. */
static void test_priors_skip_the_hole(void **state)
{
    (void)state;
    static const char *const specs[] = {"china.base_alignment", "g7.leverage",
                                        "china.assertive_gain"};
    for (int kind = SS_DESIGN_RANDOM; kind <= SS_DESIGN_SOBOL; kind++) {
        ss_design d;
        ss_error err;
        ss_design_init(&d, (ss_design_kind)kind);
        for (size_t a = 0; a < 3; a++)
            if (ss_design_vary(&d, tiny_priors, specs[a], &err) != SS_OK)
                fail_msg("%s: %s", specs[a], err.message);
        assert_int_equal(ss_design_finish(&d, 2000, 11, &err), SS_OK);
        assert_all_valid(&d, "priors");
        ss_design_free(&d);
    }
}

/* ss_parse_whole, the one reader of counts, indices, seeds and option bounds:
 * known answers, including the ones that must fail. */
static void test_parse_whole(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned long long lo, hi;
        int ok;
        unsigned long long value;
    } cases[] = {
        {"0", 0, 10, 1, 0},
        {"10", 0, 10, 1, 10},
        {"007", 0, 10, 1, 7},
        {"11", 0, 10, 0, 0},
        {"0", 1, 10, 0, 0},
        {"", 0, 10, 0, 0},
        {"-1", 0, 10, 0, 0},
        {"+1", 0, 10, 0, 0},
        {" 1", 0, 10, 0, 0},
        {"1 ", 0, 10, 0, 0},
        {"0x1", 0, 10, 0, 0},
        {"1e3", 0, 100000, 0, 0},
        {"7", 0, 5, 0, 0},
        {"4294967295", 0, 4294967295ULL, 1, 4294967295ULL},
        {"4294967296", 0, 4294967295ULL, 0, 0},
        {"9007199254740992", 1, 9007199254740992ULL, 1, 9007199254740992ULL},
        {"9007199254740993", 1, 9007199254740992ULL, 0, 0},
        {"18446744073709551615", 0, 18446744073709551615ULL, 1, 18446744073709551615ULL},
        {"18446744073709551616", 0, 18446744073709551615ULL, 0, 0},
        {"99999999999999999999999", 0, 18446744073709551615ULL, 0, 0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        unsigned long long v = 12345;
        int rc = ss_parse_whole(cases[k].text, cases[k].lo, cases[k].hi, &v);
        assert_int_equal(rc, cases[k].ok ? 0 : -1);
        assert_true(v == (cases[k].ok ? cases[k].value : 12345ULL)); /* untouched on failure */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid_refuses_points_in_the_hole),
        cmocka_unit_test(test_grid_near_the_hole),
        cmocka_unit_test(test_random_designs_skip_the_hole),
        cmocka_unit_test(test_priors_skip_the_hole),
        cmocka_unit_test(test_parse_whole),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
