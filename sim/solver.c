/* Equilibrium among sanctioners (MODEL.md section 6): global best responses by a
 * scan plus root finding on the payoff's slope, Gauss-Seidel best-response
 * rounds with adaptive damping, and the regret certificate. */
#include "sanctionsim/solver.h"

#include "sanctionsim/numbers.h"

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define REAL(k, lo, hi, dflt, text)                                                                \
    {                                                                                              \
#k, 0, offsetof(ss_solver_opts, k), lo, hi, dflt, text                                     \
    }
#define WHOLE(k, lo, hi, dflt, text)                                                               \
    {                                                                                              \
#k, 1, offsetof(ss_solver_opts, k), lo, hi, dflt, text                                     \
    }

/* The settings (docs/solver.md). The defaults are the values every result
 * so far was computed with: changing one changes results. */
const ss_solver_setting ss_solver_settings[] = {
    REAL(tolerance, 1e-15, 1e-2, 1e-12, "stop when no s_i moves more than this"),
    WHOLE(max_iterations, 1, 1e7, 500, "best-response rounds before giving up"),
    REAL(damping, 1e-3, 1, 1.0, "first step size of s_i += damping (BR_i - s_i)"),
    WHOLE(scan_points, 3, 1e5, 33, "grid points of the global best-response scan"),
    WHOLE(certificate_points, 3, 1e6, 129, "grid points of the regret certificate's scan"),
    REAL(follower_tolerance, 1e-15, 1e-2, 1e-9, "when two follower equilibria count as different"),
    REAL(regret_tolerance, 1e-15, 1, 1e-9,
         "a larger certificate restarts with global best responses"),
    WHOLE(stall_rounds, 1, 1e7, 3,
          "rounds that move the profile no less than the one before (counted since the last "
          "halving) that halve the step"),
    REAL(damping_floor, 1e-6, 1, 1.0 / 1024, "the step is halved only while it is above this"),
    WHOLE(brent_iterations, 1, 1e4, 200,
          "most steps of one Brent search for the payoff's turning point"),
};
const size_t ss_solver_nsettings = sizeof ss_solver_settings / sizeof ss_solver_settings[0];

int ss_solver_setting_find(const char *key)
{
    for (size_t k = 0; k < ss_solver_nsettings; k++)
        if (strcmp(ss_solver_settings[k].key, key) == 0)
            return (int)k;
    return -1;
}

/* The members are doubles and size_ts at the table's offsets; memcpy reads
 * and writes them without a pointer cast. */
double ss_solver_setting_get(const ss_solver_opts *o, const ss_solver_setting *s)
{
    const char *at = (const char *)o + s->offset;
    if (s->integer) {
        size_t n;
        memcpy(&n, at, sizeof n);
        return (double)n;
    }
    double v;
    memcpy(&v, at, sizeof v);
    return v;
}

void ss_solver_setting_set(ss_solver_opts *o, const ss_solver_setting *s, double v)
{
    char *at = (char *)o + s->offset;
    if (s->integer) {
        /* (double)SIZE_MAX rounds up: v below it converts without overflow */
        size_t n = v >= 0 && v < (double)SIZE_MAX ? (size_t)v : 0;
        memcpy(at, &n, sizeof n);
    } else {
        memcpy(at, &v, sizeof v);
    }
}

ss_status ss_solver_setting_check(const ss_solver_setting *s, double v, ss_error *err)
{
    int in_range = v >= s->min && v <= s->max; /* not NaN */
    if (in_range && (!s->integer || v == floor(v)))
        return SS_OK;
    char got[32];
    ss_format_double(v, got, sizeof got);
    if (!in_range)
        return ss_error_set(err, SS_EINPUT, "'solver.%s': must be in [%g, %g] (got %s)", s->key,
                            s->min, s->max, got);
    return ss_error_set(err, SS_EINPUT, "'solver.%s': must be an integer (got %s)", s->key, got);
}

ss_status ss_solver_opts_check(const ss_solver_opts *o, ss_error *err)
{
    if (o->mode != SS_MODE_SPE && o->mode != SS_MODE_NASH)
        return ss_error_set(err, SS_EINPUT, "'mode': must be spe or nash (got %d)", (int)o->mode);
    for (size_t k = 0; k < ss_solver_nsettings; k++) {
        const ss_solver_setting *s = &ss_solver_settings[k];
        ss_status st = ss_solver_setting_check(s, ss_solver_setting_get(o, s), err);
        if (st != SS_OK)
            return st;
    }
    return SS_OK;
}

void ss_solver_defaults(ss_solver_opts *o)
{
    memset(o, 0, sizeof *o);
    o->mode = SS_MODE_SPE;
    for (size_t k = 0; k < ss_solver_nsettings; k++)
        ss_solver_setting_set(o, &ss_solver_settings[k], ss_solver_settings[k].fallback);
}

