/* Sweep designs: --vary specs, grid/random/lhs/sobol points, warm-start cells. */
#include "sanctionsim/design.h"

#include "sanctionsim/numbers.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Warm-start cells: about one anchor per this many points, and at most
 * SS_MAX_ANCHORS, so that a shard computes few anchors it does not own. */
#define POINTS_PER_ANCHOR 64
#define SS_MAX_ANCHORS    256
#define LHS_ROUNDS        4
#define MAX_LIST          1000000

static const char *const kind_names[] = {"grid",     "random", "lhs",   "sobol",
                                         "saltelli", "morris", "points"};

const char *ss_design_kind_name(ss_design_kind k)
{
    return kind_names[k];
}

int ss_design_kind_parse(const char *name, ss_design_kind *k)
{
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
        if (strcmp(name, kind_names[i]) == 0) {
            *k = (ss_design_kind)i;
            return 0;
        }
    return -1;
}

void ss_design_init(ss_design *d, ss_design_kind kind)
{
    memset(d, 0, sizeof *d);
    d->kind = kind;
}

void ss_design_free(ss_design *d)
{
    if (!d)
        return;
    for (size_t a = 0; a < d->nvary; a++) {
        free(d->vary[a].values);
        d->vary[a].values = NULL;
    }
    d->nvary = 0;
    free(d->table);
    d->table = NULL;
}

/* ---- parsing ----------------------------------------------------------- */

static void trim(char **s)
{
    while (**s == ' ' || **s == '\t')
        (*s)++;
    char *e = *s + strlen(*s);
    while (e > *s && (e[-1] == ' ' || e[-1] == '\t'))
        *--e = '\0';
}

/* A whole number 1..SS_MAX_POINTS, digits only. */
static int parse_count(const char *t, size_t *out)
{
    unsigned long long v;
    if (ss_parse_whole(t, 1, SS_MAX_POINTS, &v) != 0)
        return -1;
    *out = (size_t)v;
    return 0;
}

static int parse_number(char *t, double *out)
{
    trim(&t);
    return *t ? ss_parse_double(t, out) : -1;
}

/* START:STOP[:COUNT] into v; `parts` is the text after an optional "log:". */
static ss_status parse_range(char *parts, ss_vary *v, const char *text, ss_error *err)
{
    char *field[4];
    int n = 0;
    for (char *p = parts;; p++) {
        if (n == 4)
            break;
        field[n++] = p;
        p = strchr(p, ':');
        if (!p)
            break;
        *p = '\0';
    }
    if (n < 2 || n > 3)
        return ss_error_set(err, SS_EINPUT,
                            "--vary '%s': expected START:STOP:COUNT, log:START:STOP:COUNT or "
                            "a list v1,v2,...",
                            text);
    if (parse_number(field[0], &v->start) != 0)
        return ss_error_set(err, SS_EINPUT, "--vary '%s': START '%s' is not a finite number", text,
                            field[0]);
    if (parse_number(field[1], &v->stop) != 0)
        return ss_error_set(err, SS_EINPUT, "--vary '%s': STOP '%s' is not a finite number", text,
                            field[1]);
    v->count = 0;
    if (n == 3) {
        char *c = field[2];
        trim(&c);
        if (parse_count(c, &v->count) != 0 || v->count == 0)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': COUNT '%s' must be a whole number from 1 to 2^53",
                                text, c);
        if (v->count == 1 && v->start != v->stop)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a COUNT of 1 needs START equal to STOP (or give "
                                "a single value)",
                                text);
    }
    return SS_OK;
}

static ss_status parse_list(char *spec, ss_vary *v, const char *text, ss_error *err)
{
    size_t n = 1;
    for (const char *p = spec; *p; p++)
        n += *p == ',';
    if (n > MAX_LIST)
        return ss_error_set(err, SS_EINPUT, "--vary '%.60s...': a list has at most %d values", text,
                            MAX_LIST);
    v->values = malloc(n * sizeof *v->values);
    if (!v->values)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    v->count = n;
    char *item = spec;
    for (size_t k = 0; k < n; k++) {
        char *comma = strchr(item, ',');
        if (comma)
            *comma = '\0';
        if (parse_number(item, &v->values[k]) != 0) {
            char *t = item;
            trim(&t);
            if (!*t)
                return ss_error_set(err, SS_EINPUT, "--vary '%s': empty value in the list", text);
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': '%s' is not a number (SPEC is START:STOP:COUNT, "
                                "log:START:STOP:COUNT or v1,v2,...)",
                                text, t);
        }
        item = comma ? comma + 1 : item;
    }
    return SS_OK;
}

