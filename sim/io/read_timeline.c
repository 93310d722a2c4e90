/* The `timeline` section of a scenario: periods, order, ratchet, initial
 * intensities, events and shocks. */
#include "cfg.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

ss_timeline *ss_cfg_timeline(const ss_cfg_ctx *c)
{
    if (!c->sc->timeline)
        c->sc->timeline = ss_timeline_new();
    return c->sc->timeline;
}

static ss_status read_order(const ss_cfg_ctx *c, const config_setting_t *s, ss_timeline *t)
{
    if (config_setting_type(s) != CONFIG_TYPE_ARRAY && config_setting_type(s) != CONFIG_TYPE_LIST)
        return ss_cfg_fail(c, s, "'timeline.order': must be a list of sanctioner ids");
    size_t n = (size_t)config_setting_length(s);
    if (n != c->sc->params.n)
        return ss_cfg_fail(c, s, "'timeline.order': must list each of the %zu sanctioners once",
                           c->sc->params.n);
    int seen[SS_MAX_SANCTIONERS] = {0};
    for (size_t k = 0; k < n; k++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)k);
        ss_status st = ss_cfg_sanctioner(c, e, "timeline.order", &t->order[k]);
        if (st)
            return st;
        if (seen[t->order[k]]++)
            return ss_cfg_fail(c, e, "'timeline.order': '%s' listed twice",
                               c->sc->sanctioner[t->order[k]].id);
    }
    t->norder = n;
    return SS_OK;
}

/* `KEY = number` for every sanctioner (group) or one number for all. */
static ss_status read_per_sanctioner(const ss_cfg_ctx *c, const config_setting_t *s,
                                     const char *key, double min, double max, double *out)
{
    char where[96];
    if (ss_cfg_is_number(s)) {
        double v;
        ss_status st = ss_cfg_real(c, s, key, min, max, &v);
        for (size_t i = 0; !st && i < c->sc->params.n; i++)
            out[i] = v;
        return st;
    }
    if (config_setting_type(s) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, s, "'%s': must be a number or a group { ID = number; ... }", key);
    for (int k = 0; k < config_setting_length(s); k++) {
        const config_setting_t *e = config_setting_get_elem(s, (unsigned)k);
        const char *id = config_setting_name(e);
        snprintf(where, sizeof where, "%s.%s", key, id);
        int i = ss_scenario_sanctioner(c->sc, id);
        if (i < 0)
            return ss_cfg_fail(c, e, "'%s': no sanctioner '%s'", where, id);
        ss_status st = ss_cfg_real(c, e, where, min, max, &out[i]);
        if (st)
            return st;
    }
    return SS_OK;
}

/* "KEY = VALUE" of an event, checked as --set checks it. */
static ss_status read_change(const ss_cfg_ctx *c, const config_setting_t *e, const char *where,
                             ss_change *ch)
{
    if (config_setting_type(e) != CONFIG_TYPE_STRING)
        return ss_cfg_fail(c, e, "'%s': entries must be strings \"KEY = VALUE\", not %s", where,
                           ss_cfg_type_name(e));
    /* the one reader of KEY=VALUE, as --set and `set` lists use it */
    char origin[128]; /* quoted, as the top-level `set` list's messages are */
    snprintf(origin, sizeof origin, "'%s'", where);
    ss_error kerr;
    ss_error_clear(&kerr);
    if (ss_scenario_parse_assignment(c->sc, config_setting_get_string(e), origin, &ch->ref,
                                     &ch->value, &kerr) != SS_OK)
        return ss_cfg_fail(c, e, "%s", kerr.message);
    ss_key_name(c->sc, &ch->ref, ch->key, sizeof ch->key);
    return SS_OK;
}

