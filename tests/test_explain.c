/* Tests of sim/explain.c: the known answers of MODEL.md section 10's first
 * calibration (tests/fixtures/first_calibration_2014.cfg), every
 * counterfactual row against an independent ss_solve of the edited scenario,
 * the terms against the payoffs ss_solve reports, and the marginal values
 * against central finite differences. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/explain.h"
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

static ss_scenario *first_calibration(void)
{
    return test_load_path(SS_SOURCE_DIR "/tests/fixtures/first_calibration_2014.cfg");
}

static void assign(ss_scenario *sc, const char *assignment)
{
    ss_error err;
    ss_error_clear(&err);
    if (ss_scenario_assign(sc, assignment, "test", &err) != SS_OK) {
        print_error("%s: %s\n", assignment, err.message);
        fail();
    }
}

static ss_explanation *explain(const ss_scenario *sc, size_t agent)
{
    ss_explanation *ex = malloc(sizeof *ex);
    assert_non_null(ex);
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_explain(sc, agent, ex, &err);
    if (st != SS_OK)
        print_error("%s\n", err.message);
    assert_int_equal(st, SS_OK);
    return ex;
}

static const ss_explain_point *find(const ss_explain_point *pts, size_t n, const char *label)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(pts[k].label, label) == 0)
            return &pts[k];
    print_error("no row '%s'\n", label);
    fail();
    return NULL;
}

/* The row is the solve of p from s = 0, number for number. */
static void expect_solve(const ss_explain_point *pt, const ss_params *p, const ss_solver_opts *o,
                         size_t agent, const char *what)
{
    ss_result r;
    ss_error err;
    assert_int_equal(ss_solve(p, o, NULL, &r, &err), SS_OK);
    assert_int_equal(pt->status, SS_OK);
    assert_int_equal(pt->n, p->n);
    for (size_t j = 0; j < p->n; j++)
        expect_near(pt->s[j], r.s[j], 1e-12, what);
    expect_near(pt->c, r.followers.c, 1e-12, what);
    expect_near(pt->p, r.followers.p, 1e-12, what);
    expect_near(pt->a, r.followers.a, 1e-12, what);
    expect_near(pt->q, r.followers.q, 1e-12, what);
    expect_near(pt->payoff_realized, r.payoff_realized[agent], 1e-12, what);
    expect_near(pt->payoff_perceived, r.payoff_perceived[agent], 1e-12, what);
}

/* MODEL.md section 10, the first calibration's table: the base, "Japan
 * territorial_stake = 0" (a channel off) and "Japan holds true beliefs" (all
 * beliefs corrected), and the findings: hedging_value corrected alone
 * lowers s_japan to 0.218, axis_fear = 0 and the dependence_gain belief change
 * nothing. */