static ss_status check_value(const ss_vary *v, const char *text, double value, ss_error *err)
{
    ss_error e;
    if (v->named)
        return SS_OK; /* no scenario: no range to keep */
    if (ss_key_check(&v->ref, v->key, value, &e) == SS_OK)
        return SS_OK;
    return ss_error_set(err, SS_EINPUT, "--vary '%s': %s", text, e.message);
}

static double grid_value(const ss_vary *v, size_t j);

/* Grid points in order of increasing value (counted from STOP when the grid
 * goes down): the first whose value is above 0, or at least 0 with or_zero;
 * COUNT when there is none. */
static size_t first_above_zero(const ss_vary *v, int or_zero)
{
    size_t n = v->count, lo = 0, hi = n;
    int up = v->start < v->stop;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        double x = grid_value(v, up ? mid : n - 1 - mid);
        if (x > 0 || (or_zero && x == 0))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* A grid's points are exactly the ones asked for, so none may fall where
 * `solve --set` refuses a value: between 0 and SS_PARAM_TINY in size. Both
 * ends are valid (checked before), so every point between them is in the
 * key's range; the points are monotone in j (each step of grid_value rounds
 * monotonically), so only the positive point nearest 0 and the negative point
 * nearest 0 need checking, found by bisection (a COUNT can be 2^53). */
static ss_status check_grid_points(const ss_vary *v, const char *text, ss_error *err)
{
    size_t n = v->count;
    if (v->named || v->kind != SS_SPEC_RANGE || n <= 2 || v->start == v->stop)
        return SS_OK;
    int up = v->start < v->stop;
    size_t first_pos = first_above_zero(v, 0), first_nonneg = first_above_zero(v, 1);
    size_t cand[2], ncand = 0;
    if (first_nonneg > 0) /* the negative point nearest 0 */
        cand[ncand++] = up ? first_nonneg - 1 : n - first_nonneg;
    if (first_pos < n) /* the positive point nearest 0 */
        cand[ncand++] = up ? first_pos : n - 1 - first_pos;
    if (ncand == 2 && cand[1] < cand[0]) { /* report the earlier point */
        size_t t = cand[0];
        cand[0] = cand[1];
        cand[1] = t;
    }
    for (size_t k = 0; k < ncand; k++) {
        ss_error e;
        if (ss_key_check(&v->ref, v->key, grid_value(v, cand[k]), &e) != SS_OK)
            return ss_error_set(err, SS_EINPUT, "--vary '%s': grid point %zu of %zu: %s", text,
                                cand[k] + 1, n, e.message);
    }
    return SS_OK;
}

/* Checks the spec against the design's kind and every value against the key's range. */
static ss_status check_spec(const ss_design *d, const ss_scenario *sc, ss_vary *v, const char *text,
                            ss_error *err)
{
    int grid = d->kind == SS_DESIGN_GRID;
    ss_status st;
    switch (v->kind) {
    case SS_SPEC_PRIOR: {
        if (grid)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a grid needs values: KEY=START:STOP:COUNT, "
                                "KEY=log:START:STOP:COUNT or KEY=v1,v2,...",
                                text);
        if (!sc)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a named variable needs a range, e.g. %s=0:1", text,
                                v->key);
        const ss_prior *p = ss_priors_find(sc->priors, &v->ref);
        if (!p)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': the scenario declares no prior for '%s'; give a "
                                "range, e.g. %s=0:1",
                                text, v->key, v->key);
        v->prior = *p;
        return SS_OK;
    }
    case SS_SPEC_LIST:
        if (d->kind == SS_DESIGN_MORRIS)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a morris design needs a range START:STOP (or a "
                                "prior): a list can leave a step with no change",
                                text);
        for (size_t k = 0; k < v->count; k++)
            if ((st = check_value(v, text, v->values[k], err)))
                return st;
        return SS_OK;
    case SS_SPEC_POINTS: /* made by ss_design_points only */
        return ss_error_set(err, SS_EINPUT, "--vary '%s': points come from --points FILE", text);
    case SS_SPEC_RANGE:
    case SS_SPEC_LOG:
        if (grid && v->count == 0)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a grid needs a COUNT: START:STOP:COUNT (e.g. "
                                "0:3:61)",
                                text);
        if (!grid && v->count != 0)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a COUNT is for --design grid; a %s design draws "
                                "--samples points from START:STOP",
                                text, ss_design_kind_name(d->kind));
        if (v->kind == SS_SPEC_LOG && !(v->start > 0 && v->stop > 0))
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a log scale needs START and STOP above 0", text);
        if (d->kind == SS_DESIGN_MORRIS && v->start == v->stop)
            return ss_error_set(err, SS_EINPUT,
                                "--vary '%s': a morris design needs START and STOP to differ",
                                text);
        if ((st = check_value(v, text, v->start, err)) || (st = check_value(v, text, v->stop, err)))
            return st;
        return grid ? check_grid_points(v, text, err) : SS_OK;
    }
    return SS_OK;
}

