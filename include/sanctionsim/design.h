/* Sweep designs: the --vary specifications and the points of grid, random,
 * Latin-hypercube and Sobol designs, each a pure function of (design, index). */
#ifndef SANCTIONSIM_DESIGN_H
#define SANCTIONSIM_DESIGN_H

#include <stddef.h>

#include "sanctionsim/error.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/scenario.h"

/* At most this many varied keys: GSL's Sobol generator has 40 dimensions. */
#define SS_MAX_VARY 40
#define SS_KEY_MAX  160

/* Sweeps larger than this are refused (indices stay exact in a double). */
#define SS_MAX_POINTS ((size_t)1 << 53)

typedef enum ss_design_kind {
    SS_DESIGN_GRID,   /* the full product of the specs */
    SS_DESIGN_RANDOM, /* independent uniform draws (gsl_rng mt19937) */
    SS_DESIGN_LHS,    /* Latin hypercube: one point per stratum on every axis */
    SS_DESIGN_SOBOL,  /* GSL's Sobol quasi-random sequence */
    /* Saltelli's design for Sobol indices: N blocks of k+2 rows (2k+2 with
     * second_order) from a 2k-dimensional Sobol sequence whose row b gives the
     * matrices' rows A_b (its first k coordinates) and B_b (its last k). A
     * block is A, AB_1..AB_k (A with coordinate j taken from B), then, with
     * second_order, BA_1..BA_k (B with coordinate j from A), then B: SALib's
     * order. N (samples) is a power of two; at most SS_MAX_SALTELLI keys. */
    SS_DESIGN_SALTELLI,
    /* Morris's elementary-effects design: `samples` trajectories of k+1 rows on
     * a grid of `levels` levels (even, >= 2) of the unit interval, each row
     * moving one key by delta = levels / (2 (levels - 1)) from the one before
     * (Morris 1991; the keys in a random order, up or down at random). */
    SS_DESIGN_MORRIS,
    SS_DESIGN_POINTS /* points given one by one (sweep --points FILE): ss_design_points */
} ss_design_kind;

/* Saltelli designs draw 2k coordinates from GSL's 40-dimensional Sobol generator. */
#define SS_MAX_SALTELLI (SS_MAX_VARY / 2)

/* "grid", "random", "lhs", "sobol", "saltelli", "morris", "points"; parse
 * returns 0, or -1 for an unknown name. */
const char *ss_design_kind_name(ss_design_kind k);
int ss_design_kind_parse(const char *name, ss_design_kind *k);

typedef enum ss_spec_kind {
    SS_SPEC_RANGE, /* START:STOP:COUNT evenly spaced (grid); START:STOP uniform (random designs) */
    SS_SPEC_LOG,   /* log:START:STOP:COUNT, log:START:STOP: the same on a log scale */
    SS_SPEC_LIST,  /* v1,v2,...: those values (random designs draw among them) */
    SS_SPEC_PRIOR, /* `KEY` or `KEY=prior`: the scenario's prior (random designs) */
    SS_SPEC_POINTS /* a column of given points; start, stop: its least and greatest value */
} ss_spec_kind;

/* One varied key. */
typedef struct ss_vary {
    char key[SS_KEY_MAX]; /* canonical dotted key, also the column name */
    int named;            /* a named variable, not a scenario key (ss_design_vary_name):
                             ref unused, values not checked */
    ss_keyref ref;
    ss_spec_kind kind;
    double start, stop; /* RANGE and LOG */
    size_t count;       /* grid points of a RANGE or LOG; 0 when not given */
    double *values;     /* LIST values (owned by the design) */
    ss_prior prior;     /* PRIOR: a copy of the scenario's prior */
    /* warm-start cells along this axis (set by ss_design_finish) */
    size_t cells, width;
} ss_vary;

typedef struct ss_design {
    ss_design_kind kind;
    size_t nvary;
    ss_vary vary[SS_MAX_VARY];
    size_t samples;     /* random designs: the number of points; saltelli: N, the
                           blocks; morris: the trajectories */
    int second_order;   /* saltelli: blocks of 2k+2 rows (set before ss_design_finish) */
    size_t levels;      /* morris: the grid's levels (set before ss_design_finish) */
    unsigned long seed; /* random, lhs (and recorded for every design) */
    size_t points;      /* set by ss_design_finish */
    size_t anchors;     /* warm-start cells: their number (set by ss_design_finish) */
    double *table;      /* POINTS: points * nvary values, point after point (owned) */
} ss_design;