static void test_known_answers(void **state)
{
    (void)state;
    ss_scenario *sc = first_calibration();
    ss_explanation *ex = explain(sc, 0);
    expect_near(ex->base.s[0], 0.308, 1e-3, "base s_japan");
    expect_near(ex->base.s[1], 0.915, 1e-3, "base s_g7");
    expect_near(ex->base.c, 0.000, 1e-3, "base c");
    expect_near(ex->base.p, 0.097, 1e-3, "base p");
    expect_near(ex->base.a, 0.374, 1e-3, "base a");
    expect_near(ex->base.q, 0.355, 1e-3, "base q");

    const ss_explain_point *t = find(ex->channel, ex->nchannels, "territorial_stake");
    expect_near(t->s[0], 0.574, 1e-3, "territorial_stake = 0: s_japan");
    expect_near(t->s[1], 0.903, 1e-3, "territorial_stake = 0: s_g7");
    expect_near(t->c, 0.000, 1e-3, "territorial_stake = 0: c");
    expect_near(t->change, 0.574 - 0.308, 2e-3, "territorial_stake = 0: change");
    const ss_explain_point *axis = find(ex->channel, ex->nchannels, "axis_fear");
    expect_near(axis->s[0], 0.308160, 1e-6, "axis_fear = 0 changes nothing");

    const ss_explain_point *all = find(ex->group, ex->ngroups, "all");
    expect_near(all->s[0], 0.535, 1e-3, "true beliefs: s_japan");
    expect_near(all->s[1], 0.904, 1e-3, "true beliefs: s_g7");
    expect_near(all->c, 0.000, 1e-3, "true beliefs: c");
    const ss_explain_point *h = find(ex->belief, ex->nbeliefs, "beliefs.target.hedging_value");
    expect_near(h->from, 0.6, 0, "hedging_value believed");
    expect_near(h->to, 0.2, 0, "hedging_value true");
    expect_near(h->s[0], 0.218, 1e-3, "hedging_value corrected: s_japan");
    const ss_explain_point *dg = find(ex->belief, ex->nbeliefs, "beliefs.patron.dependence_gain");
    expect_near(dg->s[0], 0.308160, 1e-6, "dependence_gain corrected changes nothing");
    assert_int_equal(ex->nbeliefs, 3);
    assert_int_equal(ex->ngroups, 3);

    /* the cost of misperception: realized with true beliefs minus with its own */
    assert_true(ex->has_beliefs);
    expect_near(ex->misperception.cost, all->payoff_realized - ex->base.payoff_realized, 1e-12,
                "misperception cost = the all-corrected row's realized gain");
    assert_true(ex->misperception.cost > 0);
    free(ex);
    ss_scenario_free(sc);
}

/* The rest of the table: each change applied with --set's assignment, then
 * explained; the base row is that row of the table. */
static void test_table_rows(void **state)
{
    (void)state;
    static const struct {
        const char *set, *mode;
        double s_japan, s_g7, c;
    } rows[] = {
        {NULL, "nash", 0.526, 0.915, 0.000},
        {"japan.linkage=1", NULL, 0.097, 0.924, 0.458},
        {"japan.alliance_pressure=3", NULL, 0.627, 0.900, 0.000},
        {"china.dependence_gain=1", NULL, 0.257, 0.822, 0.000},
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        ss_scenario *sc = first_calibration();
        if (rows[k].set)
            assign(sc, rows[k].set);
        if (rows[k].mode)
            assert_int_equal(ss_mode_parse(rows[k].mode, &sc->solver.mode), 0);
        ss_explanation *ex = explain(sc, 0);
        expect_near(ex->base.s[0], rows[k].s_japan, 1e-3, "s_japan");
        expect_near(ex->base.s[1], rows[k].s_g7, 1e-3, "s_g7");
        expect_near(ex->base.c, rows[k].c, 1e-3, "c");
        free(ex);
        ss_scenario_free(sc);
    }
}

/* Every channel and belief row is an independent solve of the scenario
 * edited through --set's assignment; the groups and "all" too. */
static void test_rows_are_solves(void **state)
{
    (void)state;
    const char *files[] = {SS_SOURCE_DIR "/tests/fixtures/first_calibration_2014.cfg",
                           SS_SOURCE_DIR "/scenarios/allies_2014.cfg"};
    for (size_t f = 0; f < 2; f++) {
        ss_scenario *sc = test_load_path(files[f]);
        int japan = ss_scenario_sanctioner(sc, "japan");
        assert_true(japan >= 0);
        size_t i = (size_t)japan;
        ss_explanation *ex = explain(sc, i);
        assert_int_equal(ex->nchannels, SS_EXPLAIN_CHANNELS);
        for (size_t k = 0; k < ex->nchannels; k++) {
            ss_scenario *ed = ss_scenario_copy(sc);
            assert_non_null(ed);
            char set[128];
            snprintf(set, sizeof set, "japan.%s=0", ex->channel[k].label);
            assign(ed, set);
            expect_solve(&ex->channel[k], &ed->params, &ed->solver, i, set);
            expect_near(ex->channel[k].change, ex->channel[k].s[i] - ex->base.s[i], 0, "change");
            ss_scenario_free(ed);
        }
        for (size_t k = 0; k < ex->nbeliefs; k++) {
            ss_scenario *ed = ss_scenario_copy(sc);
            assert_non_null(ed);
            char set[160];
            snprintf(set, sizeof set, "japan.%s=%.17g", ex->belief[k].label, ex->belief[k].to);
            assign(ed, set);
            expect_solve(&ex->belief[k], &ed->params, &ed->solver, i, set);
            ss_scenario_free(ed);
        }
        ss_params honest = sc->params;
        ss_params_clear_beliefs(&honest, i);
        expect_solve(find(ex->group, ex->ngroups, "all"), &honest, &sc->solver, i, "all");
        expect_near(ex->misperception.s_true, find(ex->group, ex->ngroups, "all")->s[i], 1e-12,
                    "misperception's s_true");
        free(ex);
        ss_scenario_free(sc);
    }
}

