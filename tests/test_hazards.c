/* Numerical hazards: parameters at the edges of their ranges solve or fail
 * with a clear status, and no NaN or infinity reaches a result or its output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/priors.h"
#include "sanctionsim/report.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/solver.h"
#include "test_support.h"

/* Applies "KEY=VALUE" through the same checks as --set: every edge tried here
 * is a value a user may give. */
static void set(ss_scenario *sc, const char *assignment)
{
    ss_error err;
    ss_error_clear(&err);
    if (ss_scenario_assign(sc, assignment, "test", &err) != SS_OK) {
        print_error("%s\n", err.message);
        fail();
    }
}

/* Sets `field` of every sanctioner to `value`. */
static void set_all(ss_scenario *sc, const char *field, const char *value)
{
    char text[160];
    for (size_t i = 0; i < sc->params.n; i++) {
        snprintf(text, sizeof text, "%s.%s=%s", sc->sanctioner[i].id, field, value);
        set(sc, text);
    }
}

static void expect_finite(double v, const char *what)
{
    if (!isfinite(v)) {
        print_error("%s is %g\n", what, v);
        fail();
    }
}

static void expect_unit(double v, const char *what)
{
    if (!(v >= 0 && v <= 1)) {
        print_error("%s = %.17g, not in [0, 1]\n", what, v);
        fail();
    }
}

/* The report in every format: no "nan" or "inf" anywhere in it. */
static void expect_clean_report(const ss_scenario *sc, const ss_result *r)
{
    static const ss_format formats[] = {SS_FORMAT_TABLE, SS_FORMAT_JSON, SS_FORMAT_TSV,
                                        SS_FORMAT_CSV};
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++) {
        char *text = NULL;
        size_t len = 0;
        FILE *out = open_memstream(&text, &len);
        assert_non_null(out);
        assert_int_equal(ss_report_solve(out, sc, r, formats[k], NULL), SS_OK);
        assert_int_equal(fclose(out), 0);
        for (char *p = text; *p; p++)
            *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        if (strstr(text, "nan") || strstr(text, "inf")) {
            print_error("format %zu writes a non-finite number:\n%s\n", k, text);
            free(text);
            fail();
        }
        free(text);
    }
}

/* Solves sc in both modes. Either it succeeds, or it fails with SS_ENUMERIC,
 * a message and a status word other than "ok"; in both cases every reported
 * number is finite and every strategy lies in [0, 1]. Returns the spe status. */
static ss_status solve_checked(ss_scenario *sc, ss_result *out)
{
    ss_status first = SS_OK;
    for (int m = 0; m < 2; m++) {
        ss_solver_opts o = sc->solver;
        o.mode = m ? SS_MODE_NASH : SS_MODE_SPE;
        ss_result r;
        ss_error err;
        ss_error_clear(&err);
        ss_status st = ss_solve(&sc->params, &o, NULL, &r, &err);
        if (st != SS_OK) {
            assert_int_equal(st, SS_ENUMERIC);
            assert_true(err.message[0] != '\0');
            assert_string_not_equal(ss_result_status_word(&r), "ok");
        }
        assert_int_equal(r.status, st);
        for (size_t i = 0; i < r.n; i++) {
            expect_unit(r.s[i], "s_i");
            expect_finite(r.payoff_perceived[i], "payoff_perceived");
            expect_finite(r.payoff_realized[i], "payoff_realized");
        }
        expect_unit(r.followers.c, "c");
        expect_unit(r.followers.p, "p");
        expect_unit(r.followers.a, "a");
        expect_unit(r.followers.q, "q");
        expect_finite(r.derived.X, "X");
        expect_finite(r.derived.D, "D");
        expect_finite(r.derived.H, "H");
        expect_finite(r.payoff_target, "payoff_target");
        expect_finite(r.payoff_patron, "payoff_patron");
        expect_finite(r.max_regret, "max_regret");
        assert_true(r.max_regret >= 0);
        expect_clean_report(sc, &r);
        if (m == 0) {
            first = st;
            if (out)
                *out = r;
        }
    }
    return first;
}

