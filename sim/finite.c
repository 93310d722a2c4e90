/* Finite games in normal form: storage, profiles in Gambit's order, expected
 * payoffs, their derivatives and the regret (docs/solver.md, "Finite games").
 * The solvers that use them are finite_solve.c's. */
#include "sanctionsim/finite.h"
#include "finite_internal.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

ss_status ss_nfg_init(ss_nfg *g, size_t n, const size_t *k, ss_error *err)
{
    memset(g, 0, sizeof *g);
    if (n < 1 || n > SS_NFG_MAX_PLAYERS)
        return ss_error_set(err, SS_EINPUT, "a finite game has 1 to %d players (got %zu)",
                            SS_NFG_MAX_PLAYERS, n);
    size_t profiles = 1;
    for (size_t i = 0; i < n; i++) {
        if (k[i] < 1)
            return ss_error_set(err, SS_EINPUT, "player %zu of a finite game has no strategy",
                                i + 1);
        if (k[i] > SS_NFG_MAX_PROFILES / profiles)
            return ss_error_set(err, SS_EINPUT,
                                "a finite game may have at most %u pure-strategy profiles "
                                "(SS_NFG_MAX_PROFILES); this one has more",
                                SS_NFG_MAX_PROFILES);
        profiles *= k[i];
    }
    g->payoff = calloc(profiles * n, sizeof *g->payoff);
    if (!g->payoff)
        return ss_error_set(err, SS_ENOMEM, "out of memory for a game of %zu profiles", profiles);
    g->n = n;
    memcpy(g->k, k, n * sizeof *k);
    g->profiles = profiles;
    return SS_OK;
}

void ss_nfg_free(ss_nfg *g)
{
    if (!g)
        return;
    free(g->payoff);
    g->payoff = NULL;
}

size_t ss_nfg_total(const ss_nfg *g)
{
    size_t t = 0;
    for (size_t i = 0; i < g->n; i++)
        t += g->k[i];
    return t;
}

size_t ss_nfg_offset(const ss_nfg *g, size_t i)
{
    size_t t = 0;
    for (size_t m = 0; m < i && m < g->n; m++)
        t += g->k[m];
    return t;
}

/* The next profile in Gambit's order (player 0 fastest). */
static void next_profile(const ss_nfg *g, size_t *s)
{
    for (size_t i = 0; i < g->n; i++) {
        if (++s[i] < g->k[i])
            return;
        s[i] = 0;
    }
}

void ss_nfg_offsets(const ss_nfg *g, size_t *off)
{
    size_t t = 0;
    for (size_t i = 0; i < g->n; i++) {
        off[i] = t;
        t += g->k[i];
    }
}

void ss_nfg_values(const ss_nfg *g, const double *sigma, size_t i, double *value)
{
    size_t s[SS_NFG_MAX_PLAYERS] = {0}, off[SS_NFG_MAX_PLAYERS];
    ss_nfg_offsets(g, off);
    for (size_t j = 0; j < g->k[i]; j++)
        value[j] = 0;
    for (size_t p = 0; p < g->profiles; p++, next_profile(g, s)) {
        double w = 1;
        for (size_t m = 0; m < g->n; m++)
            if (m != i)
                w *= sigma[off[m] + s[m]];
        if (w != 0)
            value[s[i]] += w * g->payoff[p * g->n + i];
    }
}

/* The probability of profile s's strategies before and after each player:
 * pre[m] = prod over players < m, suf[m] = prod over players >= m, so that
 * pre[i] suf[i + 1] is the weight of the profile in player i's values. */
static void profile_products(size_t n, const size_t *off, const size_t *s, const double *sigma,
                             double *pre, double *suf)
{
    pre[0] = 1;
    for (size_t m = 0; m < n; m++)
        pre[m + 1] = pre[m] * sigma[off[m] + s[m]];
    suf[n] = 1;
    for (size_t m = n; m-- > 0;)
        suf[m] = suf[m + 1] * sigma[off[m] + s[m]];
}

void ss_nfg_all_values(const ss_nfg *g, const double *sigma, double *v)
{
    size_t s[SS_NFG_MAX_PLAYERS] = {0}, off[SS_NFG_MAX_PLAYERS];
    double pre[SS_NFG_MAX_PLAYERS + 1], suf[SS_NFG_MAX_PLAYERS + 1];
    size_t n = g->n;
    ss_nfg_offsets(g, off);
    memset(v, 0, ss_nfg_total(g) * sizeof *v);
    for (size_t p = 0; p < g->profiles; p++, next_profile(g, s)) {
        profile_products(n, off, s, sigma, pre, suf);
        for (size_t i = 0; i < n; i++) {
            double w = pre[i] * suf[i + 1];
            if (w != 0)
                v[off[i] + s[i]] += w * g->payoff[p * n + i];
        }
    }
}

double ss_nfg_regret_of(const ss_nfg *g, const double *sigma, const double *v)
{
    double worst = 0;
    size_t o = 0;
    for (size_t i = 0; i < g->n; i++) {
        double mean = 0, best = -INFINITY;
        for (size_t j = 0; j < g->k[i]; j++) {
            mean += sigma[o + j] * v[o + j];
            if (v[o + j] > best)
                best = v[o + j];
        }
        if (best - mean > worst || isnan(best - mean))
            worst = best - mean;
        o += g->k[i];
    }
    return worst;
}

double ss_nfg_regret(const ss_nfg *g, const double *sigma)
{
    double *v = malloc(ss_nfg_total(g) * sizeof *v);
    if (!v)
        return INFINITY;
    ss_nfg_all_values(g, sigma, v);
    double r = ss_nfg_regret_of(g, sigma, v);
    free(v);
    return r;
}

void ss_nfg_cross(const ss_nfg *g, const double *sigma, double *v, double *D)
{
    size_t s[SS_NFG_MAX_PLAYERS] = {0}, off[SS_NFG_MAX_PLAYERS];
    double pre[SS_NFG_MAX_PLAYERS + 1], suf[SS_NFG_MAX_PLAYERS + 1];
    size_t n = g->n, M = ss_nfg_total(g);
    ss_nfg_offsets(g, off);
    memset(v, 0, M * sizeof *v);
    memset(D, 0, M * M * sizeof *D);
    for (size_t p = 0; p < g->profiles; p++, next_profile(g, s)) {
        const double *u = g->payoff + p * n;
        profile_products(n, off, s, sigma, pre, suf);
        for (size_t i = 0; i < n; i++) {
            size_t ri = off[i] + s[i];
            v[ri] += pre[i] * suf[i + 1] * u[i];
            double mid = pre[i]; /* product over m < i, then over i < m < k */
            for (size_t k = i + 1; k < n; k++) {
                double w = mid * suf[k + 1];
                size_t rk = off[k] + s[k];
                D[ri * M + rk] += w * u[i];
                D[rk * M + ri] += w * u[k];
                mid *= sigma[off[k] + s[k]];
            }
        }
    }
}