/* A name for a named variable: letters, digits, '_', '.', '-'. */
static int valid_name(const char *name)
{
    if (!*name || strlen(name) >= SS_KEY_MAX)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            return 0;
    return 1;
}

/* Appends "KEY=SPEC" to d: a scenario key when sc is set, else a named variable. */
static ss_status vary_add(ss_design *d, const ss_scenario *sc, const char *text, ss_error *err)
{
    if (d->nvary == SS_MAX_VARY)
        return ss_error_set(err, SS_EINPUT, "--vary '%s': at most %d keys can be varied", text,
                            SS_MAX_VARY);
    size_t len = strlen(text);
    char *buf = malloc(len + 1);
    if (!buf)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    memcpy(buf, text, len + 1);

    ss_vary *v = &d->vary[d->nvary];
    memset(v, 0, sizeof *v);
    char *key = buf, *spec = strchr(buf, '=');
    if (spec)
        *spec++ = '\0';
    trim(&key);
    ss_status st = SS_OK;
    ss_error kerr;
    if (!*key) {
        st = ss_error_set(err, SS_EINPUT,
                          "--vary '%s': expected KEY=SPEC, e.g. "
                          "japan.alliance_pressure=0:3:61",
                          text);
        goto done;
    }
    if (!sc) {
        if (!valid_name(key)) {
            st = ss_error_set(err, SS_EINPUT,
                              "--vary '%s': a NAME is letters, digits, '_', '.' and '-' (at "
                              "most %d)",
                              text, SS_KEY_MAX - 1);
            goto done;
        }
        v->named = 1;
        snprintf(v->key, sizeof v->key, "%s", key);
    } else if (ss_key_parse(sc, key, &v->ref, &kerr) != SS_OK) {
        st = ss_error_set(err, SS_EINPUT, "--vary '%s': %s", text, kerr.message);
        goto done;
    } else {
        ss_key_name(sc, &v->ref, v->key, sizeof v->key);
    }
    for (size_t a = 0; a < d->nvary; a++)
        if (v->named ? strcmp(d->vary[a].key, v->key) == 0
                     : memcmp(&d->vary[a].ref, &v->ref, sizeof v->ref) == 0) {
            st = ss_error_set(err, SS_EINPUT, "--vary '%s': '%s' is varied twice", text, v->key);
            goto done;
        }
    if (spec)
        trim(&spec);
    if (!spec || strcmp(spec, "prior") == 0) {
        v->kind = SS_SPEC_PRIOR;
    } else if (!*spec) {
        st = ss_error_set(err, SS_EINPUT,
                          "--vary '%s': empty SPEC (START:STOP:COUNT, log:START:STOP:COUNT or "
                          "v1,v2,...)",
                          text);
    } else if (strncmp(spec, "log:", 4) == 0) {
        v->kind = SS_SPEC_LOG;
        st = parse_range(spec + 4, v, text, err);
    } else if (strchr(spec, ':')) {
        v->kind = SS_SPEC_RANGE;
        st = parse_range(spec, v, text, err);
    } else {
        v->kind = SS_SPEC_LIST;
        st = parse_list(spec, v, text, err);
    }
    if (!st)
        st = check_spec(d, sc, v, text, err);
done:
    free(buf);
    if (st) {
        free(v->values);
        memset(v, 0, sizeof *v);
        return st;
    }
    d->nvary++;
    return SS_OK;
}

ss_status ss_design_vary(ss_design *d, const ss_scenario *sc, const char *text, ss_error *err)
{
    return vary_add(d, sc, text, err);
}

ss_status ss_design_vary_name(ss_design *d, const char *text, ss_error *err)
{
    return vary_add(d, NULL, text, err);
}

/* ---- values ------------------------------------------------------------ */

static size_t axis_count(const ss_vary *v)
{
    return v->count; /* grid axes: RANGE/LOG count or the list's length */
}

