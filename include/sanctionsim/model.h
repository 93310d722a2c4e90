/* The balancing game's formulas: derived quantities, follower equilibrium, payoffs
 * (MODEL.md sections 3-5). This is the one place they are written. */
#ifndef SANCTIONSIM_MODEL_H
#define SANCTIONSIM_MODEL_H

#include "sanctionsim/params.h"

/* Aggregates of a sanction profile s (MODEL.md section 3), plus the sums the
 * target's concession needs. */
typedef struct ss_aggregates {
    double X;          /* gross sanction pressure sum_i m_i s_i */
    double D;          /* deterrence signal */
    double H;          /* engagement still received sum_i I_i (1 - s_i) */
    double linked;     /* sum_i l_i I_i (1 - s_i) */
    double reciprocal; /* sum_i r_i (1 - s_i), with the world's r */
} ss_aggregates;

/* The followers' strategies. */
typedef struct ss_followers {
    double c, p, a, q;
    int multiple; /* 1 when the greatest (p, a) equilibrium differs from the least */
} ss_followers;

/* Computes the aggregates of s, with the target's reciprocity taken from world w. */
void ss_aggregates_of(const ss_params *prm, const ss_world *w, const double *s, ss_aggregates *g);

/* Stage-2 equilibrium in world w for aggregates g: the least (p, a) equilibrium,
 * solved exactly on its linear pieces (MODEL.md section 5). `multiple` is set
 * when the greatest equilibrium differs by more than tol. Without a patron,
 * a = p = q = 0. */
void ss_followers_solve(const ss_world *w, int has_patron, const ss_aggregates *g, double tol,
                        ss_followers *f);

/* The followers' moves of f before their clips to [0, 1] (MODEL.md section
 * 5's right-hand sides, at aggregates g in world w): raw[0] c, raw[1] p (given
 * f's a), raw[2] a (given f's p), raw[3] q. A move is clipped at 0 where its
 * raw value is <= 0 and at 1 where it is >= 1, so these locate the followers'
 * linear pieces. Without a patron raw[1..3] are 0. */
void ss_followers_raw(const ss_world *w, int has_patron, const ss_aggregates *g,
                      const ss_followers *f, double raw[4]);

/* The greatest (p, a) equilibrium (iterated from a = 1), for checks. */
void ss_followers_greatest(const ss_world *w, int has_patron, const ss_aggregates *g, double *p,
                           double *a);

/* Coalition reference level R_i seen by sanctioner i (0 with no weight). */
double ss_reference_level(const ss_params *prm, const double *s, size_t i);

/* Sums of the aggregates over every sanctioner but one, so that sanctioner i's
 * unilateral deviations cost O(1) each. */
typedef struct ss_unilateral {
    size_t i;
    double X, dnum, dsum, H, linked, reciprocal; /* sums over j != i */
    double reference;                            /* R_i, which does not depend on s_i */
    double leverage, signal_weight, engagement, linkage, reciprocity; /* i's own */
    /* what ss_unilateral_payoff needs that does not depend on s_i: chi / nu
     * (0 without a patron) and the slopes along s_i of the (p, a) map's
     * sigma X / mu, eta H / mu, -zeta X / nu and of q's -rho D / eps */
    double dependence, d_pressure, d_hedging, d_alignment, d_assertive;
} ss_unilateral;

/* Prepares deviations of sanctioner i from profile s, in world w. */
void ss_unilateral_init(ss_unilateral *u, const ss_params *prm, const ss_world *w, const double *s,
                        size_t i);

/* The aggregates when sanctioner i plays x and the others keep s. */
void ss_unilateral_aggregates(const ss_unilateral *u, double x, ss_aggregates *g);

/* The terms of the sanctioner payoff U_i, in MODEL.md section 4's order. */
typedef enum ss_term {
    SS_TERM_NORM,       /* beta X (1 - sigma p a): norm enforcement */
    SS_TERM_COST,       /* -(e / 2) s_i^2: economic cost */
    SS_TERM_ALLIANCE,   /* -(kappa / 2) max(0, R_i - s_i)^2: alliance pressure */
    SS_TERM_TERRITORY,  /* tau c: territorial progress */
    SS_TERM_AXIS,       /* -iota a p: isolation risk */
    SS_TERM_DETERRENCE, /* -delta q: the patron's assertiveness */
    SS_TERM_DOMESTIC,   /* psi s_i: domestic value */
    SS_NTERMS
} ss_term;

