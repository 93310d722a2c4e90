/* Timelines: dates and periods, and the `timeline` section of a scenario
 * (periods, order, ratchet, initial intensities, events, shocks). */
#include "timeline_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return days[month - 1] + (month == 2 && leap);
}

int ss_date_parse(const char *text, int allow_day, ss_date *d)
{
    int y, m, day = 1, used = 0;
    size_t len = strlen(text);
    if (len == 7 && sscanf(text, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7)
        ;
    else if (allow_day && len == 10 && sscanf(text, "%4d-%2d-%2d%n", &y, &m, &day, &used) == 3 &&
             used == 10)
        ;
    else
        return -1;
    for (size_t k = 0; k < len; k++)
        if (text[k] != '-' && (text[k] < '0' || text[k] > '9'))
            return -1;
    if (y < 1000 || m < 1 || m > 12 || day < 1 || day > days_in_month(y, m))
        return -1;
    d->year = y;
    d->month = m;
    d->day = day;
    return 0;
}

int ss_date_cmp(const ss_date *a, const ss_date *b)
{
    long x = a->year * 10000L + a->month * 100L + a->day;
    long y = b->year * 10000L + b->month * 100L + b->day;
    return (x > y) - (x < y);
}

static long month_index(const ss_date *d)
{
    return d->year * 12L + (d->month - 1);
}

static ss_date month_date(long index, int day)
{
    ss_date d = {(int)(index / 12), (int)(index % 12) + 1, day};
    return d;
}

size_t ss_timeline_periods(const ss_timeline *t)
{
    if (!t || !t->has_periods)
        return 0;
    long months = month_index(&t->end) - month_index(&t->start);
    return (size_t)(months / (long)t->step) + 1;
}

void ss_timeline_period_start(const ss_timeline *t, size_t k, ss_date *d)
{
    *d = month_date(month_index(&t->start) + (long)k * (long)t->step, 1);
}

void ss_timeline_period_end(const ss_timeline *t, size_t k, ss_date *d)
{
    long last = month_index(&t->start) + (long)(k + 1) * (long)t->step - 1;
    *d = month_date(last, 1);
    d->day = days_in_month(d->year, d->month);
}

void ss_timeline_period_label(const ss_timeline *t, size_t k, char *buf, size_t len)
{
    ss_date d;
    ss_timeline_period_start(t, k, &d);
    snprintf(buf, len, "%04d-%02d", d.year, d.month);
}

static void free_periods(ss_timeline *t)
{
    for (size_t k = 0; k < t->nevents; k++)
        free(t->events[k].changes);
    free(t->events);
    free(t->shocks);
    t->events = NULL;
    t->shocks = NULL;
    t->nevents = t->nshocks = 0;
    t->has_periods = 0;
}

void ss_timeline_free(ss_timeline *t)
{
    if (!t)
        return;
    free_periods(t);
    free(t->measures);
    free(t);
}

static void *dup_array(const void *src, size_t n, size_t size, int *failed)
{
    if (n == 0)
        return NULL;
    void *p = malloc(n * size);
    if (!p)
        *failed = 1;
    else
        memcpy(p, src, n * size);
    return p;
}

ss_timeline *ss_timeline_copy(const ss_timeline *t)
{
    ss_timeline *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *t;
    int failed = 0;
    c->events = dup_array(t->events, t->nevents, sizeof *t->events, &failed);
    c->shocks = dup_array(t->shocks, t->nshocks, sizeof *t->shocks, &failed);
    c->measures = dup_array(t->measures, t->nmeasures, sizeof *t->measures, &failed);
    if (c->events)
        for (size_t k = 0; k < t->nevents; k++)
            c->events[k].changes = dup_array(t->events[k].changes, t->events[k].nchanges,
                                             sizeof *t->events[k].changes, &failed);
    else
        c->nevents = 0;
    if (!c->shocks)
        c->nshocks = 0;
    if (!c->measures)
        c->nmeasures = 0;
    if (failed) {
        ss_timeline_free(c);
        return NULL;
    }
    return c;
}

/* ---- reading the `timeline` section ---- */

/* The scenario's timeline, created empty on first use. */
ss_timeline *ss_cfg_timeline(const ss_cfg_ctx *c)
{
    if (!c->sc->timeline) {
        c->sc->timeline = calloc(1, sizeof *c->sc->timeline);
        if (c->sc->timeline)
            for (size_t i = 0; i < SS_MAX_SANCTIONERS; i++)
                c->sc->timeline->ratchet[i] = INFINITY;
    }
    return c->sc->timeline;
}

ss_status ss_cfg_date(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                      int allow_day, ss_date *d)
{
    char text[32];
    ss_status st = ss_cfg_string(c, s, key, text, sizeof text);
    if (st)
        return st;
    if (ss_date_parse(text, allow_day, d) != 0)
        return ss_cfg_fail(c, s, "'%s': '%s' is not a date (%s)", key, text,
                           allow_day ? "YYYY-MM or YYYY-MM-DD" : "YYYY-MM");
    return SS_OK;
}

ss_status ss_cfg_sanctioner(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                            size_t *index)
{
    char id[SS_ID_MAX + 8];
    ss_status st = ss_cfg_string(c, s, key, id, sizeof id);
    if (st)
        return st;
    int i = ss_scenario_sanctioner(c->sc, id);
    if (i < 0)
        return ss_cfg_fail(c, s, "'%s': no sanctioner '%s'", key, id);
    *index = (size_t)i;
    return SS_OK;
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
    const char *text = config_setting_get_string(e);
    const char *eq = strchr(text, '=');
    if (!eq)
        return ss_cfg_fail(c, e, "'%s': '%s' is not KEY = VALUE", where, text);
    size_t a = 0, b = (size_t)(eq - text);
    while (a < b && text[a] == ' ')
        a++;
    while (b > a && text[b - 1] == ' ')
        b--;
    size_t klen = b > a ? b - a : 0;
    if (klen == 0 || klen >= sizeof ch->key)
        return ss_cfg_fail(c, e, "'%s': '%s' is not KEY = VALUE", where, text);
    memcpy(ch->key, text + a, klen);
    ch->key[klen] = '\0';
    const char *v = eq + 1;
    while (*v == ' ')
        v++;
    char value[64];
    snprintf(value, sizeof value, "%s", v);
    size_t vl = strlen(value);
    while (vl > 0 && value[vl - 1] == ' ')
        value[--vl] = '\0';
    ss_error kerr;
    ss_error_clear(&kerr);
    if (ss_key_parse(c->sc, ch->key, &ch->ref, &kerr) != SS_OK)
        return ss_cfg_fail(c, e, "'%s': %s", where, kerr.message);
    if (ss_parse_double(value, &ch->value) != 0)
        return ss_cfg_fail(c, e, "'%s': '%s': value '%s' is not a number", where, ch->key, value);
    if (ss_key_check(&ch->ref, ch->key, ch->value, &kerr) != SS_OK)
        return ss_cfg_fail(c, e, "'%s': %s", where, kerr.message);
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
    free_periods(t); /* a file replaces its base's timeline */
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