static double clamp_between(double x, double a, double b)
{
    double lo = a < b ? a : b, hi = a < b ? b : a;
    return x < lo ? lo : (x > hi ? hi : x);
}

/* Value j of a grid axis: both ends exact, interior points evenly spaced
 * ((stop - start) j / (n - 1) rounds once when start is 0). */
static double grid_value(const ss_vary *v, size_t j)
{
    size_t n = axis_count(v);
    if (v->kind == SS_SPEC_LIST)
        return v->values[j];
    if (j == 0 || n == 1)
        return v->start;
    if (j == n - 1)
        return v->stop;
    double t = (double)j, m = (double)(n - 1);
    if (v->kind == SS_SPEC_LOG) {
        double la = log10(v->start), lb = log10(v->stop);
        return clamp_between(pow(10, la + ((lb - la) * t) / m), v->start, v->stop);
    }
    return clamp_between(v->start + ((v->stop - v->start) * t) / m, v->start, v->stop);
}

/* Value at u in (0, 1) for random designs. A range that holds 0 may draw a
 * value smaller than SS_PARAM_TINY in size, which `solve --set` refuses: it
 * counts as 0, as in priors and shocks (ss_param_clamp; 0 is then inside the
 * range, since both ends are valid). */
static double unit_value(const ss_vary *v, double u)
{
    double x;
    switch (v->kind) {
    case SS_SPEC_PRIOR:
        return ss_prior_quantile(&v->prior, u);
    case SS_SPEC_LIST: {
        size_t k = (size_t)(u * (double)v->count);
        return v->values[k < v->count ? k : v->count - 1];
    }
    case SS_SPEC_LOG: {
        double la = log10(v->start), lb = log10(v->stop);
        return clamp_between(pow(10, la + (lb - la) * u), v->start, v->stop);
    }
    case SS_SPEC_RANGE:
    case SS_SPEC_POINTS:
    default:
        x = clamp_between(v->start + (v->stop - v->start) * u, v->start, v->stop);
        break;
    }
    return v->named ? x : ss_param_clamp(ss_key_info(&v->ref), x);
}

/* v's shortest text (numbers.h) in buf (SS_NUMBER_MAX bytes). */
static const char *number(double v, char *buf)
{
    ss_format_double(v, buf, SS_NUMBER_MAX);
    return buf;
}

void ss_vary_spec_text(const ss_vary *v, char *buf, size_t len)
{
    size_t used = 0;
    char a[SS_NUMBER_MAX], b[SS_NUMBER_MAX];
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        int w_ = snprintf(buf + used, used < len ? len - used : 0, __VA_ARGS__);                   \
        if (w_ > 0)                                                                                \
            used += (size_t)w_;                                                                    \
    } while (0)
    switch (v->kind) {
    case SS_SPEC_PRIOR:
        PUT("prior");
        break;
    case SS_SPEC_LIST:
        for (size_t k = 0; k < v->count; k++)
            PUT("%s%s", k ? "," : "", number(v->values[k], a));
        break;
    case SS_SPEC_POINTS:
    case SS_SPEC_LOG:
    case SS_SPEC_RANGE:
        PUT("%s%s:%s",
            v->kind == SS_SPEC_LOG ? "log:" : (v->kind == SS_SPEC_POINTS ? "points:" : ""),
            number(v->start, a), number(v->stop, b));
        if (v->count)
            PUT(":%zu", v->count);
        break;
    }
#undef PUT
    if (used >= len && len > 4)
        memcpy(buf + len - 4, "...", 4);
}

/* ---- finishing: points and warm-start cells ------------------------------ */

static void lay_out_cells(ss_design *d);
static ss_status finish_points(ss_design *d, size_t samples, unsigned long seed, ss_error *err);

