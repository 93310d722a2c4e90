/* The game's formulas (MODEL.md sections 3-5): the only place they are written. */
#include "sanctionsim/model.h"

#include <float.h>
#include <math.h>

static inline double clip01(double x)
{
    return x < 0 ? 0 : (x > 1 ? 1 : x);
}

/* max(0, y), 0 for NaN (as fmax(0, y), without a library call). */
static inline double positive_part(double y)
{
    return y > 0 ? y : 0;
}

static void unilateral_constants(ss_unilateral *u, int has_patron, const ss_world *w);

void ss_unilateral_init(ss_unilateral *u, const ss_params *prm, const ss_world *w, const double *s,
                        size_t i)
{
    double X = 0, dsum = 0, dnum = 0, H = 0, linked = 0, recip = 0, wnum = 0, wden = 0;
    for (size_t j = 0; j < prm->n; j++) {
        const ss_sanctioner *a = &prm->sanctioner[j];
        dsum += a->signal_weight;
        if (j == i)
            continue;
        double open = 1 - s[j];
        X += a->leverage * s[j];
        dnum += a->signal_weight * s[j];
        H += a->engagement * open;
        linked += a->linkage * a->engagement * open;
        recip += w->target.reciprocity[j] * open;
        wnum += a->coalition_weight * s[j];
        wden += a->coalition_weight;
    }
    const ss_sanctioner *me = &prm->sanctioner[i];
    u->i = i;
    u->X = X;
    u->dnum = dnum;
    u->dsum = dsum;
    u->H = H;
    u->linked = linked;
    u->reciprocal = recip;
    u->reference = wden > 0 ? wnum / wden : 0;
    u->leverage = me->leverage;
    u->signal_weight = me->signal_weight;
    u->engagement = me->engagement;
    u->linkage = me->linkage;
    u->reciprocity = w->target.reciprocity[i];
    unilateral_constants(u, prm->has_patron, w);
}

static inline void unilateral_aggregates(const ss_unilateral *u, double x, ss_aggregates *g)
{
    double open = 1 - x;
    g->X = u->X + u->leverage * x;
    g->D = u->dsum > 0 ? (u->dnum + u->signal_weight * x) / u->dsum : 0;
    g->H = u->H + u->engagement * open;
    g->linked = u->linked + u->linkage * u->engagement * open;
    g->reciprocal = u->reciprocal + u->reciprocity * open;
}

void ss_unilateral_aggregates(const ss_unilateral *u, double x, ss_aggregates *g)
{
    unilateral_aggregates(u, x, g);
}

void ss_aggregates_of(const ss_params *prm, const ss_world *w, const double *s, ss_aggregates *g)
{
    ss_unilateral u;
    ss_unilateral_init(&u, prm, w, s, 0);
    ss_unilateral_aggregates(&u, s[0], g);
}

/* The (p, a) block of section 5: p = clip(A a - B), a = clip(C + E p), and
 * g(a) = clip(C + E clip(A a - B)) is nondecreasing, piecewise linear with at
 * most four kinks. Its fixed points are the roots of h(a) = g(a) - a, with
 * h(0) >= 0 >= h(1). */
typedef struct pa_map {
    double A, B, C, E;
} pa_map;

static inline double pa_g(const pa_map *m, double a)
{
    return clip01(m->C + m->E * clip01(m->A * a - m->B));
}

/* E = chi / nu, which does not depend on the aggregates. */
static inline double pa_dependence(const ss_world *w)
{
    return w->patron.dependence_gain / w->patron.alignment_cost;
}

/* The map at aggregates g, with E from pa_dependence(w). */
static inline pa_map pa_map_with(const ss_world *w, const ss_aggregates *g, double E)
{
    const ss_target *t = &w->target;
    const ss_patron *c = &w->patron;
    pa_map m;
    m.A = t->substitution * g->X / t->pivot_cost;
    m.B = t->hedging_value * g->H / t->pivot_cost;
    m.C = (c->base_alignment - c->secondary_risk * g->X) / c->alignment_cost;
    m.E = E;
    return m;
}

static inline pa_map pa_map_of(const ss_world *w, const ss_aggregates *g)
{
    return pa_map_with(w, g, pa_dependence(w));
}

