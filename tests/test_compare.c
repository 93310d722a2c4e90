/* Tests of sim/compare.c: ss_compare and ss_misperception_cost against a game
 * solved by hand, identities (a scenario against itself, beliefs equal to the
 * truth, the sign for a lone sanctioner) and the same numbers computed
 * independently with ss_solve. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/compare.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"
#include "test_support.h"

static void expect_near(double got, double want, double tol, const char *what)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
        fail();
    }
}

/* A scenario built in memory, without a file: one sanctioner "japan", a
 * target "russia", no patron, default solver settings. */
static ss_scenario *lone_sanctioner(const char *path)
{
    ss_scenario *sc = calloc(1, sizeof *sc);
    assert_non_null(sc);
    sc->path = strdup(path);
    assert_non_null(sc->path);
    snprintf(sc->name, sizeof sc->name, "%s", path);
    snprintf(sc->sanctioner[0].id, sizeof sc->sanctioner[0].id, "japan");
    snprintf(sc->target.id, sizeof sc->target.id, "russia");
    ss_solver_defaults(&sc->solver);
    ss_params *p = &sc->params;
    p->n = 1;
    p->has_patron = 0;
    /* the hand-solved game below: everything else is 0 */
    ss_sanctioner *a = &p->sanctioner[0];
    a->norm_value = 1;          /* beta */
    a->leverage = 0.8;          /* m */
    a->domestic_value = 0.1;    /* psi */
    a->territorial_stake = 0.5; /* tau */
    a->exposure = 1.5;          /* e */
    a->adjustment = 0.5;
    p->truth.target.reciprocity[0] = 0.5; /* r */
    p->truth.target.island_value = 0.05;  /* v */
    p->truth.target.audience_cost = 1;    /* lambda */
    p->truth.target.pivot_cost = 1;
    p->truth.patron.alignment_cost = 1;
    p->truth.patron.assertive_cost = 1;
    return sc;
}

/* Japan believes Russia's reciprocity is 0.2 (it is 0.5). */
static void believe_reciprocity(ss_scenario *sc, double r)
{
    ss_belief b = {0, SS_PART_RECIPROCITY, 0, 0, r};
    assert_int_equal(ss_params_set_belief(&sc->params, &b), 0);
}

/*
 * The game by hand (MODEL.md sections 3-5). One sanctioner, no patron
 * (p = a = q = 0), no engagement (I = 0, so H = 0), no deterrence weight
 * (D = 0), no alliance pressure:
 *   X = m s = 0.8 s
 *   c(s) = clip((r (1 - s) - v) / lambda) = r (1 - s) - 0.05 while positive
 *   U(s) = beta X - (e/2) s^2 + tau c + psi s = 0.9 s - 0.75 s^2 + 0.5 c(s)
 * In `spe` Japan maximizes U with c under the r it believes, rb:
 *   dU/ds = 0.9 - 1.5 s - 0.5 rb = 0  ->  s(rb) = (0.9 - 0.5 rb) / 1.5
 *   truth  r  = 0.5: s_true   = 0.65 / 1.5 = 13/30 = 0.4333...
 *   belief rb = 0.2: s_stated = 0.80 / 1.5 =  8/15 = 0.5333...
 * Both leave c interior: 0.5 (1 - 8/15) - 0.05 = 11/60 > 0, and under the
 * belief 0.2 (1 - 8/15) - 0.05 = 13/300 > 0.
 * Realized payoff (true r = 0.5): c = 0.45 - 0.5 s, so
 *   U_true(s) = 0.9 s - 0.75 s^2 + 0.225 - 0.25 s = 0.65 s - 0.75 s^2 + 0.225
 *   U_true(13/30) = 0.65^2 / 3 + 0.225 = 0.4225/3 + 0.225 = 0.36583333...
 *   U_true(8/15)  = 0.65 * 8/15 - 0.75 * 64/225 + 0.225
 *                 = 0.34666... - 0.21333... + 0.225 = 0.35833333...
 * Misperception cost (MODEL.md section 7: realized with true beliefs minus
 * realized with stated beliefs) = 0.75 (8/15 - 13/30)^2 = 0.75 * 0.01 = 0.0075.
 * Perceived payoff at the stated equilibrium (rb = 0.2):
 *   0.9 * 8/15 - 0.75 * 64/225 + 0.5 (0.2 * 7/15 - 0.05)
 *   = 0.48 - 0.21333... + 0.5 * 0.04333... = 0.28833333...
 * The target's payoff U_T = -X + c r (1 - s) - v c - (lambda/2) c^2; with c
 * interior r (1 - s) - v = lambda c, so U_T = -X + c^2 / 2:
 *   stated: -0.8 * 8/15  + (11/60)^2 / 2 = -0.42666... + 0.01680555... = -0.40986111...
 *   true:   -0.8 * 13/30 + (7/30)^2 / 2  = -0.34666... + 0.02722222... = -0.31944444...
 */
