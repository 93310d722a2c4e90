/* Tests of the finite-game solver (sim/finite.c) on games whose equilibria
 * are known from elsewhere: textbook games solved by hand here, and the
 * 2x2x2 game of McKelvey and McLennan (1997), and of the leaders' game built
 * from a scenario (sim/finite_game.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/finite.h"
#include "sanctionsim/model.h"
#include "test_support.h"

/* A two-player game from row-major payoff matrices a (row player) and b. */
static void bimatrix(ss_nfg *g, size_t rows, size_t cols, const double *a, const double *b)
{
    size_t k[2] = {rows, cols};
    assert_int_equal(ss_nfg_init(g, 2, k, NULL), SS_OK);
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols; c++) {
            size_t profile = r + rows * c; /* player 0 fastest */
            g->payoff[profile * 2] = a[r * cols + c];
            g->payoff[profile * 2 + 1] = b[r * cols + c];
        }
}

/* Whether sigma is one of the `known` profiles (each `total` long) to 1e-8;
 * returns its index or -1. */
static int which(const double *sigma, const double *known, size_t nknown, size_t total)
{
    for (size_t e = 0; e < nknown; e++) {
        double d = 0;
        for (size_t r = 0; r < total; r++)
            d = fmax(d, fabs(sigma[r] - known[e * total + r]));
        if (d <= 1e-8)
            return (int)e;
    }
    return -1;
}

/* ss_nfg_nash gives a known equilibrium, and ss_nfg_equilibria gives every
 * known one, each once, and nothing else. */