/* The kinks of g (where an inner or outer clip starts or stops binding),
 * unsorted; returns the count (at most four). */
static inline int pa_kinks(const pa_map *m, double *kink)
{
    int nk = 0;
    if (m->A > 0) {
        kink[nk++] = m->B / m->A;
        kink[nk++] = (1 + m->B) / m->A;
        if (m->E > 0) {
            /* C + E (A a - B) = 0 and = 1 */
            kink[nk++] = (m->B - m->C / m->E) / m->A;
            kink[nk++] = (m->B + (1 - m->C) / m->E) / m->A;
        }
    }
    return nk;
}

/* h within a few rounding errors of zero counts as a fixed point: at a kink
 * g(a) can round one ulp off a. */
static inline int pa_fixed(double h, double a)
{
    double size = fabs(a) > 1 ? fabs(a) : 1; /* fmax(1, |a|) without a call */
    return fabs(h) <= 4 * DBL_EPSILON * size;
}

/* Least root of h on [0, 1]. Start at g(0), below which no fixed point lies,
 * and walk up from kink to kink: g is linear between two kinks, so a sign
 * change of h there is solved exactly by the line through both ends. */
static inline double pa_least(const pa_map *m)
{
    double a = pa_g(m, 0);
    double ha = pa_g(m, a) - a;
    if (ha <= 0 || pa_fixed(ha, a)) /* the common case, before the kinks are needed */
        return a;
    /* With A E < 1, h falls wherever it is not flat, so its one root is the
     * one where p and a are both free when that lies inside [0, 1]: in
     * closed form. */
    if (m->A * m->E < 1) {
        double root = (m->C - m->E * m->B) / (1 - m->A * m->E), p = m->A * root - m->B;
        if (root > 0 && root < 1 && p > 0 && p < 1)
            return root;
    }
    double kink[4];
    int nk = pa_kinks(m, kink);
    for (int piece = 0; piece <= nk; piece++) {
        if (piece > 0)
            ha = pa_g(m, a) - a;
        if (ha <= 0 || pa_fixed(ha, a))
            return a;
        double next = 1;
        for (int k = 0; k < nk; k++)
            if (kink[k] > a && kink[k] < next)
                next = kink[k];
        double hn = pa_g(m, next) - next;
        if (hn <= 0)
            return a + ha * (next - a) / (ha - hn);
        a = next;
    }
    return a;
}

/* Greatest root of h on [0, 1]: the mirror image, walking down from g(1). */
static double pa_greatest(const pa_map *m)
{
    double kink[4];
    int nk = pa_kinks(m, kink);
    double a = pa_g(m, 1);
    for (int piece = 0; piece <= nk; piece++) {
        double ha = pa_g(m, a) - a;
        if (ha >= 0 || pa_fixed(ha, a))
            return a;
        double prev = 0;
        for (int k = 0; k < nk; k++)
            if (kink[k] < a && kink[k] > prev)
                prev = kink[k];
        double hp = pa_g(m, prev) - prev;
        if (hp >= 0)
            return prev + hp * (a - prev) / (hp - ha);
        a = prev;
    }
    return a;
}

void ss_followers_greatest(const ss_world *w, int has_patron, const ss_aggregates *g, double *p,
                           double *a)
{
    if (!has_patron) {
        *p = *a = 0;
        return;
    }
    pa_map m = pa_map_of(w, g);
    *a = pa_greatest(&m);
    *p = clip01(m.A * *a - m.B);
}

/* The target's concession before the clip (MODEL.md section 5). */
static inline double concession_raw(const ss_target *t, const ss_aggregates *g)
{
    return ((1 + t->isolation_premium * g->X) * g->linked + g->reciprocal - t->island_value) /
           t->audience_cost;
}

/* The patron's assertiveness before the clip. */
static inline double assertiveness_raw(const ss_patron *c, const ss_aggregates *g)
{
    return (c->assertive_gain - c->deterrence_sensitivity * g->D) / c->assertive_cost;
}

/* What the followers' moves and their slopes share at aggregates g: the
 * (p, a) map (with a patron) and the raw c and q. */
