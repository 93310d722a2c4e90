/* Mixed equilibria and the logit QRE of the leaders' game (sim/mixed.c).
 *
 * Known answers: issue 12's hand check on the first calibration at
 * (japan.alliance_pressure 1.5, japan.territorial_stake 0.95): Japan's
 * payoff has two peaks, its best response jumps from 0.390 to 0.5745 as
 * s_g7 crosses 0.9100-0.9105, the best-response curves never cross, and the
 * mixed equilibrium has the G7 at about 0.910 and Japan at 0.39 with
 * probability about 0.9, otherwise at 0.5745. Each answer's certificate is
 * checked again here by a brute-force scan that shares no code with
 * mixed.c's search: the expected payoff of every intensity on a fine grid,
 * summed over the realized profiles with ss_payoff_sanctioner. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/columns.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/model.h"
#include "test_support.h"

static void expect_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
        fail();
    }
}

static ss_scenario *issue_point(void)
{
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    ss_error err;
    assert_int_equal(ss_scenario_assign(sc, "japan.alliance_pressure = 1.5", "test", &err), SS_OK);
    assert_int_equal(ss_scenario_assign(sc, "japan.territorial_stake = 0.95", "test", &err), SS_OK);
    return sc;
}

/* Sanctioner i's perceived payoff at profile s (spe: followers react, in
 * its world). */
static double payoff_at(const ss_params *p, const ss_solver_opts *o, size_t i, const double *s)
{
    ss_world w;
    ss_params_world_of(p, i, &w);
    ss_aggregates g;
    ss_followers f;
    ss_aggregates_of(p, &w, s, &g);
    ss_followers_solve(&w, p->has_patron, &g, o->follower_tolerance, &f);
    return ss_payoff_sanctioner(p, &w, i, s, &g, &f);
}

/* 2 players: sanctioner i's expected payoff at own x against the other's
 * support in m. */
static double expected_at(const ss_params *p, const ss_solver_opts *o, const ss_mixed_result *m,
                          size_t i, double x)
{
    size_t j = 1 - i;
    double s[2], sum = 0;
    for (size_t a = 0; a < m->k[j]; a++) {
        s[i] = x;
        s[j] = m->support_s[j][a];
        sum += m->support_p[j][a] * payoff_at(p, o, i, s);
    }
    return sum;
}

/* The certificate of a 2-player mixed answer by brute force: the largest
 * gain of an intensity on a grid of `points` over [0, s_max] (and of the
 * support points themselves) against the mixture's value. */
static double brute_regret(const ss_params *p, const ss_solver_opts *o, const ss_mixed_result *m,
                           size_t points)
{
    double worst = 0;
    for (size_t i = 0; i < 2; i++) {
        double value = 0, hi = ss_intensity_ceiling(&p->sanctioner[i]);
        for (size_t a = 0; a < m->k[i]; a++)
            value += m->support_p[i][a] * expected_at(p, o, m, i, m->support_s[i][a]);
        for (size_t q = 0; q < points; q++) {
            double x = hi * (double)q / (double)(points - 1);
            worst = fmax(worst, expected_at(p, o, m, i, x) - value);
        }
    }
    return worst;
}