static void check_known(const ss_nfg *g, const double *known, size_t nknown)
{
    size_t total = ss_nfg_total(g);
    double sigma[64];
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_nfg_nash(g, 1e-12, sigma, &err);
    if (st != SS_OK)
        fail_msg("%s", err.message);
    assert_true(which(sigma, known, nknown, total) >= 0);
    assert_true(ss_nfg_regret(g, sigma) <= 1e-12);
    double *list;
    size_t count;
    st = ss_nfg_equilibria(g, 1e-12, &list, &count, &err);
    if (st != SS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(count, nknown);
    int seen[16] = {0};
    for (size_t e = 0; e < count; e++) {
        int w = which(list + e * total, known, nknown, total);
        assert_true(w >= 0);
        assert_int_equal(seen[w], 0);
        seen[w] = 1;
    }
    free(list);
}

static void test_matching_pennies(void **state)
{
    (void)state;
    const double a[] = {1, -1, -1, 1}, b[] = {-1, 1, 1, -1};
    ss_nfg g;
    bimatrix(&g, 2, 2, a, b);
    const double known[] = {0.5, 0.5, 0.5, 0.5};
    check_known(&g, known, 1);
    /* the values and the regret of a profile, by hand: against column
     * (0.25, 0.75), row 1 earns 0.25 - 0.75 = -0.5 and row 2 earns 0.5 */
    const double sigma[] = {1, 0, 0.25, 0.75};
    double v[2];
    ss_nfg_values(&g, sigma, 0, v);
    assert_true(fabs(v[0] + 0.5) < 1e-15 && fabs(v[1] - 0.5) < 1e-15);
    assert_true(fabs(ss_nfg_regret(&g, sigma) - 1.0) < 1e-15); /* the row's gain, 0.5 - (-0.5) */
    ss_nfg_free(&g);
}

/* Battle of the sexes: (3, 2) on both first, (2, 3) on both second, 0
 * otherwise. Pure: both first, both second. Mixed: the row plays first with
 * p such that the column is indifferent, 2p = 3(1 - p), p = 3/5; the column
 * with q, 3q = 2(1 - q), q = 2/5. */
static void test_battle_of_the_sexes(void **state)
{
    (void)state;
    const double a[] = {3, 0, 0, 2}, b[] = {2, 0, 0, 3};
    ss_nfg g;
    bimatrix(&g, 2, 2, a, b);
    const double known[] = {1, 0, 1, 0, 0, 1, 0, 1, 0.6, 0.4, 0.4, 0.6};
    check_known(&g, known, 3);
    ss_nfg_free(&g);
}

/* A zero-sum 3x3 game, A = [[0,-2,1],[1,0,-1],[-1,3,0]] for the row.
 * The column's y makes the rows indifferent: -2y2 + y3 = y1 - y3 = -y1 + 3y2,
 * so y1 = 2y3 - 2y2 and 2y1 = 3y2 + y3, y3 = 7y2/3, y1 = 8y2/3, y2 = 1/6:
 * y = (8, 3, 7)/18. The row's x makes the columns indifferent:
 * x2 - x3 = -2x1 + 3x3 = x1 - x2, so x1 = 2x2 - x3, x3 = 5x2/6, x2 = 1/3:
 * x = (7, 6, 5)/18. Value 1/18. Both are completely mixed, so the
 * equilibrium is unique (Kaplansky 1945). */
static void test_3x3_totally_mixed(void **state)
{
    (void)state;
    const double a[] = {0, -2, 1, 1, 0, -1, -1, 3, 0};
    double b[9];
    for (size_t r = 0; r < 9; r++)
        b[r] = -a[r];
    ss_nfg g;
    bimatrix(&g, 3, 3, a, b);
    const double known[] = {7. / 18, 6. / 18, 5. / 18, 8. / 18, 3. / 18, 7. / 18};
    check_known(&g, known, 1);
    double v[3];
    ss_nfg_values(&g, known, 0, v);
    for (size_t j = 0; j < 3; j++)
        assert_true(fabs(v[j] - 1. / 18) < 1e-15);
    ss_nfg_free(&g);
}

/* The 2x2x2 game of McKelvey and McLennan (1997, J. Econ. Theory 72(2)
 * 411-425), as Gambit ships it (contrib/games/2x2x2.nfg): payoffs in profile
 * order (player 1 fastest) (9,8,12) (0,0,0) (0,0,0) (9,8,2) (0,0,0) (3,4,6)
 * (3,4,6) (0,0,0). With p, q, r the probabilities of each player's first
 * strategy, the gains of the first over the second are
 *   D1 = 24qr - 6q - 12r + 3, D2 = 24pr - 8p - 12r + 4, D3 = 26pq - 8p - 8q + 2.
 * Solving D = 0 on each support by hand gives the nine equilibria below:
 * four pure, three with two players mixing, and two totally mixed,
 * (2/5, 1/2, 1/3) and (1/2, 2/5, 1/4). */
static void test_mckelvey_mclennan(void **state)
{
    (void)state;
    size_t k[3] = {2, 2, 2};
    ss_nfg g;
    assert_int_equal(ss_nfg_init(&g, 3, k, NULL), SS_OK);
    const double u[8][3] = {{9, 8, 12}, {0, 0, 0}, {0, 0, 0}, {9, 8, 2},
                            {0, 0, 0},  {3, 4, 6}, {3, 4, 6}, {0, 0, 0}};
    memcpy(g.payoff, u, sizeof u);
    const double pqr[9][3] = {{0, 0, 1},     {0, 1, 0},          {0, 0.25, 1. / 3},
                              {1, 0, 0},     {1, 1, 1},          {1. / 3, 1, 0.25},
                              {0.5, 0.5, 1}, {0.4, 0.5, 1. / 3}, {0.5, 0.4, 0.25}};
    double known[9 * 6];
    for (size_t e = 0; e < 9; e++)
        for (size_t i = 0; i < 3; i++) {
            known[e * 6 + 2 * i] = pqr[e][i];
            known[e * 6 + 2 * i + 1] = 1 - pqr[e][i];
        }
    check_known(&g, known, 9);
    ss_nfg_free(&g);
}

/* The logit response of a two-strategy player to the values (v1, v2). */
static double logit1(double lambda, double v1, double v2)
{
    return 1 / (1 + exp(lambda * (v2 - v1)));
}

/* Asymmetric matching pennies (McKelvey and Palfrey 1995): the row gets 9 on
 * (first, first) and 1 on (second, second), the column 1 where they differ.
 * Independently of the path follower, the QRE is the fixed point of
 * p -> L(lambda (9q - (1 - q))) with q = L(lambda (1 - 2p)), a decreasing map,
 * found by bisection. */
static void qre_by_bisection(double lambda, double *p_out, double *q_out)
{
    double lo = 0, hi = 1;
    for (int it = 0; it < 200; it++) {
        double p = 0.5 * (lo + hi);
        double q = logit1(lambda, 1 - p, p);
        double f = logit1(lambda, 9 * q, 1 - q) - p;
        if (f > 0)
            lo = p;
        else
            hi = p;
    }
    *p_out = 0.5 * (lo + hi);
    *q_out = logit1(lambda, 1 - *p_out, *p_out);
}

static void test_qre(void **state)
{
    (void)state;
    const double a[] = {9, 0, 0, 1}, b[] = {0, 1, 1, 0};
    ss_nfg g;
    bimatrix(&g, 2, 2, a, b);
    double sigma[4];
    ss_error err;
    assert_int_equal(ss_nfg_qre(&g, 0, sigma, &err), SS_OK);
    for (size_t r = 0; r < 4; r++)
        assert_true(sigma[r] == 0.5);
    const double lambdas[] = {0.5, 2, 10};
    for (size_t c = 0; c < 3; c++) {
        double p, q;
        qre_by_bisection(lambdas[c], &p, &q);
        if (ss_nfg_qre(&g, lambdas[c], sigma, &err) != SS_OK)
            fail_msg("%s", err.message);
        assert_true(fabs(sigma[0] - p) < 1e-9 && fabs(sigma[2] - q) < 1e-9);
        assert_true(fabs(sigma[0] + sigma[1] - 1) < 1e-12);
    }
    /* toward Nash: the column makes the row indifferent (9q = 1 - q, q = 0.1),
     * the row the column (1 - p = p) */
    assert_int_equal(ss_nfg_qre(&g, 1e4, sigma, &err), SS_OK);
    assert_true(fabs(sigma[0] - 0.5) < 1e-3 && fabs(sigma[2] - 0.1) < 1e-3);
    assert_int_equal(ss_nfg_nash(&g, 1e-12, sigma, &err), SS_OK);
    assert_true(fabs(sigma[0] - 0.5) < 1e-12 && fabs(sigma[2] - 0.1) < 1e-12);
    assert_int_equal(ss_nfg_qre(&g, -1, sigma, &err), SS_EINPUT);
    assert_int_equal(ss_nfg_qre(&g, NAN, sigma, &err), SS_EINPUT);
    ss_nfg_free(&g);
}

/* McKelvey's game with a backward bend on the principal branch (Gambit's
 * contrib/games/loopback.nfg): row payoffs 6, 6 / 7.32, 1, column 7, 7 / 6,
 * 4 (rows: the row player's strategies). With p and q the probabilities of
 * the first strategies, the QRE solves p = L(lambda (5 - 6.32 q)) and
 * q = L(2 lambda (1 - p)); G(p) = L(lambda (5 - 6.32 q(p))) - p has one
 * root at lambda = 1 and three at 1.33, inside the bend (the path turns back
 * between about 1.324 and 1.349): the branch meets 1.33 first on its upper
 * part, the largest root. At lambda = 2 it has passed the bend and is the
 * smallest of three roots (the other two lie on another component). Roots
 * found here by scanning and bisection, independently of the path follower. */
static double loop_g(double lambda, double p)
{
    double q = logit1(lambda, 2 * (1 - p), 0);
    return logit1(lambda, 5 - 6.32 * q, 0) - p;
}

static size_t loop_roots(double lambda, double *root)
{
    size_t n = 0;
    const size_t steps = 20000;
    for (size_t j = 0; j < steps; j++) {
        double lo = (double)j / steps, hi = (double)(j + 1) / steps;
        if ((loop_g(lambda, lo) > 0) == (loop_g(lambda, hi) > 0))
            continue;
        for (int it = 0; it < 100; it++) {
            double mid = 0.5 * (lo + hi);
            if ((loop_g(lambda, mid) > 0) == (loop_g(lambda, lo) > 0))
                lo = mid;
            else
                hi = mid;
        }
        root[n++] = 0.5 * (lo + hi);
    }
    return n;
}

static void test_qre_backward_bend(void **state)
{
    (void)state;
    const double a[] = {6, 6, 7.32, 1}, b[] = {7, 7, 6, 4};
    ss_nfg g;
    bimatrix(&g, 2, 2, a, b);
    double sigma[4], root[8];
    ss_error err;
    const double lambdas[] = {1, 1.33, 2};
    const size_t want_roots[] = {1, 3, 3}, pick[] = {0, 2, 0};
    for (size_t c = 0; c < 3; c++) {
        size_t n = loop_roots(lambdas[c], root);
        assert_int_equal(n, want_roots[c]);
        if (ss_nfg_qre(&g, lambdas[c], sigma, &err) != SS_OK)
            fail_msg("%s", err.message);
        assert_true(fabs(sigma[0] - root[pick[c]]) < 1e-9);
        assert_true(fabs(sigma[2] - logit1(lambdas[c], 2 * (1 - sigma[0]), 0)) < 1e-9);
    }
    /* past the bend, toward the pure equilibrium (second row, first column) */
    assert_int_equal(ss_nfg_nash(&g, 1e-12, sigma, &err), SS_OK);
    assert_true(sigma[1] == 1 && sigma[2] == 1);
    ss_nfg_free(&g);
}

/* Seeded random games of 2 to 6 players, with payoffs uniform on [0, 1) or
 * whole numbers 0, 1, 2 (many ties: degenerate games): whatever Nash
 * returns is a profile of probabilities with the regret it promises. */
static void test_nash_random(void **state)
{
    (void)state;
    static const size_t shapes[][7] = {
        {2, 10, 10}, {3, 3, 3, 3}, {4, 3, 3, 3, 3}, {5, 2, 2, 2, 2, 2}, {6, 3, 3, 3, 3, 3, 3}};
    unsigned long long x = 12345; /* fixed seed */
    for (size_t sh = 0; sh < sizeof shapes / sizeof *shapes; sh++)
        for (int ties = 0; ties < 2; ties++)
            for (int trial = 0; trial < (sh == 4 ? 1 : 4); trial++) {
                size_t n = shapes[sh][0];
                ss_nfg g;
                assert_int_equal(ss_nfg_init(&g, n, shapes[sh] + 1, NULL), SS_OK);
                for (size_t r = 0; r < g.profiles * n; r++) {
                    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                    double u = (double)(x >> 11) * 0x1p-53;
                    g.payoff[r] = ties ? floor(3 * u) : u;
                }
                double sigma[32];
                ss_error err;
                if (ss_nfg_nash(&g, 1e-10, sigma, &err) != SS_OK)
                    fail_msg("shape %zu, ties %d, trial %d: %s", sh, ties, trial, err.message);
                assert_true(ss_nfg_regret(&g, sigma) <= 1e-10);
                for (size_t i = 0; i < n; i++) {
                    double sum = 0;
                    for (size_t j = 0; j < g.k[i]; j++) {
                        double q = sigma[ss_nfg_offset(&g, i) + j];
                        assert_true(q >= 0 && q <= 1);
                        sum += q;
                    }
                    assert_true(fabs(sum - 1) < 1e-12);
                }
                ss_nfg_free(&g);
            }
}

static void test_limits(void **state)
{
    (void)state;
    ss_nfg g;
    ss_error err;
    size_t k[8] = {8, 8, 8, 8, 8, 8, 8, 9}; /* 8^7 * 9 > 2^22 */
    assert_int_equal(ss_nfg_init(&g, 8, k, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "4194304"));
    assert_null(g.payoff);
    size_t ok[8] = {8, 8, 8, 8, 8, 8, 8, 1};
    assert_int_equal(ss_nfg_init(&g, 8, ok, &err), SS_OK);
    assert_int_equal(g.profiles, 2097152u);
    assert_int_equal(ss_nfg_total(&g), 57u);
    assert_int_equal(ss_nfg_offset(&g, 7), 56u);
    ss_nfg_free(&g);
    ss_nfg_free(&g);
    assert_int_equal(ss_nfg_init(&g, 9, k, &err), SS_EINPUT);
    size_t zero[2] = {2, 0};
    assert_int_equal(ss_nfg_init(&g, 2, zero, &err), SS_EINPUT);
}

/* The leaders' game of the baseline: each payoff is the perceived payoff
 * the model gives at that profile (spe: followers react in i's world). */
static void test_from_params(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    const ss_params *p = &sc->params;
    ss_solver_opts o;
    ss_solver_defaults(&o);
    double grids[SS_NFG_MAX_PLAYERS][3];
    const double *grid[SS_NFG_MAX_PLAYERS];
    size_t k[SS_NFG_MAX_PLAYERS];
    for (size_t i = 0; i < p->n; i++) {
        double hi = ss_intensity_ceiling(&p->sanctioner[i]);
        for (size_t j = 0; j < 3; j++)
            grids[i][j] = hi * (double)j / 2;
        grid[i] = grids[i];
        k[i] = 3;
    }
    ss_nfg g;
    ss_error err;
    if (ss_nfg_from_params(p, &o, grid, k, &g, &err) != SS_OK)
        fail_msg("%s", err.message);
    /* profile (2, 1, 0, ...): ss_evaluate's perceived payoffs */
    const size_t s[SS_NFG_MAX_PLAYERS] = {2, 1};
    size_t profile = 0, stride = 1;
    double x[SS_MAX_SANCTIONERS] = {0};
    for (size_t i = 0; i < p->n; i++) {
        profile += s[i] * stride;
        stride *= 3;
        x[i] = grid[i][s[i]];
    }
    ss_result r;
    ss_evaluate(p, &o, x, &r);
    for (size_t i = 0; i < p->n; i++)
        assert_true(g.payoff[profile * p->n + i] == r.payoff_perceived[i]);
    ss_nfg_free(&g);
    /* nash: the payoffs at the solved profile's neighbours use the held followers */
    o.mode = SS_MODE_NASH;
    assert_int_equal(ss_nfg_from_params(p, &o, grid, k, &g, &err), SS_OK);
    ss_nfg_free(&g);
    const double bad[3] = {0, -0.5, 0};
    grid[0] = bad;
    assert_int_equal(ss_nfg_from_params(p, &o, grid, k, &g, &err), SS_EINPUT);
    assert_null(g.payoff);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matching_pennies),
        cmocka_unit_test(test_battle_of_the_sexes),
        cmocka_unit_test(test_3x3_totally_mixed),
        cmocka_unit_test(test_mckelvey_mclennan),
        cmocka_unit_test(test_qre),
        cmocka_unit_test(test_qre_backward_bend),
        cmocka_unit_test(test_nash_random),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_from_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