typedef struct follower_parts {
    pa_map m;
    double c_raw, q_raw;
} follower_parts;

/* The least stage-2 equilibrium into f (f->multiple left 0), and its parts. */
static inline void followers_at(const ss_world *w, int has_patron, const ss_aggregates *g, double E,
                                follower_parts *parts, ss_followers *f)
{
    parts->c_raw = concession_raw(&w->target, g);
    f->c = clip01(parts->c_raw);
    f->multiple = 0;
    if (!has_patron) {
        f->p = f->a = f->q = 0;
        parts->m = (pa_map){0, 0, 0, 0}; /* unused without a patron */
        parts->q_raw = 0;
        return;
    }
    parts->m = pa_map_with(w, g, E);
    f->a = pa_least(&parts->m);
    f->p = clip01(parts->m.A * f->a - parts->m.B);
    parts->q_raw = assertiveness_raw(&w->patron, g);
    f->q = clip01(parts->q_raw);
}

void ss_followers_solve(const ss_world *w, int has_patron, const ss_aggregates *g, double tol,
                        ss_followers *f)
{
    follower_parts parts;
    followers_at(w, has_patron, g, has_patron ? pa_dependence(w) : 0, &parts, f);
    /* The least equilibrium is unique when chi sigma X < mu nu (A E < 1). */
    if (has_patron && parts.m.A * parts.m.E >= 1) {
        double a_hi = pa_greatest(&parts.m);
        f->multiple = fabs(a_hi - f->a) > tol;
    }
}

void ss_followers_raw(const ss_world *w, int has_patron, const ss_aggregates *g,
                      const ss_followers *f, double raw[4])
{
    raw[0] = concession_raw(&w->target, g);
    raw[1] = raw[2] = raw[3] = 0;
    if (!has_patron)
        return;
    pa_map m = pa_map_of(w, g);
    raw[1] = m.A * f->a - m.B;
    raw[2] = m.C + m.E * f->p;
    raw[3] = assertiveness_raw(&w->patron, g);
}

double ss_reference_level(const ss_params *prm, const double *s, size_t i)
{
    double num = 0, den = 0;
    for (size_t j = 0; j < prm->n; j++) {
        if (j == i)
            continue;
        num += prm->sanctioner[j].coalition_weight * s[j];
        den += prm->sanctioner[j].coalition_weight;
    }
    return den > 0 ? num / den : 0;
}

static inline void utility_terms(const ss_sanctioner *a, double sigma, double s_i, double reference,
                                 const ss_aggregates *g, const ss_followers *f,
                                 double term[SS_NTERMS])
{
    double shortfall = positive_part(reference - s_i);
    term[SS_TERM_NORM] = a->norm_value * g->X * (1 - sigma * f->p * f->a);
    term[SS_TERM_COST] = -(0.5 * a->exposure * s_i * s_i);
    term[SS_TERM_ALLIANCE] = -(0.5 * a->alliance_pressure * shortfall * shortfall);
    term[SS_TERM_TERRITORY] = a->territorial_stake * f->c;
    term[SS_TERM_AXIS] = -(a->axis_fear * f->a * f->p);
    term[SS_TERM_DETERRENCE] = -(a->deterrence_stake * f->q);
    term[SS_TERM_DOMESTIC] = a->domestic_value * s_i;
}

void ss_utility_terms(const ss_sanctioner *a, double sigma, double s_i, double reference,
                      const ss_aggregates *g, const ss_followers *f, double term[SS_NTERMS])
{
    utility_terms(a, sigma, s_i, reference, g, f, term);
}

/* The terms added in section 4's order: x - y and x + (-y) are the same
 * IEEE operation, so this is the formula written as one expression, bit for
 * bit. */
static inline double sum_terms(const double term[SS_NTERMS])
{
    double sum = term[0];
    for (int k = 1; k < SS_NTERMS; k++)
        sum += term[k];
    return sum;
}

double ss_utility(const ss_sanctioner *a, double sigma, double s_i, double reference,
                  const ss_aggregates *g, const ss_followers *f)
{
    double term[SS_NTERMS];
    ss_utility_terms(a, sigma, s_i, reference, g, f, term);
    return sum_terms(term);
}

