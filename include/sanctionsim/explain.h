/* Why a sanctioner sanctions as it does: its payoff term by term at the
 * equilibrium, the equilibrium with each of its channels switched off and
 * with each of its beliefs corrected, and its cost of misperception
 * (MODEL.md sections 4, 7 and 10). The numbers only; sanctionsim/explain_report.h
 * writes them. */
#ifndef SANCTIONSIM_EXPLAIN_H
#define SANCTIONSIM_EXPLAIN_H

#include "sanctionsim/compare.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/model.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"

/* How many channels (payoff weights set to 0), and the most beliefs one
 * sanctioner can hold: every target and patron parameter and a reciprocity
 * per sanctioner. */
#define SS_EXPLAIN_CHANNELS    6
#define SS_EXPLAIN_MAX_BELIEFS (SS_MAX_SANCTIONERS + 32)
#define SS_EXPLAIN_GROUPS      3 /* reciprocity, axis, all */
#define SS_EXPLAIN_LABEL       (SS_ID_MAX + 48)

/* The payoff terms' scenario-side names: "norm_enforcement", "economic_cost",
 * "alliance_pressure", "territorial_progress", "isolation_risk",
 * "patron_assertiveness", "domestic_value" (ss_term order), and each term's
 * formula as MODEL.md section 4 writes it. */
extern const char *const ss_term_key[SS_NTERMS];
extern const char *const ss_term_formula[SS_NTERMS];

/* The agent's payoff at one profile, term by term, in one world (its own
 * view, or the truth). */
typedef struct ss_term_values {
    double value[SS_NTERMS]; /* each term, signed as it enters U_i */
    double
        marginal[SS_NTERMS]; /* its derivative in s_i (followers reacting in spe, held in nash) */
    double payoff;           /* the sum of value[]: U_i */
    double slope;            /* the sum of marginal[]: dU_i/ds_i */
} ss_term_values;

/* One equilibrium: the base one, or a counterfactual. */
typedef struct ss_explain_point {
    char label[SS_EXPLAIN_LABEL]; /* "territorial_stake", "beliefs.target.hedging_value",
                                     "reciprocity", "axis", "all"; "" for the base */
    double from, to;              /* the parameter's value, and what it becomes (channels, single
                                     beliefs: believed value to true value; NAN for groups) */
    ss_status status;             /* of the solve: SS_OK, SS_ENUMERIC */
    ss_mixed_kind kind;           /* the answer's (ss_solve_any): pure, mixed or QRE; s, c, p,
                                     a, q and the payoffs of a mixed one are expected values */
    int converged, certified;
    double max_regret;
    size_t n;
    double s[SS_MAX_SANCTIONERS];
    double c, p, a, q;
    double payoff_perceived, payoff_realized; /* the agent's */
    double change;                            /* s_agent here minus at the base equilibrium */
} ss_explain_point;

/* Everything `sanctionsim explain` reports for one sanctioner. */
typedef struct ss_explanation {
    size_t agent; /* sanctioner index */
    ss_mode mode;
    ss_explain_point base;
    ss_mixed_result answer; /* the base answer as `solve` gives it: its support when mixed */
    /* The profile the terms are evaluated at: base.s for a pure answer; for
     * a mixed answer or a QRE, the pure solver's last profile (ss_solve's,
     * not an equilibrium: the decomposition is of that pure candidate) */
    double terms_at[SS_MAX_SANCTIONERS];
    ss_term_values perceived, realized; /* at terms_at */
    size_t nchannels;
    ss_explain_point channel[SS_EXPLAIN_CHANNELS]; /* one payoff weight set to 0 */
    size_t nbeliefs;
    ss_explain_point belief[SS_EXPLAIN_MAX_BELIEFS]; /* one belief set to the truth */
    size_t ngroups;
    ss_explain_point group[SS_EXPLAIN_GROUPS]; /* groups present, in this order */
    int has_beliefs;
    ss_misperception misperception; /* ss_misperception_cost; cost 0 without beliefs */
} ss_explanation;

/* Sanctioner `agent`'s payoff at profile s term by term: each term's value and
 * its derivative in s_i, in the agent's own world (realized = 0) or in the
 * true one (realized = 1). The values are those ss_solve and ss_evaluate
 * report as payoff_perceived and payoff_realized (the same model functions);
 * the derivatives are the slopes the solver maximizes with: the followers'
 * reaction on the linear piece they lie on in `spe`, none in `nash`
 * (o->mode). */
void ss_explain_terms(const ss_params *p, const ss_solver_opts *o, const double *s, size_t agent,
                      int realized, ss_term_values *out);

/* The belief groups of MODEL.md section 10's property 3, in the order of
 * ex->group: a belief about the target's reciprocity; a belief that makes the
 * axis look stronger (the target's hedging_value or substitution, the
 * patron's dependence_gain); any belief. */
typedef enum ss_belief_group {
    SS_BELIEFS_RECIPROCITY = 0,
    SS_BELIEFS_AXIS = 1,
    SS_BELIEFS_ALL = 2
} ss_belief_group;

/* Whether belief b is in group g: the one definition of the groups, for
 * explain and the property tests alike. */
int ss_belief_in_group(const ss_belief *b, ss_belief_group g);

/* Fills ex for sanctioner `agent` of sc (0 <= agent < sc->params.n), solving
 * with sc->solver: every equilibrium is the answer `solve` gives
 * (ss_solve_any: a certified mixed equilibrium where no pure one is
 * certified, its expected values); the base equilibrium and its terms (at
 * ex->terms_at: the base profile, or the pure candidate when the answer is
 * mixed); the equilibrium with
 * each channel of section 4 switched off (norm_value, alliance_pressure,
 * territorial_stake, axis_fear, deterrence_stake, domestic_value set to 0);
 * with each of the agent's beliefs set to the truth alone, with the groups of
 * section 10's property 3 ("reciprocity": its reciprocity beliefs; "axis": its
 * beliefs about hedging_value, substitution, dependence_gain) when it holds
 * any, and with all of them ("all"); and its cost of misperception. Every
 * counterfactual solves from s = 0, as ss_solve on an edited scenario does.
 * Returns SS_OK; SS_EINPUT (bad agent or options); or the first failed solve's
 * status (SS_ENUMERIC, SS_ENOMEM) with err naming it, with ex still filled
 * (each point carries its own status). */
ss_status ss_explain(const ss_scenario *sc, size_t agent, ss_explanation *ex, ss_error *err);

#endif