const char *ss_mode_name(ss_mode m)
{
    return m == SS_MODE_NASH ? "nash" : "spe";
}

int ss_mode_parse(const char *name, ss_mode *m)
{
    if (strcmp(name, "spe") == 0)
        *m = SS_MODE_SPE;
    else if (strcmp(name, "nash") == 0)
        *m = SS_MODE_NASH;
    else
        return -1;
    return 0;
}

/* What the searches of one call share: the Brent searches' step limit, and
 * the first failure met. A non-finite slope is recorded here, and the call
 * fails with SS_ENUMERIC. */
typedef struct search {
    size_t brent_iterations; /* ss_solver_opts.brent_iterations */
    ss_status status;        /* SS_OK, SS_ENUMERIC */
    size_t who;              /* the failure's sanctioner and where */
    double where;
    const char *what;
} search;

/* Always SS_OK: the searches need no memory of their own (the status is
 * kept for the callers' error paths). */
static ss_status search_open(search *sr, const ss_solver_opts *o, ss_error *err)
{
    (void)err;
    memset(sr, 0, sizeof *sr);
    sr->brent_iterations = o->brent_iterations;
    return SS_OK;
}

static void search_close(search *sr)
{
    (void)sr;
}

static void search_fail(search *sr, size_t who, double where, const char *what)
{
    if (sr->status == SS_OK) {
        sr->status = SS_ENUMERIC;
        sr->who = who;
        sr->where = where;
        sr->what = what;
    }
}

/* Fills err with the search's failure; returns its status. */
static ss_status search_report(const search *sr, ss_error *err)
{
    return ss_error_set(
        err, sr->status,
        "the best response of the scenario's sanctioner %zu failed at s = %.17g: %s", sr->who + 1,
        sr->where, sr->what);
}

/* Sanctioner i deviating from a profile, in the world it believes in. In
 * `nash` mode the followers are held at `held` (MODEL.md section 6). */
typedef struct deviation {
    search *search;
    size_t index;
    const ss_sanctioner *me;
    const ss_world *w;
    int has_patron;
    double hi; /* the sanctioner's ceiling s_max: strategies lie in [0, hi] */
    double ftol;
    ss_unilateral u;
    ss_aggregates dg;
    int hold;
    ss_followers held;
} deviation;

static void deviation_init(deviation *d, search *sr, const ss_params *p, const ss_solver_opts *o,
                           const ss_world *w, const double *s, size_t i)
{
    d->search = sr;
    d->index = i;
    d->me = &p->sanctioner[i];
    d->w = w;
    d->has_patron = p->has_patron;
    d->hi = ss_intensity_ceiling(d->me);
    d->ftol = o->follower_tolerance;
    ss_unilateral_init(&d->u, p, w, s, i);
    ss_unilateral_slopes(&d->u, &d->dg);
    d->hold = o->mode == SS_MODE_NASH;
    if (d->hold) {
        ss_aggregates g;
        ss_unilateral_aggregates(&d->u, s[i], &g);
        ss_followers_solve(w, p->has_patron, &g, d->ftol, &d->held);
    }
}

/* Which linear piece of the followers' reaction and of the alliance-pressure
 * term x lies on: one bit per clip that binds. The payoff is smooth where
 * this stays the same, and may kink (or jump) where it changes. */
static unsigned piece_of(const ss_followers *f, double x, double reference)
{
    return (unsigned)(f->c <= 0) | (unsigned)(f->c >= 1) << 1 | (unsigned)(f->p <= 0) << 2 |
           (unsigned)(f->p >= 1) << 3 | (unsigned)(f->a <= 0) << 4 | (unsigned)(f->a >= 1) << 5 |
           (unsigned)(f->q <= 0) << 6 | (unsigned)(f->q >= 1) << 7 | (unsigned)(x < reference) << 8;
}

/* A point of a scan: where, the payoff, its slope and its piece, and the
 * followers' moves there. */
typedef struct probe {
    double x, u, slope;
    unsigned piece;
    ss_followers f;
} probe;

/* Payoff at own intensity x; its slope when `slope` is not NULL, its piece
 * (see piece_of) when `piece` is not NULL, and the followers' moves when
 * `moves` is not NULL. */