double ss_payoff_sanctioner(const ss_params *prm, const ss_world *w, size_t i, const double *s,
                            const ss_aggregates *g, const ss_followers *f)
{
    return ss_utility(&prm->sanctioner[i], w->target.substitution, s[i],
                      ss_reference_level(prm, s, i), g, f);
}

double ss_payoff_target(const ss_params *prm, const ss_world *w, const double *s,
                        const ss_aggregates *g, const ss_followers *f)
{
    const ss_target *t = &w->target;
    double engagement = 0;
    for (size_t i = 0; i < prm->n; i++) {
        const ss_sanctioner *a = &prm->sanctioner[i];
        engagement += a->engagement * (1 - s[i]) * ((1 - a->linkage) + a->linkage * f->c);
    }
    return -g->X * (1 - t->substitution * f->p * f->a) +
           (1 + t->isolation_premium * g->X) * engagement + f->c * g->reciprocal -
           t->island_value * f->c - 0.5 * t->audience_cost * f->c * f->c -
           t->hedging_value * f->p * g->H - 0.5 * t->pivot_cost * f->p * f->p;
}

double ss_payoff_patron(const ss_world *w, int has_patron, const ss_aggregates *g,
                        const ss_followers *f)
{
    if (!has_patron)
        return 0;
    const ss_patron *c = &w->patron;
    return c->base_alignment * f->a + c->dependence_gain * f->a * f->p -
           0.5 * c->alignment_cost * f->a * f->a - c->secondary_risk * f->a * g->X +
           c->assertive_gain * f->q - 0.5 * c->assertive_cost * f->q * f->q -
           c->deterrence_sensitivity * f->q * g->D;
}

void ss_unilateral_slopes(const ss_unilateral *u, ss_aggregates *dg)
{
    dg->X = u->leverage;
    dg->D = u->dsum > 0 ? u->signal_weight / u->dsum : 0;
    dg->H = -u->engagement;
    dg->linked = -u->linkage * u->engagement;
    dg->reciprocal = -u->reciprocity;
}

static inline int interior(double raw)
{
    return raw > 0 && raw < 1;
}

/* The slopes of the (p, a) map's A, B, C and of q's raw value along dg:
 * they do not depend on where. */
typedef struct map_slopes {
    double dA, dB, dC, dq;
} map_slopes;

static inline map_slopes map_slopes_of(const ss_world *w, const ss_aggregates *dg)
{
    const ss_target *t = &w->target;
    const ss_patron *c = &w->patron;
    map_slopes k;
    k.dA = t->substitution * dg->X / t->pivot_cost;
    k.dB = t->hedging_value * dg->H / t->pivot_cost;
    k.dC = -c->secondary_risk * dg->X / c->alignment_cost;
    k.dq = -c->deterrence_sensitivity * dg->D / c->assertive_cost;
    return k;
}

/* The slopes df of f along dg, from f's parts and k = map_slopes_of(w, dg). */
static inline void followers_slope_at(const ss_world *w, int has_patron, const ss_aggregates *g,
                                      const ss_aggregates *dg, const map_slopes *k,
                                      const follower_parts *parts, const ss_followers *f,
                                      ss_followers *df)
{
    const ss_target *t = &w->target;
    df->c = interior(parts->c_raw)
                ? (t->isolation_premium * dg->X * g->linked +
                   (1 + t->isolation_premium * g->X) * dg->linked + dg->reciprocal) /
                      t->audience_cost
                : 0;
    df->multiple = 0;
    df->p = df->a = df->q = 0;
    if (!has_patron)
        return;
    const pa_map *m = &parts->m;
    double dA = k->dA, dB = k->dB, dC = k->dC;
    int p_in = interior(m->A * f->a - m->B);
    int a_in = interior(m->C + m->E * f->p);
    if (p_in && a_in && m->A * m->E < 1) {
        /* p = A a - B and a = C + E p move together */
        df->p = (dA * f->a + m->A * dC - dB) / (1 - m->A * m->E);
        df->a = dC + m->E * df->p;
    } else if (a_in) {
        df->a = dC;
    } else if (p_in) {
        df->p = dA * f->a - dB;
    }
    df->q = interior(parts->q_raw) ? k->dq : 0;
}

