/* The leaders' game of a scenario on finite intensity sets (finite.h). */
#include "sanctionsim/finite.h"
#include "sanctionsim/model.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ss_status ss_leaders_init(ss_leaders *L, const ss_params *p, const ss_solver_opts *o, ss_error *err)
{
    memset(L, 0, sizeof *L);
    if (p->n < 1 || p->n > SS_NFG_MAX_PLAYERS)
        return ss_error_set(err, SS_EINPUT,
                            "the finite leaders' game takes 1 to %d sanctioners (the scenario "
                            "has %zu)",
                            SS_NFG_MAX_PLAYERS, p->n);
    ss_status st = ss_solver_opts_check(o, err);
    if (st != SS_OK)
        return st;
    L->p = p;
    L->hold = o->mode == SS_MODE_NASH;
    L->ftol = o->follower_tolerance;
    for (size_t i = 0; i < p->n; i++)
        ss_params_world_of(p, i, &L->world[i]);
    if (!L->hold)
        return SS_OK;
    /* nash: the followers each leader predicts (in its world) at the
     * one-stage solve's profile, certified or not */
    ss_result r;
    ss_error why;
    ss_error_clear(&why);
    st = ss_solve(p, o, NULL, &r, &why);
    if (st == SS_EINPUT || st == SS_ENOMEM) {
        if (err)
            *err = why;
        return st;
    }
    for (size_t i = 0; i < p->n; i++)
        if (!isfinite(r.s[i]))
            return ss_error_set(err, SS_ENUMERIC,
                                "the nash solve that fixes the held followers gave no profile: %s",
                                why.message);
    for (size_t i = 0; i < p->n; i++) {
        ss_aggregates a;
        ss_aggregates_of(p, &L->world[i], r.s, &a);
        ss_followers_solve(&L->world[i], p->has_patron, &a, L->ftol, &L->held[i]);
    }
    return SS_OK;
}

ss_status ss_leaders_payoffs(const ss_leaders *L, const double *s, double *u, ss_error *err)
{
    const ss_params *p = L->p;
    for (size_t i = 0; i < p->n; i++) {
        ss_aggregates a;
        ss_followers f;
        ss_aggregates_of(p, &L->world[i], s, &a);
        if (L->hold)
            f = L->held[i];
        else
            ss_followers_solve(&L->world[i], p->has_patron, &a, L->ftol, &f);
        u[i] = ss_payoff_sanctioner(p, &L->world[i], i, s, &a, &f);
        if (!isfinite(u[i])) {
            char at[SS_NFG_MAX_PLAYERS * 26] = "";
            for (size_t j = 0, len = 0; j < p->n && len < sizeof at; j++)
                len += (size_t)snprintf(at + len, sizeof at - len, "%s%.17g", j ? ", " : "", s[j]);
            return ss_error_set(err, SS_ENUMERIC, "sanctioner %zu's payoff is not finite at (%s)",
                                i + 1, at);
        }
    }
    return SS_OK;
}

void ss_leaders_grid(const ss_params *p, size_t i, size_t K, double *grid)
{
    double hi = ss_intensity_ceiling(&p->sanctioner[i]);
    for (size_t j = 0; j + 1 < K; j++)
        grid[j] = hi * (double)j / (double)(K - 1);
    grid[K - 1] = hi;
}

ss_status ss_nfg_from_params(const ss_params *p, const ss_solver_opts *o, const double *const *grid,
                             const size_t *k, ss_nfg *g, ss_error *err)
{
    g->payoff = NULL;
    ss_leaders *L = malloc(sizeof *L);
    if (!L)
        return ss_error_set(err, SS_ENOMEM, "out of memory for the leaders' game");
    ss_status st = ss_leaders_init(L, p, o, err);
    for (size_t i = 0; i < p->n && st == SS_OK; i++) {
        double hi = ss_intensity_ceiling(&p->sanctioner[i]);
        for (size_t j = 0; j < k[i] && st == SS_OK; j++)
            if (!isfinite(grid[i][j]) || grid[i][j] < 0 || grid[i][j] > hi)
                st = ss_error_set(err, SS_EINPUT,
                                  "intensity %zu of sanctioner %zu is %.17g, outside [0, %.17g]",
                                  j + 1, i + 1, grid[i][j], hi);
    }
    if (st == SS_OK)
        st = ss_nfg_init(g, p->n, k, err);
    if (st != SS_OK) {
        free(L);
        return st;
    }
    size_t s[SS_NFG_MAX_PLAYERS] = {0};
    double x[SS_MAX_SANCTIONERS];
    for (size_t q = 0; q < g->profiles && st == SS_OK; q++) {
        for (size_t i = 0; i < p->n; i++)
            x[i] = grid[i][s[i]];
        st = ss_leaders_payoffs(L, x, g->payoff + q * p->n, err);
        for (size_t i = 0; i < p->n; i++) {
            if (++s[i] < k[i])
                break;
            s[i] = 0;
        }
    }
    free(L);
    if (st != SS_OK)
        ss_nfg_free(g);
    return st;
}