/* The axis group corrects hedging_value and dependence_gain together: the
 * same as both assignments at once. */
static void test_axis_group(void **state)
{
    (void)state;
    ss_scenario *sc = first_calibration();
    ss_explanation *ex = explain(sc, 0);
    ss_scenario *ed = ss_scenario_copy(sc);
    assert_non_null(ed);
    assign(ed, "japan.beliefs.target.hedging_value=0.2");
    assign(ed, "japan.beliefs.patron.dependence_gain=0.4");
    expect_solve(find(ex->group, ex->ngroups, "axis"), &ed->params, &ed->solver, 0, "axis");
    ss_scenario_free(ed);
    ed = ss_scenario_copy(sc);
    assert_non_null(ed);
    assign(ed, "japan.beliefs.target.reciprocity.japan=0");
    expect_solve(find(ex->group, ex->ngroups, "reciprocity"), &ed->params, &ed->solver, 0,
                 "reciprocity");
    ss_scenario_free(ed);
    free(ex);
    ss_scenario_free(sc);
}

/* The terms add up to the payoffs ss_solve reports, for every sanctioner of
 * both scenarios, in both modes. */
static void test_terms_sum_to_payoff(void **state)
{
    (void)state;
    const char *files[] = {SS_SOURCE_DIR "/tests/fixtures/first_calibration_2014.cfg",
                           SS_SOURCE_DIR "/scenarios/allies_2014.cfg"};
    for (size_t f = 0; f < 2; f++)
        for (int mode = 0; mode < 2; mode++) {
            ss_scenario *sc = test_load_path(files[f]);
            sc->solver.mode = mode ? SS_MODE_NASH : SS_MODE_SPE;
            ss_result r;
            ss_error err;
            assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &r, &err), SS_OK);
            for (size_t i = 0; i < sc->params.n; i++) {
                ss_term_values tv[2];
                for (int realized = 0; realized < 2; realized++) {
                    ss_explain_terms(&sc->params, &sc->solver, r.s, i, realized, &tv[realized]);
                    double sum = 0, slope = 0;
                    for (int k = 0; k < SS_NTERMS; k++) {
                        sum += tv[realized].value[k];
                        slope += tv[realized].marginal[k];
                    }
                    expect_near(sum, tv[realized].payoff, 1e-12, "terms add up");
                    expect_near(slope, tv[realized].slope, 1e-12, "marginals add up");
                }
                expect_near(tv[0].payoff, r.payoff_perceived[i], 1e-12, "perceived payoff");
                expect_near(tv[1].payoff, r.payoff_realized[i], 1e-12, "realized payoff");
                /* a sanctioner without beliefs sees the truth */
                if (!ss_params_has_beliefs(&sc->params, i))
                    for (int k = 0; k < SS_NTERMS; k++)
                        expect_near(tv[0].marginal[k], tv[1].marginal[k], 0, "no beliefs");
            }
            ss_scenario_free(sc);
        }
}

/* Each marginal value against a central difference of its term, and the
 * total against one of the payoff ss_evaluate reports (perceived and
 * realized), at the equilibrium and at a profile off it, in spe. */
