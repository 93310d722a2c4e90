/* Reporters: one number per timeline run, or its mean and percentiles over
 * Monte Carlo repetitions (reporter.h; docs/sweeps.md). */
#include "sanctionsim/reporter.h"

#include "montecarlo_internal.h"
#include "sanctionsim/columns.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/timeline.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"", "mean", "max", "min", "rmse"};

/* The period holding month d, or -1. */
static long period_of(const ss_timeline *t, const ss_date *d)
{
    size_t np = ss_timeline_periods(t);
    ss_date start, end;
    for (size_t k = 0; k < np; k++) {
        ss_timeline_period_start(t, k, &start);
        ss_timeline_period_end(t, k, &end);
        if (ss_date_cmp(&start, d) <= 0 && ss_date_cmp(d, &end) <= 0)
            return (long)k;
    }
    return -1;
}

/* A month "YYYY-MM" of the timeline into its period. */
static ss_status parse_month(const ss_scenario *sc, const char *text, const char *what,
                             size_t *period, ss_error *err)
{
    ss_date d;
    long k;
    if (ss_date_parse(text, 0, &d) != 0)
        return ss_error_set(err, SS_EINPUT, "--report '%s': '%s' is not a month YYYY-MM", what,
                            text);
    if ((k = period_of(sc->timeline, &d)) < 0) {
        size_t np = ss_timeline_periods(sc->timeline);
        char first[8], last[8];
        ss_timeline_period_label(sc->timeline, 0, first, sizeof first);
        ss_timeline_period_label(sc->timeline, np - 1, last, sizeof last);
        return ss_error_set(err, SS_EINPUT, "--report '%s': %s is outside the timeline (%s to %s)",
                            what, text, first, last);
    }
    *period = (size_t)k;
    return SS_OK;
}

/* "FROM:TO" into periods [from, to]. */
static ss_status parse_range(const ss_scenario *sc, char *text, const char *what, ss_reporter *r,
                             ss_error *err)
{
    char *colon = strchr(text, ':');
    if (!colon)
        return ss_error_set(err, SS_EINPUT, "--report '%s': '%s' is not a range FROM:TO", what,
                            text);
    *colon = '\0';
    ss_status st = parse_month(sc, text, what, &r->from, err);
    if (!st)
        st = parse_month(sc, colon + 1, what, &r->to, err);
    if (!st && r->from > r->to)
        st = ss_error_set(err, SS_EINPUT, "--report '%s': the range ends before it starts", what);
    return st;
}

/* A result column's index, or an error listing them. */
static ss_status parse_column(const ss_scenario *sc, const char *name, const char *what,
                              size_t *column, ss_error *err)
{
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    size_t n = ss_result_columns(sc, NULL, cols);
    for (size_t c = 0; c < n; c++)
        if (strcmp(cols[c].name, name) == 0) {
            *column = c;
            return SS_OK;
        }
    return ss_error_set(err, SS_EINPUT,
                        "--report '%s': unknown column '%s' (a result column: s.<id>, c, p, a, "
                        "q, X, D, H, u.<id>, realized.<id>)",
                        what, name);
}

/* rmse's sanctioner: "s.ID" or "" (pooled). */
static ss_status parse_rmse_of(const ss_scenario *sc, const char *arg, const char *what,
                               ss_reporter *r, ss_error *err)
{
    const ss_timeline *t = sc->timeline;
    r->sanctioner = -1;
    if (*arg == '\0') {
        for (size_t i = 0; i < sc->params.n; i++)
            if (ss_observed_covers(t, i))
                return SS_OK;
        return ss_error_set(err, SS_EINPUT,
                            "--report '%s': no sanctioner has observed measures to compare with",
                            what);
    }
    int i = strncmp(arg, "s.", 2) == 0 ? ss_scenario_sanctioner(sc, arg + 2) : -1;
    if (i < 0)
        return ss_error_set(err, SS_EINPUT,
                            "--report '%s': rmse takes a sanctioner's intensity s.<id>, not '%s'",
                            what, arg);
    if (!ss_observed_covers(t, (size_t)i))
        return ss_error_set(err, SS_EINPUT, "--report '%s': %s has no observed measures", what,
                            sc->sanctioner[i].id);
    r->sanctioner = i;
    return SS_OK;
}