#define S_TRUE           (13.0 / 30)
#define S_STATED         (8.0 / 15)
#define C_TRUE           (7.0 / 30)
#define C_STATED         (11.0 / 60)
#define REALIZED_TRUE    (0.4225 / 3 + 0.225)
#define REALIZED_STATED  (0.65 * 8 / 15 - 0.75 * 64 / 225 + 0.225)
#define PERCEIVED_STATED (0.48 - 0.75 * 64 / 225 + 0.5 * (0.2 * 7 / 15 - 0.05))
#define TARGET_TRUE      (-0.8 * 13 / 30 + C_TRUE * C_TRUE / 2)
#define TARGET_STATED    (-0.8 * 8 / 15 + C_STATED * C_STATED / 2)
#define HAND             1e-9

static void test_misperception_by_hand(void **state)
{
    (void)state;
    expect_near(REALIZED_TRUE - REALIZED_STATED, 0.0075, 1e-15, "the arithmetic itself");
    ss_scenario *sc = lone_sanctioner("hand/stated.cfg");
    believe_reciprocity(sc, 0.2);
    ss_misperception m = {0};
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_misperception_cost(sc, 0, &m, &err), SS_OK);
    assert_string_equal(m.id, "japan");
    expect_near(m.s_stated, S_STATED, HAND, "s with the stated belief");
    expect_near(m.s_true, S_TRUE, HAND, "s with true beliefs");
    expect_near(m.realized_stated, REALIZED_STATED, HAND, "realized payoff, stated belief");
    expect_near(m.realized_true, REALIZED_TRUE, HAND, "realized payoff, true beliefs");
    expect_near(m.cost, 0.0075, HAND, "cost");
    assert_true(m.cost == m.realized_true - m.realized_stated); /* its definition */
    assert_true(m.cost > 0);                                    /* positive: misperception hurts */
    /* the scenario itself is left as it was: the belief is still there */
    assert_int_equal(sc->params.nbeliefs, 1);

    /* In `nash` Japan takes c as given, so a belief about reciprocity, which
     * only moves c, does not move its choice: dU/ds = 0.9 - 1.5 s = 0,
     * s = 0.6 with either belief, and the cost is 0 though the belief is wrong. */
    sc->solver.mode = SS_MODE_NASH;
    assert_int_equal(ss_misperception_cost(sc, 0, &m, &err), SS_OK);
    expect_near(m.s_stated, 0.6, HAND, "nash s, stated");
    expect_near(m.s_true, 0.6, HAND, "nash s, true");
    expect_near(m.cost, 0, 1e-12, "nash cost");
    ss_scenario_free(sc);
}

/* The row called `name`, or a failure. */
static const ss_compare_row *row(const ss_comparison *cmp, const char *name)
{
    for (size_t k = 0; k < cmp->nrows; k++)
        if (strcmp(cmp->rows[k].name, name) == 0)
            return &cmp->rows[k];
    fail_msg("no row '%s'", name);
    return NULL;
}

static void expect_row(const ss_comparison *cmp, const char *name, double base, double alt)
{
    const ss_compare_row *r = row(cmp, name);
    assert_true(r->in_base && r->in_alt);
    expect_near(r->base, base, HAND, name);
    expect_near(r->alt, alt, HAND, name);
}