ss_status ss_design_finish(ss_design *d, size_t samples, unsigned long seed, ss_error *err)
{
    if (d->kind == SS_DESIGN_POINTS)
        return finish_points(d, samples, seed, err);
    int grid = d->kind == SS_DESIGN_GRID;
    if (d->nvary == 0)
        return ss_error_set(err, SS_EINPUT,
                            "nothing to vary: give --vary KEY=SPEC (e.g. "
                            "--vary japan.alliance_pressure=0:3:61)");
    if (grid && samples)
        return ss_error_set(err, SS_EINPUT,
                            "--samples is for --design random, lhs and sobol; a grid has the "
                            "product of its counts");
    if (!grid && !samples)
        return ss_error_set(err, SS_EINPUT, "--design %s needs --samples N",
                            ss_design_kind_name(d->kind));
    if (!grid && samples > SS_MAX_POINTS)
        return ss_error_set(err, SS_EINPUT, "--samples: at most 2^53 points");
    if (d->second_order && d->kind != SS_DESIGN_SALTELLI)
        return ss_error_set(err, SS_EINPUT, "--second-order is for --design saltelli");
    if (d->levels && d->kind != SS_DESIGN_MORRIS)
        return ss_error_set(err, SS_EINPUT, "--levels is for --design morris");
    if (d->kind == SS_DESIGN_SALTELLI) {
        if (samples & (samples - 1)) {
            size_t below = 1;
            while (below <= samples / 2)
                below *= 2;
            return ss_error_set(err, SS_EINPUT,
                                "--samples %zu: a saltelli design needs a power of two (e.g. "
                                "%zu or %zu): Sobol sequences are balanced only then",
                                samples, below, below * 2);
        }
        if (d->nvary > SS_MAX_SALTELLI)
            return ss_error_set(err, SS_EINPUT,
                                "a saltelli design varies at most %d keys (it draws 2 "
                                "coordinates per key from a %d-dimensional Sobol sequence)",
                                SS_MAX_SALTELLI, SS_MAX_VARY);
    }
    if (d->kind == SS_DESIGN_MORRIS && (d->levels < 2 || d->levels % 2 || d->levels > 1000000))
        return ss_error_set(err, SS_EINPUT,
                            "--levels %zu: a morris design needs an even number of levels from 2 "
                            "to 1000000 (4 is usual)",
                            d->levels);
    d->samples = samples;
    d->seed = seed;
    size_t per = ss_design_block(d);
    if (samples > SS_MAX_POINTS / per)
        return ss_error_set(err, SS_EINPUT, "--samples: the design has more than 2^53 points");
    if (grid) {
        size_t points = 1;
        for (size_t a = 0; a < d->nvary; a++) {
            size_t n = axis_count(&d->vary[a]);
            if (n > SS_MAX_POINTS / points)
                return ss_error_set(err, SS_EINPUT,
                                    "the grid has more than 2^53 points (the product of the "
                                    "counts); split it into several sweeps");
            points *= n;
        }
        d->points = points;
    } else {
        d->points = samples * per;
    }

    lay_out_cells(d);
    return SS_OK;
}

/* k cells per axis with k^nvary <= budget */
static void lay_out_cells(ss_design *d)
{
    int grid = d->kind == SS_DESIGN_GRID;
    size_t budget = d->points / POINTS_PER_ANCHOR;
    budget = budget < 1 ? 1 : (budget > SS_MAX_ANCHORS ? SS_MAX_ANCHORS : budget);
    size_t k = 1;
    for (;;) {
        size_t next = k + 1, prod = 1;
        for (size_t a = 0; a < d->nvary && prod <= budget; a++)
            prod *= next;
        if (prod > budget)
            break;
        k = next;
    }
    d->anchors = 1;
    for (size_t a = 0; a < d->nvary; a++) {
        ss_vary *v = &d->vary[a];
        if (grid) {
            size_t n = axis_count(v), ka = k < n ? k : n;
            v->width = (n + ka - 1) / ka;
            v->cells = (n + v->width - 1) / v->width;
        } else {
            v->width = 0;
            v->cells = k;
        }
        d->anchors *= v->cells;
    }
}

size_t ss_design_block(const ss_design *d)
{
    switch (d->kind) {
    case SS_DESIGN_SALTELLI:
        return d->nvary * (d->second_order ? 2 : 1) + 2;
    case SS_DESIGN_MORRIS:
        return d->nvary + 1;
    default:
        return 1;
    }
}

double ss_design_morris_delta(size_t levels, int prior)
{
    if (prior)
        return 0.5;
    return (double)levels / (2.0 * ((double)levels - 1.0));
}

void ss_design_anchor_values(const ss_design *d, size_t anchor, double *values)
{
    for (size_t a = d->nvary; a-- > 0;) {
        const ss_vary *v = &d->vary[a];
        size_t c = anchor % v->cells;
        anchor /= v->cells;
        if (d->kind == SS_DESIGN_GRID) {
            size_t n = axis_count(v), lo = c * v->width, hi = lo + v->width;
            if (hi > n)
                hi = n;
            values[a] = grid_value(v, lo + (hi - 1 - lo) / 2);
        } else { /* POINTS too: the centre of the cell in [least, greatest] */
            values[a] = unit_value(v, ((double)c + 0.5) / (double)v->cells);
        }
    }
}

