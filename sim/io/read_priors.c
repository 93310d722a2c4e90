/* The `priors` section of a scenario: a list of priors on dotted keys. */
#include "cfg.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/priors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    while (d < 4 && strcmp(ss_dist_name((ss_dist)d), dist) != 0)
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