static double deviation_eval(const deviation *d, double x, double *slope, unsigned *piece,
                             ss_followers *moves)
{
    ss_followers f;
    double u;
    if (slope && !d->hold) {
        u = ss_unilateral_payoff(&d->u, &d->dg, d->me, d->w, d->has_patron, x, &f, slope);
    } else {
        ss_aggregates g;
        ss_unilateral_aggregates(&d->u, x, &g);
        ss_followers df = {0, 0, 0, 0, 0};
        if (d->hold)
            f = d->held;
        else
            ss_followers_solve(d->w, d->has_patron, &g, d->ftol, &f);
        double sigma = d->w->target.substitution;
        if (slope)
            u = ss_utility_and_slope(d->me, sigma, x, d->u.reference, &g, &d->dg, &f, &df, slope);
        else
            u = ss_utility(d->me, sigma, x, d->u.reference, &g, &f);
    }
    if (piece)
        *piece = piece_of(&f, x, d->u.reference);
    if (moves)
        *moves = f;
    return u;
}

static double deviation_payoff(const deviation *d, double x, double *slope)
{
    return deviation_eval(d, x, slope, NULL, NULL);
}

/* The payoff's slope at x; a non-finite one is recorded as the search's
 * failure, and 0 stands in for it. */
static double slope_at(deviation *d, double x, double *payoff)
{
    double slope;
    *payoff = deviation_payoff(d, x, &slope);
    if (isfinite(slope))
        return slope;
    search_fail(d->search, d->index, x, "the payoff's slope is not finite");
    return 0;
}

/* The point in [lo, hi] where the slope turns from positive to negative
 * (a smooth maximum, a kink or a jump), to machine precision, given the
 * payoffs and slopes at both ends (the slopes of opposite signs). Brent's
 * method: inverse quadratic or linear interpolation when it shrinks the
 * bracket fast enough, bisection otherwise; it stops when the bracket is
 * within 4 DBL_EPSILON of the root, relatively, or after brent_iterations
 * steps. When the bracket closes, of its two ends the one with the larger
 * payoff is returned: where the payoff jumps at the turning point, the side
 * before the jump may be worth much more than the other. After a failure (recorded in
 * d->search) the result means nothing. */