static void test_marginal_values(void **state)
{
    (void)state;
    ss_scenario *sc = first_calibration();
    ss_result r;
    ss_error err;
    assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &r, &err), SS_OK);
    double profiles[3][2] = {{r.s[0], r.s[1]}, {0.45, 0.7}, {0.2, 0.95}};
    const double h = 1e-6;
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < 2; i++)
            for (int realized = 0; realized < 2; realized++) {
                double s[2] = {profiles[k][0], profiles[k][1]}, up[2], dn[2];
                memcpy(up, s, sizeof s);
                memcpy(dn, s, sizeof s);
                up[i] += h;
                dn[i] -= h;
                ss_term_values at, hi, lo;
                ss_explain_terms(&sc->params, &sc->solver, s, i, realized, &at);
                ss_explain_terms(&sc->params, &sc->solver, up, i, realized, &hi);
                ss_explain_terms(&sc->params, &sc->solver, dn, i, realized, &lo);
                for (int t = 0; t < SS_NTERMS; t++)
                    expect_near(at.marginal[t], (hi.value[t] - lo.value[t]) / (2 * h), 1e-6,
                                ss_term_key[t]);
                ss_result rh, rl;
                ss_evaluate(&sc->params, &sc->solver, up, &rh);
                ss_evaluate(&sc->params, &sc->solver, dn, &rl);
                double fd = realized ? rh.payoff_realized[i] - rl.payoff_realized[i]
                                     : rh.payoff_perceived[i] - rl.payoff_perceived[i];
                expect_near(at.slope, fd / (2 * h), 1e-6, "dU/ds_i");
            }
    /* at an interior equilibrium the perceived marginal values balance */
    ss_term_values japan;
    ss_explain_terms(&sc->params, &sc->solver, r.s, 0, 0, &japan);
    assert_true(r.s[0] > 0.01 && r.s[0] < 0.99);
    expect_near(japan.slope, 0, 1e-9, "first-order condition");
    ss_scenario_free(sc);
}

/* In nash the followers are held: concession and axis do not move with s_i. */
static void test_nash_holds_followers(void **state)
{
    (void)state;
    ss_scenario *sc = first_calibration();
    sc->solver.mode = SS_MODE_NASH;
    ss_explanation *ex = explain(sc, 0);
    expect_near(ex->perceived.marginal[SS_TERM_TERRITORY], 0, 0, "tau dc/ds held");
    expect_near(ex->realized.marginal[SS_TERM_AXIS], 0, 0, "iota d(ap)/ds held");
    expect_near(ex->perceived.marginal[SS_TERM_DETERRENCE], 0, 0, "delta dq/ds held");
    /* spe: Japan's view of Russia's concession falls with its sanctions */
    sc->solver.mode = SS_MODE_SPE;
    free(ex);
    ex = explain(sc, 0);
    assert_true(ex->perceived.marginal[SS_TERM_TERRITORY] < -0.1);
    free(ex);
    ss_scenario_free(sc);
}

/* A sanctioner with no beliefs: no belief rows, no groups, no cost; a bad
 * index is refused. */
static void test_no_beliefs_and_bad_agent(void **state)
{
    (void)state;
    ss_scenario *sc = first_calibration();
    ss_explanation *ex = explain(sc, 1);
    assert_false(ex->has_beliefs);
    assert_int_equal(ex->nbeliefs, 0);
    assert_int_equal(ex->ngroups, 0);
    expect_near(ex->misperception.cost, 0, 0, "no beliefs, no cost");
    ss_error err;
    assert_int_equal(ss_explain(sc, 2, ex, &err), SS_EINPUT);
    free(ex);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_answers),
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_rows_are_solves),
        cmocka_unit_test(test_axis_group),
        cmocka_unit_test(test_terms_sum_to_payoff),
        cmocka_unit_test(test_marginal_values),
        cmocka_unit_test(test_nash_holds_followers),
        cmocka_unit_test(test_no_beliefs_and_bad_agent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
