/* Tests of the sensitivity designs (design.c: saltelli, morris) and the
 * estimators (sensitivity.c) against known answers from elsewhere:
 *   - the Ishigami function (a = 7, b = 0.1, x_i uniform on [-pi, pi]), whose
 *     indices are analytic (Ishigami & Homma 1990; Sobol' & Levitan 1999):
 *     S1 = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437; S13 = 0.2437 and
 *     the other pairs 0, each checked to within its bootstrap half-width;
 *   - a linear function, whose elementary effects are its slopes times the
 *     ranges, with no spread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sanctionsim/design.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/sensitivity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI_TEXT "3.141592653589793"

/* A finished design over named variables; fails the test on error. */
static void make(ss_design *d, ss_design_kind kind, size_t samples, int second_order, size_t levels,
                 const char *const *vary, size_t n)
{
    ss_error err;
    ss_design_init(d, kind);
    d->second_order = second_order;
    d->levels = levels;
    for (size_t a = 0; a < n; a++) {
        ss_status st = ss_design_vary_name(d, vary[a], &err);
        if (st)
            print_error("%s: %s\n", vary[a], err.message);
        assert_int_equal(st, SS_OK);
    }
    ss_status st = ss_design_finish(d, samples, 1, &err);
    if (st)
        print_error("%s\n", err.message);
    assert_int_equal(st, SS_OK);
}

/* Every point's values (points x nvary). */
static double *points_of(const ss_design *d)
{
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(d, &err);
    assert_non_null(s);
    double *x = malloc(d->points * d->nvary * sizeof *x);
    assert_non_null(x);
    size_t anchor;
    for (size_t i = 0; i < d->points; i++)
        ss_sampler_point(s, i, x + i * d->nvary, &anchor);
    ss_sampler_free(s);
    return x;
}