static void test_zero_leverage_everywhere(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    set_all(sc, "leverage", "0");
    ss_result r;
    assert_int_equal(solve_checked(sc, &r), SS_OK);
    assert_true(r.derived.X == 0); /* no pressure at any intensity */
    ss_scenario_free(sc);
}

/* R_i and D divide by sums of weights: with every weight zero they are 0 by
 * definition (MODEL.md section 3), not 0/0. */
static void test_all_weights_zero(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    set_all(sc, "coalition_weight", "0");
    set_all(sc, "signal_weight", "0");
    ss_result r;
    assert_int_equal(solve_checked(sc, &r), SS_OK);
    assert_true(r.derived.D == 0);
    ss_scenario_free(sc);
}

static void test_everything_zero_that_may_be(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    static const char *const fields[] = {
        "leverage",          "coalition_weight", "alliance_pressure", "norm_value",
        "territorial_stake", "axis_fear",        "deterrence_stake",  "signal_weight",
        "engagement",        "linkage",          "domestic_value"};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++)
        set_all(sc, fields[k], "0");
    set(sc, "russia.island_value=0");
    set(sc, "russia.substitution=0");
    set(sc, "russia.isolation_premium=0");
    set(sc, "russia.hedging_value=0");
    set(sc, "china.base_alignment=0");
    set(sc, "china.assertive_gain=0");
    ss_result r;
    assert_int_equal(solve_checked(sc, &r), SS_OK);
    /* sanctions only cost: nobody sanctions */
    for (size_t i = 0; i < r.n; i++)
        assert_true(r.s[i] == 0);
    ss_scenario_free(sc);
}

static void test_no_patron(void **state)
{
    (void)state;
    ss_scenario *sc = test_load_path(SS_SOURCE_DIR "/tests/bad/cases/base_nopatron.cfg");
    assert_int_equal(sc->params.has_patron, 0);
    ss_result r;
    assert_int_equal(solve_checked(sc, &r), SS_OK);
    /* MODEL.md section 2: without a patron, a = p = q = 0 */
    assert_true(r.followers.a == 0 && r.followers.p == 0 && r.followers.q == 0);
    ss_scenario_free(sc);
}

/* One sanctioner: R_i sums over nobody, so the alliance term vanishes. */
static void test_single_sanctioner(void **state)
{
    (void)state;
    char path[] = "/tmp/sanctionsim-hazard-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs("agents = (\n"
          "  { id = \"japan\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.15;\n"
          "    coalition_weight = 0.15; alliance_pressure = 1e6; norm_value = 0.4;\n"
          "    territorial_stake = 1.0; axis_fear = 1.0; deterrence_stake = 0.6;\n"
          "    signal_weight = 1.0; engagement = 0.6; },\n"
          "  { id = \"russia\"; role = \"target\"; island_value = 0.3; audience_cost = 1.0;\n"
          "    pivot_cost = 1.0; substitution = 0.6; isolation_premium = 0.5;\n"
          "    hedging_value = 0.2; },\n"
          "  { id = \"china\"; role = \"patron\"; base_alignment = 0.5; dependence_gain = 0.4;\n"
          "    alignment_cost = 1.0; secondary_risk = 0.2; assertive_gain = 0.6;\n"
          "    assertive_cost = 1.0; deterrence_sensitivity = 0.4; }\n"
          ");\n",
          f);
    assert_int_equal(fclose(f), 0);
    ss_error err;
    ss_scenario *sc = ss_scenario_load(path, &err);
    remove(path);
    assert_non_null(sc);
    assert_int_equal(sc->params.n, 1);
    double s[1] = {0.5};
    assert_true(ss_reference_level(&sc->params, s, 0) == 0);
    ss_result one;
    assert_int_equal(solve_checked(sc, &one), SS_OK);
    /* a huge alliance_pressure changes nothing when there is no coalition */
    set(sc, "japan.alliance_pressure=0");
    ss_result none;
    assert_int_equal(solve_checked(sc, &none), SS_OK);
    assert_true(fabs(one.s[0] - none.s[0]) < 1e-9);
    ss_scenario_free(sc);
}