static void name_of(const ss_scenario *sc, ss_reporter *r, const char *column)
{
    const ss_timeline *t = sc->timeline;
    char from[8], to[8];
    ss_timeline_period_label(t, r->from, from, sizeof from);
    ss_timeline_period_label(t, r->to, to, sizeof to);
    int whole = r->from == 0 && r->to + 1 == ss_timeline_periods(t);
    if (r->kind == SS_REPORT_AT)
        snprintf(r->name, sizeof r->name, "%s@%s", column, from);
    else if (r->kind == SS_REPORT_RMSE && !*column && whole)
        snprintf(r->name, sizeof r->name, "rmse");
    else if (whole)
        snprintf(r->name, sizeof r->name, "%s(%s)", kind_names[r->kind], column);
    else
        snprintf(r->name, sizeof r->name, "%s(%s@%s:%s)", kind_names[r->kind], column, from, to);
}

ss_status ss_reporter_parse(const ss_scenario *sc, const char *text, ss_reporter *r, ss_error *err)
{
    memset(r, 0, sizeof *r);
    size_t np = ss_timeline_periods(sc->timeline);
    if (np == 0)
        return ss_error_set(err, SS_EINPUT,
                            "--report '%s': %s has no timeline: reporters are for sweeps over a "
                            "timeline scenario",
                            text, sc->path);
    char buf[SS_REPORTER_NAME_MAX];
    size_t len = strlen(text);
    if (len == 0 || len >= sizeof buf)
        return ss_error_set(err, SS_EINPUT, "--report '%s': not a reporter", text);
    memcpy(buf, text, len + 1);
    r->to = np - 1;
    ss_status st;
    char *open = strchr(buf, '(');
    if (!open) {
        if (strcmp(buf, "rmse") == 0) {
            r->kind = SS_REPORT_RMSE;
            st = parse_rmse_of(sc, "", text, r, err);
            if (!st)
                name_of(sc, r, "");
            return st;
        }
        char *at = strchr(buf, '@');
        if (!at)
            return ss_error_set(err, SS_EINPUT,
                                "--report '%s': not a reporter; write COLUMN@YYYY-MM, "
                                "mean|max|min(COLUMN[,FROM:TO]), rmse(s.ID[,FROM:TO]) or rmse",
                                text);
        *at = '\0';
        r->kind = SS_REPORT_AT;
        st = parse_column(sc, buf, text, &r->column, err);
        if (!st)
            st = parse_month(sc, at + 1, text, &r->from, err);
        r->to = r->from;
        if (!st)
            name_of(sc, r, buf);
        return st;
    }
    *open = '\0';
    size_t k = 1;
    while (k < sizeof kind_names / sizeof *kind_names && strcmp(buf, kind_names[k]) != 0)
        k++;
    char *arg = open + 1, *close = strrchr(arg, ')');
    if (k == sizeof kind_names / sizeof *kind_names || !close || close[1] != '\0')
        return ss_error_set(err, SS_EINPUT,
                            "--report '%s': not a reporter; the functions are mean(COLUMN), "
                            "max(COLUMN), min(COLUMN) and rmse(s.ID), each with an optional "
                            ",FROM:TO",
                            text);
    *close = '\0';
    r->kind = (ss_reporter_kind)k;
    char *comma = strpbrk(arg, ",@");
    if (comma)
        *comma = '\0';
    if (r->kind == SS_REPORT_RMSE)
        st = parse_rmse_of(sc, arg, text, r, err);
    else
        st = parse_column(sc, arg, text, &r->column, err);
    if (!st && comma)
        st = parse_range(sc, comma + 1, text, r, err);
    if (!st)
        name_of(sc, r, arg);
    return st;
}

size_t ss_reporter_width(size_t n, size_t repetitions)
{
    return repetitions ? n * SS_REPORT_NSTATS : n;
}

