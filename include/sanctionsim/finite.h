/* Finite games in normal form: Nash equilibria and logit quantal-response
 * equilibria of an N-player game with finitely many pure strategies each, and
 * the leaders' game of a scenario restricted to finite intensity sets
 * (docs/solver.md, "Finite games"). */
#ifndef SANCTIONSIM_FINITE_H
#define SANCTIONSIM_FINITE_H

#include "sanctionsim/error.h"
#include "sanctionsim/model.h"
#include "sanctionsim/params.h"
#include "sanctionsim/solver.h"
#include <stddef.h>

#define SS_NFG_MAX_PLAYERS  8        /* as SS_MAX_SANCTIONERS allows */
#define SS_NFG_MAX_PROFILES 4194304u /* product of strategy counts the solver takes */

/* Every function here is thread-safe (no shared state) and deterministic.
 *
 * A game in normal form. A mixed profile sigma is one array of ss_nfg_total
 * probabilities: player i's block of k[i] starts at ss_nfg_offset(g, i). */
typedef struct ss_nfg {
    size_t n;                     /* players, 1..SS_NFG_MAX_PLAYERS */
    size_t k[SS_NFG_MAX_PLAYERS]; /* strategies of each player, >= 1 */
    size_t profiles;              /* product of k */
    double *payoff;               /* payoff[profile * n + i]; profile index with player 0's strategy
                                     varying fastest (Gambit's order) */
} ss_nfg;

/* Sets up g for n players with k[i] strategies each, every payoff 0 (g->payoff
 * is calloc'ed; ss_nfg_free frees it). SS_EINPUT when n is outside
 * 1..SS_NFG_MAX_PLAYERS, a k[i] is 0, or the product exceeds SS_NFG_MAX_PROFILES
 * (the message names the limit); SS_ENOMEM. On failure g->payoff is NULL. */
ss_status ss_nfg_init(ss_nfg *g, size_t n, const size_t *k, ss_error *err);

/* Frees g's payoffs and sets g->payoff to NULL; g NULL or already freed does nothing. */
void ss_nfg_free(ss_nfg *g);

size_t ss_nfg_total(const ss_nfg *g);            /* sum of k: length of a mixed profile */
size_t ss_nfg_offset(const ss_nfg *g, size_t i); /* where player i's block starts */

/* value[j] = player i's expected payoff of its pure strategy j against sigma's
 * others (value has k[i] entries). O(profiles). */
void ss_nfg_values(const ss_nfg *g, const double *sigma, size_t i, double *value);

/* The largest gain of any player from a pure deviation against sigma (>= 0 up
 * to rounding for a profile of probabilities). O(n profiles). */
double ss_nfg_regret(const ss_nfg *g, const double *sigma);

/* One Nash equilibrium into sigma (ss_nfg_total values) with regret <= tol, or
 * SS_ENUMERIC with err saying why. Deterministic. The method: the principal
 * branch of the logit QRE (of the game with each payoff moved by at most
 * 1e-7 of its player's range, so that no bifurcation point lies on it)
 * traced toward lambda = infinity, polished at each step into an exact
 * equilibrium of the game itself on the support the QRE points to (Newton on
 * the indifference equations); docs/solver.md. SS_EINPUT when tol <= 0 or the
 * players' strategies number more than 2048 in all; SS_ENOMEM. */
ss_status ss_nfg_nash(const ss_nfg *g, double tol, double *sigma, ss_error *err);

/* The logit QRE at lambda >= 0 on the principal branch (the one from uniform play at
 * lambda = 0), traced by path following; where the branch bends back and
 * passes lambda more than once, its first passage. SS_EINPUT for lambda < 0
 * or NaN (or infinite), or more than 2048 strategies in all; SS_ENUMERIC when
 * the path cannot be followed (err says where); SS_ENOMEM. */
ss_status ss_nfg_qre(const ss_nfg *g, double lambda, double *sigma, ss_error *err);

/* Every equilibrium the method finds (for 2 players: all, by support enumeration, for a
 * nondegenerate game), as *count profiles in a malloc'ed *list (free()).
 * For 3 or more players: support enumeration with Newton's method from a fixed
 * set of starting points on each support profile (finds every regular
 * equilibrium in practice on small games, and is not guaranteed to). Each
 * profile listed has regret <= tol and no two lie within 1e-6 of each other.
 * SS_EINPUT (naming the limit) when there are more support profiles than
 * SS_NFG_MAX_SUPPORTS; SS_ENOMEM. *list is NULL and *count 0 on failure. */
#define SS_NFG_MAX_SUPPORTS 1000000u
ss_status ss_nfg_equilibria(const ss_nfg *g, double tol, double **list, size_t *count,
                            ss_error *err);

/* The leaders' game of p on finite intensity sets: player i = sanctioner i, its
 * strategies grid[i][0..k[i]-1]; payoff = i's perceived payoff (its beliefs) at each
 * profile, followers anticipated (o->mode spe, ss_payoff_sanctioner with i's world) or
 * held (nash). "Held" (nash): every payoff of i uses the followers' moves that
 * i predicts (in its world) at one fixed profile, the one ss_solve returns in
 * nash mode (certified or not); X, D and R_i still move with the profile. So a
 * pure equilibrium of ss_solve that lies on the grid is an equilibrium of the
 * finite game. Fills g (ss_nfg_init inside; the caller frees with ss_nfg_free).
 * SS_EINPUT for p->n > SS_NFG_MAX_PLAYERS, a k[i] of 0, a grid value outside
 * [0, s_max_i] or not finite, bad options; SS_ENUMERIC for a non-finite payoff
 * or a failed nash solve; SS_ENOMEM. */
ss_status ss_nfg_from_params(const ss_params *p, const ss_solver_opts *o, const double *const *grid,
                             const size_t *k, ss_nfg *g, ss_error *err);

/* The leaders' game of one scenario profile by profile, for games too large to
 * hold (export streams them): what ss_nfg_from_params stores. Filled by
 * ss_leaders_init; it points into p, which must outlive it. */
typedef struct ss_leaders {
    const ss_params *p;
    int hold;                              /* nash: followers held */
    double ftol;                           /* the solver's follower_tolerance */
    ss_world world[SS_NFG_MAX_PLAYERS];    /* each leader's beliefs */
    ss_followers held[SS_NFG_MAX_PLAYERS]; /* nash: the moves each predicts */
} ss_leaders;

/* Prepares L (in nash mode it solves the game once: see ss_nfg_from_params).
 * SS_EINPUT for p->n > SS_NFG_MAX_PLAYERS or bad options; SS_ENUMERIC when
 * the nash solve gives no finite profile; SS_ENOMEM. */
ss_status ss_leaders_init(ss_leaders *L, const ss_params *p, const ss_solver_opts *o,
                          ss_error *err);

/* u[i] = sanctioner i's perceived payoff at intensities s (p->n values each).
 * SS_ENUMERIC (err names the sanctioner) when one is not finite. */
ss_status ss_leaders_payoffs(const ss_leaders *L, const double *s, double *u, ss_error *err);

/* The evenly spaced intensities of sanctioner i: grid[j] = s_max_i j / (K - 1),
 * j = 0..K-1 (K >= 2), the last exactly s_max_i. */
void ss_leaders_grid(const ss_params *p, size_t i, size_t K, double *grid);

#endif