/* The issue's point: a certified mixed equilibrium near the hand figures. */
static void issue_point_is_mixed(void **state)
{
    (void)state;
    ss_scenario *sc = issue_point();
    int japan = ss_scenario_sanctioner(sc, "japan"), g7 = ss_scenario_sanctioner(sc, "g7");
    assert_true(japan == 0 && g7 == 1);
    ss_mixed_result *m = malloc(sizeof *m);
    assert_non_null(m);
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_solve_any(&sc->params, &sc->solver, NULL, m, &err);
    if (st != SS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(m->kind, SS_ANSWER_MIXED);
    assert_string_equal(ss_mixed_status_word(m), "mixed");
    assert_true(m->r.certified);
    assert_true(m->r.max_regret <= sc->solver.regret_tolerance);
    for (size_t i = 0; i < 2; i++) {
        double sum = 0, mean = 0;
        for (size_t a = 0; a < m->k[i]; a++) {
            sum += m->support_p[i][a];
            mean += m->support_p[i][a] * m->support_s[i][a];
            print_message("%s %.6f p %.4f\n", sc->sanctioner[i].id, m->support_s[i][a],
                          m->support_p[i][a]);
        }
        expect_near(sum, 1, 1e-9, "probabilities sum to 1");
        expect_near(m->r.s[i], mean, 1e-12, "s is the expected intensity");
    }
    /* Japan: its two peaks, the low one about 0.9 */
    assert_int_equal(m->k[0], 2);
    expect_near(m->support_s[0][0], 0.390, 0.002, "Japan's low branch");
    expect_near(m->support_s[0][1], 0.5745, 0.002, "Japan's high branch");
    expect_near(m->support_p[0][0], 0.9, 0.05, "Japan's probability of the low branch");
    expect_near(m->r.s[0], 0.40, 0.02, "Japan's expected intensity");
    /* the G7 at about 0.910: where Japan's best response jumps */
    for (size_t a = 0; a < m->k[1]; a++)
        expect_near(m->support_s[1][a], 0.9102, 0.001, "the G7's support");
    /* the certificate again, by brute force on a grid 4 times as fine */
    double brute = brute_regret(&sc->params, &sc->solver, m, 4 * 257 + 1);
    print_message("certificate %.3g, brute force %.3g, rounds %zu\n", m->r.max_regret, brute,
                  m->r.iterations);
    assert_true(brute <= m->r.max_regret + 1e-12);
    /* Japan is indifferent between its branches (both best responses) */
    expect_near(expected_at(&sc->params, &sc->solver, m, 0, m->support_s[0][0]),
                expected_at(&sc->params, &sc->solver, m, 0, m->support_s[0][1]), 2e-9,
                "Japan's two branches pay the same");
    free(m);
    ss_scenario_free(sc);
}

/* The same cliff on the recalibrated baseline (scenarios/baseline_2014.cfg),
 * found by a sweep of japan.alliance_pressure at the baseline's own
 * territorial stake (1.6): mixed from 2.552 to 2.581. At 2.556 Japan plays
 * its branches near 0.540 and 0.641, the low one with probability about
 * 0.86; the G7 about 0.9035. */
static void baseline_cliff_is_mixed(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_error err;
    assert_int_equal(ss_scenario_assign(sc, "japan.alliance_pressure = 2.556", "test", &err),
                     SS_OK);
    ss_mixed_result *m = malloc(sizeof *m);
    assert_non_null(m);
    if (ss_solve_any(&sc->params, &sc->solver, NULL, m, &err) != SS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(m->kind, SS_ANSWER_MIXED);
    assert_int_equal(m->k[0], 2);
    expect_near(m->support_s[0][0], 0.540, 0.002, "Japan's low branch");
    expect_near(m->support_s[0][1], 0.641, 0.002, "Japan's high branch");
    expect_near(m->support_p[0][0], 0.86, 0.05, "its probability");
    expect_near(m->r.s[1], 0.9035, 0.001, "the G7");
    assert_true(brute_regret(&sc->params, &sc->solver, m, 1029) <= m->r.max_regret + 1e-12);
    free(m);
    ss_scenario_free(sc);
}

/* Where a pure equilibrium is certified, --mixed gives it back as a point
 * mass, for 2 and for 6 sanctioners. */
static void pure_is_a_point_mass(void **state)
{
    (void)state;
    const char *files[] = {"baseline_2014.cfg", "allies_2014.cfg"};
    for (size_t f = 0; f < 2; f++) {
        ss_scenario *sc = test_load(files[f]);
        ss_result pure;
        ss_error err;
        assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &pure, &err), SS_OK);
        ss_mixed_result *m = malloc(sizeof *m);
        assert_non_null(m);
        if (ss_mixed_solve(&sc->params, &sc->solver, &pure, m, &err) != SS_OK)
            fail_msg("%s: %s", files[f], err.message);
        for (size_t i = 0; i < sc->params.n; i++) {
            assert_int_equal(m->k[i], 1);
            expect_near(m->support_p[i][0], 1, 1e-12, "a point mass");
            expect_near(m->r.s[i], pure.s[i], 1e-9, "the pure equilibrium");
            expect_near(m->r.payoff_realized[i], pure.payoff_realized[i], 1e-9, "its payoff");
        }
        expect_near(m->r.followers.p, pure.followers.p, 1e-9, "the followers");
        /* the pure answer's columns: support 1, status ok */
        ss_mixed_result *a = malloc(sizeof *a);
        assert_non_null(a);
        assert_int_equal(ss_solve_any(&sc->params, &sc->solver, NULL, a, &err), SS_OK);
        assert_int_equal(a->kind, SS_ANSWER_PURE);
        assert_string_equal(ss_mixed_status_word(a), "ok");
        assert_int_equal(ss_mixed_support_size(a, 0), 1);
        free(a);
        free(m);
        ss_scenario_free(sc);
    }
}

/* lambda = 0: uniform play on the grid, so every expected intensity is
 * s_max / 2; bad lambdas are refused. */
static void qre_at_zero_is_uniform(void **state)
{
    (void)state;
    ss_scenario *sc = issue_point();
    ss_mixed_result *m = malloc(sizeof *m);
    assert_non_null(m);
    ss_error err;
    assert_int_equal(ss_qre_solve(&sc->params, &sc->solver, 0, m, &err), SS_OK);
    assert_int_equal(m->kind, SS_ANSWER_QRE);
    assert_string_equal(ss_mixed_status_word(m), "qre");
    for (size_t i = 0; i < sc->params.n; i++)
        expect_near(m->r.s[i], ss_intensity_ceiling(&sc->params.sanctioner[i]) / 2, 1e-12,
                    "uniform play");
    assert_int_equal(ss_qre_solve(&sc->params, &sc->solver, -1, m, &err), SS_EINPUT);
    assert_int_equal(ss_qre_solve(&sc->params, &sc->solver, NAN, m, &err), SS_EINPUT);
    /* qre.lambda is a key like any other: set, the solve is the QRE */
    ss_keyref ref;
    assert_int_equal(ss_key_parse(sc, "qre.lambda", &ref, &err), SS_OK);
    assert_int_equal(ss_key_check(&ref, "qre.lambda", -1, &err), SS_EINPUT);
    ss_key_set(&sc->params, &ref, 0);
    assert_int_equal(ss_solve_any(&sc->params, &sc->solver, NULL, m, &err), SS_OK);
    assert_int_equal(m->kind, SS_ANSWER_QRE);
    char name[64];
    ss_key_name(sc, &ref, name, sizeof name);
    assert_string_equal(name, "qre.lambda");
    free(m);
    ss_scenario_free(sc);
}

/* The grid of the QRE: K^n <= 65536, at most 201. */
static void qre_grid(void **state)
{
    (void)state;
    const size_t want[] = {0, 201, 201, 40, 16, 9, 6, 4, 4};
    for (size_t n = 1; n <= 8; n++)
        assert_int_equal(ss_qre_grid_points(n), want[n]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(issue_point_is_mixed),
        cmocka_unit_test(baseline_cliff_is_mixed),
        cmocka_unit_test(pure_is_a_point_mass),
        cmocka_unit_test(qre_at_zero_is_uniform),
        cmocka_unit_test(qre_grid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
