/* Reporters: the numbers a sweep over a timeline scenario records at each
 * point (docs/sweeps.md, "Sweeps over timelines"). A reporter names one
 * number of a run through the timeline: a result column at a month
 * ("s.japan@2018-12"), its mean, maximum or minimum over the periods of a
 * range ("mean(s.japan,2014-03:2018-12)"), or the root mean square error of
 * the modelled intensities against the observed index ("rmse(s.japan)", or
 * "rmse" pooled over every sanctioner with observed measures). With
 * repetitions, each reporter is summarized over that many stochastic runs
 * (priors and shocks) by its mean and the percentiles of Monte Carlo bands. */
#ifndef SANCTIONSIM_REPORTER_H
#define SANCTIONSIM_REPORTER_H

#include <stddef.h>

#include "sanctionsim/dynamics.h"
#include "sanctionsim/error.h"
#include "sanctionsim/montecarlo.h"
#include "sanctionsim/scenario.h"

#define SS_REPORTER_NAME_MAX 128

typedef enum ss_reporter_kind {
    SS_REPORT_AT,   /* a column in one period */
    SS_REPORT_MEAN, /* a column's mean over periods [from, to] */
    SS_REPORT_MAX,
    SS_REPORT_MIN,
    SS_REPORT_RMSE /* sqrt(mean (s_i - observed_i)^2) over [from, to], pooled over i or one i */
} ss_reporter_kind;

typedef struct ss_reporter {
    ss_reporter_kind kind;
    size_t column;   /* AT, MEAN, MAX, MIN: its index in ss_result_columns */
    long sanctioner; /* RMSE: the sanctioner, or -1 for every one with observed measures */
    size_t from, to; /* the periods, both included */
    char name[SS_REPORTER_NAME_MAX]; /* canonical text; itself a reporter */
} ss_reporter;

/* Parses one reporter for sc's timeline:
 *   COLUMN@YYYY-MM                      the column in the period holding that month
 *   mean|max|min(COLUMN)                over every period
 *   mean|max|min(COLUMN,FROM:TO)        over the periods holding FROM to TO
 *   rmse(s.ID) / rmse(s.ID,FROM:TO)     one sanctioner against its observed index
 *   rmse / rmse(,FROM:TO)               pooled: every sanctioner with observed measures
 * COLUMN is a result column (s.<id>, c, p, a, q, X, D, H, u.<id>,
 * realized.<id>); '@' may stand for the ',' ("mean(s.japan@2014-03:2018-12)",
 * the canonical form, which a CSV header can hold). Fills r, or err
 * (SS_EINPUT, "--report 'TEXT': ...") when the text is no reporter, names an
 * unknown column or sanctioner, a month outside the timeline, a sanctioner
 * without observed measures, or sc has no timeline. */
ss_status ss_reporter_parse(const ss_scenario *sc, const char *text, ss_reporter *r, ss_error *err);

/* Mean and percentiles per reporter when there are repetitions: the mean,
 * then ss_mc_percentiles (5 25 50 75 95), as Monte Carlo bands compute them. */
#define SS_REPORT_NSTATS (1 + SS_MC_NPCT)

/* How many values (columns) n reporters give: n, or n * SS_REPORT_NSTATS
 * with repetitions. */
size_t ss_reporter_width(size_t n, size_t repetitions);

/* The name of value v of the reporters (v < ss_reporter_width): NAME, or
 * with repetitions NAME.mean, NAME.p05, NAME.p25, NAME.p50, NAME.p75,
 * NAME.p95 (as `run --runs` names its bands). */
void ss_reporter_value_name(const ss_reporter *r, size_t repetitions, size_t v, char *buf,
                            size_t len);

/* The values of n reporters at scenario sc (its parameters as they are),
 * into out (ss_reporter_width(n, repetitions) doubles). repetitions 0: one
 * deterministic run. Otherwise runs 0..repetitions-1 of `run --runs R --seed
 * seed` (priors and shocks drawn; run k seeded by (seed, k) alone), each
 * reporter summarized by its mean and percentiles. Returns SS_OK; or the
 * status of a run that failed (out is then NAN), err naming it; SS_ENOMEM.
 * Thread-safe. */
ss_status ss_reporters_evaluate(const ss_scenario *sc, const ss_reporter *r, size_t n,
                                size_t repetitions, unsigned long seed, double *out, ss_error *err);

#endif