/* The sanctioner payoff U_i of MODEL.md section 4 for own intensity s_i,
 * reference level R_i and substitution sigma (from the world it is seen in). */
double ss_utility(const ss_sanctioner *a, double sigma, double s_i, double reference,
                  const ss_aggregates *g, const ss_followers *f);

/* The terms of ss_utility into term[], each signed as it enters U_i (a cost
 * is negative); ss_utility is their sum in ss_term order, bit for bit. */
void ss_utility_terms(const ss_sanctioner *a, double sigma, double s_i, double reference,
                      const ss_aggregates *g, const ss_followers *f, double term[SS_NTERMS]);

/* Derivatives with respect to sanctioner i's own intensity (the aggregates are
 * linear in it). */
void ss_unilateral_slopes(const ss_unilateral *u, ss_aggregates *dg);

/* Derivatives df of the stage-2 equilibrium f along aggregate derivatives dg,
 * on the linear piece f lies on (a clipped strategy does not move). */
void ss_followers_slope(const ss_world *w, int has_patron, const ss_aggregates *g,
                        const ss_aggregates *dg, const ss_followers *f, ss_followers *df);

/* ss_utility, returned, and ss_utility_slope into *slope, in one call; both
 * bit for bit as those give them. */
double ss_utility_and_slope(const ss_sanctioner *a, double sigma, double s_i, double reference,
                            const ss_aggregates *g, const ss_aggregates *dg, const ss_followers *f,
                            const ss_followers *df, double *slope);

/* dU_i/ds_i, the derivative of ss_utility along (dg, df). */
double ss_utility_slope(const ss_sanctioner *a, double sigma, double s_i, double reference,
                        const ss_aggregates *g, const ss_aggregates *dg, const ss_followers *f,
                        const ss_followers *df);

/* The derivative of each term of ss_utility along (dg, df) into term[];
 * ss_utility_slope is their sum in ss_term order, bit for bit. */
void ss_utility_slope_terms(const ss_sanctioner *a, double sigma, double s_i, double reference,
                            const ss_aggregates *g, const ss_aggregates *dg, const ss_followers *f,
                            const ss_followers *df, double term[SS_NTERMS]);

/* Sanctioner i's payoff U_i, with sigma taken from world w (its own view, or the truth). */
double ss_payoff_sanctioner(const ss_params *prm, const ss_world *w, size_t i, const double *s,
                            const ss_aggregates *g, const ss_followers *f);

/* The target's payoff U_T in world w. */
double ss_payoff_target(const ss_params *prm, const ss_world *w, const double *s,
                        const ss_aggregates *g, const ss_followers *f);

/* The patron's payoff U_P in world w (0 without a patron). */
double ss_payoff_patron(const ss_world *w, int has_patron, const ss_aggregates *g,
                        const ss_followers *f);

/* Sanctioner a's payoff U_i when it plays x and the others keep u's profile,
 * in world w, the followers reacting (MODEL.md section 6, spe): the moves
 * into *f (f->multiple not checked: 0) and dU_i/dx into *slope, with dg from
 * ss_unilateral_slopes(u). Bit for bit ss_unilateral_aggregates, then
 * ss_followers_solve and ss_followers_slope, then ss_utility_and_slope, in
 * one call. */
double ss_unilateral_payoff(const ss_unilateral *u, const ss_aggregates *dg, const ss_sanctioner *a,
                            const ss_world *w, int has_patron, double x, ss_followers *f,
                            double *slope);

/* Whether sanctioner u->i's payoff is one smooth piece on [lo, hi] (lo < hi):
 * no clip of the followers' least equilibrium starts or stops binding there,
 * x stays on one side of the reference level (which may be lo or hi), and
 * with a patron, p and a both free, the equilibrium is unique (A E < 1);
 * `hold` (nash mode: the followers held) checks the reference level only.
 * Conservative: 0 when in doubt. 1: dU/dx is linear in x there (*q_lo =
 * *q_hi = 1). 2: p and a are both free, Q = 1 - A E is linear in x and
 * positive, and dU/dx Q^3 is a polynomial of degree at most 4; *q_lo and
 * *q_hi are Q at lo and hi. */
int ss_unilateral_smooth(const ss_unilateral *u, const ss_world *w, int has_patron, int hold,
                         double lo, double hi, double *q_lo, double *q_hi);

#endif
