/* The leaders' game of a scenario on finite intensity sets (finite.h). */
#include "sanctionsim/finite.h"
#include "sanctionsim/model.h"
#include <math.h>
#include <stdlib.h>

ss_status ss_nfg_from_params(const ss_params *p, const ss_solver_opts *o, const double *const *grid,
                             const size_t *k, ss_nfg *g, ss_error *err)
{
    g->payoff = NULL;
    if (p->n < 1 || p->n > SS_NFG_MAX_PLAYERS)
        return ss_error_set(err, SS_EINPUT,
                            "the finite leaders' game takes 1 to %d sanctioners (the scenario "
                            "has %zu)",
                            SS_NFG_MAX_PLAYERS, p->n);
    ss_status st = ss_solver_opts_check(o, err);
    if (st != SS_OK)
        return st;
    for (size_t i = 0; i < p->n; i++) {
        double hi = ss_intensity_ceiling(&p->sanctioner[i]);
        for (size_t j = 0; j < k[i]; j++)
            if (!isfinite(grid[i][j]) || grid[i][j] < 0 || grid[i][j] > hi)
                return ss_error_set(err, SS_EINPUT,
                                    "intensity %zu of sanctioner %zu is %.17g, outside [0, %.17g]",
                                    j + 1, i + 1, grid[i][j], hi);
    }
    ss_world *world = malloc(p->n * sizeof *world);
    ss_followers *held = malloc(p->n * sizeof *held);
    if (!world || !held) {
        free(world);
        free(held);
        return ss_error_set(err, SS_ENOMEM, "out of memory for the leaders' game");
    }
    for (size_t i = 0; i < p->n; i++)
        ss_params_world_of(p, i, &world[i]);
    int hold = o->mode == SS_MODE_NASH;
    if (hold) { /* the followers each leader predicts at the one-stage solve */
        ss_result r;
        ss_error e2;
        st = ss_solve(p, o, NULL, &r, &e2);
        if (st == SS_EINPUT || st == SS_ENOMEM) {
            *err = e2;
            goto fail;
        }
        for (size_t i = 0; i < p->n; i++)
            if (!isfinite(r.s[i])) {
                st = ss_error_set(err, SS_ENUMERIC,
                                  "the nash solve that fixes the held followers failed: %s",
                                  e2.message);
                goto fail;
            }
        for (size_t i = 0; i < p->n; i++) {
            ss_aggregates a;
            ss_aggregates_of(p, &world[i], r.s, &a);
            ss_followers_solve(&world[i], p->has_patron, &a, o->follower_tolerance, &held[i]);
        }
    }
    st = ss_nfg_init(g, p->n, k, err);
    if (st != SS_OK)
        goto fail;
    size_t s[SS_NFG_MAX_PLAYERS] = {0};
    double x[SS_MAX_SANCTIONERS];
    for (size_t q = 0; q < g->profiles; q++) {
        for (size_t i = 0; i < p->n; i++)
            x[i] = grid[i][s[i]];
        for (size_t i = 0; i < p->n; i++) {
            ss_aggregates a;
            ss_followers f;
            ss_aggregates_of(p, &world[i], x, &a);
            if (hold)
                f = held[i];
            else
                ss_followers_solve(&world[i], p->has_patron, &a, o->follower_tolerance, &f);
            double u = ss_payoff_sanctioner(p, &world[i], i, x, &a, &f);
            if (!isfinite(u)) {
                ss_nfg_free(g);
                st = ss_error_set(err, SS_ENUMERIC,
                                  "sanctioner %zu's payoff is not finite at profile %zu", i + 1,
                                  q + 1);
                goto fail;
            }
            g->payoff[q * p->n + i] = u;
        }
        for (size_t i = 0; i < p->n; i++) {
            if (++s[i] < k[i])
                break;
            s[i] = 0;
        }
    }
fail:
    free(world);
    free(held);
    return st;
}