void ss_reporter_value_name(const ss_reporter *r, size_t repetitions, size_t v, char *buf,
                            size_t len)
{
    if (!repetitions)
        snprintf(buf, len, "%s", r[v].name);
    else if (v % SS_REPORT_NSTATS == 0)
        snprintf(buf, len, "%s.mean", r[v / SS_REPORT_NSTATS].name);
    else
        snprintf(buf, len, "%s.p%02.0f", r[v / SS_REPORT_NSTATS].name,
                 ss_mc_percentiles[v % SS_REPORT_NSTATS - 1]);
}

/* A reporter's value on one run: vals as ss_run_values lays them out (column
 * c, period k at c * np + k), obs the observed index (period k, sanctioner i
 * at k * n + i). */
static double value_of(const ss_scenario *sc, const ss_reporter *r, const double *vals,
                       const double *obs)
{
    size_t np = ss_timeline_periods(sc->timeline), n = sc->params.n;
    const double *col = vals + r->column * np;
    double acc = 0;
    switch (r->kind) {
    case SS_REPORT_AT:
        return col[r->from];
    case SS_REPORT_MEAN:
        for (size_t k = r->from; k <= r->to; k++)
            acc += col[k];
        return acc / (double)(r->to - r->from + 1);
    case SS_REPORT_MAX:
    case SS_REPORT_MIN:
        acc = col[r->from];
        for (size_t k = r->from + 1; k <= r->to; k++)
            acc = r->kind == SS_REPORT_MAX ? fmax(acc, col[k]) : fmin(acc, col[k]);
        return acc;
    case SS_REPORT_RMSE:
    default: {
        size_t count = 0;
        for (size_t i = 0; i < n; i++) {
            if (r->sanctioner >= 0 ? (long)i != r->sanctioner
                                   : !ss_observed_covers(sc->timeline, i))
                continue;
            /* s.<id> are the first result columns, in sanctioner order */
            const double *s = vals + i * np;
            for (size_t k = r->from; k <= r->to; k++, count++)
                acc += (s[k] - obs[k * n + i]) * (s[k] - obs[k * n + i]);
        }
        return count ? sqrt(acc / (double)count) : NAN;
    }
    }
}

ss_status ss_reporters_evaluate(const ss_scenario *sc, const ss_reporter *r, size_t n,
                                size_t repetitions, unsigned long seed, double *out, ss_error *err)
{
    size_t width = ss_reporter_width(n, repetitions);
    for (size_t v = 0; v < width; v++)
        out[v] = NAN;
    size_t np = ss_timeline_periods(sc->timeline), ns = sc->params.n;
    if (np == 0)
        return ss_error_set(err, SS_EINPUT, "%s: the scenario has no 'timeline' section", sc->path);
    ss_column names[SS_RESULT_MAX_COLUMNS];
    size_t ncols = ss_result_columns(sc, NULL, names), runs = repetitions ? repetitions : 1;
    double *vals = malloc(ncols * np * sizeof *vals);
    double *obs = malloc(np * ns * sizeof *obs);
    double *got = malloc(n * runs * sizeof *got); /* reporter j of run q at j * runs + q */
    ss_status st = SS_OK;
    if (!vals || !obs || !got) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < np; k++) {
        ss_date end;
        ss_timeline_period_end(sc->timeline, k, &end);
        for (size_t i = 0; i < ns; i++)
            obs[k * ns + i] = ss_observed_index(sc->timeline, i, &end);
    }
    for (size_t q = 0; q < runs && !st; q++) {
        ss_run_opts ro = {1, seed, q};
        st = ss_run_values(sc, repetitions ? &ro : NULL, vals, ncols, err);
        for (size_t j = 0; j < n && !st; j++)
            got[j * runs + q] = value_of(sc, &r[j], vals, obs);
    }
    if (st)
        goto done;
    if (!repetitions) {
        memcpy(out, got, n * sizeof *out);
        goto done;
    }
    for (size_t j = 0; j < n; j++) {
        double *x = got + j * runs;
        double *o = out + j * SS_REPORT_NSTATS;
        o[0] = gsl_stats_mean(x, 1, runs);
        gsl_sort(x, 1, runs);
        for (size_t p = 0; p < SS_MC_NPCT; p++)
            o[1 + p] = gsl_stats_quantile_from_sorted_data(x, 1, runs, ss_mc_percentiles[p] / 100);
    }
done:
    free(vals);
    free(obs);
    free(got);
    return st;
}
