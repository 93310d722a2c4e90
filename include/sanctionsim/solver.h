/* Equilibrium solvers: two-stage (spe) and one-stage (nash), global best responses
 * and the regret certificate (MODEL.md section 6). */
#ifndef SANCTIONSIM_SOLVER_H
#define SANCTIONSIM_SOLVER_H

#include "sanctionsim/error.h"
#include "sanctionsim/model.h"

typedef enum ss_mode { SS_MODE_SPE = 0, SS_MODE_NASH = 1 } ss_mode;

/* Solver settings; ss_solver_defaults() gives the documented defaults and
 * ss_solver_settings[] describes each (its name, range, default and meaning).
 * `mode` is the scenario's top-level `mode` (or --mode), not a setting of
 * `solver = {...}`. */
typedef struct ss_solver_opts {
    ss_mode mode;
    double tolerance;          /* stop when no s_i moves more than this */
    size_t max_iterations;     /* best-response rounds before giving up */
    double damping;            /* first step size of s_i += damping (BR_i - s_i), (0, 1] */
    size_t scan_points;        /* grid points of the global best-response scan */
    size_t certificate_points; /* grid points of the certificate's scan */
    double follower_tolerance; /* when two follower equilibria count as different */
    double regret_tolerance;   /* a larger certificate restarts with global best responses */
    size_t stall_rounds;       /* rounds not moving less than the one before that halve the step */
    double damping_floor;      /* the step is halved only while it is above this */
    size_t brent_iterations;   /* most steps of one Brent search for a turning point */
} ss_solver_opts;

void ss_solver_defaults(ss_solver_opts *o);

/* Description of one setting of ss_solver_opts: its name in the scenario's
 * `solver = {...}` section (messages say 'solver.KEY'), its closed range and
 * its default. */
typedef struct ss_solver_setting {
    const char *key;     /* `solver = { KEY = ...; }` */
    int integer;         /* 1: a whole number (a size_t member); 0: a double */
    size_t offset;       /* offsetof in ss_solver_opts */
    double min, max;     /* valid values: [min, max] */
    double fallback;     /* the default that ss_solver_defaults gives */
    const char *meaning; /* one line, for documentation and help */
} ss_solver_setting;

/* The table of every setting of ss_solver_opts but `mode`, in the order
 * messages list them. */
extern const ss_solver_setting ss_solver_settings[];
extern const size_t ss_solver_nsettings;

/* Index of setting `key` in ss_solver_settings, or -1. */
int ss_solver_setting_find(const char *key);

/* The value of setting s in o (an integer setting as a double). */
double ss_solver_setting_get(const ss_solver_opts *o, const ss_solver_setting *s);

/* Sets setting s of o to v (no checks; see ss_solver_setting_check). An
 * integer setting takes v truncated toward zero. */
void ss_solver_setting_set(ss_solver_opts *o, const ss_solver_setting *s, double v);

/* Checks v against setting s's range (and that an integer setting's v is a
 * whole number). Returns SS_OK, or SS_EINPUT with err filled with
 * "'solver.KEY': must be in [MIN, MAX] (got V)" or
 * "'solver.KEY': must be an integer (got V)". */
ss_status ss_solver_setting_check(const ss_solver_setting *s, double v, ss_error *err);

/* Checks every setting of o (and its mode) as ss_solver_setting_check does.
 * Returns SS_OK, or SS_EINPUT with err filled with the first problem. */
ss_status ss_solver_opts_check(const ss_solver_opts *o, ss_error *err);

/* Returns "spe" or "nash"; parses one back (0 on success, -1 unknown). */
const char *ss_mode_name(ss_mode m);
int ss_mode_parse(const char *name, ss_mode *m);

/* Everything a solve reports. */
typedef struct ss_result {
    size_t n;
    double s[SS_MAX_SANCTIONERS];
    double payoff_perceived[SS_MAX_SANCTIONERS]; /* U_i under i's beliefs */
    double payoff_realized[SS_MAX_SANCTIONERS];  /* U_i as it truly is */
    ss_followers followers;                      /* true reaction to s */
    ss_aggregates derived;                       /* X, D, H at s (true world) */
    double payoff_target, payoff_patron;
    double max_regret; /* the largest gain of one sanctioner i over [0, s_max_i] */
    size_t deviator;   /* the sanctioner with the largest gain from deviating */
    double deviation;  /* where it would move (its global best response) */
    size_t iterations;
    int converged;
    int certified;    /* max_regret <= regret_tolerance */
    ss_status status; /* SS_OK, SS_EINPUT (bad options), SS_ENUMERIC (not converged,
                         non-finite) or SS_ENOMEM */
} ss_result;

/* Solves the game: each s_i in [0, s_max_i] (max_intensity, MODEL.md
 * section 2). When `start` is not NULL it is the initial profile (a warm
 * start, clamped to [0, s_max_i]); otherwise every s_i starts at 0. Options that fail
 * ss_solver_opts_check are refused before any work: SS_EINPUT. Fills r even
 * when the solve fails (only r->n and r->status when the options are bad or
 * memory runs out); returns r->status (SS_OK, SS_EINPUT, SS_ENUMERIC or
 * SS_ENOMEM) and fills err with the reason. Thread-safe: no
 * shared state. Safe under any GSL error handler (error.h). */
ss_status ss_solve(const ss_params *p, const ss_solver_opts *o, const double *start, ss_result *r,
                   ss_error *err);

/* Evaluates profile s without solving (payoffs, followers, regret), as ss_solve
 * reports it; useful for dynamics and checks. r->status is SS_OK, SS_EINPUT
 * (o fails ss_solver_opts_check), SS_ENUMERIC (a non-finite value) or
 * SS_ENOMEM (after SS_EINPUT and SS_ENOMEM only r->n is filled). */
void ss_evaluate(const ss_params *p, const ss_solver_opts *o, const double *s, ss_result *r);

/* Sanctioner i's global best response over [0, s_max_i] to s under its
 * beliefs into *response,
 * and the payoff it gives into *best_payoff when not NULL (both perceived).
 * Returns SS_OK, SS_EINPUT (o fails ss_solver_opts_check), SS_ENUMERIC (the
 * payoff's slope is not finite) or SS_ENOMEM, with err filled; *response is
 * then s[i]. */
ss_status ss_best_response(const ss_params *p, const ss_solver_opts *o, const double *s, size_t i,
                           double *response, double *best_payoff, ss_error *err);

#endif
