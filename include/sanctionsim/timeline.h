/* Timelines (MODEL.md section 8): periods, update order, ratchet, dated events
 * that change parameters, per-period shocks, and the observed measures of
 * section 9; the dynamics, the observed index and Monte Carlo bands. */
#ifndef SANCTIONSIM_TIMELINE_H
#define SANCTIONSIM_TIMELINE_H

#include "sanctionsim/report.h"
#include "sanctionsim/scenario.h"

/* A calendar date; `day` is 1 when a date was given as "YYYY-MM". */
typedef struct ss_date {
    int year, month, day;
} ss_date;

/* Parses "YYYY-MM" (allow_day 0) or "YYYY-MM" / "YYYY-MM-DD" (allow_day 1)
 * into d. Returns 0, or -1 when text is not a valid date. */
int ss_date_parse(const char *text, int allow_day, ss_date *d);

/* Compares two dates: negative, 0 or positive. */
int ss_date_cmp(const ss_date *a, const ss_date *b);

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

/* The measure types of MODEL.md section 9, in the order of the default weights. */
#define SS_NMEASURE_TYPES 9
extern const char *const ss_measure_type_names[SS_NMEASURE_TYPES];
extern const double ss_measure_default_weights[SS_NMEASURE_TYPES];

/* One sanction measure in force from `start` (to `end`, exclusive, when has_end). */
typedef struct ss_measure {
    size_t sanctioner;
    size_t type; /* index into ss_measure_type_names */
    ss_date start, end;
    int has_end;
    double scope; /* (0, 1]: share of the type's full package */
    char source[256];
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

/* ---- Observed intensity (MODEL.md section 9) ---- */

/* Whether sanctioner i has any measure (only then is its index reported). */
int ss_observed_covers(const ss_timeline *t, size_t i);

/* Sanctioner i's observed index on date d: sum over types of weight times the
 * scopes of its measures in force on d (start <= d < end), each type's scopes
 * added and capped at 1. 0 without an `observed` section. */
double ss_observed_index(const ss_timeline *t, size_t i, const ss_date *d);

/* The dates on which some measure starts or ends, sorted, each once: *dates
 * (the caller frees it) holds *n of them. Returns SS_OK or SS_ENOMEM. */
ss_status ss_observed_changes(const ss_timeline *t, ss_date **dates, size_t *n);

/* ---- Dynamics ---- */

/* One run's path: a result per period, the events that fired, the observed index. */
typedef struct ss_series {
    size_t nperiods, n;
    ss_result *result;               /* per period, after the sanctioners' updates */
    size_t *fired_begin, *fired_end; /* events [begin, end) fired in period k */
    double *observed;                /* nperiods * n, row-major; NAN-free (0 where not covered) */
    size_t events_after_end;         /* events dated after the last period (never fired) */
} ss_series;

/* A series sized for sc's timeline (NULL when out of memory or sc has no periods). */
ss_series *ss_series_alloc(const ss_scenario *sc);
void ss_series_free(ss_series *s); /* NULL is harmless */

/* How a run draws its uncertain inputs. */
typedef struct ss_run_opts {
    int stochastic;     /* 0: the scenario's values; 1: draw priors and shocks */
    unsigned long seed; /* the user's seed S */
    size_t run_index;   /* run k draws from a generator seeded by (S, k) */
} ss_run_opts;

/* Steps through sc's timeline (MODEL.md section 8). Each period: apply the
 * events whose date has come (in date order), add the shocks (stochastic runs),
 * update the sanctioners in the declared order by
 * s_i <- s_i + adjustment_i (BR_i(s) - s_i) (later movers see earlier movers'
 * new intensities), apply the ratchet, and record the stage-2 answer of the
 * followers (ss_evaluate). opts NULL means deterministic. Fills out (from
 * ss_series_alloc(sc)). Returns SS_OK, SS_EINPUT (no timeline) or SS_ENUMERIC
 * (a non-finite value), filling err. Thread-safe. */
ss_status ss_run(const ss_scenario *sc, const ss_run_opts *opts, ss_series *out, ss_error *err);

/* Root mean square error of modelled against observed intensity of sanctioner
 * i over every period; NAN when i has no measures. */
double ss_series_rmse(const ss_scenario *sc, const ss_series *s, size_t i);

/* Writes the series as TSV rows under a column header: date, the result
 * columns (ss_result_columns), observed.<id> for covered sanctioners, events
 * (labels joined by "; ", "-" when none). No '#' lines (the caller writes those).
 * Returns SS_EIO when writing fails. */
ss_status ss_series_write_tsv(FILE *out, const ss_scenario *sc, const ss_series *s);

/* ---- Monte Carlo ---- */

#define SS_MC_NPCT 5
extern const double ss_mc_percentiles[SS_MC_NPCT]; /* 5 25 50 75 95 */

typedef struct ss_mc_opts {
    size_t runs;
    unsigned long seed;
    int threads; /* 0: OpenMP's default; results do not depend on it */
} ss_mc_opts;

/* Percentile bands per quantity (the result columns) and period. */
typedef struct ss_mc_bands {
    size_t nperiods, ncols, runs;
    ss_column names[SS_RESULT_MAX_COLUMNS]; /* names only */
    double *pct;                            /* [col][period][SS_MC_NPCT] */
    double *observed;                       /* nperiods * n, as in ss_series */
    size_t n;
} ss_mc_bands;

/* Runs opts->runs stochastic runs and fills bands (the caller frees it with
 * ss_mc_bands_free). Run k is seeded from (seed, k) only, so the bytes of the
 * result do not depend on the thread count. Returns SS_OK or the first failing
 * run's status (err names the run). */
ss_status ss_montecarlo(const ss_scenario *sc, const ss_mc_opts *opts, ss_mc_bands **bands,
                        ss_error *err);
void ss_mc_bands_free(ss_mc_bands *b); /* NULL is harmless */

/* Writes bands as TSV: date, then COLUMN.p05 .p25 .p50 .p75 .p95 for every
 * result column, then observed.<id>. Returns SS_EIO when writing fails. */
ss_status ss_mc_bands_write_tsv(FILE *out, const ss_scenario *sc, const ss_mc_bands *b);

#endif
