/* Timelines: periods and their dates, and a timeline's life (new, copy, free). */
#include "sanctionsim/timeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    d->day = ss_date_days_in_month(d->year, d->month);
}

void ss_timeline_period_label(const ss_timeline *t, size_t k, char *buf, size_t len)
{
    ss_date d;
    ss_timeline_period_start(t, k, &d);
    snprintf(buf, len, "%04d-%02d", d.year, d.month);
}

ss_timeline *ss_timeline_new(void)
{
    ss_timeline *t = calloc(1, sizeof *t);
    if (t)
        for (size_t i = 0; i < SS_MAX_SANCTIONERS; i++)
            t->ratchet[i] = INFINITY;
    return t;
}

void ss_timeline_clear_periods(ss_timeline *t)
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
    ss_timeline_clear_periods(t);
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