static double slope_root(deviation *d, double lo, double u_lo, double slope_lo, double hi,
                         double u_hi, double slope_hi, double *u_root)
{
    *u_root = NAN;
    if (d->search->status != SS_OK || !(lo < hi))
        return 0.5 * (lo + hi);
    /* b: the best estimate; c: the other end of the bracket; a: the last b */
    double a = lo, fa = slope_lo, ua = u_lo, b = hi, fb = slope_hi, ub = u_hi;
    double c = a, fc = fa, uc = ua;
    double step = b - a, last_step = step;
    for (size_t it = 0; it < d->search->brent_iterations; it++) {
        if ((fb > 0) == (fc > 0)) { /* the root lies between a and b */
            c = a;
            fc = fa;
            uc = ua;
            step = last_step = b - a;
        }
        if (fabs(fc) < fabs(fb)) { /* b the end with the smaller slope */
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
            ua = ub;
            ub = uc;
            uc = ua;
        }
        double tol = 2 * DBL_EPSILON * fabs(b) + DBL_MIN, half = 0.5 * (c - b);
        if (fabs(half) <= tol || fb == 0)
            break;
        int bisect = 1;
        if (fabs(last_step) >= tol && fabs(fa) > fabs(fb)) {
            double p, q, ratio = fb / fa;
            if (a == c) { /* secant */
                p = 2 * half * ratio;
                q = 1 - ratio;
            } else { /* inverse quadratic interpolation */
                double qa = fa / fc, rb = fb / fc;
                p = ratio * (2 * half * qa * (qa - rb) - (b - a) * (rb - 1));
                q = (qa - 1) * (rb - 1) * (ratio - 1);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            /* accept the interpolation only inside the bracket and shrinking */
            if (2 * p < 3 * half * q - fabs(tol * q) && p < fabs(0.5 * last_step * q)) {
                last_step = step;
                step = p / q;
                bisect = 0;
            }
        }
        if (bisect) {
            step = half;
            last_step = step;
        }
        a = b;
        fa = fb;
        ua = ub;
        b += fabs(step) > tol ? step : (half > 0 ? tol : -tol);
        fb = slope_at(d, b, &ub);
        if (d->search->status != SS_OK)
            break;
    }
    /* the other end only when the bracket closed on a turning point: else
     * it may lie far off, and a flat maximum's payoffs differ by rounding */
    int closed = fabs(c - b) <= 2 * (2 * DBL_EPSILON * fabs(b) + DBL_MIN);
    if (closed && uc > ub) {
        *u_root = uc;
        return c;
    }
    *u_root = ub;
    return b;
}

static probe probe_at(const deviation *d, double x)
{
    probe p;
    p.x = x;
    p.u = deviation_eval(d, x, &p.slope, &p.piece, &p.f);
    return p;
}

typedef struct best_so_far {
    double x, u;
} best_so_far;

static void consider(best_so_far *b, double x, double u)
{
    if (u > b->u) {
        b->u = u;
        b->x = x;
    }
}

/* Within [lo, hi], both on one smooth piece: a slope turning from + to - marks
 * a maximum, found to machine precision. */
static void smooth_interval(deviation *d, const probe *lo, const probe *hi, best_so_far *b)
{
    if (lo->slope > 0 && hi->slope < 0) {
        double u;
        double r = slope_root(d, lo->x, lo->u, lo->slope, hi->x, hi->u, hi->slope, &u);
        consider(b, r, u);
    }
}

/* How closely piece_boundary brackets a boundary. */
#define BOUNDARY_WIDTH 1e-13

/* The quantities whose signs make up piece_of's bits at probe pr: for bit
 * 2k the raw follower move k (c, p, a, q) minus 0, for bit 2k+1 minus 1, and
 * for bit 8 x minus the reference level. Each is continuous where the
 * followers are, and smooth on a piece. */
static void piece_levels(const deviation *d, const probe *pr, double level[9])
{
    double raw[4] = {0, 0, 0, 0};
    if (!d->hold) {
        ss_aggregates g;
        ss_unilateral_aggregates(&d->u, pr->x, &g);
        ss_followers_raw(d->w, d->has_patron, &g, &pr->f, raw);
    }
    for (int k = 0; k < 4; k++) {
        level[2 * k] = raw[k];
        level[2 * k + 1] = raw[k] - 1;
    }
    level[8] = pr->x - d->u.reference;
}

/* An estimate of the first piece boundary right of `left`: for every bit of
 * piece_of that differs between left and right, where the straight line
 * through its (weighted) levels at both ends crosses zero. The smallest, or
 * NaN. */
static double boundary_estimate(const probe *left, const probe *right, const double *lv,
                                const double *rv, double wl, double wr)
{
    unsigned changed = left->piece ^ right->piece;
    double best = NAN;
    for (int bit = 0; bit < 9; bit++) {
        if (!(changed >> bit & 1))
            continue;
        double a = wl * lv[bit], b = wr * rv[bit];
        if (!(a != b))
            continue;
        double e = left->x + a * (right->x - left->x) / (a - b);
        if (!(e >= best)) /* also the first one */
            best = e;
    }
    return best;
}

/* The boundary in (lo, hi) where the piece stops being lo's, bracketed to
 * BOUNDARY_WIDTH: the probes on both sides of it. Regula falsi (Illinois) on
 * the level that changes sign (piece_levels) finds it in a few probes; a
 * probe that repeats the last one is moved just across it, which closes the
 * bracket; bisection takes over for a probe whenever the two before it did
 * not halve the bracket (a jump of the followers, or a level that stays on
 * one side). */
static void piece_boundary(const deviation *d, const probe *lo, const probe *hi, probe *left,
                           probe *right)
{
    *left = *lo;
    *right = *hi;
    double lv[9], rv[9], wl = 1, wr = 1; /* levels at both ends and their weights */
    piece_levels(d, left, lv);
    piece_levels(d, right, rv);
    /* the bracket's width before each of the last three probes */
    double width1 = INFINITY, width2 = INFINITY, width3 = INFINITY, last_x = NAN;
    int last = 0; /* where the last probe landed: -1 left, +1 right */
    for (int it = 0; it < 120 && right->x - left->x > BOUNDARY_WIDTH; it++) {
        double width = right->x - left->x, x = NAN;
        if (width <= 0.5 * width3) {
            double e = boundary_estimate(left, right, lv, rv, wl, wr);
            /* an estimate that repeats the last probe: step just across it */
            if (fabs(e - last_x) < BOUNDARY_WIDTH)
                e += last > 0 ? -0.45 * BOUNDARY_WIDTH : 0.45 * BOUNDARY_WIDTH;
            if (e == e) /* not NaN: kept strictly inside the bracket */
                x = fmin(fmax(e, left->x + 0.1 * BOUNDARY_WIDTH), right->x - 0.1 * BOUNDARY_WIDTH);
        }
        width3 = width2;
        width2 = width1;
        width1 = width;
        if (!(x > left->x && x < right->x)) /* also NaN: bisect */
            x = 0.5 * (left->x + right->x);
        last_x = x;
        probe mid = probe_at(d, x);
        int side = mid.piece == lo->piece ? -1 : 1;
        if (side < 0) {
            *left = mid;
            piece_levels(d, left, lv);
            wl = 1;
            if (last < 0) /* Illinois: the end kept twice counts half */
                wr *= 0.5;
        } else {
            *right = mid;
            piece_levels(d, right, rv);
            wr = 1;
            if (last > 0)
                wl *= 0.5;
        }
        last = side;
    }
}

/* The grid interval [lo, hi]: inside it, every change of piece (a clip that
 * starts or stops binding, where the payoff may kink or jump) is located, and
 * on each smooth stretch the slope's sign change from + to - gives the exact
 * maximum. The points on both sides of every kink are candidates too, so a
 * peak at a kink or behind one is not missed. */
static void grid_interval(deviation *d, const probe *prev, const probe *cur, best_so_far *b)
{
    probe lo = *prev;
    /* at most a few kinks per grid interval; each costs a bisection */
    for (int kinks = 0; lo.piece != cur->piece && kinks < 8; kinks++) {
        probe left, right;
        piece_boundary(d, &lo, cur, &left, &right);
        consider(b, left.x, left.u);
        consider(b, right.x, right.u);
        smooth_interval(d, &lo, &left, b);
        lo = right;
    }
    smooth_interval(d, &lo, cur, b);
}

/* Nodes of the slope's interpolation on a smooth block: Chebyshev-Lobatto
 * points of [0, 1], (1 - cos(pi j / 5)) / 2. */
#define NODES 6
static const double node_t[NODES] = {
    0, 0.0954915028125263, 0.3454915028125263, 0.6545084971874737, 0.9045084971874737, 1};

/* A block [lo, hi] of grid intervals on which the payoff is one smooth piece
 * (ss_unilateral_smooth). Where its slope is linear, the ends' slopes say
 * whether it turns from + to - inside. Else dU/dx Q^3 is a polynomial of
 * degree at most 4 (Q > 0), interpolated exactly through its values at NODES
 * points, and its sign on `cells` equal cells (finer than the grid) marks
 * every turn from + to -; Brent's method on the payoff's own slope finds each
 * maximum. Returns 0, having only considered true payoffs, when the block is
 * not smooth or the payoff's own slopes disagree with the polynomial's signs:
 * the caller then splits the block. */
static int smooth_block(deviation *d, const probe *lo, const probe *hi, size_t cells,
                        best_so_far *b)
{
    double q0, q1;
    /* the pieces may differ in the reference level's bit at an end on it */
    unsigned differ = lo->piece ^ hi->piece;
    if (lo->x == d->u.reference || hi->x == d->u.reference)
        differ &= ~(1u << 8);
    int kind =
        differ ? 0
               : ss_unilateral_smooth(&d->u, d->w, d->has_patron, d->hold, lo->x, hi->x, &q0, &q1);
    if (kind == 0)
        return 0;
    if (kind == 1) { /* a linear slope: at most one turn, from + to - only if the ends say so */
        if (lo->slope > 0 && hi->slope < 0) {
            double u, r = slope_root(d, lo->x, lo->u, lo->slope, hi->x, hi->u, hi->slope, &u);
            consider(b, r, u);
        }
        return 1;
    }
    double width = hi->x - lo->x, coef[NODES];
    for (int j = 0; j < NODES; j++) {
        double slope, q = q0 + (q1 - q0) * node_t[j];
        if (j == 0)
            slope = lo->slope;
        else if (j == NODES - 1)
            slope = hi->slope;
        else
            deviation_payoff(d, lo->x + width * node_t[j], &slope);
        if (!isfinite(slope))
            return 0;
        coef[j] = slope * q * q * q;
    }
    /* Newton's divided differences */
    for (int k = 1; k < NODES; k++)
        for (int j = NODES - 1; j >= k; j--)
            coef[j] = (coef[j] - coef[j - 1]) / (node_t[j] - node_t[j - k]);
    /* to powers of t: m[0] + m[1] t + ... + m[5] t^5 */
    double m[NODES] = {coef[NODES - 1], 0, 0, 0, 0, 0};
    for (int j = NODES - 2; j >= 0; j--) { /* m = m (t - node_t[j]) + coef[j] */
        for (int k = NODES - 1; k > 0; k--)
            m[k] = m[k - 1] - node_t[j] * m[k];
        m[0] = coef[j] - node_t[j] * m[0];
    }
    double t_pos = -1, step = 1 / (double)cells; /* where the polynomial was last seen positive */
    for (size_t k = 0; k <= cells; k++) {
        double t = k == cells ? 1 : (double)k * step;
        double v = m[0] + t * (m[1] + t * (m[2] + t * (m[3] + t * (m[4] + t * m[5]))));
        if (v > 0) {
            t_pos = t;
        } else if (v < 0 && t_pos >= 0) {
            /* a turn from + to - in (t_pos, t): check it on the payoff */
            double xa = t_pos == 0 ? lo->x : lo->x + width * t_pos;
            double xb = k == cells ? hi->x : lo->x + width * t;
            double ua, ub, sa, sb;
            sa = slope_at(d, xa, &ua);
            sb = slope_at(d, xb, &ub);
            if (!(sa > 0 && sb < 0))
                return 0;
            double u, r = slope_root(d, xa, ua, sa, xb, ub, sb, &u);
            consider(b, r, u);
            t_pos = -1;
        }
    }
    return 1;
}

/* Grid point k of a scan of `points` points on [0, d->hi]. */
static double grid_x(const deviation *d, size_t points, size_t k)
{
    return d->hi * ((double)k / (double)(points - 1));
}

/* The largest k in [k0, k1) whose grid point lies below x, given that grid
 * point k0 does not lie above it. */
static size_t grid_below(const deviation *d, size_t points, double x, size_t k0, size_t k1)
{
    size_t k = (size_t)fmax((double)k0, fmin((double)(k1 - 1), x / d->hi * (double)(points - 1)));
    while (k > k0 && grid_x(d, points, k) >= x)
        k--;
    while (k + 1 < k1 && grid_x(d, points, k + 1) < x)
        k++;
    return k;
}

/* The grid intervals between grid points k0 < k1, whose ends are probes p0
 * and p1 (already considered; p0 may lie right of grid point k0 and p1 left
 * of k1, and the grid points strictly between k0 and k1 lie strictly
 * between p0 and p1): as one smooth block when it is one, else split at the
 * reference level (where the payoff's curvature jumps) when it lies inside,
 * else at a piece boundary (a kink or jump, bracketed by two probes) when
 * the ends' pieces differ (at most `splits` deep, which bounds the work when
 * kinks crowd), else halved; down to single grid intervals. */
static void scan_range(deviation *d, size_t points, size_t k0, const probe *p0, size_t k1,
                       const probe *p1, int splits, best_so_far *b)
{
    if (k1 - k0 == 1) {
        grid_interval(d, p0, p1, b);
        return;
    }
    if (smooth_block(d, p0, p1, 2 * (k1 - k0), b))
        return;
    double ref = d->u.reference;
    if (ref > p0->x && ref < p1->x) {
        size_t kr = grid_below(d, points, ref, k0, k1);
        probe pr = probe_at(d, ref);
        consider(b, pr.x, pr.u);
        scan_range(d, points, k0, p0, kr + 1, &pr, splits, b);
        scan_range(d, points, kr, &pr, k1, p1, splits, b);
        return;
    }
    if (p0->piece != p1->piece && splits > 0) {
        probe left, right;
        piece_boundary(d, p0, p1, &left, &right);
        if (right.x - left.x <= BOUNDARY_WIDTH && left.x > p0->x && right.x < p1->x) {
            consider(b, left.x, left.u);
            consider(b, right.x, right.u);
            size_t kl = grid_below(d, points, left.x, k0, k1);
            size_t kr = grid_below(d, points, right.x, k0, k1);
            scan_range(d, points, k0, p0, kl + 1, &left, splits - 1, b);
            scan_range(d, points, kr, &right, k1, p1, splits - 1, b);
            return;
        }
    }
    size_t km = k0 + (k1 - k0) / 2;
    probe pm = probe_at(d, grid_x(d, points, km));
    consider(b, pm.x, pm.u);
    scan_range(d, points, k0, p0, km, &pm, splits, b);
    scan_range(d, points, km, &pm, k1, p1, splits, b);
}

/* Global maximum of the deviation payoff on [0, s_max] (s_max = d->hi): a
 * scan of `points` grid points (hi * k / (points - 1): with hi = 1 the same
 * grid as on [0, 1]). A run of grid intervals on one smooth piece is done at
 * once (smooth_block); the others one by one (grid_interval). */
static double maximize(deviation *d, size_t points, double *best_value)
{
    if (points < 3)
        points = 3;
    best_so_far b = {0, -INFINITY};
    probe first = probe_at(d, 0), last = probe_at(d, d->hi);
    consider(&b, first.x, first.u);
    consider(&b, last.x, last.u);
    scan_range(d, points, 0, &first, points - 1, &last, 16, &b);
    *best_value = b.u;
    return b.x;
}

/* The local maximum reached by climbing from x0 in steps of `step`, then the
 * exact turning point; a few evaluations where a global scan takes dozens.
 * Used between best-response rounds, where the answer moves little; the
 * certificate then checks that it is global. */
static double climb(deviation *d, double x0, double step)
{
    double slope, u0 = deviation_payoff(d, x0, &slope), u = u0;
    if (slope == 0)
        return x0;
    double dir = slope > 0 ? 1 : -1, x = x0, slope_x = slope, u_x = u, to, u_to;
    for (;;) {
        double next = x + dir * step;
        if (next <= 0 || next >= d->hi) {
            double end = next <= 0 ? 0 : d->hi, end_slope;
            double u_end = deviation_payoff(d, end, &end_slope);
            if (dir * end_slope >= 0) {
                to = end;
                u_to = u_end;
                break;
            }
            next = end;
            slope = end_slope;
            u = u_end;
        } else {
            u = deviation_payoff(d, next, &slope);
        }
        /* a NaN slope (a divisor such as alignment_cost = 5e-324 overflows)
         * never changes sign: stop rather than double the step for ever */
        if (isnan(slope)) {
            to = x;
            u_to = u_x;
            break;
        }
        if (dir * slope < 0) {
            to = dir > 0 ? slope_root(d, x, u_x, slope_x, next, u, slope, &u_to)
                         : slope_root(d, next, u, slope, x, u_x, slope_x, &u_to);
            break;
        }
        x = next;
        slope_x = slope;
        u_x = u;
        step *= 2;
    }
    /* a climb never ends clearly below where it started (rounding aside:
     * near a flat maximum the payoffs differ by it): it may have stepped
     * over a jump of the payoff (the followers' equilibrium switching) onto
     * a lower branch */
    return u_to < u0 - 1e-12 * (1 + fabs(u0)) ? x0 : to;
}

ss_status ss_best_response(const ss_params *p, const ss_solver_opts *o, const double *s, size_t i,
                           double *response, double *best_payoff, ss_error *err)
{
    double x = s[i], v = NAN;
    ss_status st = ss_solver_opts_check(o, err);
    if (st != SS_OK) {
        *response = x;
        if (best_payoff)
            *best_payoff = v;
        return st;
    }
    search sr;
    st = search_open(&sr, o, err);
    if (st == SS_OK) {
        ss_world w;
        ss_params_world_of(p, i, &w);
        deviation d;
        deviation_init(&d, &sr, p, o, &w, s, i);
        x = maximize(&d, o->scan_points, &v);
        if (sr.status != SS_OK)
            st = search_report(&sr, err);
    }
    search_close(&sr);
    *response = x;
    if (best_payoff)
        *best_payoff = v;
    return st;
}

/* Builds the world each sanctioner believes in. */
static void worlds_of(const ss_params *p, ss_world *worlds)
{
    for (size_t i = 0; i < p->n; i++)
        ss_params_world_of(p, i, &worlds[i]);
}

/* The largest gain from a unilateral deviation (the certificate), and who
 * gains it by moving where. */
static double regret_of(search *sr, const ss_params *p, const ss_solver_opts *o,
                        const ss_world *worlds, const double *s, size_t *who, double *to)
{
    double worst = 0;
    *who = 0;
    *to = s[0];
    for (size_t i = 0; i < p->n; i++) {
        deviation d;
        deviation_init(&d, sr, p, o, &worlds[i], s, i);
        double best;
        double x = maximize(&d, o->certificate_points, &best);
        double gain = best - deviation_payoff(&d, s[i], NULL);
        if (!(gain <= worst)) { /* also catches NaN */
            worst = gain;
            *who = i;
            *to = x;
        }
    }
    return worst;
}

static void fill_result(search *sr, const ss_params *p, const ss_solver_opts *o,
                        const ss_world *worlds, const double *s, ss_result *r)
{
    r->n = p->n;
    memcpy(r->s, s, p->n * sizeof *s);
    ss_aggregates_of(p, &p->truth, s, &r->derived);
    ss_followers_solve(&p->truth, p->has_patron, &r->derived, o->follower_tolerance, &r->followers);
    for (size_t i = 0; i < p->n; i++) {
        r->payoff_realized[i] =
            ss_payoff_sanctioner(p, &p->truth, i, s, &r->derived, &r->followers);
        ss_aggregates g;
        ss_followers f;
        ss_aggregates_of(p, &worlds[i], s, &g);
        ss_followers_solve(&worlds[i], p->has_patron, &g, o->follower_tolerance, &f);
        r->payoff_perceived[i] = ss_payoff_sanctioner(p, &worlds[i], i, s, &g, &f);
    }
    r->payoff_target = ss_payoff_target(p, &p->truth, s, &r->derived, &r->followers);
    r->payoff_patron = ss_payoff_patron(&p->truth, p->has_patron, &r->derived, &r->followers);
    r->max_regret = regret_of(sr, p, o, worlds, s, &r->deviator, &r->deviation);
}

static int result_finite(const ss_result *r)
{
    double sum = r->derived.X + r->derived.D + r->derived.H + r->followers.c + r->followers.p +
                 r->followers.a + r->followers.q + r->payoff_target + r->payoff_patron +
                 r->max_regret;
    for (size_t i = 0; i < r->n; i++)
        sum += r->s[i] + r->payoff_perceived[i] + r->payoff_realized[i];
    return isfinite(sum);
}

/* The result of a call that could not start: only n and the status. */
static void result_failed(const ss_params *p, ss_status status, ss_result *r)
{
    memset(r, 0, sizeof *r);
    r->n = p->n;
    r->status = status;
}

void ss_evaluate(const ss_params *p, const ss_solver_opts *o, const double *s, ss_result *r)
{
    if (ss_solver_opts_check(o, NULL) != SS_OK) {
        result_failed(p, SS_EINPUT, r);
        return;
    }
    search sr;
    if (search_open(&sr, o, NULL) != SS_OK) {
        search_close(&sr);
        result_failed(p, SS_ENOMEM, r);
        return;
    }
    ss_world worlds[SS_MAX_SANCTIONERS];
    worlds_of(p, worlds);
    fill_result(&sr, p, o, worlds, s, r);
    r->iterations = 0;
    r->converged = 1;
    r->certified = r->max_regret <= o->regret_tolerance;
    r->status = sr.status != SS_OK ? sr.status : result_finite(r) ? SS_OK : SS_ENUMERIC;
    search_close(&sr);
}

ss_status ss_solve(const ss_params *p, const ss_solver_opts *o, const double *start, ss_result *r,
                   ss_error *err)
{
    ss_status st = ss_solver_opts_check(o, err);
    if (st != SS_OK) {
        result_failed(p, st, r);
        return st;
    }
    search sr;
    st = search_open(&sr, o, err);
    if (st != SS_OK) {
        search_close(&sr);
        result_failed(p, st, r);
        return st;
    }
    ss_world worlds[SS_MAX_SANCTIONERS];
    double s[SS_MAX_SANCTIONERS];
    worlds_of(p, worlds);
    for (size_t i = 0; i < p->n; i++)
        s[i] = start ? fmin(ss_intensity_ceiling(&p->sanctioner[i]), fmax(0, start[i])) : 0;

    /* Gauss-Seidel best-response rounds. At every `stall_rounds`-th round
     * (counted since the last halving, not necessarily in a row) that moves
     * the profile no less than the one before, halve the step while it is
     * above `damping_floor`: damping turns best-response cycles into
     * convergence without moving the fixed point. */
    double damping = o->damping, last_step = INFINITY;
    size_t stalls = 0, it = 0;
    int converged = 0, global = 1, restarted = 0;
    double climb_step = 1.0 / (double)(o->scan_points > 2 ? o->scan_points - 1 : 2);
    /* A warm start for the climbs: best responses move about as far as the
     * profile did in the round before, so the first step is twice that
     * (undamped), never above the scan's spacing; the climb doubles it as
     * long as it needs. */
    double first_step = climb_step;
again:
    while (it < o->max_iterations) {
        it++;
        double step = 0;
        for (size_t i = 0; i < p->n; i++) {
            deviation d;
            deviation_init(&d, &sr, p, o, &worlds[i], s, i);
            double v, br;
            if (global)
                br = maximize(&d, o->scan_points, &v);
            else
                br = climb(&d, s[i], first_step);
            double next = s[i] + damping * (br - s[i]);
            step = fmax(step, fabs(next - s[i]));
            s[i] = next;
        }
        if (!isfinite(step) || sr.status != SS_OK)
            break;
        global = 0;
        first_step = fmin(climb_step, fmax(2 * step / damping, 1e-12));
        if (step <= o->tolerance) {
            converged = 1;
            break;
        }
        if (step >= last_step && ++stalls >= o->stall_rounds && damping > o->damping_floor) {
            damping *= 0.5;
            stalls = 0;
        }
        last_step = step;
    }

    fill_result(&sr, p, o, worlds, s, r);
    /* A local climb may have settled on a local maximum that the certificate
     * shows is not global: go on from here with global best responses. */
    if (converged && !restarted && r->max_regret > o->regret_tolerance && sr.status == SS_OK) {
        restarted = 1;
        global = 1;
        first_step = climb_step;
        converged = 0;
        last_step = INFINITY;
        goto again;
    }
    r->iterations = it;
    r->converged = converged;
    r->certified = r->max_regret <= o->regret_tolerance;
    r->status = SS_OK;
    if (sr.status != SS_OK)
        r->status = search_report(&sr, err);
    else if (!result_finite(r))
        r->status = ss_error_set(err, SS_ENUMERIC, "solve produced a non-finite value");
    else if (!converged)
        r->status = ss_error_set(err, SS_ENUMERIC,
                                 "best responses did not converge within %zu iterations "
                                 "(last damping %g)",
                                 o->max_iterations, damping);
    else if (!r->certified)
        r->status = ss_error_set(err, SS_ENUMERIC,
                                 "equilibrium not certified: max_regret %.3g > regret_tolerance "
                                 "%g",
                                 r->max_regret, o->regret_tolerance);
    search_close(&sr);
    return r->status;
}
