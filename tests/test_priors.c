/* Tests of prior quantiles far in a tail: known answers, the support, monotonicity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctionsim/dynamics.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/timeline.h"
#include "test_support.h"

/* The Mills ratio Q(z) / phi(z) of the standard normal for z > 0, by Laplace's
 * continued fraction 1 / (z + 1 / (z + 2 / (z + 3 / (z + ...)))), evaluated
 * from 400 levels up. It needs neither GSL nor Q itself, so it checks the code
 * under test independently; for z >= 9 it has converged far below 1e-16. */
static double mills_ratio(double z)
{
    double tail = z;
    for (int k = 400; k >= 1; k--)
        tail = z + k / tail;
    return 1 / tail;
}

/* The offset t >= 0 above a (a >= 9) at which a standard normal truncated to
 * [a, inf) reaches probability u: Q(a + t) / Q(a) = 1 - u. With
 * Q(z) = phi(z) M(z), the ratio is exp(-a t - t^2 / 2) M(a + t) / M(a), so t
 * solves -a t - t^2 / 2 + log(M(a + t) / M(a)) = log(1 - u): bisection. */
static double tail_offset(double a, double u)
{
    double want = log1p(-u), lo = 0, hi = 1;
    for (int k = 0; k < 200; k++) {
        double t = 0.5 * (lo + hi);
        double f = -a * t - 0.5 * t * t + log(mills_ratio(a + t) / mills_ratio(a));
        if (f > want)
            lo = t;
        else
            hi = t;
    }
    return 0.5 * (lo + hi);
}

static ss_prior prior_on(const ss_scenario *sc, const char *key, ss_dist dist, double p1, double p2,
                         double lo, double hi)
{
    ss_prior p;
    memset(&p, 0, sizeof p);
    ss_error err;
    assert_int_equal(ss_key_parse(sc, key, &p.ref, &err), SS_OK);
    snprintf(p.key, sizeof p.key, "%s", key);
    p.dist = dist;
    p.p1 = p1;
    p.p2 = p2;
    p.lo = lo;
    p.hi = hi;
    return p;
}

static void expect_near(double got, double want, double tol, const char *what, double u)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s at u = %g: got %.17g, want %.17g\n", what, u, got, want);
        fail();
    }
}

/* normal(0.2, 0.02) truncated to [0.38, 1] lies 9 sd above its mean: the
 * issue's example, once a uniform on [0.38, 1] with median 0.69. Its median is
 * 0.2 + 0.02 Qinv(Q(9) / 2) (Q(40) is 0 in double) = 0.38 + 0.02 t with
 * Q(9 + t) = Q(9) / 2, about 0.38 + 0.02 * 0.0767. Mirrored, normal(0.8, 0.02)
 * on [0, 0.62] is the same distribution turned over. */
static void test_normal_far_in_a_tail(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_prior up = prior_on(sc, "china.base_alignment", SS_DIST_NORMAL, 0.2, 0.02, 0.38, 1);
    ss_prior down = prior_on(sc, "china.base_alignment", SS_DIST_NORMAL, 0.8, 0.02, 0, 0.62);
    static const double us[] = {1e-9, 0.1, 0.5, 0.9, 0.999};
    for (size_t k = 0; k < sizeof us / sizeof *us; k++) {
        expect_near(ss_prior_quantile(&up, us[k]), 0.38 + 0.02 * tail_offset(9, us[k]), 1e-13,
                    "upper tail", us[k]);
        expect_near(ss_prior_quantile(&down, 1 - us[k]), 0.62 - 0.02 * tail_offset(9, us[k]), 1e-13,
                    "lower tail", us[k]);
    }
    /* the median by hand: t is near log(2) / 9 = 0.077 (the exponential tail) */
    double median = ss_prior_quantile(&up, 0.5);
    assert_true(median > 0.3815 && median < 0.3816);
    ss_scenario_free(sc);
}

/* lognormal(meanlog -700, sdlog 1) on japan.leverage, whose range starts at
 * 1e-100: log(1e-100) is 469.7 sd above -700, so almost all the mass sits just
 * above 1e-100 (it was a uniform on [1e-100, 1e6], median 500000). */
static void test_lognormal_far_in_a_tail(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_prior p = prior_on(sc, "japan.leverage", SS_DIST_LOGNORMAL, -700, 1, 1e-100, 1e6);
    double a = log(1e-100) + 700;
    static const double us[] = {0.1, 0.5, 0.9, 0.999};
    for (size_t k = 0; k < sizeof us / sizeof *us; k++) {
        double want = 1e-100 * exp(tail_offset(a, us[k]));
        expect_near(ss_prior_quantile(&p, us[k]) / want, 1, 1e-9, "lognormal", us[k]);
    }
    ss_scenario_free(sc);
}

/* Quantiles of shapes far in a tail, both tails, at the edges of (0, 1) and on a
 * grid: always inside [lo, hi], never decreasing in u. */