/* The hand-solved game, stated belief (base) against the truth (alt). */
static void test_compare_by_hand(void **state)
{
    (void)state;
    ss_scenario *stated = lone_sanctioner("hand/stated.cfg");
    believe_reciprocity(stated, 0.2);
    ss_scenario *truth = lone_sanctioner("hand/truth.cfg");
    ss_comparison *cmp = malloc(sizeof *cmp);
    assert_non_null(cmp);
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_compare(stated, truth, cmp, &err), SS_OK);

    /* s, the followers, the derived quantities, payoffs, and no patron row */
    static const char *const names[] = {
        "s.japan",       "c",         "p", "a", "q", "X", "D", "H", "u.japan", "realized.japan",
        "payoff.target", "max_regret"};
    assert_int_equal(cmp->nrows, sizeof names / sizeof *names);
    for (size_t k = 0; k < cmp->nrows; k++)
        assert_string_equal(cmp->rows[k].name, names[k]);
    expect_row(cmp, "s.japan", S_STATED, S_TRUE);
    expect_row(cmp, "c", C_STATED, C_TRUE);
    expect_row(cmp, "p", 0, 0);
    expect_row(cmp, "a", 0, 0);
    expect_row(cmp, "q", 0, 0);
    expect_row(cmp, "X", 0.8 * S_STATED, 0.8 * S_TRUE);
    expect_row(cmp, "D", 0, 0);
    expect_row(cmp, "H", 0, 0);
    expect_row(cmp, "u.japan", PERCEIVED_STATED, REALIZED_TRUE); /* truth: perceived = realized */
    expect_row(cmp, "realized.japan", REALIZED_STATED, REALIZED_TRUE);
    expect_row(cmp, "payoff.target", TARGET_STATED, TARGET_TRUE);
    assert_true(row(cmp, "max_regret")->base < 1e-9 && row(cmp, "max_regret")->alt < 1e-9);

    /* the results themselves ride along */
    expect_near(cmp->base.r.s[0], S_STATED, HAND, "base result");
    expect_near(cmp->alt.r.s[0], S_TRUE, HAND, "alt result");

    /* only the base holds a belief: one misperception entry, the hand's, and
     * (alt being exactly the base without it) equal to the difference of
     * the realized rows */
    assert_int_equal(cmp->nmis, 1);
    const ss_misperception *m = &cmp->mis[0];
    assert_int_equal(m->scenario, 'b');
    assert_string_equal(m->id, "japan");
    expect_near(m->cost, 0.0075, HAND, "cost in the comparison");
    const ss_compare_row *realized = row(cmp, "realized.japan");
    expect_near(m->cost, realized->alt - realized->base, 1e-15, "cost = alt - base realized");

    free(cmp);
    ss_scenario_free(stated);
    ss_scenario_free(truth);
}

/* Sanctioners present on one side only get a row that says so. */
static void test_compare_different_agents(void **state)
{
    (void)state;
    ss_scenario *one = lone_sanctioner("hand/one.cfg");
    ss_scenario *two = lone_sanctioner("hand/two.cfg");
    /* a second sanctioner, "g7", that cares about nothing but its cost: s = 0 */
    two->params.n = 2;
    snprintf(two->sanctioner[1].id, sizeof two->sanctioner[1].id, "g7");
    two->params.sanctioner[1] = (ss_sanctioner){.exposure = 1, .adjustment = 0.5};
    ss_comparison *cmp = malloc(sizeof *cmp);
    assert_non_null(cmp);
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_compare(one, two, cmp, &err), SS_OK);
    const ss_compare_row *g7 = row(cmp, "s.g7");
    assert_true(!g7->in_base && g7->in_alt);
    expect_near(g7->alt, 0, HAND, "s.g7");
    assert_true(row(cmp, "realized.g7")->in_alt && !row(cmp, "realized.g7")->in_base);
    /* japan's choice does not depend on g7 (no alliance pressure, no reciprocity from g7) */
    expect_row(cmp, "s.japan", S_TRUE, S_TRUE);
    assert_int_equal(cmp->nmis, 0);
    free(cmp);
    ss_scenario_free(one);
    ss_scenario_free(two);
}

/* A scenario compared with itself differs by nothing, and each side's
 * misperception costs are the same. */
static void test_compare_with_itself(void **state)
{
    (void)state;
    static const char *const files[] = {"baseline_2014.cfg", "allies_2014.cfg", "cf_nash.cfg"};
    ss_comparison *cmp = malloc(sizeof *cmp);
    assert_non_null(cmp);
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        ss_scenario *sc = test_load(files[f]);
        ss_error err;
        ss_error_clear(&err);
        assert_int_equal(ss_compare(sc, sc, cmp, &err), SS_OK);
        assert_true(cmp->nrows > 0);
        for (size_t k = 0; k < cmp->nrows; k++) {
            const ss_compare_row *r = &cmp->rows[k];
            assert_true(r->in_base && r->in_alt);
            if (r->alt - r->base != 0)
                fail_msg("%s: %s differs from itself by %g", files[f], r->name, r->alt - r->base);
        }
        size_t holders = 0;
        for (size_t i = 0; i < sc->params.n; i++)
            holders += (size_t)ss_params_has_beliefs(&sc->params, i);
        assert_int_equal(cmp->nmis, 2 * holders);
        for (size_t k = 0; k < holders; k++) {
            assert_int_equal(cmp->mis[k].scenario, 'b');
            assert_int_equal(cmp->mis[holders + k].scenario, 'a');
            assert_string_equal(cmp->mis[k].id, cmp->mis[holders + k].id);
            assert_true(cmp->mis[k].cost == cmp->mis[holders + k].cost);
        }
        ss_scenario_free(sc);
    }
    free(cmp);
}