/* ---- sampling ----------------------------------------------------------- */

struct ss_sampler {
    const ss_design *d;
    gsl_rng *rng;   /* random: the draws; lhs: the jitter within strata */
    gsl_qrng *qrng; /* sobol, saltelli */
    size_t next;    /* the point the generator gives next */
    /* saltelli: the base row (A_b, B_b) of block `block`, and the next row
     * the generator gives */
    size_t block, block_next;
    double base[2 * SS_MAX_VARY];
    /* morris: trajectory `traj`'s start (in levels), directions and order */
    size_t traj;
    long start[SS_MAX_VARY];
    int dir[SS_MAX_VARY];
    size_t order[SS_MAX_VARY];
    unsigned half; /* lhs: bits in each Feistel half */
    uint64_t keys[SS_MAX_VARY][LHS_ROUNDS];
};

/* splitmix64's finaliser: a strong 64-bit mixer for the Feistel rounds. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* (Re)starts the generators at point 0. The LHS keys are the first draws. */
static void sampler_restart(ss_sampler *s)
{
    s->next = 0;
    s->block = s->traj = SIZE_MAX;
    s->block_next = 0;
    if (s->qrng)
        gsl_qrng_init(s->qrng);
    if (!s->rng)
        return;
    gsl_rng_set(s->rng, s->d->seed);
    if (s->d->kind == SS_DESIGN_LHS)
        for (size_t a = 0; a < s->d->nvary; a++)
            for (int r = 0; r < LHS_ROUNDS; r++) {
                uint64_t hi = gsl_rng_get(s->rng), lo = gsl_rng_get(s->rng);
                s->keys[a][r] = (hi << 32) ^ lo;
            }
}

ss_sampler *ss_sampler_alloc(const ss_design *d, ss_error *err)
{
    ss_sampler *s = calloc(1, sizeof *s);
    if (!s)
        goto nomem;
    s->d = d;
    if (d->kind == SS_DESIGN_RANDOM || d->kind == SS_DESIGN_LHS || d->kind == SS_DESIGN_MORRIS) {
        if (!(s->rng = gsl_rng_alloc(gsl_rng_mt19937)))
            goto nomem;
    } else if (d->kind == SS_DESIGN_SOBOL || d->kind == SS_DESIGN_SALTELLI) {
        unsigned dims = (unsigned)d->nvary * (d->kind == SS_DESIGN_SALTELLI ? 2 : 1);
        if (!(s->qrng = gsl_qrng_alloc(gsl_qrng_sobol, dims)))
            goto nomem;
    }
    if (d->kind == SS_DESIGN_LHS) {
        unsigned bits = 0;
        while (bits < 64 && ((uint64_t)1 << bits) < (uint64_t)d->points)
            bits++;
        s->half = (bits + 1) / 2;
    }
    sampler_restart(s);
    return s;
nomem:
    ss_sampler_free(s);
    ss_error_set(err, SS_ENOMEM, "out of memory");
    return NULL;
}

void ss_sampler_free(ss_sampler *s)
{
    if (!s)
        return;
    gsl_rng_free(s->rng);
    gsl_qrng_free(s->qrng);
    free(s);
}

/* A balanced Feistel network on 2*half bits, cycle-walked into [0, n): a
 * bijection of [0, n) with O(1) memory, so Latin hypercubes of any size
 * stream like the other designs. */
size_t ss_lhs_permute(const ss_sampler *s, size_t axis, size_t i)
{
    uint64_t n = s->d->points, mask = ((uint64_t)1 << s->half) - 1, x = i;
    if (s->half == 0)
        return i;
    do {
        uint64_t left = x >> s->half, right = x & mask;
        for (int r = 0; r < LHS_ROUNDS; r++) {
            uint64_t f = mix64(right ^ s->keys[axis][r]) & mask;
            uint64_t t = left ^ f;
            left = right;
            right = t;
        }
        x = (left << s->half) | right;
    } while (x >= n);
    return (size_t)x;
}

/* Moves the generators to point i (forward: skip; backward: restart). */
static void sampler_seek(ss_sampler *s, size_t i)
{
    if (i < s->next)
        sampler_restart(s);
    size_t skip = i - s->next, dims = s->d->nvary;
    if (s->qrng) {
        double u[SS_MAX_VARY];
        for (size_t k = 0; k < skip; k++)
            gsl_qrng_get(s->qrng, u);
    } else if (s->rng) {
        for (size_t k = 0; k < skip * dims; k++)
            gsl_rng_get(s->rng);
    }
    s->next = i;
}