void ss_followers_slope(const ss_world *w, int has_patron, const ss_aggregates *g,
                        const ss_aggregates *dg, const ss_followers *f, ss_followers *df)
{
    follower_parts parts = {{0, 0, 0, 0}, concession_raw(&w->target, g), 0};
    if (has_patron) {
        parts.m = pa_map_of(w, g);
        parts.q_raw = assertiveness_raw(&w->patron, g);
    }
    map_slopes k = map_slopes_of(w, dg);
    followers_slope_at(w, has_patron, g, dg, &k, &parts, f, df);
}

static inline void utility_slope_terms(const ss_sanctioner *a, double sigma, double s_i,
                                       double reference, const ss_aggregates *g,
                                       const ss_aggregates *dg, const ss_followers *f,
                                       const ss_followers *df, double term[SS_NTERMS])
{
    double axis = f->p * f->a, daxis = df->p * f->a + f->p * df->a;
    term[SS_TERM_NORM] = a->norm_value * (dg->X * (1 - sigma * axis) - g->X * sigma * daxis);
    term[SS_TERM_COST] = -(a->exposure * s_i);
    term[SS_TERM_ALLIANCE] = a->alliance_pressure * positive_part(reference - s_i);
    term[SS_TERM_TERRITORY] = a->territorial_stake * df->c;
    term[SS_TERM_AXIS] = -(a->axis_fear * daxis);
    term[SS_TERM_DETERRENCE] = -(a->deterrence_stake * df->q);
    term[SS_TERM_DOMESTIC] = a->domestic_value;
}

void ss_utility_slope_terms(const ss_sanctioner *a, double sigma, double s_i, double reference,
                            const ss_aggregates *g, const ss_aggregates *dg, const ss_followers *f,
                            const ss_followers *df, double term[SS_NTERMS])
{
    utility_slope_terms(a, sigma, s_i, reference, g, dg, f, df, term);
}

double ss_utility_and_slope(const ss_sanctioner *a, double sigma, double s_i, double reference,
                            const ss_aggregates *g, const ss_aggregates *dg, const ss_followers *f,
                            const ss_followers *df, double *slope)
{
    double term[SS_NTERMS];
    utility_slope_terms(a, sigma, s_i, reference, g, dg, f, df, term);
    *slope = sum_terms(term);
    utility_terms(a, sigma, s_i, reference, g, f, term);
    return sum_terms(term);
}

double ss_utility_slope(const ss_sanctioner *a, double sigma, double s_i, double reference,
                        const ss_aggregates *g, const ss_aggregates *dg, const ss_followers *f,
                        const ss_followers *df)
{
    double term[SS_NTERMS];
    utility_slope_terms(a, sigma, s_i, reference, g, dg, f, df, term);
    return sum_terms(term);
}

double ss_unilateral_payoff(const ss_unilateral *u, const ss_aggregates *dg, const ss_sanctioner *a,
                            const ss_world *w, int has_patron, double x, ss_followers *f,
                            double *slope)
{
    ss_aggregates g;
    ss_followers df;
    follower_parts parts;
    unilateral_aggregates(u, x, &g);
    followers_at(w, has_patron, &g, u->dependence, &parts, f);
    map_slopes k = {u->d_pressure, u->d_hedging, u->d_alignment, u->d_assertive};
    followers_slope_at(w, has_patron, &g, dg, &k, &parts, f, &df);
    double sigma = w->target.substitution, term[SS_NTERMS];
    utility_slope_terms(a, sigma, x, u->reference, &g, dg, f, &df, term);
    *slope = sum_terms(term);
    utility_terms(a, sigma, x, u->reference, &g, f, term);
    return sum_terms(term);
}

/* The parts of ss_unilateral that ss_unilateral_payoff takes ready-made. */
static void unilateral_constants(ss_unilateral *u, int has_patron, const ss_world *w)
{
    u->dependence = has_patron ? pa_dependence(w) : 0;
    ss_aggregates dg;
    ss_unilateral_slopes(u, &dg);
    map_slopes k = map_slopes_of(w, &dg);
    u->d_pressure = k.dA;
    u->d_hedging = k.dB;
    u->d_alignment = k.dC;
    u->d_assertive = k.dq;
}

