/* The library stands on its own: with GSL's default error handler installed
 * (which aborts), nothing the library does reaches it. Parameters far outside
 * their valid ranges, set directly (the library does not check them), make
 * the payoff's slope overflow inside GSL's root finder; the call must fail
 * with a status and a message instead (include/sanctionsim/error.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <string.h>

#include "sanctionsim/dynamics.h"
#include "sanctionsim/fit.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"
#include "sanctionsim/timeline.h"
#include "test_support.h"

/* Sets KEY of the scenario's parameters to v without the range check. */
static void force(ss_scenario *sc, const char *key, double v)
{
    ss_keyref ref;
    ss_error err;
    if (ss_key_parse(sc, key, &ref, &err) != SS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(ss_key_set(&sc->params, &ref, v), 0);
}

/* A status, and a message with it when it is not SS_OK. */
static void expect_reported(ss_status st, const ss_error *err)
{
    assert_true(st == SS_OK || st == SS_ENUMERIC);
    if (st != SS_OK)
        assert_true(err->message[0] != '\0');
}

/* Every entry point of the solver on sc's parameters, in both modes. */
static void solve_everything(const ss_scenario *sc, int *failures)
{
    for (int m = 0; m < 2; m++) {
        ss_solver_opts o = sc->solver;
        o.mode = m ? SS_MODE_NASH : SS_MODE_SPE;
        ss_result r;
        ss_error err;
        ss_error_clear(&err);
        ss_status st = ss_solve(&sc->params, &o, NULL, &r, &err);
        expect_reported(st, &err);
        assert_int_equal(r.status, st);
        *failures += st != SS_OK;
        ss_evaluate(&sc->params, &o, r.s, &r);
        assert_true(r.status == SS_OK || r.status == SS_ENUMERIC);
        for (size_t i = 0; i < sc->params.n; i++) {
            double x;
            ss_error_clear(&err);
            st = ss_best_response(&sc->params, &o, r.s, i, &x, NULL, &err);
            expect_reported(st, &err);
            assert_true(x >= 0 && x <= 1);
        }
    }
}

/* Every parameter at a random corner, most of them outside the valid ranges
 * (5e-324, 1e-300, 1e300). */
static void randomize(gsl_rng *rng, ss_scenario *sc)
{
    static const ss_part parts[] = {SS_PART_SANCTIONER, SS_PART_TARGET, SS_PART_PATRON,
                                    SS_PART_RECIPROCITY};
    for (size_t q = 0; q < sizeof parts / sizeof *parts; q++) {
        size_t owners =
            parts[q] == SS_PART_SANCTIONER || parts[q] == SS_PART_RECIPROCITY ? sc->params.n : 1;
        for (size_t i = 0; i < owners; i++)
            for (size_t f = 0; ss_param_get(parts[q], f); f++) {
                const ss_param_info *info = ss_param_get(parts[q], f);
                const double corner[] = {
                    info->min, 1, info->max, 5e-324, 1e-300, 1e300, 3 * gsl_rng_uniform(rng)};
                *ss_param_addr(&sc->params, parts[q], i, f) =
                    corner[gsl_rng_uniform_int(rng, sizeof corner / sizeof *corner)];
            }
    }
}

/* Three values out of range that overflow the G7's payoff slope: GSL's Brent
 * solver used to get +-inf and call the handler ("function value is not
 * finite"), which aborted. */
static void test_overflowing_slope(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    force(sc, "g7.norm_value", 1e300);
    force(sc, "g7.engagement", 1e300);
    force(sc, "russia.substitution", 1e300);
    ss_result r;
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_solve(&sc->params, &sc->solver, NULL, &r, &err);
    assert_int_equal(st, SS_ENUMERIC);
    assert_non_null(strstr(err.message, "not finite"));
    int failures = 0;
    solve_everything(sc, &failures);
    ss_scenario_free(sc);
}

/* Random corners, most of them outside the valid ranges (5e-324, 1e-300,
 * 1e300): every call returns. */
static void test_random_invalid_corners(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 7);
    ss_scenario *base = test_load("baseline_2014.cfg");
    base->solver.scan_points = 9;
    base->solver.certificate_points = 33;
    base->solver.max_iterations = 100;
    int failures = 0;
    for (int game = 0; game < 300; game++) {
        ss_scenario *sc = ss_scenario_copy(base);
        assert_non_null(sc);
        randomize(rng, sc);
        solve_everything(sc, &failures);
        ss_scenario_free(sc);
    }
    print_message("invalid corners: %d of 600 solves report a failure\n", failures);
    ss_scenario_free(base);
    gsl_rng_free(rng);
}

/* Timeline runs (best responses period by period) on random invalid corners:
 * every run returns, with a message when it fails. Run 169 used to abort in
 * GSL's root finder. */
static void test_runs_on_invalid_corners(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    assert_non_null(rng);
    gsl_rng_set(rng, 11);
    ss_scenario *base = test_load("timeline_2014_2018.cfg");
    base->solver.scan_points = 9;
    int failures = 0;
    for (int game = 0; game < 200; game++) {
        ss_scenario *sc = ss_scenario_copy(base);
        assert_non_null(sc);
        randomize(rng, sc);
        ss_series *s = ss_series_alloc(sc);
        assert_non_null(s);
        ss_error err;
        ss_error_clear(&err);
        ss_status st = ss_run(sc, NULL, s, &err);
        expect_reported(st, &err);
        failures += st != SS_OK;
        ss_series_free(s);
        ss_scenario_free(sc);
    }
    print_message("invalid corners: %d of 200 runs report a failure\n", failures);
    assert_true(failures > 0);
    ss_scenario_free(base);
    gsl_rng_free(rng);
}

/* A fit of a parameter the modelled intensities do not depend on (the USA's
 * alliance pressure in the 2014-2018 timeline): the Jacobian is zero, and
 * GSL's least-squares step asked QRPT for a rank-0 solve, which reports an
 * error ("rank must have 0 < rank <= N") through the handler. It fails with
 * a status and marks the parameter not identified. */
static void test_fit_of_a_parameter_without_effect(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("timeline_2014_2018.cfg");
    ss_keyref key;
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_key_parse(sc, "usa.alliance_pressure", &key, &err), SS_OK);
    ss_fit_data *d = ss_fit_data_alloc(sc);
    assert_non_null(d);
    assert_int_equal(ss_fit_data_observed(sc, d, &err), SS_OK);
    ss_fit_result r;
    assert_int_equal(ss_fit(sc, &key, 1, d, &r, &err), SS_ENUMERIC);
    assert_non_null(strstr(err.message, "identified"));
    assert_int_equal(r.identified[0], 0);
    assert_int_equal(r.converged, 0);
    assert_true(r.estimate[0] == r.initial[0]);
    ss_fit_data_free(d);
    ss_scenario_free(sc);
}

int main(void)
{
    gsl_set_error_handler(NULL); /* GSL's default: abort on any error it reports */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overflowing_slope),
        cmocka_unit_test(test_random_invalid_corners),
        cmocka_unit_test(test_runs_on_invalid_corners),
        cmocka_unit_test(test_fit_of_a_parameter_without_effect),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
