/* Timelines (MODEL.md section 8): periods, update order, ratchet, dated events
 * that change parameters, per-period shocks, and the observed measures of
 * section 9 that a scenario declares. */
#ifndef SANCTIONSIM_TIMELINE_H
#define SANCTIONSIM_TIMELINE_H

#include <stddef.h>

#include "sanctionsim/date.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/scenario.h"

typedef enum ss_step { SS_STEP_MONTH = 1, SS_STEP_QUARTER = 3 } ss_step;

/* One parameter change of an event: the same dotted key and range check as --set. */
typedef struct ss_change {
    char key[128];
    ss_keyref ref;
    double value;
} ss_change;

/* A dated event; it fires in the period that contains its date. */
typedef struct ss_event {
    ss_date date;
    char label[128];
    char source[256];
    unsigned line; /* where the scenario declares it */
    size_t nchanges;
    ss_change *changes;
} ss_event;

/* Normal noise with standard deviation sd added to a key each period of a
 * Monte Carlo run (transient: it does not accumulate), clamped to the key's range. */
typedef struct ss_shock {
    char key[128];
    ss_keyref ref;
    double sd;
} ss_shock;

/* The measure types of MODEL.md section 9 (their names: sanctionsim/observed.h). */
#define SS_NMEASURE_TYPES 9

/* One sanction measure in force from `start` (to `end`, exclusive, when has_end). */
typedef struct ss_measure {
    size_t sanctioner;
    size_t type; /* index into ss_measure_type_names */
    ss_date start, end;
    int has_end;
    double scope; /* (0, 1]: share of the type's full package */
    char source[256];
    /* The instrument's name ("" when not given): measures that share it are
     * the same instrument with the same reach, hence of one type and scope
     * for every sanctioner (docs/dynamics.md, "Coding the observed index"). */
    char instrument[64];
} ss_measure;

/* The `timeline` and `observed` sections of a scenario. Either may be absent. */
typedef struct ss_timeline {
    /* `timeline = {...}` */
    int has_periods;
    ss_date start, end; /* months; end is the last period's first month or later */
    ss_step step;
    size_t norder;
    size_t order[SS_MAX_SANCTIONERS];   /* update order (sanctioner indices) */
    double ratchet[SS_MAX_SANCTIONERS]; /* max decrease of s_i per period; INFINITY: none */
    double initial[SS_MAX_SANCTIONERS]; /* intensities before the first period */
    size_t nevents;
    ss_event *events; /* sorted by date, stable */
    size_t nshocks;
    ss_shock *shocks;
    /* `observed = {...}` */
    int has_observed;
    double weights[SS_NMEASURE_TYPES]; /* sum to 1 */
    size_t nmeasures;
    ss_measure *measures;
} ss_timeline;

/* An empty timeline: no periods, events, shocks or measures, no ratchet
 * (INFINITY), initial intensities 0. NULL when out of memory. */
ss_timeline *ss_timeline_new(void);

/* Drops the periods and what hangs on them (events, shocks): has_periods
 * becomes 0; the observed measures, order, ratchet and initial values stay. */
void ss_timeline_clear_periods(ss_timeline *t);

/* Deep copy (NULL when out of memory) and free (NULL is harmless). */
ss_timeline *ss_timeline_copy(const ss_timeline *t);
void ss_timeline_free(ss_timeline *t);

/* Number of periods of a timeline with periods (0 otherwise). */
size_t ss_timeline_periods(const ss_timeline *t);

/* First month of period k, and its last day. */
void ss_timeline_period_start(const ss_timeline *t, size_t k, ss_date *d);
void ss_timeline_period_end(const ss_timeline *t, size_t k, ss_date *d);

/* Writes the period's label "YYYY-MM" (its first month) into buf (>= 8 bytes). */
void ss_timeline_period_label(const ss_timeline *t, size_t k, char *buf, size_t len);

#endif