/* Starts an empty design of the given kind. */
void ss_design_init(ss_design *d, ss_design_kind kind);

/* Frees the list values; the design can be initialised again. NULL is harmless. */
void ss_design_free(ss_design *d);

/* Parses "KEY=SPEC" (or "KEY" alone: the prior) for design d and appends it.
 * KEY is any key --set accepts; every value the spec can produce is checked
 * against the key's range. On error fills err (SS_EINPUT) with a message that
 * quotes the argument, e.g. "'japan.exposure=0:3:4': must be > 0 (got 0)". */
ss_status ss_design_vary(ss_design *d, const ss_scenario *sc, const char *text, ss_error *err);

/* Makes d (initialised as SS_DESIGN_POINTS, with no key yet) the design of
 * `rows` given points: nkeys columns named by keys (any key --set accepts),
 * values[r * nkeys + c] the value of key c at point r (copied). Every value is
 * checked against its key's range. Messages name source (the file) and the
 * point's line in it (lines[r], or "row R+1" when lines is NULL):
 * "SOURCE: column 'KEY': unknown key ...", "SOURCE:LINE: column 'KEY': must be
 * ... (got V)", "SOURCE: no points". Then call ss_design_finish (samples 0).
 * Returns SS_OK, SS_EINPUT or SS_ENOMEM. */
ss_status ss_design_points(ss_design *d, const ss_scenario *sc, const char *const *keys,
                           size_t nkeys, const double *values, size_t rows, const char *source,
                           const size_t *lines, ss_error *err);

/* Parses "NAME=SPEC" for a named variable that is not a scenario key (the
 * `design` command: a design for any model). NAME is letters, digits and
 * "_.-" (at most SS_KEY_MAX - 1 characters); SPEC as in ss_design_vary but
 * without a prior (there is no scenario), and its values are not checked
 * against any range. Errors as ss_design_vary's. */
ss_status ss_design_vary_name(ss_design *d, const char *text, ss_error *err);

/* Completes the design: `samples` (0 when not given) must be given for random,
 * lhs, sobol, saltelli (N, a power of two) and morris (trajectories) designs
 * and not for grids or points; a morris design needs d->levels even and >= 2
 * and keys given as ranges or priors (a list can leave a step without a
 * change). Counts the points (refusing more than SS_MAX_POINTS) and lays out
 * the warm-start cells. */
ss_status ss_design_finish(ss_design *d, size_t samples, unsigned long seed, ss_error *err);

/* Rows per block of a sensitivity design: k+2 or 2k+2 (saltelli), k+1 (a
 * morris trajectory); 1 for the other designs. */
size_t ss_design_block(const ss_design *d);

/* The Morris step of a key, as a share of its unit interval: levels / (2
 * (levels - 1)) for a range (its grid runs from end to end), 1/2 for a prior
 * (its levels are the middles of `levels` equal-probability strata). */
double ss_design_morris_delta(size_t levels, int prior);

/* The canonical text of a varied key's spec ("0:3:61", "log:0.01:100:5",
 * "0.1,0.5", "prior", "points:MIN:MAX"), numbers written to read back exactly. */
void ss_vary_spec_text(const ss_vary *v, char *buf, size_t len);

/* Warm-start cells. Every run cuts the design into the same cells; the
 * equilibrium at a cell's anchor (its centre) warm-starts every point in it,
 * so a point's warm start depends on the design alone, never on which thread
 * or shard computes what. The values at anchor a (0 <= a < d->anchors): */
void ss_design_anchor_values(const ss_design *d, size_t anchor, double *values);

/* Walks the points of a design. Grids are random access; random, lhs and
 * sobol designs draw from sequential generators, so increasing indices are
 * cheapest (going back restarts the generator). Not thread-safe: one per
 * thread or one in the thread that hands out points. */
typedef struct ss_sampler ss_sampler;

/* NULL (and err filled) when out of memory. The design must outlive it. */
ss_sampler *ss_sampler_alloc(const ss_design *d, ss_error *err);
void ss_sampler_free(ss_sampler *s); /* NULL is harmless */

/* The values of point i (0 <= i < d->points), one per varied key, and the
 * warm-start cell it lies in. */
void ss_sampler_point(ss_sampler *s, size_t i, double *values, size_t *anchor);

/* The Latin-hypercube permutation of axis `axis` (exposed for tests): a
 * bijection of [0, n) keyed by the seed. */
size_t ss_lhs_permute(const ss_sampler *s, size_t axis, size_t i);

#endif
