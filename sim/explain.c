/* explain: a sanctioner's payoff term by term at the equilibrium, and the
 * equilibrium with each channel switched off and each belief corrected
 * (MODEL.md sections 4, 7 and 10). */
#include "sanctionsim/explain.h"

#include "sanctionsim/keys.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ss_term_key[SS_NTERMS] = {
    "norm_enforcement", "economic_cost",        "alliance_pressure", "territorial_progress",
    "isolation_risk",   "patron_assertiveness", "domestic_value",
};

const char *const ss_term_formula[SS_NTERMS] = {
    "beta X (1 - sigma p a)",
    "-(e/2) s^2",
    "-(kappa/2) max(0, R - s)^2",
    "tau c",
    "-iota a p",
    "-delta q",
    "psi s",
};

/* The sanctioner's parameters that weigh a term of U_i and may be 0
 * (exposure, the cost, must stay positive). */
static const char *const channel_key[SS_EXPLAIN_CHANNELS] = {
    "norm_value", "alliance_pressure", "territorial_stake",
    "axis_fear",  "deterrence_stake",  "domestic_value",
};

void ss_explain_terms(const ss_params *p, const ss_solver_opts *o, const double *s, size_t agent,
                      int realized, ss_term_values *out)
{
    ss_world own;
    const ss_world *w = &p->truth;
    if (!realized) {
        ss_params_world_of(p, agent, &own);
        w = &own;
    }
    const ss_sanctioner *me = &p->sanctioner[agent];
    double sigma = w->target.substitution;
    double reference = ss_reference_level(p, s, agent);

    /* the values exactly as ss_solve's payoffs compute them */
    ss_aggregates g;
    ss_followers f;
    ss_aggregates_of(p, w, s, &g);
    ss_followers_solve(w, p->has_patron, &g, o->follower_tolerance, &f);
    ss_utility_terms(me, sigma, s[agent], reference, &g, &f, out->value);
    out->payoff = ss_payoff_sanctioner(p, w, agent, s, &g, &f);

    /* the slopes as the solver's deviations compute them (MODEL.md section 6:
     * in nash the followers are held) */
    ss_unilateral u;
    ss_aggregates gu, dg;
    ss_followers fu, df = {0, 0, 0, 0, 0};
    ss_unilateral_init(&u, p, w, s, agent);
    ss_unilateral_slopes(&u, &dg);
    ss_unilateral_aggregates(&u, s[agent], &gu);
    ss_followers_solve(w, p->has_patron, &gu, o->follower_tolerance, &fu);
    if (o->mode == SS_MODE_SPE)
        ss_followers_slope(w, p->has_patron, &gu, &dg, &fu, &df);
    ss_utility_slope_terms(me, sigma, s[agent], u.reference, &gu, &dg, &fu, &df, out->marginal);
    out->slope = ss_utility_slope(me, sigma, s[agent], u.reference, &gu, &dg, &fu, &df);
}

/* Solves p from s = 0 into pt, as `solve` does (ss_solve_any: the answer,
 * mixed where no pure equilibrium is certified), the answer in *m; the
 * change is filled by the caller. */
static ss_status solve_point(const ss_params *p, const ss_solver_opts *o, size_t agent,
                             ss_explain_point *pt, ss_mixed_result *m, ss_error *err)
{
    ss_status st = ss_solve_any(p, o, NULL, m, err);
    const ss_result *r = &m->r;
    pt->status = st;
    pt->n = p->n;
    if (st == SS_EINPUT || st == SS_ENOMEM)
        return st; /* r holds nothing */
    pt->kind = m->kind;
    pt->converged = r->converged;
    pt->certified = r->certified;
    pt->max_regret = r->max_regret;
    memcpy(pt->s, r->s, p->n * sizeof *pt->s);
    pt->c = r->followers.c;
    pt->p = r->followers.p;
    pt->a = r->followers.a;
    pt->q = r->followers.q;
    pt->payoff_perceived = r->payoff_perceived[agent];
    pt->payoff_realized = r->payoff_realized[agent];
    return st;
}

/* Solves a counterfactual; keeps the first failure in *first (and err). */
static void counterfactual(const ss_scenario *sc, const ss_params *p, size_t agent,
                           const ss_explain_point *base, ss_explain_point *pt, ss_status *first,
                           ss_error *err)
{
    ss_error e;
    ss_error_clear(&e);
    ss_mixed_result *m = malloc(sizeof *m);
    ss_status st = m ? solve_point(p, &sc->solver, agent, pt, m, &e)
                     : ss_error_set(&e, SS_ENOMEM, "out of memory");
    free(m);
    pt->status = st;
    pt->change = pt->s[agent] - base->s[agent];
    if (st != SS_OK && *first == SS_OK)
        *first = ss_error_set(err, st, "%s with %s's %s changed: %s", sc->path,
                              sc->sanctioner[agent].id, pt->label, e.message);
}

/* The belief's key without the holder's id: "beliefs.target.hedging_value". */
static void belief_label(const ss_scenario *sc, const ss_belief *b, char *buf, size_t len)
{
    ss_keyref ref = {b->part, b->holder, b->field, b->index2, 1};
    char key[SS_EXPLAIN_LABEL + SS_ID_MAX];
    ss_key_name(sc, &ref, key, sizeof key);
    size_t skip = strlen(sc->sanctioner[b->holder].id) + 1;
    const char *from = strlen(key) > skip ? key + skip : key;
    size_t n = strlen(from) < len ? strlen(from) : len - 1; /* fits: ids are short */
    memcpy(buf, from, n);
    buf[n] = '\0';
}