static ss_status read_event(const ss_cfg_ctx *c, const config_setting_t *g, size_t k, ss_event *ev)
{
    static const char *const allowed[] = {"date", "label", "source", "set", NULL};
    char where[64], key[96];
    snprintf(where, sizeof where, "timeline.events[%zu]", k);
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, g, "'%s': must be a group { date = ...; label = ...; }", where);
    ss_status st = ss_cfg_only(c, g, where, allowed);
    if (st)
        return st;
    ev->line = (unsigned)config_setting_source_line(g);
    const config_setting_t *s;
    static const char *const required[] = {"date", "label", "source"};
    for (int r = 0; r < 3; r++)
        if (!config_setting_get_member(g, required[r]))
            return ss_cfg_fail(c, g, "'%s.%s': missing", where, required[r]);
    snprintf(key, sizeof key, "%s.date", where);
    if ((st = ss_cfg_date(c, config_setting_get_member(g, "date"), key, 1, &ev->date)))
        return st;
    snprintf(key, sizeof key, "%s.label", where);
    if ((st = ss_cfg_string(c, config_setting_get_member(g, "label"), key, ev->label,
                            sizeof ev->label)))
        return st;
    if (ev->label[0] == '\0')
        return ss_cfg_fail(c, g, "'%s': must not be empty", key);
    /* labels become TSV cells and plot text: ss_cfg_string has refused tabs,
     * newlines and every other control character (text.h) */
    snprintf(key, sizeof key, "%s.source", where);
    if ((st = ss_cfg_string(c, config_setting_get_member(g, "source"), key, ev->source,
                            sizeof ev->source)))
        return st;
    if (!(s = config_setting_get_member(g, "set")))
        return SS_OK;
    snprintf(key, sizeof key, "%s.set", where);
    if (config_setting_type(s) != CONFIG_TYPE_ARRAY && config_setting_type(s) != CONFIG_TYPE_LIST)
        return ss_cfg_fail(c, s, "'%s': must be a list [\"KEY = VALUE\", ...]", key);
    size_t n = (size_t)config_setting_length(s);
    if (n > 0 && !(ev->changes = calloc(n, sizeof *ev->changes)))
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    for (size_t j = 0; j < n; j++) {
        if ((st = read_change(c, config_setting_get_elem(s, (unsigned)j), key, &ev->changes[j])))
            return st;
        ev->nchanges++;
    }
    return SS_OK;
}

static ss_status read_events(const ss_cfg_ctx *c, const config_setting_t *s, ss_timeline *t)
{
    if (config_setting_type(s) != CONFIG_TYPE_LIST)
        return ss_cfg_fail(c, s, "'timeline.events': must be a list of groups ( {...}, ... )");
    size_t n = (size_t)config_setting_length(s);
    if (n > 4096)
        return ss_cfg_fail(c, s, "'timeline.events': too many entries (%zu; at most 4096)", n);
    if (n > 0 && !(t->events = calloc(n, sizeof *t->events)))
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        t->nevents++;
        ss_status st = read_event(c, config_setting_get_elem(s, (unsigned)k), k, &t->events[k]);
        if (st)
            return st;
    }
    /* a stable insertion sort by date: same-date events keep the file's order */
    for (size_t k = 1; k < n; k++) {
        ss_event ev = t->events[k];
        size_t j = k;
        for (; j > 0 && ss_date_cmp(&t->events[j - 1].date, &ev.date) > 0; j--)
            t->events[j] = t->events[j - 1];
        t->events[j] = ev;
    }
    return SS_OK;
}

static ss_status read_shocks(const ss_cfg_ctx *c, const config_setting_t *s, ss_timeline *t)
{
    static const char *const allowed[] = {"key", "dist", "sd", NULL};
    if (config_setting_type(s) != CONFIG_TYPE_LIST)
        return ss_cfg_fail(c, s, "'timeline.shocks': must be a list of groups ( {...}, ... )");
    size_t n = (size_t)config_setting_length(s);
    if (n > 1024)
        return ss_cfg_fail(c, s, "'timeline.shocks': too many entries (%zu; at most 1024)", n);
    if (n > 0 && !(t->shocks = calloc(n, sizeof *t->shocks)))
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    for (size_t k = 0; k < n; k++) {
        const config_setting_t *g = config_setting_get_elem(s, (unsigned)k), *e;
        char where[64], key[96];
        snprintf(where, sizeof where, "timeline.shocks[%zu]", k);
        ss_shock *sh = &t->shocks[k];
        t->nshocks++;
        if (config_setting_type(g) != CONFIG_TYPE_GROUP)
            return ss_cfg_fail(c, g, "'%s': must be a group { key = ...; sd = ...; }", where);
        ss_status st = ss_cfg_only(c, g, where, allowed);
        if (st)
            return st;
        if (!(e = config_setting_get_member(g, "key")))
            return ss_cfg_fail(c, g, "'%s.key': missing", where);
        snprintf(key, sizeof key, "%s.key", where);
        if ((st = ss_cfg_key(c, e, key, &sh->ref, sh->key, sizeof sh->key)))
            return st;
        if ((e = config_setting_get_member(g, "dist"))) {
            char dist[16];
            snprintf(key, sizeof key, "%s.dist", where);
            if ((st = ss_cfg_string(c, e, key, dist, sizeof dist)))
                return st;
            if (strcmp(dist, "normal") != 0)
                return ss_cfg_fail(c, e, "'%s': unknown shock distribution '%s' (normal)", key,
                                   dist);
        }
        if (!(e = config_setting_get_member(g, "sd")))
            return ss_cfg_fail(c, g, "'%s.sd': missing", where);
        snprintf(key, sizeof key, "%s.sd", where);
        if ((st = ss_cfg_real(c, e, key, 0, 1e6, &sh->sd)))
            return st;
    }
    return SS_OK;
}