static void test_tail_quantiles_monotone(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    static const struct {
        const char *key;
        ss_dist dist;
        double p1, p2, lo, hi;
        int piles; /* -1: the mass piles up at lo, 1: at hi, 0: neither */
    } shapes[] = {
        {"china.base_alignment", SS_DIST_NORMAL, 0.2, 0.02, 0.38, 1, -1},
        {"china.base_alignment", SS_DIST_NORMAL, 0.2, 0.002, 0.38, 0.380001, 0},
        {"china.base_alignment", SS_DIST_NORMAL, 0.2, 1e-6, 0.38, 1, -1},
        {"china.base_alignment", SS_DIST_NORMAL, 0.8, 0.02, -1, 0.62, 1},
        {"china.base_alignment", SS_DIST_NORMAL, -1e6, 1e-12, 0, 1e6, -1},
        {"china.base_alignment", SS_DIST_NORMAL, 1e6, 1e-12, -1e6, 0, 1},
        {"china.base_alignment", SS_DIST_NORMAL, 0, 1, 50, 50.000001, 0},
        {"china.base_alignment", SS_DIST_NORMAL, 0, 1, 5, 5.0000000000001, 0},
        {"japan.leverage", SS_DIST_LOGNORMAL, -700, 1, 1e-100, 1e6, -1},
        {"japan.leverage", SS_DIST_LOGNORMAL, -700, 0.01, 1e-100, 1e6, -1},
        {"japan.leverage", SS_DIST_LOGNORMAL, 700, 1, 1e-100, 1e6, 1},
        {"japan.leverage", SS_DIST_LOGNORMAL, 0, 0.001, 2, 3, -1},
        {"japan.leverage", SS_DIST_LOGNORMAL, 0, 0.001, 0.3, 0.5, 1},
    };
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        ss_prior p = prior_on(sc, shapes[k].key, shapes[k].dist, shapes[k].p1, shapes[k].p2,
                              shapes[k].lo, shapes[k].hi);
        double last = -INFINITY;
        for (int g = -2; g <= 1002; g++) {
            double u = g == -2     ? 0
                       : g == -1   ? 1e-300
                       : g == 0    ? 1e-16
                       : g == 1000 ? 1 - 1e-16
                       : g == 1001 ? 1 - 1e-300
                       : g == 1002 ? 1
                                   : g / 1000.0;
            double x = ss_prior_quantile(&p, u);
            if (!(x >= p.lo && x <= p.hi && x >= last)) {
                print_error("%s prior %zu at u = %.17g: %.17g (the one before: %.17g)\n",
                            ss_dist_name(p.dist), k, u, x, last);
                fail();
            }
            last = x;
        }
        /* far in a tail the mass piles up at the near end, never uniform */
        double median = ss_prior_quantile(&p, 0.5);
        if (shapes[k].piles < 0)
            assert_true(median - p.lo < 0.01 * (p.hi - p.lo));
        if (shapes[k].piles > 0)
            assert_true(p.hi - median < 0.01 * (p.hi - p.lo));
    }
    ss_scenario_free(sc);
}

/* `run --runs` draws the same priors (ss_run): normal(0.2, 1e-4) on
 * [0.38, 1] is 1800 sd out, so every draw lies within 1e-4 * 40 / 1800 of
 * 0.38, and each run's path is the deterministic path at 0.38 (the scenario has
 * no shocks). A uniform draw on [0.38, 1] moves the patron's payoff by far more. */
static void test_run_draws_tail_prior(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char dir[256], src[512], path[512];
    snprintf(dir, sizeof dir, "%s/ss_test_priors_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    assert_non_null(mkdtemp(dir));
    snprintf(src, sizeof src, "%s/tests/bad/cases/base_ok.cfg", SS_SOURCE_DIR);
    test_copy_file(src, dir, "base_ok.cfg");
    snprintf(path, sizeof path, "%s/tail.cfg", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("base = \"base_ok.cfg\";\n"
          "timeline = { start = \"2014-01\"; end = \"2014-06\"; step = \"month\"; };\n"
          "priors = ( { key = \"china.base_alignment\"; dist = \"normal\"; mean = 0.2;\n"
          "             sd = 0.0001; min = 0.38; max = 1; } );\n",
          f);
    assert_int_equal(fclose(f), 0);
    ss_scenario *sc = test_load_path(path);
    ss_scenario *at = ss_scenario_copy(sc);
    assert_non_null(at);
    ss_error err;
    assert_int_equal(ss_scenario_assign(at, "china.base_alignment = 0.38", "test", &err), SS_OK);
    ss_series *want = ss_series_alloc(at), *got = ss_series_alloc(sc);
    assert_non_null(want);
    assert_non_null(got);
    assert_int_equal(ss_run(at, NULL, want, &err), SS_OK);
    for (size_t run = 0; run < 10; run++) {
        ss_run_opts opts = {1, 2014, run};
        assert_int_equal(ss_run(sc, &opts, got, &err), SS_OK);
        for (size_t k = 0; k < got->nperiods; k++) {
            double a = got->result[k].payoff_patron, b = want->result[k].payoff_patron;
            if (!(fabs(a - b) <= 1e-4 * (1 + fabs(b)))) {
                print_error("run %zu, period %zu: patron payoff %.17g, at 0.38 %.17g\n", run, k, a,
                            b);
                fail();
            }
        }
    }
    ss_series_free(got);
    ss_series_free(want);
    ss_scenario_free(at);
    ss_scenario_free(sc);
    unlink(path);
    snprintf(path, sizeof path, "%s/base_ok.cfg", dir);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normal_far_in_a_tail),
        cmocka_unit_test(test_lognormal_far_in_a_tail),
        cmocka_unit_test(test_tail_quantiles_monotone),
        cmocka_unit_test(test_run_draws_tail_prior),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
