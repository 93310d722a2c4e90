/* Priors: their distributions and quantile functions. */
#include "sanctionsim/priors.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const dist_names[] = {"uniform", "normal", "beta", "lognormal"};

const char *ss_dist_name(ss_dist d)
{
    return dist_names[d];
}

static double clamp(double x, double lo, double hi)
{
    return x < lo ? lo : (x > hi ? hi : x);
}

/* The beta quantile by bisection on the CDF, in at most 200 halvings:
 * gsl_cdf_beta_Pinv (GSL 2.7) never returns for alpha = beta = 1e6 at u = 0.5. */
static double beta_quantile(double u, double alpha, double beta)
{
    double lo = 0, hi = 1;
    for (int k = 0; k < 200; k++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (gsl_cdf_beta_P(mid, alpha, beta) < u)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* log(Q(a + t) / Q(a)) for the standard normal's upper tail Q, a >= 0 and
 * t >= 0, without forming Q (which underflows beyond a = 38). With the hazard
 * h = phi / Q (gsl_sf_hazard, accurate for any a), Q(z) = phi(z) / h(z), so
 * the ratio is exp(-a t - t^2 / 2) h(a) / h(a + t): both parts keep their
 * precision however far out a is. */
static double log_tail_ratio(double a, double t)
{
    double z = a + t;
    if (isinf(z))
        return -INFINITY;
    return -t * (a + 0.5 * t) + log(gsl_sf_hazard(a) / gsl_sf_hazard(z));
}

/* The standard normal truncated to [a, a + w] (a >= 0: an upper tail, w > 0,
 * maybe infinite) at probability u: its offset t in [0, w] above a. While the
 * tail's mass Q(a) - Q(a + w) is well represented, by the inverse of Q (the
 * complement: 1 - P(a) is 0 in double already at a = 8.3); beyond, where Q
 * underflows or the interval is too narrow for the difference, by bisection
 * on log_tail_ratio. Either way non-decreasing in u. */
static double tail_offset(double a, double w, double u)
{
    if (u <= 0)
        return 0;
    if (u >= 1)
        return w;
    double qa = gsl_cdf_ugaussian_Q(a), qb = isinf(w) ? 0 : gsl_cdf_ugaussian_Q(a + w);
    if (qa >= 1e-300 && qa - qb >= 1e-6 * qa)
        return clamp(gsl_cdf_ugaussian_Qinv(qa - u * (qa - qb)) - a, 0, w);
    /* the offset where Q(a + t) / Q(a) = 1 - u (1 - Q(a + w) / Q(a)) */
    double want = log1p(u * expm1(log_tail_ratio(a, w)));
    if (!(want > -INFINITY))
        return w;
    /* the ratio is below exp(-t^2 / 2): the answer is below sqrt(-2 want) */
    double lo = 0, hi = sqrt(-2 * want);
    if (!(hi < w))
        hi = w;
    for (int k = 0; k < 200; k++) {
        double mid = 0.5 * (lo + hi);
        if (mid <= lo || mid >= hi)
            break;
        if (log_tail_ratio(a, mid) > want)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* A normal(mean, sd) truncated to [lo, hi] at probability u, as the offset
 * from the nearer end when the interval lies in a tail (so a support far out,
 * as normal(0.2, 0.02) on [0.38, 1], keeps its shape instead of rounding to
 * P(lo) = P(hi)), else by the CDF. Sets *from to -1 (x = lo + sd t), 1
 * (x = hi - sd t) or 0 (x = mean + sd t) and returns t. */
static double normal_offset(double mean, double sd, double lo, double hi, double u, int *from)
{
    double a = (lo - mean) / sd, b = (hi - mean) / sd;
    if (a >= 0) {
        *from = -1;
        return tail_offset(a, b - a, u);
    }
    if (b <= 0) {
        *from = 1;
        return tail_offset(-b, b - a, 1 - u);
    }
    /* the interval holds the mode: at least the mass of its wider side */
    *from = 0;
    double fa = gsl_cdf_ugaussian_P(a), fb = gsl_cdf_ugaussian_P(b);
    if (fb > fa)
        return gsl_cdf_ugaussian_Pinv(fa + u * (fb - fa));
    /* narrower than double precision tells from a point: flat there */
    return a + u * (b - a);
}

double ss_prior_quantile(const ss_prior *p, double u)
{
    u = clamp(u, 0, 1);
    double x, t;
    int from;
    switch (p->dist) {
    case SS_DIST_NORMAL:
        t = normal_offset(p->p1, p->p2, p->lo, p->hi, u, &from);
        x = from < 0 ? p->lo + p->p2 * t : from > 0 ? p->hi - p->p2 * t : p->p1 + p->p2 * t;
        break;
    case SS_DIST_BETA:
        x = p->lo + (p->hi - p->lo) * beta_quantile(u, p->p1, p->p2);
        break;
    case SS_DIST_LOGNORMAL:
        /* log x is normal(meanlog, sdlog) truncated to [log lo, log hi]; the
         * loader refuses hi <= 0, where there is no mass */
        if (!(p->hi > 0)) {
            x = p->lo;
            break;
        }
        t = normal_offset(p->p1, p->p2, p->lo > 0 ? log(p->lo) : -INFINITY, log(p->hi), u, &from);
        x = from < 0   ? p->lo * exp(p->p2 * t)
            : from > 0 ? p->hi * exp(-p->p2 * t)
                       : exp(p->p1 + p->p2 * t);
        break;
    default:
        x = p->lo + u * (p->hi - p->lo);
        break;
    }
    /* the tails of the inverse CDFs can round past the support (or to +-inf),
     * or below the smallest valid size (then 0, or lo when 0 is outside) */
    if (isnan(x))
        x = p->lo;
    if (fabs(x) < SS_PARAM_TINY)
        x = 0;
    return clamp(x, p->lo, p->hi);
}

const ss_prior *ss_priors_find(const ss_priors *ps, const ss_keyref *ref)
{
    if (!ps)
        return NULL;
    for (size_t k = 0; k < ps->n; k++)
        if (memcmp(&ps->items[k].ref, ref, sizeof *ref) == 0)
            return &ps->items[k];
    return NULL;
}

ss_priors *ss_priors_copy(const ss_priors *ps)
{
    ss_priors *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (ps->n) {
        c->items = malloc(ps->n * sizeof *c->items);
        if (!c->items) {
            free(c);
            return NULL;
        }
        memcpy(c->items, ps->items, ps->n * sizeof *c->items);
    }
    c->n = ps->n;
    return c;
}

void ss_priors_free(ss_priors *ps)
{
    if (!ps)
        return;
    free(ps->items);
    free(ps);
}