ss_status ss_cfg_read_timeline(const ss_cfg_ctx *c, const config_setting_t *g)
{
    static const char *const allowed[] = {"start",   "end",    "step",   "order", "ratchet",
                                          "initial", "events", "shocks", NULL};
    if (config_setting_type(g) != CONFIG_TYPE_GROUP)
        return ss_cfg_fail(c, g, "'timeline': must be a group { start = ...; end = ...; }");
    ss_status st = ss_cfg_only(c, g, "timeline", allowed);
    if (st)
        return st;
    ss_timeline *t = ss_cfg_timeline(c);
    if (!t)
        return ss_error_set(c->err, SS_ENOMEM, "out of memory");
    ss_timeline_clear_periods(t); /* a file replaces its base's timeline */
    for (size_t i = 0; i < SS_MAX_SANCTIONERS; i++) {
        t->ratchet[i] = INFINITY;
        t->initial[i] = 0;
    }
    const config_setting_t *s;
    static const char *const required[] = {"start", "end", "step"};
    for (int r = 0; r < 3; r++)
        if (!config_setting_get_member(g, required[r]))
            return ss_cfg_fail(c, g, "'timeline.%s': missing", required[r]);
    if ((st = ss_cfg_date(c, config_setting_get_member(g, "start"), "timeline.start", 0,
                          &t->start)) ||
        (st =
             ss_cfg_date(c, (s = config_setting_get_member(g, "end")), "timeline.end", 0, &t->end)))
        return st;
    if (ss_date_cmp(&t->end, &t->start) < 0)
        return ss_cfg_fail(c, s, "'timeline.end': must not be before timeline.start");
    char step[16];
    s = config_setting_get_member(g, "step");
    if ((st = ss_cfg_string(c, s, "timeline.step", step, sizeof step)))
        return st;
    if (strcmp(step, "month") == 0)
        t->step = SS_STEP_MONTH;
    else if (strcmp(step, "quarter") == 0)
        t->step = SS_STEP_QUARTER;
    else
        return ss_cfg_fail(c, s, "'timeline.step': unknown step '%s' (month, quarter)", step);
    t->has_periods = 1;
    if (ss_timeline_periods(t) > 12 * 200)
        return ss_cfg_fail(c, g, "'timeline': more than %d periods", 12 * 200);
    if ((s = config_setting_get_member(g, "order"))) {
        if ((st = read_order(c, s, t)))
            return st;
    } else {
        t->norder = c->sc->params.n;
        for (size_t i = 0; i < t->norder; i++)
            t->order[i] = i;
    }
    if ((s = config_setting_get_member(g, "ratchet")) &&
        (st = read_per_sanctioner(c, s, "timeline.ratchet", 0, 1, t->ratchet)))
        return st;
    if ((s = config_setting_get_member(g, "initial")) &&
        (st = read_per_sanctioner(c, s, "timeline.initial", 0, 1, t->initial)))
        return st;
    if ((s = config_setting_get_member(g, "events")) && (st = read_events(c, s, t)))
        return st;
    if ((s = config_setting_get_member(g, "shocks")) && (st = read_shocks(c, s, t)))
        return st;
    return SS_OK;
}
