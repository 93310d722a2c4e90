/* The `observed` section of a scenario (MODEL.md section 9): the weights of
 * the measure types and the dated measures. */
#include "cfg.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int measure_type(const char *name)
{
    for (int k = 0; k < SS_NMEASURE_TYPES; k++)
        if (strcmp(ss_measure_type_names[k], name) == 0)
            return k;
    return -1;
}

static ss_status read_weights(const ss_cfg_ctx *c, const config_setting_t *g, double *w)
{
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, g, "'observed.weights': must be a group { TYPE = number; ... }");
    for (int k = 0; k < SS_NMEASURE_TYPES; k++)
        w[k] = 0;
    for (int k = 0; k < config_setting_length(g); k++) {
        const config_setting_t *e = config_setting_get_elem(g, (unsigned)k);
        char key[96];
        snprintf(key, sizeof key, "observed.weights.%s", config_setting_name(e));
        int type = measure_type(config_setting_name(e));
        if (type < 0)
            return ss_cfg_fail(c, e,
                               "'%s': unknown measure type (diplomatic, travel_ban, asset_freeze, "
                               "crimea_trade, arms_export, dual_use_export, financial_sectoral, "
                               "energy_technology, defense_sector)",
                               key);
        ss_status st = ss_cfg_real(c, e, key, 0, 1, &w[type]);
        if (st)
            return st;
    }
    double sum = 0;
    for (int k = 0; k < SS_NMEASURE_TYPES; k++)
        sum += w[k];
    if (fabs(sum - 1) > 1e-9)
        return ss_cfg_fail(c, g, "'observed.weights': must sum to 1 (got %.17g)", sum);
    return SS_OK;
}

static ss_status read_measure(const ss_cfg_ctx *c, const config_setting_t *g, size_t k,
                              ss_measure *m)
{
    static const char *const allowed[] = {"sanctioner", "type",   "start",      "end",
                                          "scope",      "source", "instrument", NULL};
    char where[64], key[96];
    snprintf(where, sizeof where, "observed.measures[%zu]", k);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, g, "'%s': must be a group { sanctioner = ...; type = ...; }", where);
    ss_status st = ss_cfg_only(c, g, where, allowed);
    if (st)
        return st;
    static const char *const required[] = {"sanctioner", "type", "start"};
    for (int r = 0; r < 3; r++)
        if (!config_setting_get_member(g, required[r]))
            return ss_cfg_fail(c, g, "'%s.%s': missing", where, required[r]);
    const config_setting_t *s = config_setting_get_member(g, "sanctioner");
    snprintf(key, sizeof key, "%s.sanctioner", where);
    if ((st = ss_cfg_sanctioner(c, s, key, &m->sanctioner)))
        return st;
    char type[32];
    s = config_setting_get_member(g, "type");
    snprintf(key, sizeof key, "%s.type", where);
    if ((st = ss_cfg_string(c, s, key, type, sizeof type)))
        return st;
    int ti = measure_type(type);
    if (ti < 0)
        return ss_cfg_fail(c, s,
                           "'%s': unknown measure type '%s' (diplomatic, travel_ban, asset_freeze, "
                           "crimea_trade, arms_export, dual_use_export, financial_sectoral, "
                           "energy_technology, defense_sector)",
                           key, type);
    m->type = (size_t)ti;
    snprintf(key, sizeof key, "%s.start", where);
    if ((st = ss_cfg_date(c, config_setting_get_member(g, "start"), key, 1, &m->start)))
        return st;
    if ((s = config_setting_get_member(g, "end"))) {
        snprintf(key, sizeof key, "%s.end", where);
        if ((st = ss_cfg_date(c, s, key, 1, &m->end)))
            return st;
        if (ss_date_cmp(&m->end, &m->start) <= 0)
            return ss_cfg_fail(c, s, "'%s': must be after the start", key);
        m->has_end = 1;
    }
    m->scope = 1;
    if ((s = config_setting_get_member(g, "scope"))) {
        snprintf(key, sizeof key, "%s.scope", where);
        if ((st = ss_cfg_real(c, s, key, 0, 1, &m->scope)))
            return st;
        if (m->scope <= 0)
            return ss_cfg_fail(c, s, "'%s': must be > 0 (got %.17g)", key, m->scope);
    }
    if ((s = config_setting_get_member(g, "source"))) {
        snprintf(key, sizeof key, "%s.source", where);
        if ((st = ss_cfg_string(c, s, key, m->source, sizeof m->source)))
            return st;
    }
    if ((s = config_setting_get_member(g, "instrument"))) {
        snprintf(key, sizeof key, "%s.instrument", where);
        if ((st = ss_cfg_string(c, s, key, m->instrument, sizeof m->instrument)))
            return st;
        if (m->instrument[0] == '\0')
            return ss_cfg_fail(c, s, "'%s': must not be empty", key);
    }
    return SS_OK;
}

ss_status ss_cfg_read_observed(const ss_cfg_ctx *c, const config_setting_t *g)
{
    static const char *const allowed[] = {"weights", "measures", NULL};
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, g, "'observed': must be a group { measures = (...); }");
    ss_status st = ss_cfg_only(c, g, "observed", allowed);
    if (st)
        return st;
    ss_timeline *t = ss_cfg_timeline(c);
    if (!t)
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    free(t->measures); /* a file replaces its base's measures */
    t->measures = NULL;
    t->nmeasures = 0;
    t->has_observed = 1;
    memcpy(t->weights, ss_measure_default_weights, sizeof t->weights);
    const config_setting_t *s;
    if ((s = config_setting_get_member(g, "weights")) && (st = read_weights(c, s, t->weights)))
        return st;
    if (!(s = config_setting_get_member(g, "measures")))
        return ss_cfg_fail(c, g, "'observed.measures': missing");
    if (config_setting_type(s) != CONFIG_TYPE_LIST)
        return ss_cfg_fail(c, s, "'observed.measures': must be a list of groups ( {...}, ... )");
    size_t n = (size_t)config_setting_length(s);
    if (n > 65536)
        return ss_cfg_fail(c, s, "'observed.measures': too many entries (%zu)", n);
    if (n > 0 && !(t->measures = calloc(n, sizeof *t->measures)))
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        if ((st = read_measure(c, config_setting_get_elem(s, (unsigned)k), k, &t->measures[k])))
            return st;
        t->nmeasures++;
    }
    return SS_OK;
}
