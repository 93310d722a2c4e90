/* Tests of PRIM (sim/prim.c): one peel worked by hand, the choice of the input
 * to peel, a planted box recovered from noisy data, pasting, the choice of the
 * box, and the --where condition's parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sanctionsim/prim.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* 20 points x = 0..19 on one input, the condition x >= 10. alpha 0.05 peels
 * floor(0.05 * 20) = 1 point: from below the box keeps 1..19 (10 hits of 19),
 * from above 0..18 (9 of 19), so the first peel is from below: density 10/19,
 * coverage 1, mass 19/20. With --threshold 1 the chosen box is the first with
 * density 1: [10, 19] after 10 peels; pasting 9 would lower it (10/11). */
static void test_one_peel_by_hand(void **state)
{
    (void)state;
    double x[20];
    unsigned char y[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i;
        y[i] = i >= 10;
    }
    ss_prim_opts o;
    ss_prim_opts_default(&o);
    o.threshold = 1;
    ss_prim_result r;
    ss_error err;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_OK);
    assert_true(r.ntraj >= 11);
    assert_int_equal(r.traj[0].count, 20);
    assert_true(fabs(r.traj[0].density - 0.5) < 1e-15);
    const ss_prim_box *b = &r.traj[1];
    assert_true(b->lo[0] == 1 && b->hi[0] == 19);
    assert_int_equal(b->count, 19);
    assert_int_equal(b->hits, 10);
    assert_true(fabs(b->density - 10.0 / 19) < 1e-15);
    assert_true(fabs(b->coverage - 1) < 1e-15);
    assert_true(fabs(b->mass - 0.95) < 1e-15);
    assert_int_equal(b->restricted, 1);
    assert_int_equal(r.chosen, 10);
    assert_true(r.by_threshold);
    assert_true(r.traj[10].lo[0] == 10 && r.traj[10].hi[0] == 19);
    assert_true(r.pasted.lo[0] == 10 && r.pasted.hi[0] == 19);
    assert_int_equal(r.pastes, 0);
    /* peeling stops before the box holds fewer than 5% of the points: 1 */
    assert_int_equal(r.traj[r.ntraj - 1].count, 1);
    ss_prim_result_free(&r);
}

/* A 10 x 10 grid (x1, x2 in 0..9), the condition x2 >= 5. The first peel
 * removes 5 points or more: the ten at x1 = 0 (density 45/90), the ten at
 * x2 = 0 (50/90) or at x2 = 9 (40/90). PRIM takes x2 from below. */
static void test_peels_the_input_that_matters(void **state)
{
    (void)state;
    double x[200];
    unsigned char y[100];
    for (int i = 0; i < 100; i++) {
        x[2 * i] = i / 10;
        x[2 * i + 1] = i % 10;
        y[i] = i % 10 >= 5;
    }
    ss_prim_opts o;
    ss_prim_opts_default(&o);
    ss_prim_result r;
    ss_error err;
    assert_int_equal(ss_prim_run(x, y, 100, 2, &o, &r, &err), SS_OK);
    const ss_prim_box *b = &r.traj[1];
    assert_true(b->lo[0] == 0 && b->hi[0] == 9);
    assert_true(b->lo[1] == 1 && b->hi[1] == 9);
    assert_int_equal(b->count, 90);
    assert_int_equal(b->hits, 50);
    assert_int_equal(ss_prim_restricts(&r, b, 0), 0);
    assert_int_equal(ss_prim_restricts(&r, b, 1), 1);
    /* the first box of density >= 0.8 is x2 >= 4 (50/60) after 4 peels;
     * pasting x2 = 3 would lower it */
    assert_int_equal(r.chosen, 4);
    assert_true(r.pasted.lo[1] == 4 && r.pasted.hi[1] == 9);
    ss_prim_result_free(&r);
    /* with --threshold 1: x2 >= 5 exactly (5 peels), x1 unrestricted */
    o.threshold = 1;
    assert_int_equal(ss_prim_run(x, y, 100, 2, &o, &r, &err), SS_OK);
    assert_int_equal(r.chosen, 5);
    assert_true(r.pasted.lo[1] == 5 && r.pasted.hi[1] == 9);
    assert_true(r.pasted.lo[0] == 0 && r.pasted.hi[0] == 9);
    assert_true(fabs(r.pasted.density - 1) < 1e-15 && fabs(r.pasted.coverage - 1) < 1e-15);
    ss_prim_result_free(&r);
}

/* Uniform points in [0,1]^3 (gsl mt19937, seed 20261130); the condition holds
 * inside [0.2, 0.7] x [0.3, 1] x [0, 1] and not outside, each flag then
 * flipped with probability 0.05. PRIM (threshold 0.9) must find the box:
 * every bound within 0.05, the third input unrestricted. */