/* Beliefs that equal the truth cost nothing, exactly: the two solves are the
 * same game. */
static void test_true_beliefs_cost_nothing(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    int japan = ss_scenario_sanctioner(sc, "japan");
    assert_true(japan >= 0 && ss_params_has_beliefs(&sc->params, (size_t)japan));
    for (size_t k = 0; k < sc->params.nbeliefs; k++) { /* every belief := the true value */
        ss_belief *b = &sc->params.belief[k];
        size_t index = b->part == SS_PART_RECIPROCITY ? b->index2 : 0;
        b->value = *ss_param_addr(&sc->params, b->part, index, b->field);
    }
    ss_misperception m = {0};
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_misperception_cost(sc, (size_t)japan, &m, &err), SS_OK);
    assert_true(m.cost == 0);
    assert_true(m.s_stated == m.s_true);
    assert_true(m.realized_stated == m.realized_true);
    ss_scenario_free(sc);
}

/* The first calibration's cost for Japan (tests/fixtures), computed
 * independently: two solves with ss_solve (as stated, and with Japan's beliefs
 * removed), and the counterfactual file that removes them
 * (first_calibration_cf_true_beliefs.cfg). */
static void test_misperception_independent(void **state)
{
    (void)state;
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    ss_scenario *honest_sc = test_load_fixture("first_calibration_cf_true_beliefs.cfg");
    size_t japan = (size_t)ss_scenario_sanctioner(sc, "japan");
    ss_misperception m = {0};
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_misperception_cost(sc, japan, &m, &err), SS_OK);

    ss_params honest = sc->params;
    ss_params_clear_beliefs(&honest, japan);
    assert_false(ss_params_has_beliefs(&honest, japan));
    ss_result stated, truth, file;
    assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &stated, &err), SS_OK);
    assert_int_equal(ss_solve(&honest, &sc->solver, NULL, &truth, &err), SS_OK);
    assert_int_equal(ss_solve(&honest_sc->params, &honest_sc->solver, NULL, &file, &err), SS_OK);
    expect_near(m.realized_stated, stated.payoff_realized[japan], 1e-12, "realized, stated");
    expect_near(m.realized_true, truth.payoff_realized[japan], 1e-12, "realized, true");
    expect_near(m.s_stated, stated.s[japan], 1e-12, "s, stated");
    expect_near(m.s_true, truth.s[japan], 1e-12, "s, true");
    expect_near(m.cost, file.payoff_realized[japan] - stated.payoff_realized[japan], 1e-9,
                "cost = cf_true_beliefs realized - baseline realized");
    /* MODEL.md section 10: Japan's 2014 beliefs (overestimates) cost it */
    assert_true(m.cost > 0);
    expect_near(m.s_stated, 0.308, 1e-3, "s_japan, baseline");
    expect_near(m.s_true, 0.535, 1e-3, "s_japan, true beliefs");

    /* and ss_compare reports the same numbers for the same pair */
    ss_comparison *cmp = malloc(sizeof *cmp);
    assert_non_null(cmp);
    assert_int_equal(ss_compare(sc, honest_sc, cmp, &err), SS_OK);
    assert_int_equal(cmp->nmis, 1); /* only the baseline holds beliefs */
    assert_true(cmp->mis[0].scenario == 'b' && cmp->mis[0].cost == m.cost);
    const ss_compare_row *r = row(cmp, "realized.japan");
    assert_true(r->base == stated.payoff_realized[japan]);
    assert_true(r->alt == file.payoff_realized[japan]);
    assert_true(row(cmp, "s.japan")->base == stated.s[japan]);
    free(cmp);
    ss_scenario_free(sc);
    ss_scenario_free(honest_sc);
}

/* A lone sanctioner in `spe` that sees the truth maximizes its realized
 * payoff, so no belief can make it better off: the cost is never negative
 * (up to the solver's precision), in random games with a patron and beliefs
 * about both followers. */