/* Saltelli: the unit coordinates of point i (see SS_DESIGN_SALTELLI). */
static void saltelli_unit(ss_sampler *s, size_t i, double *u)
{
    const ss_design *d = s->d;
    size_t k = d->nvary, per = ss_design_block(d), b = i / per, j = i % per;
    if (b != s->block) {
        if (b < s->block_next) {
            gsl_qrng_init(s->qrng);
            s->block_next = 0;
        }
        for (; s->block_next <= b; s->block_next++)
            gsl_qrng_get(s->qrng, s->base);
        s->block = b;
    }
    const double *A = s->base, *B = s->base + k;
    int ba = d->second_order && j > k && j <= 2 * k; /* BA_j: B with one coordinate from A */
    for (size_t a = 0; a < k; a++)
        u[a] = (ba || j == per - 1) ? B[a] : A[a];
    if (j >= 1 && j <= k)
        u[j - 1] = B[j - 1];
    else if (ba)
        u[j - k - 1] = A[j - k - 1];
}

/* Morris: the levels (0 .. levels-1) of point i. Each trajectory draws its
 * start, directions and order from a generator seeded by (seed, trajectory),
 * so any point is found without walking the ones before it. */
static void morris_levels(ss_sampler *s, size_t i, long *level)
{
    const ss_design *d = s->d;
    size_t k = d->nvary, t = i / (k + 1), j = i % (k + 1);
    long half = (long)(d->levels / 2);
    if (t != s->traj) {
        gsl_rng_set(s->rng, (unsigned long)mix64(((uint64_t)d->seed << 32) ^ (uint64_t)t));
        for (size_t a = 0; a < k; a++) {
            s->dir[a] = gsl_rng_uniform_int(s->rng, 2) ? 1 : -1;
            /* a base level low enough to step up by half the grid */
            long base = (long)gsl_rng_uniform_int(s->rng, (unsigned long)half);
            s->start[a] = base + (s->dir[a] < 0 ? half : 0);
            s->order[a] = a;
        }
        for (size_t a = k; a-- > 1;) { /* Fisher-Yates */
            size_t b = gsl_rng_uniform_int(s->rng, a + 1), tmp = s->order[a];
            s->order[a] = s->order[b];
            s->order[b] = tmp;
        }
        s->traj = t;
    }
    for (size_t a = 0; a < k; a++)
        level[a] = s->start[a];
    for (size_t m = 0; m < j; m++)
        level[s->order[m]] += s->dir[s->order[m]] * half;
}

void ss_sampler_point(ss_sampler *s, size_t i, double *values, size_t *anchor)
{
    const ss_design *d = s->d;
    size_t cell[SS_MAX_VARY];
    if (d->kind == SS_DESIGN_POINTS) {
        for (size_t a = 0; a < d->nvary; a++) {
            const ss_vary *v = &d->vary[a];
            values[a] = d->table[i * d->nvary + a];
            double u = v->stop > v->start ? (values[a] - v->start) / (v->stop - v->start) : 0;
            size_t c = (size_t)(u * (double)v->cells);
            cell[a] = c < v->cells ? c : v->cells - 1;
        }
    } else if (d->kind == SS_DESIGN_GRID) {
        size_t rest = i;
        for (size_t a = d->nvary; a-- > 0;) { /* the first key varies slowest */
            const ss_vary *v = &d->vary[a];
            size_t n = axis_count(v), j = rest % n;
            rest /= n;
            values[a] = grid_value(v, j);
            cell[a] = j / v->width;
        }
    } else if (d->kind == SS_DESIGN_MORRIS) {
        long level[SS_MAX_VARY];
        morris_levels(s, i, level);
        double top = (double)(d->levels - 1);
        for (size_t a = 0; a < d->nvary; a++) {
            const ss_vary *v = &d->vary[a];
            /* the grid's ends are a range's ends; a prior (unbounded perhaps)
             * takes the middle of each of its `levels` equal-mass strata */
            double u = v->kind == SS_SPEC_PRIOR ? ((double)level[a] + 0.5) / (double)d->levels
                                                : (double)level[a] / top;
            values[a] = unit_value(v, u);
            size_t c = (size_t)(u * (double)v->cells);
            cell[a] = c < v->cells ? c : v->cells - 1;
        }
    } else {
        double u[SS_MAX_VARY];
        if (d->kind == SS_DESIGN_SALTELLI) {
            saltelli_unit(s, i, u);
        } else {
            sampler_seek(s, i);
            if (s->qrng) {
                gsl_qrng_get(s->qrng, u);
            } else {
                for (size_t a = 0; a < d->nvary; a++)
                    u[a] = gsl_rng_uniform_pos(s->rng);
                if (d->kind == SS_DESIGN_LHS)
                    for (size_t a = 0; a < d->nvary; a++)
                        u[a] = ((double)ss_lhs_permute(s, a, i) + u[a]) / (double)d->points;
            }
            s->next = i + 1;
        }
        for (size_t a = 0; a < d->nvary; a++) {
            const ss_vary *v = &d->vary[a];
            if (!(u[a] > 0))
                u[a] = 0.5 / (double)d->points; /* never u = 0: a prior's quantile is -inf */
            if (!(u[a] < 1))
                u[a] = 1 - 0.5 / (double)d->points;
            values[a] = unit_value(v, u[a]);
            size_t c = (size_t)(u[a] * (double)v->cells);
            cell[a] = c < v->cells ? c : v->cells - 1;
        }
    }
    size_t id = 0;
    for (size_t a = 0; a < d->nvary; a++)
        id = id * d->vary[a].cells + cell[a];
    *anchor = id;
}