/* Strategic complements with a strong dependence gain: (p, a) = (0, 0) and
 * (1, 1) are both equilibria. The least one is selected and the flag set. */
static void two_equilibria(ss_scenario *sc)
{
    set(sc, "china.base_alignment=-0.5");
    set(sc, "china.dependence_gain=5");
    set(sc, "china.secondary_risk=0");
    set(sc, "russia.substitution=1");
    set(sc, "russia.hedging_value=0");
    set(sc, "g7.leverage=3");
}

static void test_follower_game_with_two_equilibria(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    two_equilibria(sc);
    ss_world w = sc->params.truth;
    double s[2] = {0.3, 0.9};
    ss_aggregates g;
    ss_aggregates_of(&sc->params, &w, s, &g);
    ss_followers f;
    ss_followers_solve(&w, 1, &g, sc->solver.follower_tolerance, &f);
    assert_true(f.p == 0 && f.a == 0);
    assert_int_equal(f.multiple, 1);
    double p, a;
    ss_followers_greatest(&w, 1, &g, &p, &a);
    assert_true(p == 1 && a == 1);
    /* the whole game still solves, or says why not; nothing is NaN; and the
     * flag it reports says whether the followers' reaction to its profile has
     * a second equilibrium */
    ss_result r;
    solve_checked(sc, &r);
    ss_aggregates_of(&sc->params, &w, r.s, &g);
    ss_followers_greatest(&w, 1, &g, &p, &a);
    double tol = sc->solver.follower_tolerance;
    int differs = fabs(p - r.followers.p) > tol || fabs(a - r.followers.a) > tol;
    assert_int_equal(r.followers.multiple, differs);
    ss_scenario_free(sc);
}

/* Every bounded parameter at its largest valid value, one at a time and all
 * together: products such as omega X H reach 1e18, still finite. */
static void test_huge_valid_values(void **state)
{
    (void)state;
    static const char *const sanctioner_fields[] = {
        "exposure",      "leverage",          "coalition_weight", "alliance_pressure",
        "norm_value",    "territorial_stake", "axis_fear",        "deterrence_stake",
        "signal_weight", "engagement",        "domestic_value"};
    static const char *const follower_keys[] = {
        "russia.island_value",         "russia.audience_cost",  "russia.pivot_cost",
        "russia.isolation_premium",    "russia.hedging_value",  "russia.reciprocity.japan",
        "china.base_alignment",        "china.dependence_gain", "china.alignment_cost",
        "china.secondary_risk",        "china.assertive_gain",  "china.assertive_cost",
        "china.deterrence_sensitivity"};
    ss_scenario *all = test_load("baseline_2014.cfg");
    all->solver.scan_points = 17; /* keep the many solves short */
    for (size_t k = 0; k < sizeof sanctioner_fields / sizeof *sanctioner_fields; k++) {
        ss_scenario *sc = ss_scenario_copy(all);
        assert_non_null(sc);
        set_all(sc, sanctioner_fields[k], "1e6");
        solve_checked(sc, NULL);
        ss_scenario_free(sc);
        set_all(all, sanctioner_fields[k], "1e6");
    }
    char text[96];
    for (size_t k = 0; k < sizeof follower_keys / sizeof *follower_keys; k++) {
        ss_scenario *sc = ss_scenario_copy(all);
        assert_non_null(sc);
        snprintf(text, sizeof text, "%s=1e6", follower_keys[k]);
        set(sc, text);
        solve_checked(sc, NULL);
        ss_scenario_free(sc);
        set(all, text);
    }
    solve_checked(all, NULL);
    /* the two that may be negative, at their lowest */
    set(all, "china.base_alignment=-1e6");
    solve_checked(all, NULL);
    set(all, "china.assertive_gain=-1e6");
    solve_checked(all, NULL);
    ss_scenario_free(all);
}

