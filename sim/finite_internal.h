/* Internal: the pieces of a finite game (finite.c) that its solvers
 * (finite_solve.c) use. */
#ifndef SANCTIONSIM_FINITE_INTERNAL_H
#define SANCTIONSIM_FINITE_INTERNAL_H

#include "sanctionsim/finite.h"

/* off[i] = where player i's block of a mixed profile starts (ss_nfg_offset
 * for every player at once). */
void ss_nfg_offsets(const ss_nfg *g, size_t *off);

/* Every player's values in one pass: v[off_i + j] as ss_nfg_values gives it. */
void ss_nfg_all_values(const ss_nfg *g, const double *sigma, double *v);

/* The largest gain from a pure deviation, given every player's values v. */
double ss_nfg_regret_of(const ss_nfg *g, const double *sigma, const double *v);

/* Values v and their cross derivatives D[r * M + c] = d v_r / d sigma_c for
 * r in player i's block and c in another player's block (0 within a block),
 * M = total. O(profiles n^2). */
void ss_nfg_cross(const ss_nfg *g, const double *sigma, double *v, double *D);

#endif
