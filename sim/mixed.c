/* Mixed equilibria of the leaders' game by a double-oracle loop, and the
 * logit QRE on a grid (MODEL.md section 6; docs/solver.md says the method).
 *
 * The finite games come from finite.h (ss_nfg_from_params, ss_nfg_nash,
 * ss_nfg_qre). What this file adds is the continuous side: a sanctioner's
 * expected payoff against the others' mixture at any own intensity x, its
 * global maximum over [0, s_max] (the certificate, and the strategy the next
 * round adds), and the expectations a result reports. */
#include "sanctionsim/mixed.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/finite.h"
#include "sanctionsim/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rounds of the double-oracle loop before giving up. */
#define MIXED_MAX_ROUNDS 60
/* The most realized profiles of the others one expectation sums over. */
#define MIXED_MAX_OTHERS 250000u
/* The fewest grid points of the global search of a best response. */
#define MIXED_SCAN_MIN 257
/* Probabilities at or below this count as zero in supports and sums. */
#define MIXED_P_EPS 1e-13

/* A mixture: each sanctioner's intensities and their probabilities. */
typedef struct mixture {
    size_t n;
    size_t k[SS_MIXED_MAX_PLAYERS];
    double *s[SS_MIXED_MAX_PLAYERS]; /* views into the caller's arrays */
    double *p[SS_MIXED_MAX_PLAYERS];
} mixture;

/* Sanctioner i's expected payoff against the others' mixture, under its
 * beliefs, followers reacting to each realized profile: a list of the
 * others' profiles (their probability and the sums ss_unilateral keeps), so
 * that one own intensity costs one follower solve per profile. */
typedef struct expectation {
    const ss_sanctioner *me;
    const ss_world *w;
    int has_patron;
    double ftol, hi;
    const ss_followers *held; /* nash: the followers i holds; NULL: they react */
    size_t count;
    double *prob;
    ss_unilateral *u;
} expectation;

static void expectation_free(expectation *e)
{
    free(e->prob);
    free(e->u);
    e->prob = NULL;
    e->u = NULL;
}

/* The number of the others' profiles of positive probability (capped just
 * above MIXED_MAX_OTHERS). */
static size_t others_count(const mixture *m, size_t i)
{
    size_t count = 1;
    for (size_t j = 0; j < m->n; j++) {
        if (j == i)
            continue;
        size_t pos = 0;
        for (size_t a = 0; a < m->k[j]; a++)
            pos += m->p[j][a] > MIXED_P_EPS;
        count *= pos;
        if (count > MIXED_MAX_OTHERS)
            return MIXED_MAX_OTHERS + 1;
    }
    return count;
}

