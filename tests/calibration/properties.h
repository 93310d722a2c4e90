/* MODEL.md section 10's properties 1-4 of the 2014 baseline, computed with
 * ss_solve: the one definition used by the calibration search
 * (tests/calibration/search.c) and by the property tests
 * (tests/test_properties.c). */
#ifndef SANCTIONSIM_TESTS_PROPERTIES_H
#define SANCTIONSIM_TESTS_PROPERTIES_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/explain.h"
#include "sanctionsim/error.h"
#include "sanctionsim/params.h"
#include "sanctionsim/solver.h"

/* Japan's channels (property 2) and the way switching each off must move
 * s_japan: +1 up (a restraining channel), -1 down (a pushing one). */
typedef struct props_channel {
    const char *key;
    int direction;
} props_channel;

static const props_channel props_channels[] = {
    {"territorial_stake", +1}, {"axis_fear", +1},        {"alliance_pressure", -1},
    {"norm_value", -1},        {"deterrence_stake", -1},
};
#define PROPS_NCHANNELS (sizeof props_channels / sizeof *props_channels)

/* Which of a sanctioner's beliefs a correction removes (property 3). */
enum {
    PROPS_RECIPROCITY = 1, /* its belief about the target's reciprocity toward anyone */
    PROPS_AXIS = 2         /* hedging_value, substitution (target), dependence_gain (patron) */
};

/* The thresholds of MODEL.md section 10, in one place. */
#define PROPS_JAPAN_MIN    0.15
#define PROPS_JAPAN_MAX    0.40
#define PROPS_G7_MIN       0.80
#define PROPS_C_MAX        0.02
#define PROPS_CHANNEL_MOVE 0.03
#define PROPS_ALONE_RISE   0.05
#define PROPS_BOTH_RISE    0.10
#define PROPS_LINKAGE_C    0.15

/* What the properties are computed from: every solve's answer (spe, or the
 * mode of the options given). */
typedef struct props_values {
    double s_japan, s_g7, c;
    double channel_off[PROPS_NCHANNELS];           /* s_japan with that channel at 0 */
    double reciprocity_true, axis_true, both_true; /* s_japan, beliefs corrected */
    double misperception_cost;                     /* realized payoff, true beliefs minus stated */
    double c_linkage;                              /* c with Japan's linkage = 1 */
} props_values;

/* The margin of each inequality (>= 0 when it holds), in this order. */
#define PROPS_NMARGINS (4 + PROPS_NCHANNELS + 4 + 1)
static const char *const props_margin_names[PROPS_NMARGINS] = {
    "p1.japan_low", "p1.japan_high", "p1.g7",   "p1.c",          "p2.territorial",
    "p2.axis_fear", "p2.alliance",   "p2.norm", "p2.deterrence", "p3.reciprocity",
    "p3.axis",      "p3.both",       "p3.cost", "p4.linkage",
};

/* Removes sanctioner i's beliefs of the kinds in `which` (PROPS_RECIPROCITY,
 * PROPS_AXIS or both), keeping the others: that belief then is the truth. */
static inline void props_correct_beliefs(ss_params *p, size_t i, int which)
{
    size_t kept = 0;
    for (size_t k = 0; k < p->nbeliefs; k++) {
        const ss_belief *b = &p->belief[k];
        int drop =
            b->holder == i &&
            (((which & PROPS_RECIPROCITY) && ss_belief_in_group(b, SS_BELIEFS_RECIPROCITY)) ||
             ((which & PROPS_AXIS) && ss_belief_in_group(b, SS_BELIEFS_AXIS)));
        if (!drop)
            p->belief[kept++] = *b;
    }
    p->nbeliefs = kept;
}

/* Sets sanctioner i's parameter `key` to v (a key of ss_sanctioner_info). */
static inline void props_set(ss_params *p, size_t i, const char *key, double v)
{
    int field = ss_param_find(SS_PART_SANCTIONER, key);
    if (field >= 0)
        *ss_param_addr(p, SS_PART_SANCTIONER, i, (size_t)field) = v;
}

/* Solves p under o into *r; returns its status. */
static inline ss_status props_solve(const ss_params *p, const ss_solver_opts *o, ss_result *r)
{
    ss_error err;
    ss_error_clear(&err);
    return ss_solve(p, o, NULL, r, &err);
}

/* Computes every value of the properties for sanctioner `japan` (and `g7`,
 * whose intensity property 1 bounds) of p. Returns SS_OK, or the status of
 * the first solve that failed (v is then incomplete). */
static inline ss_status props_compute(const ss_params *p, const ss_solver_opts *o, size_t japan,
                                      size_t g7, props_values *v)
{
    ss_result r;
    ss_status st = props_solve(p, o, &r);
    if (st != SS_OK)
        return st;
    v->s_japan = r.s[japan];
    v->s_g7 = r.s[g7];
    v->c = r.followers.c;
    double realized_stated = r.payoff_realized[japan];

    ss_params *q = malloc(sizeof *q); /* ss_params is large: not on the stack */
    if (!q)
        return SS_ENOMEM;
    for (size_t k = 0; k < PROPS_NCHANNELS && st == SS_OK; k++) {
        *q = *p;
        props_set(q, japan, props_channels[k].key, 0);
        if ((st = props_solve(q, o, &r)) == SS_OK)
            v->channel_off[k] = r.s[japan];
    }
    const int which[3] = {PROPS_RECIPROCITY, PROPS_AXIS, PROPS_RECIPROCITY | PROPS_AXIS};
    double *into[3] = {&v->reciprocity_true, &v->axis_true, &v->both_true};
    for (size_t k = 0; k < 3 && st == SS_OK; k++) {
        *q = *p;
        props_correct_beliefs(q, japan, which[k]);
        if ((st = props_solve(q, o, &r)) == SS_OK)
            *into[k] = r.s[japan];
    }
    if (st == SS_OK) {
        v->misperception_cost = r.payoff_realized[japan] - realized_stated;
        *q = *p;
        props_set(q, japan, "linkage", 1);
        if ((st = props_solve(q, o, &r)) == SS_OK)
            v->c_linkage = r.followers.c;
    }
    free(q);
    return st;
}

/* Fills margin[PROPS_NMARGINS] from v (see props_margin_names) and returns
 * the smallest: >= 0 when properties 1-4 all hold. */
static inline double props_margins(const props_values *v, double *margin)
{
    size_t m = 0;
    margin[m++] = v->s_japan - PROPS_JAPAN_MIN;
    margin[m++] = PROPS_JAPAN_MAX - v->s_japan;
    margin[m++] = v->s_g7 - PROPS_G7_MIN;
    margin[m++] = PROPS_C_MAX - v->c;
    for (size_t k = 0; k < PROPS_NCHANNELS; k++)
        margin[m++] =
            props_channels[k].direction * (v->channel_off[k] - v->s_japan) - PROPS_CHANNEL_MOVE;
    margin[m++] = v->reciprocity_true - v->s_japan - PROPS_ALONE_RISE;
    margin[m++] = v->axis_true - v->s_japan - PROPS_ALONE_RISE;
    margin[m++] = v->both_true - v->s_japan - PROPS_BOTH_RISE;
    margin[m++] = v->misperception_cost;
    margin[m++] = PROPS_LINKAGE_C - v->c_linkage;
    double least = margin[0];
    for (size_t k = 1; k < m; k++)
        if (margin[k] < least)
            least = margin[k];
    return least;
}

#endif
