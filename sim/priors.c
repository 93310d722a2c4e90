/* Priors: the `priors` section of a scenario and their quantile functions. */
#include "sanctionsim/priors.h"
#include "cfg.h"

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

/* Reads one `{ key = "..."; dist = "..."; ... }` entry. */
static ss_status read_prior(const ss_cfg_ctx *c, const config_setting_t *g, ss_prior *p)
{
    static const char *const allowed[] = {"key",   "dist", "min",     "max",   "mean", "sd",
                                          "alpha", "beta", "meanlog", "sdlog", NULL};
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, g, "'priors': entries must be groups { key = ...; dist = ...; }");
    ss_status st = ss_cfg_only(c, g, "priors", allowed);
    if (st)
        return st;
    const config_setting_t *s = config_setting_get_member(g, "key");
    if (!s)
        return ss_cfg_fail(c, g, "'priors.key': missing");
    if ((st = ss_cfg_key(c, s, "priors.key", &p->ref, p->key, sizeof p->key)))
        return st;
    char where[160], dist[16];
    snprintf(where, sizeof where, "priors.%s", p->key);
    const ss_param_info *info = ss_key_info(&p->ref);
    ss_param_closed_range(info, &p->lo, &p->hi);

    if (!(s = config_setting_get_member(g, "dist")))
        return ss_cfg_fail(c, g, "'%s.dist': missing (uniform, normal, beta, lognormal)", where);
    char key[200];
    snprintf(key, sizeof key, "%s.dist", where);
    if ((st = ss_cfg_string(c, s, key, dist, sizeof dist)))
        return st;
    size_t d = 0;
    while (d < 4 && strcmp(dist_names[d], dist) != 0)
        d++;
    if (d == 4)
        return ss_cfg_fail(
            c, s, "'%s': unknown distribution '%s' (uniform, normal, beta, lognormal)", key, dist);
    p->dist = (ss_dist)d;

    /* min and max cut the support inside the parameter's range */
    static const char *const cut[] = {"min", "max"};
    for (int k = 0; k < 2; k++) {
        if (!(s = config_setting_get_member(g, cut[k])))
            continue;
        snprintf(key, sizeof key, "%s.%s", where, cut[k]);
        double v;
        if ((st = ss_cfg_param(c, s, key, info, &v)))
            return st;
        *(k ? &p->hi : &p->lo) = v;
    }
    if (!(p->lo < p->hi))
        return ss_cfg_fail(c, g, "'%s': min must be below max", where);
    if (p->dist == SS_DIST_LOGNORMAL && !(p->hi > 0))
        return ss_cfg_fail(c, g, "'%s': a lognormal prior has no mass at or below 0 (got max %g)",
                           where, p->hi);
    if ((p->dist == SS_DIST_UNIFORM || p->dist == SS_DIST_BETA) && (p->hi - p->lo > 1e6))
        return ss_cfg_fail(c, g,
                           "'%s': a %s prior needs a support at most 1e6 wide (got [%g, %g]; "
                           "give min and max)",
                           where, dist, p->lo, p->hi);

    /* the shape parameters each distribution needs, and no others */
    static const char *const shape[4][2] = {
        {NULL, NULL}, {"mean", "sd"}, {"alpha", "beta"}, {"meanlog", "sdlog"}};
    static const char *const all_shapes[] = {"mean", "sd", "alpha", "beta", "meanlog", "sdlog"};
    for (size_t k = 0; k < 6; k++) {
        int mine = (shape[d][0] && strcmp(shape[d][0], all_shapes[k]) == 0) ||
                   (shape[d][1] && strcmp(shape[d][1], all_shapes[k]) == 0);
        if (!mine && (s = config_setting_get_member(g, all_shapes[k])))
            return ss_cfg_fail(c, s, "'%s.%s': not a parameter of a %s prior", where, all_shapes[k],
                               dist);
    }
    for (int k = 0; k < 2 && shape[d][0]; k++) {
        snprintf(key, sizeof key, "%s.%s", where, shape[d][k]);
        if (!(s = config_setting_get_member(g, shape[d][k])))
            return ss_cfg_fail(c, g, "'%s': missing", key);
        /* location parameters may be any real; spreads and shapes must be positive */
        int location = k == 0 && d != SS_DIST_BETA;
        if ((st = ss_cfg_real(c, s, key, location ? -1e6 : 1e-12, 1e6, k ? &p->p2 : &p->p1)))
            return st;
    }
    return SS_OK;
}

ss_status ss_cfg_read_priors(const ss_cfg_ctx *c, const config_setting_t *list)
{
    if (config_setting_type(list) != CONFIG_TYPE_LIST)
        return ss_cfg_fail(c, list, "'priors': must be a list of groups ( {...}, ... )");
    int n = config_setting_length(list);
    if (n > 1024)
        return ss_cfg_fail(c, list, "'priors': too many entries (%d; at most 1024)", n);
    ss_priors *ps = calloc(1, sizeof *ps);
    if (!ps || (n > 0 && !(ps->items = calloc((size_t)n, sizeof *ps->items)))) {
        free(ps);
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    }
    for (int k = 0; k < n; k++) {
        const config_setting_t *g = config_setting_get_elem(list, (unsigned)k);
        ss_status st = read_prior(c, g, &ps->items[k]);
        ps->n++;
        if (!st && ss_priors_find(ps, &ps->items[k].ref) != &ps->items[k])
            st = ss_cfg_fail(c, g, "'priors': a second prior for '%s'", ps->items[k].key);
        if (st) {
            ss_priors_free(ps);
            return st;
        }
    }
    ss_priors_free(c->sc->priors); /* a file replaces its base's priors */
    c->sc->priors = ps;
    return SS_OK;
}