static double ishigami(const double *x)
{
    double s2 = sin(x[1]);
    return sin(x[0]) + 7 * s2 * s2 + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static const char *const ishigami_vary[] = {"x1=-" PI_TEXT ":" PI_TEXT, "x2=-" PI_TEXT ":" PI_TEXT,
                                            "x3=-" PI_TEXT ":" PI_TEXT};

/* Within the bootstrap half-width, and the half-width itself small. */
static void check_index(const char *what, double got, double conf, double want)
{
    if (!(fabs(got - want) <= conf) || !(conf < 0.05)) {
        print_error("%s = %.4f +- %.4f, want %.4f\n", what, got, conf, want);
        fail();
    }
}

static void test_ishigami(void **state)
{
    (void)state;
    ss_design d;
    make(&d, SS_DESIGN_SALTELLI, 8192, 1, 0, ishigami_vary, 3);
    assert_int_equal(d.points, 8192 * 8);
    double *x = points_of(&d), *y = malloc(d.points * sizeof *y);
    assert_non_null(y);
    for (size_t i = 0; i < d.points; i++)
        y[i] = ishigami(x + 3 * i);
    ss_sobol r;
    ss_error err;
    ss_bootstrap b = SS_BOOTSTRAP_DEFAULT;
    assert_int_equal(ss_sobol_analyze(y, 8192, 3, 1, &b, &r, &err), SS_OK);
    static const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
    for (size_t j = 0; j < 3; j++) {
        char what[32];
        snprintf(what, sizeof what, "S1[x%zu]", j + 1);
        check_index(what, r.S1[j], r.S1_conf[j], s1[j]);
        snprintf(what, sizeof what, "ST[x%zu]", j + 1);
        check_index(what, r.ST[j], r.ST_conf[j], st[j]);
    }
    check_index("S2[x1,x2]", r.S2[0 * 3 + 1], r.S2_conf[1], 0);
    check_index("S2[x1,x3]", r.S2[0 * 3 + 2], r.S2_conf[2], 0.2437);
    check_index("S2[x2,x3]", r.S2[1 * 3 + 2], r.S2_conf[5], 0);
    assert_true(isnan(r.S2[1 * 3 + 0])); /* only j < l */

    /* the same seed gives the same intervals; another seed others */
    ss_sobol again;
    assert_int_equal(ss_sobol_analyze(y, 8192, 3, 1, &b, &again, &err), SS_OK);
    assert_memory_equal(r.S1_conf, again.S1_conf, 3 * sizeof *r.S1_conf);
    ss_sobol_free(&again);
    b.seed = 2;
    assert_int_equal(ss_sobol_analyze(y, 8192, 3, 1, &b, &again, &err), SS_OK);
    assert_true(again.S1_conf[0] != r.S1_conf[0]);
    assert_true(again.S1[0] == r.S1[0]); /* the point estimate has no randomness */
    ss_sobol_free(&again);

    /* a constant output has no indices */
    for (size_t i = 0; i < d.points; i++)
        y[i] = 2;
    assert_int_equal(ss_sobol_analyze(y, 8192, 3, 1, &b, &again, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "does not vary"));
    ss_sobol_free(&r);
    ss_sobol_free(NULL);
    free(x);
    free(y);
    ss_design_free(&d);
}

/* The rows of a Saltelli block: A, AB_j (A with coordinate j of B), BA_j, B. */
static void test_saltelli_blocks(void **state)
{
    (void)state;
    ss_design d;
    make(&d, SS_DESIGN_SALTELLI, 16, 1, 0, ishigami_vary, 3);
    assert_int_equal(ss_design_block(&d), 8);
    double *x = points_of(&d);
    for (size_t b = 0; b < 16; b++) {
        const double *blk = x + b * 8 * 3, *A = blk, *B = blk + 7 * 3;
        for (size_t j = 0; j < 3; j++)
            for (size_t a = 0; a < 3; a++) {
                assert_true(blk[(1 + j) * 3 + a] == (a == j ? B[a] : A[a]));
                assert_true(blk[(4 + j) * 3 + a] == (a == j ? A[a] : B[a]));
            }
    }
    /* random access gives the same rows as walking */
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(&d, &err);
    double v[3];
    size_t anchor;
    for (size_t i = d.points; i-- > 0;) {
        ss_sampler_point(s, i, v, &anchor);
        assert_memory_equal(v, x + i * 3, sizeof v);
    }
    ss_sampler_free(s);
    free(x);
    ss_design_free(&d);
}

static void test_morris_linear(void **state)
{
    (void)state;
    static const char *const vary[] = {"a=0:1", "b=0:2", "c=-1:1", "d=log:1:100"};
    static const double slope[] = {3, -2, 0.5, 0}, range[] = {1, 2, 2, 99};
    ss_design d;
    make(&d, SS_DESIGN_MORRIS, 30, 0, 4, vary, 4);
    assert_int_equal(d.points, 30 * 5);
    double *x = points_of(&d), *y = malloc(d.points * sizeof *y);
    assert_non_null(y);
    for (size_t i = 0; i < d.points; i++) {
        y[i] = 0;
        for (size_t a = 0; a < 4; a++)
            y[i] += slope[a] * x[i * 4 + a];
        /* every value is on the grid of 4 levels */
        for (size_t a = 0; a < 3; a++) {
            double lo = a == 2 ? -1 : 0, u = (x[i * 4 + a] - lo) / range[a] * 3;
            assert_true(fabs(u - round(u)) < 1e-12);
        }
    }
    ss_morris r;
    ss_error err;
    ss_bootstrap b = SS_BOOTSTRAP_DEFAULT;
    double delta[4];
    for (size_t a = 0; a < 4; a++)
        delta[a] = ss_design_morris_delta(4, 0);
    assert_int_equal(ss_morris_analyze(x, y, 30, 4, delta, &b, &r, &err), SS_OK);
    for (size_t a = 0; a < 4; a++) {
        double want = slope[a] * range[a];
        assert_true(fabs(r.mu[a] - want) < 1e-9);
        assert_true(fabs(r.mu_star[a] - fabs(want)) < 1e-9);
        assert_true(r.sigma[a] < 1e-9);
        assert_true(r.mu_star_conf[a] < 1e-9);
    }
    ss_morris_free(&r);

    /* rows that are not trajectories are refused, naming the row */
    x[2 * 4 + 0] = x[1 * 4 + 0] + 0.25; /* row 3 of trajectory 1 moves a key more */
    x[2 * 4 + 1] = x[1 * 4 + 1] + 0.25;
    assert_int_equal(ss_morris_analyze(x, y, 30, 4, delta, &b, &r, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "trajectory 1, row 3"));
    ss_morris_free(&r);
    free(x);
    free(y);
    ss_design_free(&d);
}

/* A key given by its prior moves between the middles of equal-probability
 * strata, half its probability scale per step: its effect is still the change
 * over its whole (probability) range. china.dependence_gain's prior in the
 * timeline scenario is uniform on [0.2, 0.8]; y = 2 x has effect 2 x 0.6. */
static void test_morris_prior(void **state)
{
    (void)state;
    ss_error err;
    ss_scenario *sc = ss_scenario_load(SS_SOURCE_DIR "/scenarios/timeline_2014_2018.cfg", &err);
    assert_non_null(sc);
    ss_design d;
    ss_design_init(&d, SS_DESIGN_MORRIS);
    d.levels = 4;
    assert_int_equal(ss_design_vary(&d, sc, "china.dependence_gain", &err), SS_OK);
    assert_int_equal(ss_design_finish(&d, 5, 1, &err), SS_OK);
    double *x = points_of(&d), y[10];
    for (size_t i = 0; i < 10; i++) {
        y[i] = 2 * x[i];
        double u = (x[i] - 0.2) / 0.6 * 4 - 0.5; /* the stratum's number */
        assert_true(fabs(u - round(u)) < 1e-9);
    }
    double delta = ss_design_morris_delta(4, 1);
    ss_morris r;
    ss_bootstrap b = SS_BOOTSTRAP_DEFAULT;
    assert_int_equal(ss_morris_analyze(x, y, 5, 1, &delta, &b, &r, &err), SS_OK);
    assert_true(fabs(r.mu_star[0] - 1.2) < 1e-9);
    ss_morris_free(&r);
    free(x);
    ss_design_free(&d);
    ss_scenario_free(sc);
}

static void test_refused(void **state)
{
    (void)state;
    static const struct {
        ss_design_kind kind;
        const char *vary;
        size_t samples, levels;
        int second_order;
        const char *want;
    } cases[] = {
        {SS_DESIGN_SALTELLI, "x=0:1", 6, 0, 0, "a power of two (e.g. 4 or 8)"},
        {SS_DESIGN_SALTELLI, "x=0:1", 0, 0, 0, "needs --samples"},
        {SS_DESIGN_MORRIS, "x=0:1", 4, 3, 0, "an even number of levels"},
        {SS_DESIGN_MORRIS, "x=0,1", 4, 4, 0, "a morris design needs a range"},
        {SS_DESIGN_MORRIS, "x=1:1", 4, 4, 0, "START and STOP to differ"},
        {SS_DESIGN_LHS, "x=0:1", 4, 0, 1, "--second-order is for --design saltelli"},
        {SS_DESIGN_SOBOL, "x=0:1", 4, 4, 0, "--levels is for --design morris"},
        {SS_DESIGN_RANDOM, "x", 4, 0, 0, "a named variable needs a range"},
        {SS_DESIGN_RANDOM, "x y=0:1", 4, 0, 0, "a NAME is letters"},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        ss_design d;
        ss_error err;
        ss_design_init(&d, cases[c].kind);
        d.levels = cases[c].levels;
        d.second_order = cases[c].second_order;
        ss_status st = ss_design_vary_name(&d, cases[c].vary, &err);
        if (!st)
            st = ss_design_finish(&d, cases[c].samples, 1, &err);
        if (st != SS_EINPUT || !strstr(err.message, cases[c].want)) {
            print_error("case %zu: status %d, message '%s', want '%s'\n", c, (int)st,
                        st ? err.message : "", cases[c].want);
            fail();
        }
        ss_design_free(&d);
    }
    /* at most 20 keys: 2k Sobol dimensions */
    ss_design d;
    ss_error err;
    ss_design_init(&d, SS_DESIGN_SALTELLI);
    for (int a = 0; a < 21; a++) {
        char text[32];
        snprintf(text, sizeof text, "x%d=0:1", a);
        assert_int_equal(ss_design_vary_name(&d, text, &err), SS_OK);
    }
    assert_int_equal(ss_design_finish(&d, 8, 1, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "at most 20 keys"));
    ss_design_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ishigami),      cmocka_unit_test(test_saltelli_blocks),
        cmocka_unit_test(test_morris_linear), cmocka_unit_test(test_morris_prior),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