/* The smallest positive values of the parameters that must be above 0, which
 * divide in the follower equilibrium (lambda, mu, nu, eps) and in the best
 * response (e), at the smallest size allowed. */
static void test_tiny_divisors(void **state)
{
    (void)state;
    static const char *const values[] = {"1e-100", "2e-100"};
    for (size_t v = 0; v < 2; v++) {
        ss_scenario *sc = test_load("baseline_2014.cfg");
        char text[96];
        static const char *const keys[] = {"russia.audience_cost", "russia.pivot_cost",
                                           "china.alignment_cost", "china.assertive_cost"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
            snprintf(text, sizeof text, "%s=%s", keys[k], values[v]);
            set(sc, text);
        }
        set_all(sc, "exposure", values[v]);
        solve_checked(sc, NULL);
        ss_scenario_free(sc);
    }
}

/* Random corners: every parameter at its lower bound, just above it, 1, or its
 * upper bound, drawn independently. No draw may give NaN or an unclear status. */
static void test_random_corners(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20141);
    ss_scenario *base = test_load("baseline_2014.cfg");
    base->solver.scan_points = 9;
    base->solver.certificate_points = 33;
    base->solver.max_iterations = 200;
    int failures = 0;
    for (int game = 0; game < 150; game++) {
        ss_scenario *sc = ss_scenario_copy(base);
        assert_non_null(sc);
        for (int part = 0; part < 3; part++) {
            ss_part which = part == 0   ? SS_PART_SANCTIONER
                            : part == 1 ? SS_PART_TARGET
                                        : SS_PART_PATRON;
            size_t owners = part == 0 ? sc->params.n : 1;
            for (size_t i = 0; i < owners; i++)
                for (size_t f = 0; ss_param_get(which, f); f++) {
                    const ss_param_info *info = ss_param_get(which, f);
                    /* the smallest valid value: (0, ...] starts at SS_PARAM_TINY */
                    double lo = info->min_open && info->min == 0 ? SS_PARAM_TINY : info->min;
                    const double corner[4] = {lo, lo + 1e-9, 1, info->max};
                    double v = corner[gsl_rng_uniform_int(rng, 4)];
                    if (v > info->max)
                        v = info->max;
                    *ss_param_addr(&sc->params, which, i, f) = v;
                }
        }
        if (solve_checked(sc, NULL) != SS_OK)
            failures++;
        ss_scenario_free(sc);
    }
    /* failures are allowed (reported as such); record how many for the log */
    print_message("random corners: %d of 150 games report a failed solve\n", failures);
    ss_scenario_free(base);
    gsl_rng_free(rng);
}

/* Priors with extreme shapes: every quantile, even at u = 0 and 1, is a
 * finite value inside the support and the parameter's range. */