/* The true value of what belief b is about. */
static double belief_truth(const ss_params *p, const ss_belief *b)
{
    return ss_param_value(p, b->part, b->part == SS_PART_RECIPROCITY ? b->index2 : 0, b->field);
}

int ss_belief_in_group(const ss_belief *b, ss_belief_group group)
{
    if (group == SS_BELIEFS_RECIPROCITY)
        return b->part == SS_PART_RECIPROCITY;
    if (group == SS_BELIEFS_AXIS) {
        static const struct {
            ss_part part;
            const char *key;
        } axis[] = {{SS_PART_TARGET, "hedging_value"},
                    {SS_PART_TARGET, "substitution"},
                    {SS_PART_PATRON, "dependence_gain"}};
        for (size_t k = 0; k < sizeof axis / sizeof *axis; k++)
            if (b->part == axis[k].part &&
                (int)b->field == ss_param_find(axis[k].part, axis[k].key))
                return 1;
        return 0;
    }
    return 1;
}

/* Sets every belief of the holder that is in the group to the truth;
 * returns how many. */
static size_t correct_group(ss_params *p, size_t agent, ss_belief_group group)
{
    size_t count = 0;
    for (size_t k = 0; k < p->nbeliefs; k++) {
        ss_belief *b = &p->belief[k];
        if (b->holder == agent && ss_belief_in_group(b, group)) {
            b->value = belief_truth(p, b);
            count++;
        }
    }
    return count;
}

ss_status ss_explain(const ss_scenario *sc, size_t agent, ss_explanation *ex, ss_error *err)
{
    memset(ex, 0, sizeof *ex);
    if (agent >= sc->params.n)
        return ss_error_set(err, SS_EINPUT, "sanctioner %zu: the scenario has %zu", agent + 1,
                            sc->params.n);
    ex->agent = agent;
    ex->mode = sc->solver.mode;
    ss_explain_point *base = &ex->base;
    ss_error e;
    ss_error_clear(&e);
    ss_status st = solve_point(&sc->params, &sc->solver, agent, base, &ex->answer, &e);
    if (st != SS_OK)
        ss_error_set(err, st, "%s: %s", sc->path, e.message);
    if (st == SS_EINPUT || st == SS_ENOMEM)
        return st;
    memcpy(ex->terms_at, base->s, sc->params.n * sizeof *ex->terms_at);
    if (ex->answer.kind != SS_ANSWER_PURE) {
        /* the terms of a mixture are expectations over profiles; shown are
         * those of the pure candidate the mixed method started from */
        ss_result pure;
        ss_error pe;
        ss_solve(&sc->params, &sc->solver, NULL, &pure, &pe);
        memcpy(ex->terms_at, pure.s, sc->params.n * sizeof *ex->terms_at);
    }
    ss_explain_terms(&sc->params, &sc->solver, ex->terms_at, agent, 0, &ex->perceived);
    ss_explain_terms(&sc->params, &sc->solver, ex->terms_at, agent, 1, &ex->realized);
    base->from = base->to = NAN;

    ss_params *edit = malloc(sizeof *edit);
    if (!edit)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < SS_EXPLAIN_CHANNELS; k++) {
        ss_explain_point *pt = &ex->channel[ex->nchannels++];
        size_t field = (size_t)ss_param_find(SS_PART_SANCTIONER, channel_key[k]);
        *edit = sc->params;
        double *at = ss_param_addr(edit, SS_PART_SANCTIONER, agent, field);
        snprintf(pt->label, sizeof pt->label, "%s", channel_key[k]);
        pt->from = *at;
        pt->to = *at = 0;
        counterfactual(sc, edit, agent, base, pt, &st, err);
    }

    for (size_t k = 0; k < sc->params.nbeliefs; k++) {
        const ss_belief *b = &sc->params.belief[k];
        if (b->holder != agent || ex->nbeliefs == SS_EXPLAIN_MAX_BELIEFS)
            continue;
        ss_explain_point *pt = &ex->belief[ex->nbeliefs++];
        *edit = sc->params;
        belief_label(sc, b, pt->label, sizeof pt->label);
        pt->from = b->value;
        pt->to = edit->belief[k].value = belief_truth(edit, b);
        counterfactual(sc, edit, agent, base, pt, &st, err);
    }
    ex->has_beliefs = ex->nbeliefs > 0;

    static const char *const group_name[SS_EXPLAIN_GROUPS] = {"reciprocity", "axis", "all"};
    for (int gr = 0; gr < SS_EXPLAIN_GROUPS && ex->has_beliefs; gr++) {
        *edit = sc->params;
        if (correct_group(edit, agent, (ss_belief_group)gr) == 0)
            continue;
        ss_explain_point *pt = &ex->group[ex->ngroups++];
        snprintf(pt->label, sizeof pt->label, "%s", group_name[gr]);
        pt->from = pt->to = NAN;
        counterfactual(sc, edit, agent, base, pt, &st, err);
    }
    free(edit);

    ss_error_clear(&e);
    ss_status sm = ss_misperception_cost(sc, agent, &ex->misperception, &e);
    if (sm != SS_OK && st == SS_OK)
        st = ss_error_set(err, sm, "%s", e.message);
    return st;
}