static void test_planted_box(void **state)
{
    (void)state;
    enum { N = 3000, K = 3 };
    static const double lo[K] = {0.2, 0.3, 0}, hi[K] = {0.7, 1, 1};
    double *x = malloc(N * K * sizeof *x);
    unsigned char *y = malloc(N);
    assert_non_null(x);
    assert_non_null(y);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20261130);
    size_t inside = 0;
    for (int i = 0; i < N; i++) {
        int in = 1;
        for (int j = 0; j < K; j++) {
            x[i * K + j] = gsl_rng_uniform(rng);
            in &= x[i * K + j] >= lo[j] && x[i * K + j] <= hi[j];
        }
        inside += in;
        y[i] = (unsigned char)(in ^ (gsl_rng_uniform(rng) < 0.05));
    }
    gsl_rng_free(rng);
    ss_prim_opts o;
    ss_prim_opts_default(&o);
    o.threshold = 0.9;
    ss_prim_result r;
    ss_error err;
    assert_int_equal(ss_prim_run(x, y, N, K, &o, &r, &err), SS_OK);
    const ss_prim_box *b = &r.pasted;
    for (int j = 0; j < K; j++) {
        print_message("input %d: [%.4f, %.4f] (planted [%.2f, %.2f])\n", j, b->lo[j], b->hi[j],
                      lo[j], hi[j]);
        assert_true(fabs(b->lo[j] - lo[j]) < 0.05);
        assert_true(fabs(b->hi[j] - hi[j]) < 0.05);
    }
    print_message("box %zu of %zu, %zu pastes: density %.3f coverage %.3f mass %.3f (planted "
                  "mass %.3f)\n",
                  r.chosen, r.ntraj, r.pastes, b->density, b->coverage, b->mass,
                  (double)inside / N);
    assert_int_equal(ss_prim_restricts(&r, b, 2), 0);
    assert_int_equal(b->restricted, 2);
    assert_true(b->density >= 0.9);
    assert_true(b->coverage > 0.8);
    /* the trajectory: mass falls step by step, by about alpha */
    for (size_t t = 1; t < r.ntraj; t++) {
        assert_true(r.traj[t].count < r.traj[t - 1].count);
        assert_true(r.traj[t].count >= (size_t)(0.05 * N));
    }
    ss_prim_result_free(&r);
    free(x);
    free(y);
}

static void test_choosing_the_box(void **state)
{
    (void)state;
    double x[20];
    unsigned char y[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i;
        y[i] = i >= 10;
    }
    ss_prim_opts o;
    ss_prim_opts_default(&o);
    ss_prim_result r;
    ss_error err;
    /* --box 3: that box, then pasted (pasting [3, 19] finds nothing denser) */
    o.box = 3;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_OK);
    assert_int_equal(r.chosen, 3);
    assert_false(r.by_threshold);
    assert_true(r.pasted.lo[0] == 3);
    ss_prim_result_free(&r);
    o.box = 1000;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "--box 1000"));
    /* no box reaches the threshold: the condition never holds; the densest
     * (the first, density 0) is taken */
    memset(y, 0, sizeof y);
    o.box = -1;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_OK);
    assert_false(r.by_threshold);
    assert_int_equal(r.chosen, 0);
    ss_prim_result_free(&r);
    o.alpha = 0.5;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "--alpha"));
    ss_prim_opts_default(&o);
    x[3] = NAN;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_EINPUT);
}

/* Pasting grows a box that peeling cut too far. x = 0..19, the condition
 * x <= 14: five peels from above reach [0, 14] (density 1), then peels from
 * below keep density 1 (the lower side first on ties): box 10 is [5, 14].
 * Pasting it adds 4, 3, 2, 1, 0 one at a time (density 1 kept), never 15. */
static void test_pasting(void **state)
{
    (void)state;
    double x[20];
    unsigned char y[20];
    for (int i = 0; i < 20; i++) {
        x[i] = i;
        y[i] = i <= 14;
    }
    ss_prim_opts o;
    ss_prim_opts_default(&o);
    o.box = 10;
    ss_prim_result r;
    ss_error err;
    assert_int_equal(ss_prim_run(x, y, 20, 1, &o, &r, &err), SS_OK);
    assert_true(r.traj[5].lo[0] == 0 && r.traj[5].hi[0] == 14);
    assert_true(r.traj[10].lo[0] == 5 && r.traj[10].hi[0] == 14);
    assert_true(r.pasted.lo[0] == 0 && r.pasted.hi[0] == 14);
    assert_int_equal(r.pastes, 5);
    assert_true(fabs(r.pasted.coverage - 1) < 1e-15);
    ss_prim_result_free(&r);
}

static void test_condition(void **state)
{
    (void)state;
    ss_condition c;
    ss_error err;
    assert_int_equal(ss_condition_parse("s.japan>=0.4", &c, &err), SS_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.term[0].column, "s.japan");
    assert_int_equal(c.term[0].op, SS_CMP_GE);
    assert_true(c.term[0].value == 0.4);
    assert_int_equal(ss_condition_parse(" a < 1 && b!=2&&c==-3e-1 && d<=0 && e>5 ", &c, &err),
                     SS_OK);
    assert_int_equal(c.n, 5);
    static const ss_cmp_op ops[] = {SS_CMP_LT, SS_CMP_NE, SS_CMP_EQ, SS_CMP_LE, SS_CMP_GT};
    for (int k = 0; k < 5; k++)
        assert_int_equal(c.term[k].op, ops[k]);
    assert_true(c.term[2].value == -0.3);
    assert_true(ss_cond_term_holds(&c.term[0], 0.5));
    assert_false(ss_cond_term_holds(&c.term[0], 1));
    assert_false(ss_cond_term_holds(&c.term[1], NAN));
    static const char *const bad[] = {"",         "s.japan",        "s.japan>=", ">=0.4",
                                      "a=1",      "a>=x",           "a>=1 &&",   "a>=1 || b<2",
                                      "a>=1 b<2", "a >= 1 & b < 2", "a=>1",      "a<>1"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        assert_int_equal(ss_condition_parse(bad[k], &c, &err), SS_EINPUT);
        assert_non_null(strstr(err.message, "--where"));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one_peel_by_hand),
        cmocka_unit_test(test_peels_the_input_that_matters),
        cmocka_unit_test(test_planted_box),
        cmocka_unit_test(test_choosing_the_box),
        cmocka_unit_test(test_pasting),
        cmocka_unit_test(test_condition),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