/* Whether the quadratic through f(0) = f0, f(1/2) = fm and f(1) = f1 has the
 * strict sign `sign` (+1 or -1) on all of [0, 1]. */
static int quad_keeps_sign(double f0, double fm, double f1, double sign)
{
    if (!(sign * f0 > 0 && sign * fm > 0 && sign * f1 > 0))
        return 0;
    double c2 = 2 * (f0 + f1 - 2 * fm), c1 = f1 - f0 - c2;
    if (c2 != 0) {
        double t = -c1 / (2 * c2); /* the vertex */
        if (t > 0 && t < 1 && !(sign * (f0 + t * (c1 + c2 * t)) > 0))
            return 0;
    }
    return 1;
}

/* Whether a level (at most quadratic along the block, sampled at its ends and
 * middle) stays strictly on one side of the clip [0, 1] or strictly inside. */
static int level_stays(const double f[3])
{
    if (f[0] <= 0)
        return quad_keeps_sign(f[0], f[1], f[2], -1);
    if (f[0] >= 1)
        return quad_keeps_sign(f[0] - 1, f[1] - 1, f[2] - 1, 1);
    return quad_keeps_sign(f[0], f[1], f[2], 1) &&
           quad_keeps_sign(f[0] - 1, f[1] - 1, f[2] - 1, -1);
}

int ss_unilateral_smooth(const ss_unilateral *u, const ss_world *w, int has_patron, int hold,
                         double lo, double hi, double *q_lo, double *q_hi)
{
    *q_lo = *q_hi = 1;
    /* the reference level may be an end: the payoff and its slope are
     * continuous there */
    if (!(lo < hi) || (lo < u->reference && hi > u->reference))
        return 0;
    if (hold)
        return 1;
    double xs[3] = {lo, 0.5 * (lo + hi), hi}, f[3];
    ss_aggregates g[3];
    for (int k = 0; k < 3; k++) {
        unilateral_aggregates(u, xs[k], &g[k]);
        f[k] = concession_raw(&w->target, &g[k]);
    }
    if (!level_stays(f))
        return 0;
    if (!has_patron)
        return 1;
    for (int k = 0; k < 3; k++)
        f[k] = assertiveness_raw(&w->patron, &g[k]);
    if (!level_stays(f))
        return 0;
    double E = u->dependence;
    if (!(E >= 0))
        return 0;
    pa_map m[3];
    for (int k = 0; k < 3; k++)
        m[k] = pa_map_with(w, &g[k], E);
    /* p clipped at 0 and a = clip(C): the least equilibrium wherever
     * A clip(C) - B < 0, as g(a) >= clip(C) for every a */
    double c[3];
    for (int k = 0; k < 3; k++)
        c[k] = m[k].C;
    if (m[0].A * clip01(m[0].C) - m[0].B < 0) {
        if (!level_stays(c))
            return 0;
        double pr[3];
        for (int k = 0; k < 3; k++)
            pr[k] = m[k].A * clip01(m[k].C) - m[k].B;
        return quad_keeps_sign(pr[0], pr[1], pr[2], -1);
    }
    /* p and a both free, A E < 1 (then the equilibrium is unique): with
     * Q = 1 - A E, a Q = C - E B and p Q = A C - B */
    double q[3], aq[3], pq[3], aq1[3], pq1[3];
    for (int k = 0; k < 3; k++) {
        q[k] = 1 - m[k].A * E;
        aq[k] = m[k].C - E * m[k].B;
        pq[k] = m[k].A * m[k].C - m[k].B;
        aq1[k] = aq[k] - q[k];
        pq1[k] = pq[k] - q[k];
    }
    if (!(q[0] > 0 && q[2] > 0) || !quad_keeps_sign(aq[0], aq[1], aq[2], 1) ||
        !quad_keeps_sign(aq1[0], aq1[1], aq1[2], -1) || !quad_keeps_sign(pq[0], pq[1], pq[2], 1) ||
        !quad_keeps_sign(pq1[0], pq1[1], pq1[2], -1))
        return 0;
    *q_lo = q[0];
    *q_hi = q[2];
    return 2;
}
