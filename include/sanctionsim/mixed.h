/* Mixed equilibria and logit quantal-response equilibria of the leaders'
 * game (MODEL.md section 6): supports grown from best responses until the
 * certificate over the whole of [0, s_max] holds (a double-oracle loop on
 * finite games solved by finite.h), and the logit QRE on a fine grid. */
#ifndef SANCTIONSIM_MIXED_H
#define SANCTIONSIM_MIXED_H

#include "sanctionsim/error.h"
#include "sanctionsim/params.h"
#include "sanctionsim/solver.h"

/* Mixed answers and QRE take at most this many sanctioners (finite.h's
 * SS_NFG_MAX_PLAYERS). */
#define SS_MIXED_MAX_PLAYERS 8
/* The most intensities one sanctioner's support may hold while the method
 * grows it (also the most a result reports). */
#define SS_MIXED_MAX_SUPPORT 48
/* The grid of each [0, s_max_i] the QRE is computed on: at most this many
 * points, fewer for more sanctioners (ss_qre_grid_points). */
#define SS_QRE_GRID_MAX 201

typedef enum ss_mixed_kind {
    SS_ANSWER_PURE = 0, /* the pure solver's answer; no support */
    SS_ANSWER_MIXED,    /* a mixed equilibrium */
    SS_ANSWER_QRE       /* a logit QRE (not an equilibrium: max_regret says how far) */
} ss_mixed_kind;

/* A mixed answer. `r` holds expected values: r.s[i] the expected intensity,
 * r.payoff_perceived[i] and r.payoff_realized[i] the expected payoffs,
 * r.followers, r.derived, r.payoff_target and r.payoff_patron their
 * expectations over the realized profiles (r.followers.multiple: some
 * profile has several follower equilibria), r.max_regret the certificate
 * (the largest gain of a pure deviation over [0, s_max_i] against the
 * others' mixture, followers reacting to each realized profile under the
 * deviator's beliefs), r.deviator and r.deviation who gains it and where,
 * r.iterations the rounds of the method, r.certified and r.converged.
 * Sanctioner i plays support_s[i][j] with probability support_p[i][j],
 * j < k[i]; only intensities of probability above zero are listed, in
 * increasing order. */
typedef struct ss_mixed_result {
    ss_mixed_kind kind;
    ss_result r;
    double lambda; /* SS_ANSWER_QRE: its lambda */
    size_t k[SS_MIXED_MAX_PLAYERS];
    double support_s[SS_MIXED_MAX_PLAYERS][SS_MIXED_MAX_SUPPORT];
    double support_p[SS_MIXED_MAX_PLAYERS][SS_MIXED_MAX_SUPPORT];
} ss_mixed_result;

/* A mixed equilibrium of p's leaders' game: payoffs as ss_leaders_payoffs
 * gives them (in mode nash each sanctioner holds the followers at its
 * prediction for ss_solve's profile, as ss_nfg_from_params does). The
 * supports start from `pure` when not NULL (the pure solver's answer: its
 * profile and its deviation) and from each sanctioner's global best
 * response to it; each round solves the finite game on the supports
 * (ss_nfg_nash), then adds every sanctioner's global best response over
 * [0, s_max_i] to the others' mixture where it gains more than
 * o->regret_tolerance / 2, until the certificate is at most
 * o->regret_tolerance, in at most 60 rounds and at most o->max_iterations
 * (the pure solver's budget bounds this one too). Fills m (m->kind SS_ANSWER_MIXED) even when it
 * fails. Returns SS_OK (certified), SS_EINPUT (bad options, more than SS_MIXED_MAX_PLAYERS
 * sanctioners), SS_ENUMERIC (not certified within the rounds or the support limit; m holds the last
 * mixture, r.certified 0) or SS_ENOMEM, with err filled. Deterministic; thread-safe. */
ss_status ss_mixed_solve(const ss_params *p, const ss_solver_opts *o, const ss_result *pure,
                         ss_mixed_result *m, ss_error *err);

/* The answer that goes with a pure solve's result `pure` (from ss_solve):
 * the pure answer when it is certified; else, when the pure solve is not
 * certified (converged or not: best responses that jump may cycle) with a
 * finite regret, and there are at most SS_MIXED_MAX_PLAYERS sanctioners,
 * the mixed equilibrium from ss_mixed_solve started from it.
 * m->kind says which (a mixed equilibrium whose every support is one
 * intensity is reported as the pure one it is, its iterations the pure
 * solve's and the rounds). When the mixed method fails too, m holds the pure
 * answer and its status (err then says nothing). Returns m->r.status. */
ss_status ss_answer_of(const ss_params *p, const ss_solver_opts *o, const ss_result *pure,
                       ss_mixed_result *m, ss_error *err);

/* What a solve reports: the logit QRE at p->qre_lambda when p->qre_on
 * (ss_qre_solve), otherwise ss_solve from `start` (as ss_solve's) and
 * ss_answer_of. Returns m->r.status with err filled. */
ss_status ss_solve_any(const ss_params *p, const ss_solver_opts *o, const double *start,
                       ss_mixed_result *m, ss_error *err);

/* Points of the QRE's grid on each [0, s_max_i] for n sanctioners: the
 * largest K <= SS_QRE_GRID_MAX with K^n <= 65536 (201 for 2, 40 for 3, 16 for
 * 4, 9 for 5, 6 for 6, 4 for 7 and 8), at least 2. */
size_t ss_qre_grid_points(size_t n);

/* The logit QRE at lambda (>= 0) of the leaders' game on ss_qre_grid_points
 * intensities of each [0, s_max_i], evenly spaced (ss_nfg_qre, principal
 * branch). Fills m (kind SS_ANSWER_QRE) with the expectations; its support
 * lists the grid points of probability above 1e-12; r.max_regret is the
 * certificate of the QRE mixture (a QRE is not a Nash equilibrium: it is
 * reported, not required). Returns SS_OK, SS_EINPUT (lambda negative or NaN,
 * bad options, too many sanctioners), SS_ENUMERIC or SS_ENOMEM. */
ss_status ss_qre_solve(const ss_params *p, const ss_solver_opts *o, double lambda,
                       ss_mixed_result *m, ss_error *err);

/* The status word of an answer: ss_result_status_word's, but "mixed" for a
 * certified mixed equilibrium and "qre" for a QRE that was computed. */
const char *ss_mixed_status_word(const ss_mixed_result *m);

/* The support size of sanctioner i: k[i], or 1 for a pure answer. */
size_t ss_mixed_support_size(const ss_mixed_result *m, size_t i);

#endif