static void test_prior_quantiles_at_the_edges(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_prior p;
    memset(&p, 0, sizeof p);
    ss_error err;
    assert_int_equal(ss_key_parse(sc, "japan.leverage", &p.ref, &err), SS_OK);
    const ss_param_info *info = ss_key_info(&p.ref);
    static const struct {
        ss_dist dist;
        double p1, p2, lo, hi;
    } shapes[] = {
        {SS_DIST_UNIFORM, 0, 0, 0, 1e6},          {SS_DIST_NORMAL, 1e6, 1e-12, 0, 1e6},
        {SS_DIST_NORMAL, -1e6, 1e-12, 0, 1e6}, /* all its mass below the support */
        {SS_DIST_NORMAL, 0.5, 1e6, 0, 1},         {SS_DIST_BETA, 1e-12, 1e-12, 0, 1},
        {SS_DIST_BETA, 1e6, 1e6, 0, 1},           {SS_DIST_LOGNORMAL, 1e6, 1e-12, 0, 1e6},
        {SS_DIST_LOGNORMAL, -1e6, 1e-12, 0, 1e6}, {SS_DIST_LOGNORMAL, 0, 1e6, 1e-100, 1e6},
    };
    static const double us[] = {0, 4.9406564584124654e-324, 1e-300, 1e-16, 0.5, 1 - 1e-16, 1, -1,
                                2};
    char why[128];
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        p.dist = shapes[k].dist;
        p.p1 = shapes[k].p1;
        p.p2 = shapes[k].p2;
        p.lo = shapes[k].lo;
        p.hi = shapes[k].hi;
        for (size_t u = 0; u < sizeof us / sizeof *us; u++) {
            double x = ss_prior_quantile(&p, us[u]);
            if (!(x >= p.lo && x <= p.hi) || !ss_param_check(info, x, why, sizeof why)) {
                print_error("%s prior %zu at u = %g gives %.17g\n", ss_dist_name(p.dist), k, us[u],
                            x);
                fail();
            }
        }
    }
    ss_scenario_free(sc);
}

/* Values smaller than SS_PARAM_TINY but 0 are refused where they are read:
 * 1e6 / 1e-300 overflows, and inf - inf in the follower map is NaN. */
static void test_tiny_values_refused(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_error err;
    ss_error_clear(&err);
    static const char *const tiny[] = {"china.alignment_cost=4.9406564584124654e-324",
                                       "china.alignment_cost=1e-300",
                                       "china.base_alignment=-1e-101", "japan.leverage=9e-101"};
    for (size_t k = 0; k < sizeof tiny / sizeof *tiny; k++) {
        assert_int_equal(ss_scenario_assign(sc, tiny[k], "t", &err), SS_EINPUT);
        assert_non_null(strstr(err.message,
                               k < 2 ? "must be at least 1e-100" : "must be 0 or at least 1e-100"));
    }
    assert_int_equal(ss_scenario_assign(sc, "japan.leverage=0", "t", &err), SS_OK);
    ss_scenario_free(sc);
}

/* Shocks are clamped with ss_param_clamp: whatever the draw, the value it
 * gives every parameter is valid, and a valid value is left as it is. */
static void test_clamp_always_valid(void **state)
{
    (void)state;
    static const double draws[] = {-2e6,   -1,  -1e-200, -5e-324,   0, 5e-324, 1e-200,
                                   1e-100, 0.5, 1,       1 + 1e-15, 3, 1e6,    2e6};
    static const ss_part parts[] = {SS_PART_SANCTIONER, SS_PART_TARGET, SS_PART_RECIPROCITY,
                                    SS_PART_PATRON};
    char why[128];
    for (size_t q = 0; q < sizeof parts / sizeof *parts; q++)
        for (size_t f = 0; ss_param_get(parts[q], f); f++) {
            const ss_param_info *info = ss_param_get(parts[q], f);
            for (size_t k = 0; k < sizeof draws / sizeof *draws; k++) {
                double v = ss_param_clamp(info, draws[k]);
                if (!ss_param_check(info, v, why, sizeof why))
                    fail_msg("%s: clamp(%g) = %g: %s", info->key, draws[k], v, why);
                if (ss_param_check(info, draws[k], why, sizeof why))
                    assert_true(v == draws[k]);
            }
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zero_leverage_everywhere),
        cmocka_unit_test(test_all_weights_zero),
        cmocka_unit_test(test_everything_zero_that_may_be),
        cmocka_unit_test(test_no_patron),
        cmocka_unit_test(test_single_sanctioner),
        cmocka_unit_test(test_follower_game_with_two_equilibria),
        cmocka_unit_test(test_huge_valid_values),
        cmocka_unit_test(test_tiny_divisors),
        cmocka_unit_test(test_tiny_values_refused),
        cmocka_unit_test(test_random_corners),
        cmocka_unit_test(test_prior_quantiles_at_the_edges),
        cmocka_unit_test(test_clamp_always_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