/* ---- points given one by one (sweep --points) ------------------------------ */

ss_status ss_design_points(ss_design *d, const ss_scenario *sc, const char *const *keys,
                           size_t nkeys, const double *values, size_t rows, const char *source,
                           const size_t *lines, ss_error *err)
{
    if (nkeys == 0)
        return ss_error_set(err, SS_EINPUT, "%s: no columns", source);
    if (nkeys > SS_MAX_VARY)
        return ss_error_set(err, SS_EINPUT, "%s: %zu columns; at most %d keys can be varied",
                            source, nkeys, SS_MAX_VARY);
    if (rows == 0)
        return ss_error_set(err, SS_EINPUT, "%s: no points (a header line, then one row a point)",
                            source);
    if (rows > SS_MAX_POINTS)
        return ss_error_set(err, SS_EINPUT, "%s: more than 2^53 points", source);
    for (size_t c = 0; c < nkeys; c++) {
        ss_vary *v = &d->vary[c];
        ss_error kerr;
        memset(v, 0, sizeof *v);
        if (ss_key_parse(sc, keys[c], &v->ref, &kerr) != SS_OK)
            return ss_error_set(err, SS_EINPUT, "%s: column '%s': %s", source, keys[c],
                                kerr.message);
        ss_key_name(sc, &v->ref, v->key, sizeof v->key);
        for (size_t b = 0; b < c; b++)
            if (memcmp(&d->vary[b].ref, &v->ref, sizeof v->ref) == 0)
                return ss_error_set(err, SS_EINPUT, "%s: columns '%s' and '%s' are the same key",
                                    source, keys[b], keys[c]);
        v->kind = SS_SPEC_POINTS;
        v->start = v->stop = values[c];
        for (size_t r = 0; r < rows; r++) {
            double x = values[r * nkeys + c];
            if (ss_key_check(&v->ref, v->key, x, &kerr) != SS_OK) {
                if (lines)
                    return ss_error_set(err, SS_EINPUT, "%s:%zu: column %s", source, lines[r],
                                        kerr.message);
                return ss_error_set(err, SS_EINPUT, "%s: row %zu: column %s", source, r + 1,
                                    kerr.message);
            }
            v->start = x < v->start ? x : v->start;
            v->stop = x > v->stop ? x : v->stop;
        }
        d->nvary = c + 1;
    }
    if (!(d->table = malloc(rows * nkeys * sizeof *d->table)))
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    memcpy(d->table, values, rows * nkeys * sizeof *d->table);
    d->points = rows;
    return SS_OK;
}

static ss_status finish_points(ss_design *d, size_t samples, unsigned long seed, ss_error *err)
{
    if (!d->table || d->nvary == 0)
        return ss_error_set(err, SS_EINPUT, "no points: give --points FILE");
    if (samples)
        return ss_error_set(err, SS_EINPUT,
                            "--samples is for --design random, lhs and sobol; --points solves "
                            "the file's rows");
    d->samples = 0;
    d->seed = seed;
    lay_out_cells(d);
    return SS_OK;
}