static ss_status expectation_init(expectation *e, const ss_params *p, const ss_solver_opts *o,
                                  const ss_world *w, const ss_followers *held, const mixture *m,
                                  size_t i, ss_error *err)
{
    memset(e, 0, sizeof *e);
    e->held = held;
    e->me = &p->sanctioner[i];
    e->w = w;
    e->has_patron = p->has_patron;
    e->ftol = o->follower_tolerance;
    e->hi = ss_intensity_ceiling(e->me);
    size_t count = others_count(m, i);
    if (count > MIXED_MAX_OTHERS)
        return ss_error_set(err, SS_ENUMERIC,
                            "the others' mixtures have more than %u profiles of positive "
                            "probability",
                            MIXED_MAX_OTHERS);
    e->prob = malloc(count * sizeof *e->prob);
    e->u = malloc(count * sizeof *e->u);
    if (!e->prob || !e->u) {
        expectation_free(e);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    /* mixed-radix count over the others' intensities of positive probability */
    size_t at[SS_MIXED_MAX_PLAYERS] = {0};
    for (size_t j = 0; j < m->n; j++)
        while (j != i && at[j] < m->k[j] && !(m->p[j][at[j]] > MIXED_P_EPS))
            at[j]++;
    double s[SS_MAX_SANCTIONERS] = {0};
    for (size_t q = 0; q < count; q++) {
        double pr = 1;
        for (size_t j = 0; j < m->n; j++)
            if (j != i) {
                s[j] = m->s[j][at[j]];
                pr *= m->p[j][at[j]];
            }
        e->prob[q] = pr;
        ss_unilateral_init(&e->u[q], p, w, s, i);
        for (size_t j = 0; j < m->n; j++) { /* the next profile */
            if (j == i)
                continue;
            do
                at[j]++;
            while (at[j] < m->k[j] && !(m->p[j][at[j]] > MIXED_P_EPS));
            if (at[j] < m->k[j])
                break;
            at[j] = 0;
            while (!(m->p[j][at[j]] > MIXED_P_EPS))
                at[j]++;
        }
    }
    e->count = count;
    return SS_OK;
}

/* The expected payoff of own intensity x. */
static double expected_payoff(const expectation *e, double x)
{
    double sigma = e->w->target.substitution, sum = 0;
    for (size_t q = 0; q < e->count; q++) {
        ss_aggregates g;
        ss_followers f;
        ss_unilateral_aggregates(&e->u[q], x, &g);
        if (e->held)
            f = *e->held;
        else
            ss_followers_solve(e->w, e->has_patron, &g, e->ftol, &f);
        sum += e->prob[q] * ss_utility(e->me, sigma, x, e->u[q].reference, &g, &f);
    }
    return sum;
}

/* The largest value of f on [a, b] by golden-section search, started with
 * the best of the two ends and the middle kept: about 1e-13 wide. */
static double golden(const expectation *e, double a, double b, double *best)
{
    const double r = 0.6180339887498949;
    double x1 = b - r * (b - a), x2 = a + r * (b - a);
    double f1 = expected_payoff(e, x1), f2 = expected_payoff(e, x2);
    double bx = x1, bf = f1;
    for (int it = 0; it < 80 && b - a > 1e-13; it++) {
        if (f1 >= f2) {
            b = x2;
            x2 = x1;
            f2 = f1;
            x1 = b - r * (b - a);
            f1 = expected_payoff(e, x1);
        } else {
            a = x1;
            x1 = x2;
            f1 = f2;
            x2 = a + r * (b - a);
            f2 = expected_payoff(e, x2);
        }
        if (f1 > bf) {
            bf = f1;
            bx = x1;
        }
        if (f2 > bf) {
            bf = f2;
            bx = x2;
        }
    }
    *best = bf;
    return bx;
}

/* The global maximum of the expected payoff over [0, s_max]: a scan of
 * `points` grid points, then a golden-section search around each local
 * maximum of the scan (the payoff is piecewise smooth: a narrow peak between
 * two grid points is the one thing it can miss, as the pure certificate). */
static double maximize(const expectation *e, size_t points, double *value, ss_error *err,
                       ss_status *st)
{
    double *f = malloc(points * sizeof *f);
    if (!f) {
        *st = ss_error_set(err, SS_ENOMEM, "out of memory");
        *value = NAN;
        return 0;
    }
    double h = e->hi / (double)(points - 1);
    for (size_t k = 0; k < points; k++)
        f[k] = expected_payoff(e, e->hi * ((double)k / (double)(points - 1)));
    double bx = 0, bf = -INFINITY;
    for (size_t k = 0; k < points; k++) {
        double x = e->hi * ((double)k / (double)(points - 1));
        if (f[k] > bf) {
            bf = f[k];
            bx = x;
        }
        int peak = (k == 0 || f[k] >= f[k - 1]) && (k + 1 == points || f[k] >= f[k + 1]);
        if (!peak)
            continue;
        double v, at = golden(e, fmax(0, x - h), fmin(e->hi, x + h), &v);
        if (v > bf) {
            bf = v;
            bx = at;
        }
    }
    free(f);
    if (!isfinite(bf))
        *st = ss_error_set(err, SS_ENUMERIC, "an expected payoff is not finite");
    *value = bf;
    return bx;
}

static size_t scan_points(const ss_solver_opts *o)
{
    return o->certificate_points > MIXED_SCAN_MIN ? o->certificate_points : MIXED_SCAN_MIN;
}

/* Gains of every sanctioner against mixture m: gain[i] = its best expected
 * payoff over [0, s_max_i] minus what its mixture gives, best[i] where. */
static ss_status gains_of(const ss_params *p, const ss_solver_opts *o, const ss_leaders *v,
                          const mixture *m, double *gain, double *best, ss_error *err)
{
    for (size_t i = 0; i < m->n; i++) {
        expectation e;
        ss_status st =
            expectation_init(&e, p, o, &v->world[i], v->hold ? &v->held[i] : NULL, m, i, err);
        if (st != SS_OK)
            return st;
        double mine = 0, top;
        for (size_t a = 0; a < m->k[i]; a++)
            if (m->p[i][a] > MIXED_P_EPS)
                mine += m->p[i][a] * expected_payoff(&e, m->s[i][a]);
        best[i] = maximize(&e, scan_points(o), &top, err, &st);
        expectation_free(&e);
        if (st != SS_OK)
            return st;
        gain[i] = top - mine;
    }
    return SS_OK;
}

/* Adds the mixture's expectations to m->r: expected intensities, followers,
 * aggregates and payoffs over every realized profile, and each sanctioner's
 * perceived payoff under its beliefs. */
static void expectations_of(const ss_params *p, const ss_solver_opts *o, const ss_leaders *v,
                            const mixture *mx, ss_result *r)
{
    size_t n = mx->n, at[SS_MIXED_MAX_PLAYERS] = {0};
    double s[SS_MAX_SANCTIONERS] = {0};
    memset(r, 0, sizeof *r);
    r->n = n;
    for (;;) {
        double pr = 1;
        for (size_t j = 0; j < n; j++) {
            s[j] = mx->s[j][at[j]];
            pr *= mx->p[j][at[j]];
        }
        if (pr > 0) {
            ss_aggregates g;
            ss_followers f;
            ss_aggregates_of(p, &p->truth, s, &g);
            ss_followers_solve(&p->truth, p->has_patron, &g, o->follower_tolerance, &f);
            r->followers.c += pr * f.c;
            r->followers.p += pr * f.p;
            r->followers.a += pr * f.a;
            r->followers.q += pr * f.q;
            r->followers.multiple |= f.multiple;
            r->derived.X += pr * g.X;
            r->derived.D += pr * g.D;
            r->derived.H += pr * g.H;
            r->derived.linked += pr * g.linked;
            r->derived.reciprocal += pr * g.reciprocal;
            r->payoff_target += pr * ss_payoff_target(p, &p->truth, s, &g, &f);
            r->payoff_patron += pr * ss_payoff_patron(&p->truth, p->has_patron, &g, &f);
            for (size_t i = 0; i < n; i++) {
                r->s[i] += pr * s[i];
                r->payoff_realized[i] += pr * ss_payoff_sanctioner(p, &p->truth, i, s, &g, &f);
            }
            /* each under its beliefs (a non-finite one shows in the sums) */
            double u[SS_MIXED_MAX_PLAYERS];
            ss_leaders_payoffs(v, s, u, NULL);
            for (size_t i = 0; i < n; i++)
                r->payoff_perceived[i] += pr * u[i];
        }
        size_t j = 0;
        for (; j < n; j++) {
            if (++at[j] < mx->k[j])
                break;
            at[j] = 0;
        }
        if (j == n)
            break;
    }
}

/* Refuses what the mixed solvers do not take. */
static ss_status mixed_check(const ss_params *p, const ss_solver_opts *o, ss_error *err)
{
    ss_status st = ss_solver_opts_check(o, err);
    if (st != SS_OK)
        return st;
    if (p->n > SS_MIXED_MAX_PLAYERS || p->n > SS_NFG_MAX_PLAYERS)
        return ss_error_set(err, SS_EINPUT,
                            "mixed equilibria and QRE take at most %d sanctioners (the scenario "
                            "has %zu)",
                            SS_MIXED_MAX_PLAYERS, p->n);
    return SS_OK;
}

/* The supports a round works on: sorted intensities of each sanctioner. */
typedef struct supports {
    size_t n, k[SS_MIXED_MAX_PLAYERS];
    double s[SS_MIXED_MAX_PLAYERS][SS_MIXED_MAX_SUPPORT];
    double p[SS_MIXED_MAX_PLAYERS][SS_MIXED_MAX_SUPPORT];
} supports;

/* Adds x to sanctioner i's support unless it is there already (within
 * 1e-13); keeps it sorted. Returns 1 when added, 0 when there, -1 full. */
static int support_add(supports *sp, size_t i, double x)
{
    size_t k = sp->k[i], at = 0;
    while (at < k && sp->s[i][at] < x)
        at++;
    if ((at < k && fabs(sp->s[i][at] - x) <= 1e-13) ||
        (at > 0 && fabs(sp->s[i][at - 1] - x) <= 1e-13))
        return 0;
    if (k == SS_MIXED_MAX_SUPPORT)
        return -1;
    memmove(&sp->s[i][at + 1], &sp->s[i][at], (k - at) * sizeof(double));
    memmove(&sp->p[i][at + 1], &sp->p[i][at], (k - at) * sizeof(double));
    sp->s[i][at] = x;
    sp->p[i][at] = -1; /* new: not solved for yet */
    sp->k[i] = k + 1;
    return 1;
}

/* Drops the intensities the last solve gave probability zero from
 * sanctioner i's support (the new ones stay). */
static void support_prune(supports *sp, size_t i)
{
    size_t w = 0;
    for (size_t a = 0; a < sp->k[i]; a++)
        if (sp->p[i][a] > MIXED_P_EPS || sp->p[i][a] < 0) {
            sp->s[i][w] = sp->s[i][a];
            sp->p[i][w] = sp->p[i][a];
            w++;
        }
    if (w > 0)
        sp->k[i] = w;
}

static void mixture_of(supports *sp, mixture *m)
{
    m->n = sp->n;
    for (size_t i = 0; i < sp->n; i++) {
        m->k[i] = sp->k[i];
        m->s[i] = sp->s[i];
        m->p[i] = sp->p[i];
    }
}

/* The equilibrium of least regret that ss_nfg_equilibria finds, into sigma:
 * the second method, for a game where ss_nfg_nash's path fails. */
static ss_status any_equilibrium(const ss_nfg *g, double tol, double *sigma, ss_error *err)
{
    double *list = NULL;
    size_t count = 0, total = ss_nfg_total(g);
    ss_error why;
    ss_status st = ss_nfg_equilibria(g, tol, &list, &count, &why);
    if (st == SS_OK && count == 0)
        st = ss_error_set(&why, SS_ENUMERIC, "support enumeration found no equilibrium");
    if (st != SS_OK) {
        free(list);
        char first[SS_ERRMSG_MAX];
        snprintf(first, sizeof first, "%s", err ? err->message : "the logit path failed");
        return ss_error_set(err, st, "%s; then %s", first, why.message);
    }
    size_t pick = 0;
    double least = INFINITY;
    for (size_t q = 0; q < count; q++) {
        double r = ss_nfg_regret(g, &list[q * total]);
        if (r < least) {
            least = r;
            pick = q;
        }
    }
    memcpy(sigma, &list[pick * total], total * sizeof *sigma);
    free(list);
    return SS_OK;
}

/* Conditions g for the finite solver without changing its equilibria: from
 * each player's payoffs it subtracts their mean over its own strategies at
 * each profile of the others (what it cannot change), then divides them by
 * their largest size. Near an equilibrium of the leaders' game the payoffs
 * that matter differ by 1e-6 or less on top of sizes near 1; afterwards they
 * are of size 1. Returns the factor that turns a regret of the new game
 * into one of the old: the largest of the sizes. */
static double condition_game(ss_nfg *g)
{
    double worst = 0;
    for (size_t i = 0; i < g->n; i++) {
        size_t stride = 1;
        for (size_t j = 0; j < i; j++)
            stride *= g->k[j];
        double size = 0;
        for (size_t q = 0; q < g->profiles; q++) {
            if ((q / stride) % g->k[i] != 0)
                continue; /* q: own strategy 0, one profile of the others */
            double mean = 0;
            for (size_t a = 0; a < g->k[i]; a++)
                mean += g->payoff[(q + a * stride) * g->n + i];
            mean /= (double)g->k[i];
            for (size_t a = 0; a < g->k[i]; a++) {
                double *v = &g->payoff[(q + a * stride) * g->n + i];
                *v -= mean;
                size = fmax(size, fabs(*v));
            }
        }
        if (size > 0)
            for (size_t q = 0; q < g->profiles; q++)
                g->payoff[q * g->n + i] /= size;
        worst = fmax(worst, size);
    }
    return worst;
}

/* Solves the finite game on the supports into sp->p. */
static ss_status solve_finite(const ss_params *p, const ss_solver_opts *o, supports *sp,
                              ss_error *err)
{
    const double *grid[SS_MIXED_MAX_PLAYERS];
    for (size_t i = 0; i < sp->n; i++)
        grid[i] = sp->s[i];
    ss_nfg g;
    ss_status st = ss_nfg_from_params(p, o, grid, sp->k, &g, err);
    if (st != SS_OK)
        return st;
    double *sigma = malloc(ss_nfg_total(&g) * sizeof *sigma);
    if (!sigma) {
        ss_nfg_free(&g);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    /* a fraction of the tolerance: the continuous certificate is at least
     * the finite game's regret */
    /* regret_tolerance / 2 in the first game's units, and no looser than
     * 1e-7 in the conditioned game's */
    double scale = condition_game(&g);
    double tol = scale > 0 ? fmin(1e-7, o->regret_tolerance / 2 / scale) : 1e-7;
    st = ss_nfg_nash(&g, tol, sigma, err);
    if (st == SS_ENUMERIC)
        st = any_equilibrium(&g, tol, sigma, err);
    if (st == SS_OK)
        for (size_t i = 0; i < sp->n; i++)
            for (size_t a = 0; a < sp->k[i]; a++)
                sp->p[i][a] = sigma[ss_nfg_offset(&g, i) + a];
    free(sigma);
    ss_nfg_free(&g);
    return st;
}

/* Copies the supports' positive-probability intensities into m. */
static void result_supports(const supports *sp, ss_mixed_result *m)
{
    for (size_t i = 0; i < sp->n; i++) {
        size_t w = 0;
        for (size_t a = 0; a < sp->k[i] && w < SS_MIXED_MAX_SUPPORT; a++)
            if (sp->p[i][a] > MIXED_P_EPS) {
                m->support_s[i][w] = sp->s[i][a];
                m->support_p[i][w] = sp->p[i][a];
                w++;
            }
        m->k[i] = w;
    }
}

/* Fills m->r from the mixture: expectations and the certificate. */
static ss_status finish(const ss_params *p, const ss_solver_opts *o, const ss_leaders *v,
                        supports *sp, const double *gain, const double *best, size_t rounds,
                        ss_mixed_result *m)
{
    mixture mx;
    mixture_of(sp, &mx);
    expectations_of(p, o, v, &mx, &m->r);
    result_supports(sp, m);
    double worst = 0;
    m->r.deviator = 0;
    m->r.deviation = m->r.s[0];
    for (size_t i = 0; i < sp->n; i++)
        if (!(gain[i] <= worst)) {
            worst = gain[i];
            m->r.deviator = i;
            m->r.deviation = best[i];
        }
    m->r.max_regret = worst;
    m->r.iterations = rounds;
    m->r.certified = worst <= o->regret_tolerance;
    m->r.converged = m->r.certified;
    return SS_OK;
}

ss_status ss_mixed_solve(const ss_params *p, const ss_solver_opts *o, const ss_result *pure,
                         ss_mixed_result *m, ss_error *err)
{
    memset(m, 0, sizeof *m);
    m->kind = SS_ANSWER_MIXED;
    m->r.n = p->n;
    ss_status st = mixed_check(p, o, err);
    if (st != SS_OK) {
        m->r.status = st;
        return st;
    }
    supports *sp = calloc(1, sizeof *sp);
    ss_leaders *v = calloc(1, sizeof *v);
    if (!sp || !v) {
        free(sp);
        free(v);
        m->r.status = SS_ENOMEM;
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    st = ss_leaders_init(v, p, o, err);
    if (st != SS_OK)
        goto out;
    sp->n = p->n;
    /* the start: the pure answer, its deviation, and each sanctioner's
     * global best response to it (the other branch of a jump) */
    double s0[SS_MAX_SANCTIONERS] = {0};
    for (size_t i = 0; i < p->n; i++) {
        s0[i] = pure ? pure->s[i] : 0;
        support_add(sp, i, s0[i]);
    }
    if (pure && pure->deviator < p->n)
        support_add(sp, pure->deviator, pure->deviation);
    for (size_t i = 0; i < p->n; i++) {
        double br;
        st = ss_best_response(p, o, s0, i, &br, NULL, err);
        if (st != SS_OK)
            goto out;
        support_add(sp, i, br);
    }

    double gain[SS_MIXED_MAX_PLAYERS] = {0}, best[SS_MIXED_MAX_PLAYERS] = {0};
    size_t round = 0;
    for (;;) {
        round++;
        st = solve_finite(p, o, sp, err);
        if (st == SS_ENUMERIC && round > 1) {
            /* a game the finite solver cannot take (nearly equal strategies
             * make it degenerate): again without the strategies the last
             * round did not play */
            for (size_t i = 0; i < p->n; i++)
                support_prune(sp, i);
            st = solve_finite(p, o, sp, err);
        }
        if (st != SS_OK)
            goto out;
        mixture mx;
        mixture_of(sp, &mx);
        st = gains_of(p, o, v, &mx, gain, best, err);
        if (st != SS_OK)
            goto out;
        double worst = 0;
        for (size_t i = 0; i < p->n; i++)
            worst = fmax(worst, gain[i]);
        if (worst <= o->regret_tolerance)
            break;
        if (round == MIXED_MAX_ROUNDS || round >= o->max_iterations) {
            st = SS_ENUMERIC;
            break;
        }
        /* the next game: these strategies and the best responses that gain */
        int added = 0;
        for (size_t i = 0; i < p->n; i++) {
            if (!(gain[i] > o->regret_tolerance / 2))
                continue;
            int a = support_add(sp, i, best[i]);
            if (a < 0) {
                support_prune(sp, i);
                a = support_add(sp, i, best[i]);
            }
            added += a > 0;
        }
        if (!added) { /* nothing new to offer: the finite solve is as good as it gets */
            st = SS_ENUMERIC;
            break;
        }
    }
    finish(p, o, v, sp, gain, best, round, m);
    if (st == SS_ENUMERIC)
        ss_error_set(err, st,
                     "no mixed equilibrium certified after %zu rounds: max_regret %.3g > "
                     "regret_tolerance %g",
                     round, m->r.max_regret, o->regret_tolerance);
    else if (!isfinite(m->r.max_regret + m->r.payoff_target + m->r.payoff_patron))
        st = ss_error_set(err, SS_ENUMERIC, "the mixed equilibrium has a non-finite value");
out:
    free(sp);
    free(v);
    m->r.status = st;
    return st;
}

ss_status ss_answer_of(const ss_params *p, const ss_solver_opts *o, const ss_result *pure,
                       ss_mixed_result *m, ss_error *err)
{
    /* not certified, or best responses that cycle without settling (both
     * happen where a best response jumps); not a non-finite value */
    int try_mixed = pure->status == SS_ENUMERIC && !pure->certified && isfinite(pure->max_regret) &&
                    p->n <= SS_MIXED_MAX_PLAYERS;
    if (try_mixed) {
        ss_mixed_result *mixed = malloc(sizeof *mixed);
        if (!mixed) {
            memset(m, 0, sizeof *m);
            m->r = *pure;
            m->r.status = SS_ENOMEM;
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        }
        ss_error merr;
        ss_status mst = ss_mixed_solve(p, o, pure, mixed, &merr);
        if (mst == SS_OK || mst == SS_ENOMEM) {
            *m = *mixed;
            free(mixed);
            /* every support one intensity: a pure equilibrium the best-response
             * rounds did not reach */
            size_t one = 0;
            for (size_t i = 0; i < p->n; i++)
                one += m->k[i] == 1;
            if (mst == SS_OK && one == p->n) {
                m->kind = SS_ANSWER_PURE;
                m->r.iterations += pure->iterations;
            }
            if (mst != SS_OK && err)
                *err = merr;
            return mst;
        }
        free(mixed);
    }
    memset(m, 0, sizeof *m);
    m->kind = SS_ANSWER_PURE;
    m->r = *pure;
    return pure->status;
}

ss_status ss_solve_any(const ss_params *p, const ss_solver_opts *o, const double *start,
                       ss_mixed_result *m, ss_error *err)
{
    if (p->qre_on)
        return ss_qre_solve(p, o, p->qre_lambda, m, err);
    ss_result pure;
    ss_error perr;
    ss_error_clear(&perr);
    ss_solve(p, o, start, &pure, &perr);
    ss_status st = ss_answer_of(p, o, &pure, m, err);
    if (st != SS_OK && m->kind == SS_ANSWER_PURE && err)
        *err = perr;
    return st;
}

size_t ss_qre_grid_points(size_t n)
{
    size_t k = SS_QRE_GRID_MAX;
    for (;;) {
        double total = 1;
        for (size_t i = 0; i < n; i++)
            total *= (double)k;
        if (total <= 65536 || k == 2)
            return k;
        k--;
    }
}

/* The support of a QRE a person reads: its most probable grid points (at
 * most SS_MIXED_MAX_SUPPORT, each above 1e-12), in increasing intensity. */
static void qre_support(size_t kq, const double *s, const double *p, ss_mixed_result *m, size_t i)
{
    double floor_p = 1e-12;
    size_t above = 0;
    for (size_t a = 0; a < kq; a++)
        above += p[a] > floor_p;
    /* raise the floor to the SS_MIXED_MAX_SUPPORT-th largest probability */
    while (above > SS_MIXED_MAX_SUPPORT) {
        double next = INFINITY;
        for (size_t a = 0; a < kq; a++)
            if (p[a] > floor_p && p[a] < next)
                next = p[a];
        floor_p = next;
        above = 0;
        for (size_t a = 0; a < kq; a++)
            above += p[a] > floor_p;
    }
    size_t w = 0;
    for (size_t a = 0; a < kq && w < SS_MIXED_MAX_SUPPORT; a++)
        if (p[a] > floor_p) {
            m->support_s[i][w] = s[a];
            m->support_p[i][w] = p[a];
            w++;
        }
    m->k[i] = w;
}

ss_status ss_qre_solve(const ss_params *p, const ss_solver_opts *o, double lambda,
                       ss_mixed_result *m, ss_error *err)
{
    memset(m, 0, sizeof *m);
    m->kind = SS_ANSWER_QRE;
    m->lambda = lambda;
    m->r.n = p->n;
    ss_status st = SS_OK;
    if (!(lambda >= 0) || isinf(lambda))
        st = ss_error_set(err, SS_EINPUT, "'qre.lambda': must be a finite number >= 0 (got %g)",
                          lambda);
    if (st == SS_OK)
        st = mixed_check(p, o, err);
    if (st != SS_OK) {
        m->r.status = st;
        return st;
    }
    size_t kq = ss_qre_grid_points(p->n);
    double *grid_s = malloc(p->n * kq * sizeof *grid_s);
    double *grid_p = malloc(p->n * kq * sizeof *grid_p);
    ss_nfg g = {0};
    double *sigma = NULL;
    ss_leaders *v = NULL;
    const double *grid[SS_MIXED_MAX_PLAYERS];
    size_t k[SS_MIXED_MAX_PLAYERS];
    if (!grid_s || !grid_p) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < p->n; i++) {
        ss_leaders_grid(p, i, kq, &grid_s[i * kq]);
        grid[i] = &grid_s[i * kq];
        k[i] = kq;
    }
    st = ss_nfg_from_params(p, o, grid, k, &g, err);
    if (st != SS_OK)
        goto out;
    if (!(sigma = malloc(ss_nfg_total(&g) * sizeof *sigma))) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    st = ss_nfg_qre(&g, lambda, sigma, err);
    if (st != SS_OK)
        goto out;
    v = calloc(1, sizeof *v);
    if (!v) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto out;
    }
    if ((st = ss_leaders_init(v, p, o, err)) != SS_OK)
        goto out;
    mixture mx;
    mx.n = p->n;
    for (size_t i = 0; i < p->n; i++) {
        memcpy(&grid_p[i * kq], &sigma[ss_nfg_offset(&g, i)], kq * sizeof *grid_p);
        mx.k[i] = kq;
        mx.s[i] = &grid_s[i * kq];
        mx.p[i] = &grid_p[i * kq];
    }
    expectations_of(p, o, v, &mx, &m->r);
    double gain[SS_MIXED_MAX_PLAYERS], best[SS_MIXED_MAX_PLAYERS];
    st = gains_of(p, o, v, &mx, gain, best, err);
    if (st != SS_OK)
        goto out;
    double worst = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (!(gain[i] <= worst)) {
            worst = gain[i];
            m->r.deviator = i;
            m->r.deviation = best[i];
        }
        qre_support(kq, mx.s[i], mx.p[i], m, i);
    }
    m->r.max_regret = worst;
    m->r.converged = 1;
    m->r.certified = worst <= o->regret_tolerance;
out:
    free(v);
    free(sigma);
    ss_nfg_free(&g);
    free(grid_s);
    free(grid_p);
    m->r.status = st;
    return st;
}

const char *ss_mixed_status_word(const ss_mixed_result *m)
{
    if (m->r.status == SS_OK && m->kind == SS_ANSWER_MIXED)
        return "mixed";
    if (m->r.status == SS_OK && m->kind == SS_ANSWER_QRE)
        return "qre";
    if (m->r.status == SS_ENUMERIC && m->kind == SS_ANSWER_MIXED && m->r.certified == 0)
        return "not_certified";
    return ss_result_status_word(&m->r);
}

size_t ss_mixed_support_size(const ss_mixed_result *m, size_t i)
{
    return m->kind == SS_ANSWER_PURE ? 1 : m->k[i];
}
