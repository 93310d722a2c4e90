/* The first calibration of the 2014 baseline, kept as a fixture
 * (tests/fixtures/first_calibration_2014.cfg): MODEL.md section 10's table of
 * known answers, from an independent implementation, to 1e-3. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"
#include "test_support.h"

/* One row of the table: a change to the fixture (an assignment, "nash" for
 * the one-stage mode, "true beliefs" for Japan's beliefs removed, or NULL for
 * none), the counterfactual file that makes the same change, and the answer. */
typedef struct known_answer {
    const char *row;
    const char *change;
    const char *file;
    double s_japan, s_g7, c;
} known_answer;

static const known_answer table[] = {
    {"none", NULL, "first_calibration_2014.cfg", 0.308, 0.915, 0.000},
    {"mode nash", "nash", "first_calibration_cf_nash.cfg", 0.526, 0.915, 0.000},
    {"Japan holds true beliefs", "true beliefs", "first_calibration_cf_true_beliefs.cfg", 0.535,
     0.904, 0.000},
    {"Japan territorial_stake = 0", "japan.territorial_stake = 0",
     "first_calibration_cf_no_territorial_stake.cfg", 0.574, 0.903, 0.000},
    {"Japan linkage = 1", "japan.linkage = 1", "first_calibration_cf_linkage.cfg", 0.097, 0.924,
     0.458},
    {"Japan alliance_pressure = 3", "japan.alliance_pressure = 3",
     "first_calibration_cf_alliance_pressure.cfg", 0.627, 0.900, 0.000},
    {"China's true dependence_gain = 1", "china.dependence_gain = 1",
     "first_calibration_cf_strong_axis.cfg", 0.257, 0.822, 0.000},
};

static void expect_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
        fail();
    }
}

/* Solves sc and checks the row's answer and the certificate. */
static void check_row(const ss_scenario *sc, const known_answer *ka, const char *how)
{
    int japan = ss_scenario_sanctioner(sc, "japan"), g7 = ss_scenario_sanctioner(sc, "g7");
    assert_true(japan >= 0 && g7 >= 0);
    ss_result r;
    ss_error err;
    ss_error_clear(&err);
    if (ss_solve(&sc->params, &sc->solver, NULL, &r, &err) != SS_OK)
        fail_msg("%s (%s): %s", ka->row, how, err.message);
    print_message("%-34s %-6s s_japan %.4f s_g7 %.4f c %.4f\n", ka->row, how, r.s[japan], r.s[g7],
                  r.followers.c);
    char what[128];
    snprintf(what, sizeof what, "%s (%s): s_japan", ka->row, how);
    expect_near(r.s[japan], ka->s_japan, 1e-3, what);
    snprintf(what, sizeof what, "%s (%s): s_g7", ka->row, how);
    expect_near(r.s[g7], ka->s_g7, 1e-3, what);
    snprintf(what, sizeof what, "%s (%s): c", ka->row, how);
    expect_near(r.followers.c, ka->c, 1e-3, what);
    assert_true(r.max_regret < 1e-8);
    assert_int_equal(r.certified, 1);
}

/* Each change applied in memory to the fixture: ss_scenario_assign, the
 * solver's mode, or Japan's beliefs removed. */
static void test_table_by_assignment(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof table / sizeof *table; k++) {
        const known_answer *ka = &table[k];
        ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
        int japan = ss_scenario_sanctioner(sc, "japan");
        if (!ka->change) {
            /* none */
        } else if (strcmp(ka->change, "nash") == 0) {
            sc->solver.mode = SS_MODE_NASH;
        } else if (strcmp(ka->change, "true beliefs") == 0) {
            assert_true(ss_params_has_beliefs(&sc->params, (size_t)japan));
            ss_params_clear_beliefs(&sc->params, (size_t)japan);
        } else {
            ss_error err;
            ss_error_clear(&err);
            if (ss_scenario_assign(sc, ka->change, "test", &err) != SS_OK)
                fail_msg("%s: %s", ka->change, err.message);
        }
        check_row(sc, ka, "assign");
        ss_scenario_free(sc);
    }
}

/* The same rows from the fixture's counterfactual files (base, set, clear, mode). */
static void test_table_by_file(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof table / sizeof *table; k++) {
        ss_scenario *sc = test_load_fixture(table[k].file);
        check_row(sc, &table[k], "file");
        ss_scenario_free(sc);
    }
}

/* The rest of the worked baseline: the followers' moves, spe. */
static void test_followers(void **state)
{
    (void)state;
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    ss_result r;
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &r, &err), SS_OK);
    expect_near(r.followers.p, 0.097, 1e-3, "p");
    expect_near(r.followers.a, 0.374, 1e-3, "a");
    expect_near(r.followers.q, 0.355, 1e-3, "q");
    assert_int_equal(r.followers.multiple, 0);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_by_assignment),
        cmocka_unit_test(test_table_by_file),
        cmocka_unit_test(test_followers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