static void test_lone_sanctioner_cost_not_negative(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 1905);
    int positive = 0;
    for (int k = 0; k < 30; k++) {
        ss_scenario *sc = lone_sanctioner("hand/random.cfg");
        ss_params *p = &sc->params;
        p->has_patron = 1;
        snprintf(sc->patron.id, sizeof sc->patron.id, "china");
        ss_sanctioner *a = &p->sanctioner[0];
        a->exposure = 0.5 + gsl_rng_uniform(rng);
        a->leverage = gsl_rng_uniform(rng);
        a->norm_value = gsl_rng_uniform(rng);
        a->territorial_stake = 2 * gsl_rng_uniform(rng);
        a->axis_fear = gsl_rng_uniform(rng);
        a->engagement = gsl_rng_uniform(rng);
        a->linkage = gsl_rng_uniform(rng);
        p->truth.target.reciprocity[0] = 0.6 * gsl_rng_uniform(rng);
        p->truth.target.substitution = gsl_rng_uniform(rng);
        p->truth.target.hedging_value = gsl_rng_uniform(rng);
        p->truth.patron.base_alignment = gsl_rng_uniform(rng);
        p->truth.patron.dependence_gain = gsl_rng_uniform(rng);
        ss_belief b1 = {0, SS_PART_RECIPROCITY, 0, 0, 0.6 * gsl_rng_uniform(rng)};
        ss_belief b2 = {0, SS_PART_TARGET, (size_t)ss_param_find(SS_PART_TARGET, "hedging_value"),
                        0, gsl_rng_uniform(rng)};
        ss_belief b3 = {0, SS_PART_PATRON, (size_t)ss_param_find(SS_PART_PATRON, "dependence_gain"),
                        0, gsl_rng_uniform(rng)};
        assert_int_equal(ss_params_set_belief(p, &b1), 0);
        assert_int_equal(ss_params_set_belief(p, &b2), 0);
        assert_int_equal(ss_params_set_belief(p, &b3), 0);
        ss_misperception m = {0};
        ss_error err;
        ss_error_clear(&err);
        if (ss_misperception_cost(sc, 0, &m, &err) == SS_OK) {
            if (!(m.cost >= -1e-9))
                fail_msg("game %d: cost %.3g < 0 (s stated %.6f, true %.6f)", k, m.cost, m.s_stated,
                         m.s_true);
            positive += m.cost > 1e-9;
        }
        ss_scenario_free(sc);
    }
    gsl_rng_free(rng);
    print_message("%d of 30 random lone sanctioners lose by their beliefs\n", positive);
    assert_true(positive > 0);
}

/* A solve that fails is reported with the scenario's path, and ss_compare
 * still fills the rows of both sides. */
static void test_failures_reported(void **state)
{
    (void)state;
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    sc->solver.max_iterations = 1;
    size_t japan = (size_t)ss_scenario_sanctioner(sc, "japan");
    ss_misperception m = {0};
    ss_error err;
    ss_error_clear(&err);
    assert_int_equal(ss_misperception_cost(sc, japan, &m, &err), SS_ENUMERIC);
    assert_int_equal(err.status, SS_ENUMERIC);
    assert_true(strncmp(err.message, sc->path, strlen(sc->path)) == 0);
    assert_non_null(strstr(err.message, "converge"));
    assert_string_equal(m.id, "japan");

    ss_scenario *good = test_load_fixture("first_calibration_cf_linkage.cfg");
    ss_comparison *cmp = malloc(sizeof *cmp);
    assert_non_null(cmp);
    ss_error_clear(&err);
    assert_int_equal(ss_compare(good, sc, cmp, &err), SS_ENUMERIC);
    assert_true(strncmp(err.message, sc->path, strlen(sc->path)) == 0);
    const ss_compare_row *s = row(cmp, "s.japan");
    assert_true(s->in_base && s->in_alt);
    expect_near(s->base, 0.097, 1e-3, "the good side is solved");
    assert_int_equal(cmp->alt.r.status, SS_ENUMERIC);
    free(cmp);
    ss_scenario_free(good);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_misperception_by_hand),
        cmocka_unit_test(test_compare_by_hand),
        cmocka_unit_test(test_compare_different_agents),
        cmocka_unit_test(test_compare_with_itself),
        cmocka_unit_test(test_true_beliefs_cost_nothing),
        cmocka_unit_test(test_misperception_independent),
        cmocka_unit_test(test_lone_sanctioner_cost_not_negative),
        cmocka_unit_test(test_failures_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
