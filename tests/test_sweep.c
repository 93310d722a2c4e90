/* Tests of sweep designs and the sweep engine: --vary specs (known answers and
 * errors), the points of every design, warm-start cells, rows that do not
 * depend on the order of computing, and reading sweep files back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sanctionsim/design.h"
#include "sanctionsim/report.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"

#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* baseline: the first calibration (tests/fixtures), whose values the headers
 * record are fixed whatever the shipped baseline becomes */
static ss_scenario *baseline, *timeline;

static int setup(void **state)
{
    (void)state;
    ss_error err;
    baseline = ss_scenario_load(SS_SOURCE_DIR "/tests/fixtures/first_calibration_2014.cfg", &err);
    timeline = ss_scenario_load(SS_SOURCE_DIR "/scenarios/timeline_2014_2018.cfg", &err);
    return baseline && timeline ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ss_scenario_free(baseline);
    ss_scenario_free(timeline);
    return 0;
}

/* A design of the given kind from specs, finished; asserts success. */
static void make(ss_design *d, const ss_scenario *sc, ss_design_kind kind, size_t samples,
                 unsigned long seed, const char *const *specs, size_t n)
{
    ss_error err;
    ss_design_init(d, kind);
    for (size_t k = 0; k < n; k++) {
        if (ss_design_vary(d, sc, specs[k], &err) != SS_OK)
            fail_msg("%s: %s", specs[k], err.message);
    }
    if (ss_design_finish(d, samples, seed, &err) != SS_OK)
        fail_msg("finish: %s", err.message);
}

/* ---- specs -------------------------------------------------------------------- */

static void test_spec_known_answers(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        ss_design_kind kind;
        const char *key;
        ss_spec_kind spec;
        double start, stop;
        size_t count;
        const char *canonical;
    } cases[] = {
        {"japan.alliance_pressure=0:3:61", SS_DESIGN_GRID, "japan.alliance_pressure", SS_SPEC_RANGE,
         0, 3, 61, "0:3:61"},
        {" japan.alliance_pressure = 0 : 3 : 61 ", SS_DESIGN_GRID, "japan.alliance_pressure",
         SS_SPEC_RANGE, 0, 3, 61, "0:3:61"},
        {"g7.exposure=log:0.01:100:5", SS_DESIGN_GRID, "g7.exposure", SS_SPEC_LOG, 0.01, 100, 5,
         "log:0.01:100:5"},
        {"russia.reciprocity.japan=0.1,0.5,0.9", SS_DESIGN_GRID, "russia.reciprocity.japan",
         SS_SPEC_LIST, 0, 0, 3, "0.1,0.5,0.9"},
        {"japan.beliefs.target.hedging_value=0:1:3", SS_DESIGN_GRID,
         "japan.beliefs.target.hedging_value", SS_SPEC_RANGE, 0, 1, 3, "0:1:3"},
        {"china.dependence_gain=3:0:4", SS_DESIGN_GRID, "china.dependence_gain", SS_SPEC_RANGE, 3,
         0, 4, "3:0:4"},
        {"japan.linkage=0.5", SS_DESIGN_GRID, "japan.linkage", SS_SPEC_LIST, 0, 0, 1, "0.5"},
        {"japan.linkage=0:1", SS_DESIGN_RANDOM, "japan.linkage", SS_SPEC_RANGE, 0, 1, 0, "0:1"},
        {"japan.exposure=log:0.1:10", SS_DESIGN_LHS, "japan.exposure", SS_SPEC_LOG, 0.1, 10, 0,
         "log:0.1:10"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ss_design d;
        ss_error err;
        ss_design_init(&d, cases[k].kind);
        if (ss_design_vary(&d, baseline, cases[k].text, &err) != SS_OK)
            fail_msg("%s: %s", cases[k].text, err.message);
        const ss_vary *v = &d.vary[0];
        assert_string_equal(v->key, cases[k].key);
        assert_int_equal(v->kind, cases[k].spec);
        assert_int_equal(v->count, cases[k].count);
        if (v->kind != SS_SPEC_LIST) {
            assert_true(v->start == cases[k].start);
            assert_true(v->stop == cases[k].stop);
        }
        char text[256];
        ss_vary_spec_text(v, text, sizeof text);
        assert_string_equal(text, cases[k].canonical);
        ss_design_free(&d);
    }
}

static void test_spec_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        ss_design_kind kind;
        const char *message; /* a part of the message */
    } cases[] = {
        {"japan.alliance_pressure=0:3", SS_DESIGN_GRID, "a grid needs a COUNT"},
        {"japan.alliance_pressure=0:3:0", SS_DESIGN_GRID, "COUNT '0' must be a whole number"},
        {"japan.alliance_pressure=0:3:2.5", SS_DESIGN_GRID, "COUNT '2.5'"},
        {"japan.alliance_pressure=0:3:-4", SS_DESIGN_GRID, "COUNT '-4'"},
        {"japan.alliance_pressure=0:3:99999999999999999999", SS_DESIGN_GRID, "COUNT"},
        {"japan.alliance_pressure=0:3:1", SS_DESIGN_GRID, "a COUNT of 1 needs START equal"},
        {"japan.alliance_pressure=x:3:4", SS_DESIGN_GRID, "START 'x' is not a finite number"},
        {"japan.alliance_pressure=0:nan:4", SS_DESIGN_GRID, "STOP 'nan' is not a finite number"},
        {"japan.alliance_pressure=1e400:2:3", SS_DESIGN_GRID, "not a finite number"},
        {"japan.alliance_pressure=0:1:2:3", SS_DESIGN_GRID, "expected START:STOP:COUNT"},
        {"japan.alliance_pressure=0", SS_DESIGN_GRID, NULL}, /* valid: a list of one */
        {"japan.alliance_pressure=1,,2", SS_DESIGN_GRID, "empty value in the list"},
        {"japan.alliance_pressure=1,two", SS_DESIGN_GRID, "'two' is not a number"},
        {"japan.alliance_pressure=", SS_DESIGN_GRID, "empty SPEC"},
        {"japan.alliance_pressure", SS_DESIGN_GRID, "a grid needs values"},
        {"japan.alliance_pressure=prior", SS_DESIGN_GRID, "a grid needs values"},
        {"=0:1:3", SS_DESIGN_GRID, "expected KEY=SPEC"},
        {"japan.exposure=0:3:4", SS_DESIGN_GRID, "'japan.exposure': must be in (0"},
        {"japan.linkage=0:2:3", SS_DESIGN_GRID, "'japan.linkage': must be in [0, 1] (got 2)"},
        {"japan.linkage=0,0.5,1.5", SS_DESIGN_GRID, "(got 1.5)"},
        {"japan.alliance_pressure=log:0:3:4", SS_DESIGN_GRID, "a log scale needs START and STOP"},
        {"japan.alliance_pressure=log:-1:3:4", SS_DESIGN_GRID, "a log scale needs"},
        {"japan.nothing=0:1:3", SS_DESIGN_GRID, "unknown parameter 'nothing'"},
        {"nobody.exposure=0:1:3", SS_DESIGN_GRID, "no agent 'nobody'"},
        {"japan=0:1:3", SS_DESIGN_GRID, "malformed key"},
        {"japan.alliance_pressure=0:3:4", SS_DESIGN_RANDOM, "a COUNT is for --design grid"},
        {"japan.alliance_pressure", SS_DESIGN_SOBOL, "declares no prior"},
        {"japan.alliance_pressure=prior", SS_DESIGN_LHS, "declares no prior"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ss_design d;
        ss_error err;
        ss_error_clear(&err);
        ss_design_init(&d, cases[k].kind);
        ss_status st = ss_design_vary(&d, baseline, cases[k].text, &err);
        if (!cases[k].message) {
            assert_int_equal(st, SS_OK);
        } else {
            if (st != SS_EINPUT || !strstr(err.message, cases[k].message))
                fail_msg("%s: got status %d, '%s'; want '%s'", cases[k].text, st, err.message,
                         cases[k].message);
            /* every message quotes the argument */
            assert_non_null(strstr(err.message, "--vary '"));
            assert_int_equal(d.nvary, 0);
        }
        ss_design_free(&d);
    }
}

static void test_design_errors(void **state)
{
    (void)state;
    ss_design d;
    ss_error err;

    ss_design_init(&d, SS_DESIGN_GRID);
    assert_int_equal(ss_design_finish(&d, 0, 1, &err), SS_EINPUT); /* nothing varied */
    assert_non_null(strstr(err.message, "nothing to vary"));

    assert_int_equal(ss_design_vary(&d, baseline, "japan.exposure=1:2:3", &err), SS_OK);
    assert_int_equal(ss_design_vary(&d, baseline, "japan.exposure=1:2:3", &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "varied twice"));
    assert_int_equal(ss_design_finish(&d, 10, 1, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "--samples is for"));
    ss_design_free(&d);

    /* a grid whose point count overflows */
    ss_design_init(&d, SS_DESIGN_GRID);
    assert_int_equal(ss_design_vary(&d, baseline, "japan.exposure=1:2:100000000", &err), SS_OK);
    assert_int_equal(ss_design_vary(&d, baseline, "g7.exposure=1:2:100000000", &err), SS_OK);
    assert_int_equal(ss_design_vary(&d, baseline, "japan.leverage=0:1:100000000", &err), SS_OK);
    assert_int_equal(ss_design_finish(&d, 0, 1, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "more than 2^53 points"));
    ss_design_free(&d);

    ss_design_init(&d, SS_DESIGN_LHS);
    assert_int_equal(ss_design_vary(&d, baseline, "japan.exposure=1:2", &err), SS_OK);
    assert_int_equal(ss_design_finish(&d, 0, 1, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "--design lhs needs --samples"));
    ss_design_free(&d);

    /* at most 40 keys */
    ss_design_init(&d, SS_DESIGN_RANDOM);
    char text[64];
    size_t added = 0;
    for (size_t i = 0; i < 2; i++)
        for (size_t f = 0; f < ss_sanctioner_ninfo; f++) {
            snprintf(text, sizeof text, "%s.%s=0.5:0.6", i ? "g7" : "japan",
                     ss_sanctioner_info[f].key);
            if (ss_design_vary(&d, baseline, text, &err) == SS_OK)
                added++;
        }
    for (size_t f = 0; f < ss_target_ninfo; f++) {
        snprintf(text, sizeof text, "russia.%s=0.5:0.6", ss_target_info[f].key);
        added += ss_design_vary(&d, baseline, text, &err) == SS_OK;
    }
    for (size_t f = 0; f < ss_patron_ninfo; f++) {
        snprintf(text, sizeof text, "china.%s=0.5:0.6", ss_patron_info[f].key);
        added += ss_design_vary(&d, baseline, text, &err) == SS_OK;
    }
    added += ss_design_vary(&d, baseline, "russia.reciprocity.japan=0:1", &err) == SS_OK;
    added += ss_design_vary(&d, baseline, "russia.reciprocity.g7=0:1", &err) == SS_OK;
    assert_int_equal(added, SS_MAX_VARY); /* 41 tried */
    assert_non_null(strstr(err.message, "at most 40 keys"));
    ss_design_free(&d);
}

/* ---- the points of each design ----------------------------------------------- */

static void test_grid_values_and_order(void **state)
{
    (void)state;
    ss_design d;
    const char *specs[] = {"japan.alliance_pressure=0:3:61", "g7.exposure=log:0.01:100:5",
                           "japan.linkage=0.25,0.75"};
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 3);
    assert_int_equal(d.points, 61 * 5 * 2);
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(&d, &err);
    assert_non_null(s);
    double v[SS_MAX_VARY];
    size_t anchor;
    static const double logs[] = {0.01, 0.1, 1, 10, 100};
    for (size_t i = 0; i < d.points; i++) {
        ss_sampler_point(s, i, v, &anchor);
        size_t a = i / 10, b = i / 2 % 5, c = i % 2; /* the first key varies slowest */
        assert_true(v[0] == 3.0 * (double)a / 60.0);
        assert_true(v[1] == logs[b]);
        assert_true(v[2] == (c ? 0.75 : 0.25));
        assert_true(anchor < d.anchors);
    }
    ss_sampler_point(s, d.points - 1, v, &anchor);
    assert_true(v[0] == 3.0); /* the end is exact */
    ss_sampler_free(s);
    ss_design_free(&d);

    /* evenly spaced between awkward ends, both included */
    const char *odd[] = {"japan.alliance_pressure=0.1:0.3:3"};
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, odd, 1);
    s = ss_sampler_alloc(&d, &err);
    ss_sampler_point(s, 0, v, &anchor);
    assert_true(v[0] == 0.1);
    ss_sampler_point(s, 1, v, &anchor);
    assert_true(fabs(v[0] - 0.2) < 1e-16);
    ss_sampler_point(s, 2, v, &anchor);
    assert_true(v[0] == 0.3);
    ss_sampler_free(s);
    ss_design_free(&d);
}

static void test_random_designs_reproducible(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3", "g7.exposure=log:0.1:10",
                           "japan.linkage=0,0.5,1"};
    for (ss_design_kind kind = SS_DESIGN_RANDOM; kind <= SS_DESIGN_SOBOL; kind++) {
        ss_design d, e;
        make(&d, baseline, kind, 500, 7, specs, 3);
        make(&e, baseline, kind, 500, 8, specs, 3);
        ss_error err;
        ss_sampler *s = ss_sampler_alloc(&d, &err), *t = ss_sampler_alloc(&d, &err);
        ss_sampler *u = ss_sampler_alloc(&e, &err);
        double v[SS_MAX_VARY], w[SS_MAX_VARY], x[SS_MAX_VARY];
        size_t a, b, c, differ = 0;
        for (size_t i = 0; i < d.points; i++) {
            ss_sampler_point(s, i, v, &a);
            ss_sampler_point(u, i, x, &c);
            assert_true(v[0] >= 0 && v[0] <= 3);
            assert_true(v[1] >= 0.1 && v[1] <= 10);
            assert_true(v[2] == 0 || v[2] == 0.5 || v[2] == 1);
            differ += v[0] != x[0];
            /* random access (going back and forth) gives the same point */
            size_t j = (i * 7919) % d.points;
            ss_sampler_point(t, j, w, &b);
            ss_sampler_point(t, i, w, &b);
            assert_memory_equal(v, w, 3 * sizeof *v);
            assert_int_equal(a, b);
        }
        /* the seed matters for random and lhs; sobol is deterministic */
        if (kind == SS_DESIGN_SOBOL)
            assert_int_equal(differ, 0);
        else
            assert_true(differ > 490);
        ss_sampler_free(s);
        ss_sampler_free(t);
        ss_sampler_free(u);
        ss_design_free(&d);
        ss_design_free(&e);
    }
}

static void test_lhs_strata(void **state)
{
    (void)state;
    const size_t n = 97;
    const char *specs[] = {"japan.linkage=0:1", "g7.linkage=0:1", "russia.substitution=0:1"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_LHS, n, 3, specs, 3);
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(&d, &err);
    unsigned char seen[3][97] = {{0}};
    double v[SS_MAX_VARY];
    size_t anchor;
    for (size_t i = 0; i < n; i++) {
        ss_sampler_point(s, i, v, &anchor);
        for (size_t a = 0; a < 3; a++) {
            size_t stratum = (size_t)(v[a] * (double)n);
            assert_true(stratum < n);
            seen[a][stratum]++;
        }
    }
    for (size_t a = 0; a < 3; a++)
        for (size_t k = 0; k < n; k++)
            assert_int_equal(seen[a][k], 1); /* one point per stratum on every axis */
    ss_sampler_free(s);
    ss_design_free(&d);

    /* the permutation is a bijection for awkward sizes */
    static const size_t sizes[] = {1, 2, 3, 5, 16, 17, 1000, 4097};
    for (size_t q = 0; q < sizeof sizes / sizeof *sizes; q++) {
        make(&d, baseline, SS_DESIGN_LHS, sizes[q], 11, specs, 1);
        s = ss_sampler_alloc(&d, &err);
        unsigned char *hit = calloc(sizes[q], 1);
        for (size_t i = 0; i < sizes[q]; i++) {
            size_t p = ss_lhs_permute(s, 0, i);
            assert_true(p < sizes[q]);
            hit[p]++;
        }
        for (size_t i = 0; i < sizes[q]; i++)
            assert_int_equal(hit[i], 1);
        free(hit);
        ss_sampler_free(s);
        ss_design_free(&d);
    }
}

static void test_sobol_is_gsl(void **state)
{
    (void)state;
    const char *specs[] = {"japan.linkage=0:1", "g7.linkage=0:1"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_SOBOL, 64, 1, specs, 2);
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(&d, &err);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 2);
    double v[SS_MAX_VARY], u[2];
    size_t anchor;
    for (size_t i = 0; i < 64; i++) {
        ss_sampler_point(s, i, v, &anchor);
        gsl_qrng_get(q, u);
        assert_true(v[0] == u[0] && v[1] == u[1]);
    }
    gsl_qrng_free(q);
    ss_sampler_free(s);
    ss_design_free(&d);
}

static void test_priors(void **state)
{
    (void)state;
    /* timeline_2014_2018.cfg: japan.exposure ~ normal(1, 0.15) on [0.6, 1.4],
     * china.dependence_gain ~ uniform [0.2, 0.8] */
    const char *specs[] = {"japan.exposure", "china.dependence_gain=prior"};
    ss_design d;
    make(&d, timeline, SS_DESIGN_SOBOL, 4096, 1, specs, 2);
    assert_int_equal(d.vary[0].kind, SS_SPEC_PRIOR);
    assert_int_equal(d.vary[0].prior.dist, SS_DIST_NORMAL);
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(&d, &err);
    double v[SS_MAX_VARY], sum[2] = {0, 0}, sq = 0;
    size_t anchor;
    for (size_t i = 0; i < d.points; i++) {
        ss_sampler_point(s, i, v, &anchor);
        assert_true(v[0] >= 0.6 && v[0] <= 1.4);
        assert_true(v[1] >= 0.2 && v[1] <= 0.8);
        sum[0] += v[0];
        sum[1] += v[1];
        sq += (v[0] - 1) * (v[0] - 1);
    }
    double n = (double)d.points;
    assert_true(fabs(sum[0] / n - 1.0) < 0.005);
    assert_true(fabs(sum[1] / n - 0.5) < 0.005);
    /* the sd of a normal(1, 0.15) truncated at +-2.67 sd is about 0.146 */
    assert_true(fabs(sqrt(sq / n) - 0.146) < 0.005);
    ss_sampler_free(s);
    ss_design_free(&d);
}

/* ---- warm-start cells ---------------------------------------------------------- */

static void test_cells(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3:61", "japan.territorial_stake=0:2:41"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 2);
    /* about one cell per 64 points, at most 256 */
    assert_true(d.anchors >= 1 && d.anchors <= d.points / 64);
    ss_error err;
    ss_sampler *s = ss_sampler_alloc(&d, &err);
    double v[SS_MAX_VARY], c[SS_MAX_VARY];
    size_t anchor, members[256] = {0};
    for (size_t i = 0; i < d.points; i++) {
        ss_sampler_point(s, i, v, &anchor);
        assert_true(anchor < d.anchors);
        members[anchor]++;
        ss_design_anchor_values(&d, anchor, c);
        /* the anchor is a grid point of the same cell: within a cell's width */
        assert_true(fabs(c[0] - v[0]) <= 0.05 * (double)d.vary[0].width);
        assert_true(fabs(c[1] - v[1]) <= 0.05 * (double)d.vary[1].width);
    }
    for (size_t a = 0; a < d.anchors; a++)
        assert_true(members[a] > 0);
    ss_sampler_free(s);
    ss_design_free(&d);

    /* a million points: the budget's cap */
    const char *big[] = {"japan.alliance_pressure=0:3:1000", "japan.territorial_stake=0:2:1000"};
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, big, 2);
    assert_true(d.anchors <= 256);
    ss_design_free(&d);
    const char *few[] = {"japan.alliance_pressure=0:3:5"};
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, few, 1);
    assert_int_equal(d.anchors, 1);
    ss_design_free(&d);
}

static void test_shard_count(void **state)
{
    (void)state;
    for (size_t points = 0; points < 30; points++)
        for (size_t n = 1; n < 6; n++)
            for (size_t k = 0; k < n; k++)
                for (size_t first = 0; first < 32; first++) {
                    size_t want = 0;
                    for (size_t i = first; i < points; i++)
                        want += i % n == k;
                    assert_int_equal(ss_shard_count(points, k, n, first), want);
                }
}

/* ---- the engine ---------------------------------------------------------------- */

typedef struct rowset {
    char **text;
    size_t n;
} rowset;

/* Computes every point, anchors first in the order given by `stride`. */
static void compute_all(const ss_design *d, int warm, size_t stride, rowset *out)
{
    ss_error err;
    ss_sweep_opts o = {.sep = '\t', .warm_starts = warm};
    ss_sweep *sw = ss_sweep_alloc(baseline, d, &o, &err);
    assert_non_null(sw);
    out->n = d->points;
    out->text = calloc(d->points, sizeof *out->text);
    /* visit the points in a scrambled order, solving anchors as they come */
    for (size_t k = 0; k < d->points; k++) {
        size_t i = (k * stride) % d->points;
        ss_sweep_point pt;
        ss_sweep_point_at(sw, i, &pt);
        if (ss_sweep_anchor_needed(sw, &pt))
            ss_sweep_solve_anchor(sw, pt.anchor);
        ss_row row;
        assert_int_equal(ss_sweep_compute(sw, &pt, &row), SS_OK);
        assert_int_equal(row.index, i);
        out->text[i] = row.text;
    }
    ss_sweep_free(sw);
}

static void free_rows(rowset *r)
{
    for (size_t k = 0; k < r->n; k++)
        free(r->text[k]);
    free(r->text);
}

static void test_rows_do_not_depend_on_order(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3:13", "japan.territorial_stake=0:2:11"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 2);
    rowset a, b, cold;
    compute_all(&d, 1, 1, &a);
    compute_all(&d, 1, 37, &b); /* 37 is prime to 143: every point once */
    compute_all(&d, 0, 1, &cold);
    size_t fields = 0;
    double worst = 0;
    for (size_t i = 0; i < d.points; i++) {
        assert_string_equal(a.text[i], b.text[i]);
        /* warm starts change nothing beyond the solver's tolerance */
        char *fa[64], *fc[64];
        char *ca = strdup(a.text[i]), *cc = strdup(cold.text[i]);
        ca[strcspn(ca, "\n")] = cc[strcspn(cc, "\n")] = '\0';
        size_t na = ss_sweep_split(ca, '\t', fa, 64), nc = ss_sweep_split(cc, '\t', fc, 64);
        assert_int_equal(na, nc);
        fields = na;
        assert_string_equal(fa[na - 1], fc[nc - 1]); /* the same status */
        for (size_t k = 0; k + 1 < na; k++) {
            if (k == na - 3)
                continue; /* iterations: fewer when warm */
            double x = strtod(fa[k], NULL), y = strtod(fc[k], NULL);
            worst = fmax(worst, fabs(x - y));
        }
        free(ca);
        free(cc);
    }
    assert_int_equal(fields, 1 + 2 + 2 + 7 + 2 + 2 + 2 + 4); /* support.<id> too */
    assert_true(worst < 1e-9);
    free_rows(&a);
    free_rows(&b);
    free_rows(&cold);
    ss_design_free(&d);
}

static void test_run_matches_compute(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3:9", "japan.linkage=0:1:7"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 2);
    rowset ref;
    compute_all(&d, 1, 5, &ref);
    ss_error err;
    ss_sweep_opts o = {.sep = '\t', .warm_starts = 1};
    /* threads, blocks, shards and a start in the middle: the same rows */
    static const struct {
        int threads;
        size_t block, shard, nshards, first;
    } runs[] = {{1, 0, 0, 1, 0},  {2, 3, 0, 1, 0},  {3, 1, 1, 3, 0},
                {2, 5, 2, 4, 17}, {1, 0, 0, 1, 62}, {2, 0, 0, 1, 63}};
    for (size_t q = 0; q < sizeof runs / sizeof *runs; q++) {
        ss_sweep *sw = ss_sweep_alloc(baseline, &d, &o, &err);
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        ss_sweep_run_opts ro = {runs[q].shard, runs[q].nshards,
                                runs[q].first, runs[q].threads,
                                runs[q].block, NULL,
                                NULL,          NULL};
        ss_run_stats st;
        assert_int_equal(ss_sweep_run(sw, f, &ro, &st, &err), SS_OK);
        fclose(f);
        assert_int_equal(st.stopped, 0);
        assert_true(st.next >= d.points);
        /* the expected text: the shard's rows from `first` on */
        char *want = NULL;
        size_t wlen = 0, rows = 0;
        FILE *w = open_memstream(&want, &wlen);
        for (size_t i = runs[q].first; i < d.points; i++)
            if (i % runs[q].nshards == runs[q].shard) {
                fputs(ref.text[i], w);
                rows++;
            }
        fclose(w);
        assert_int_equal(st.written, rows);
        assert_string_equal(buf, want);
        free(buf);
        free(want);
        ss_sweep_free(sw);
    }
    free_rows(&ref);
    ss_design_free(&d);
}

static void test_stop_keeps_a_prefix(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3:40"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 1);
    ss_error err;
    ss_sweep_opts o = {.sep = ',', .warm_starts = 1};
    ss_sweep *sw = ss_sweep_alloc(baseline, &d, &o, &err);
    volatile sig_atomic_t stop = 1;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ss_sweep_run_opts ro = {0, 1, 0, 2, 4, &stop, NULL, NULL};
    ss_run_stats st;
    assert_int_equal(ss_sweep_run(sw, f, &ro, &st, &err), SS_OK);
    fclose(f);
    assert_int_equal(st.stopped, 1);
    assert_int_equal(st.written, 0);
    assert_int_equal(len, 0);
    assert_int_equal(st.next, 0);
    free(buf);
    ss_sweep_free(sw);
    ss_design_free(&d);
}

/* ---- reading sweep files back --------------------------------------------------- */

static char *sweep_text(const ss_design *d, size_t shard, size_t nshards, const char *sig)
{
    ss_error err;
    ss_sweep_opts o = {.sep = '\t', .warm_starts = 1};
    ss_sweep *sw = ss_sweep_alloc(baseline, d, &o, &err);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ss_sweep_meta m = {{"sanctionsim sweep x", NULL, 0}, sig, shard, nshards};
    assert_int_equal(ss_sweep_write_header(sw, f, &m), SS_OK);
    ss_sweep_run_opts ro = {shard, nshards, 0, 1, 0, NULL, NULL, NULL};
    ss_run_stats st;
    assert_int_equal(ss_sweep_run(sw, f, &ro, &st, &err), SS_OK);
    fclose(f);
    ss_sweep_free(sw);
    return buf;
}

static void test_header_and_scan(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3:10"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 1);
    char *text = sweep_text(&d, 1, 3, "--design grid --vary japan.alliance_pressure=0:3:10");
    ss_error err;
    ss_sweep_header h, h2;
    FILE *f = fmemopen(text, strlen(text), "r");
    assert_int_equal(ss_sweep_header_read(f, "mem", &h, &err), SS_OK);
    assert_string_equal(ss_sweep_header_get(&h, "scenario_sha256"), baseline->sha256);
    assert_string_equal(ss_sweep_header_get(&h, "scenario_name"),
                        "First calibration 2014 (test fixture)");
    assert_string_equal(ss_sweep_header_get(&h, "shard"), "1/3");
    assert_string_equal(ss_sweep_header_get(&h, "points"), "10");
    assert_string_equal(ss_sweep_header_get(&h, "design"), "grid");
    assert_string_equal(ss_sweep_header_get(&h, "seed"), "1");
    assert_non_null(ss_sweep_header_get(&h, "command"));
    assert_string_equal(ss_sweep_header_get(&h, "vary"),
                        "japan.alliance_pressure\t0:3:10\tJapan: alliance pressure (cost of "
                        "falling short of the coalition)\t1.2");
    assert_int_equal(h.sep, '\t');
    assert_int_equal(ss_sweep_header_column(&h, "index"), 0);
    assert_int_equal(ss_sweep_header_column(&h, "japan.alliance_pressure"), 1);
    assert_int_equal(ss_sweep_header_column(&h, "s.japan"), 2);
    assert_string_equal(h.column[h.ncolumns - 1], "status");

    ss_sweep_scan scan;
    assert_int_equal(ss_sweep_scan_rows(f, "mem", &h, 10, 1, 3, &scan, &err), SS_OK);
    assert_int_equal(scan.rows, 3); /* 1, 4, 7 */
    assert_int_equal(scan.next, 8);
    assert_int_equal((size_t)scan.end, strlen(text));
    fclose(f);

    /* a last line cut short is left out */
    size_t cut = strlen(text) - 5;
    f = fmemopen(text, cut, "r");
    assert_int_equal(ss_sweep_header_read(f, "mem", &h2, &err), SS_OK);
    assert_int_equal(ss_sweep_scan_rows(f, "mem", &h2, 10, 1, 3, &scan, &err), SS_OK);
    assert_int_equal(scan.rows, 2);
    assert_int_equal(scan.next, 5);
    assert_true((size_t)scan.end < cut && text[scan.end - 1] == '\n');
    fclose(f);
    char why[256];
    assert_true(ss_sweep_header_compatible(&h, &h2, why, sizeof why));

    /* a complete row out of place: damaged */
    char *damaged = strdup(text);
    char *row4 = strstr(damaged, "\n4\t");
    assert_non_null(row4);
    row4[1] = '5';
    f = fmemopen(damaged, strlen(damaged), "r");
    ss_sweep_header h3;
    assert_int_equal(ss_sweep_header_read(f, "mem", &h3, &err), SS_OK);
    assert_int_equal(ss_sweep_scan_rows(f, "mem", &h3, 10, 1, 3, &scan, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "damaged"));
    fclose(f);
    ss_sweep_header_free(&h3);
    free(damaged);

    /* another sweep's file is not compatible */
    char *other = sweep_text(&d, 1, 3, "--design grid --vary japan.alliance_pressure=0:3:11");
    f = fmemopen(other, strlen(other), "r");
    ss_sweep_header h4;
    assert_int_equal(ss_sweep_header_read(f, "mem", &h4, &err), SS_OK);
    assert_false(ss_sweep_header_compatible(&h, &h4, why, sizeof why));
    assert_non_null(strstr(why, "sweep options"));
    fclose(f);
    ss_sweep_header_free(&h4);
    free(other);

    /* not a sweep file */
    static char junk[] = "index\ta\n0\t1\n";
    f = fmemopen(junk, strlen(junk), "r");
    assert_int_equal(ss_sweep_header_read(f, "junk.tsv", &h4, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "junk.tsv: not a sweep file"));
    fclose(f);

    ss_sweep_header_free(&h);
    ss_sweep_header_free(&h2);
    free(text);
    ss_design_free(&d);
}

/* A file that holds only the start of a header (a kill or a full disk while
 * it was written) is told from a whole one and from what is not a sweep's. */
static void test_header_cut(void **state)
{
    (void)state;
    const char *specs[] = {"japan.alliance_pressure=0:3:10"};
    ss_design d;
    make(&d, baseline, SS_DESIGN_GRID, 0, 1, specs, 1);
    char *text = sweep_text(&d, 0, 1, "--design grid --vary japan.alliance_pressure=0:3:10");
    const char *columns = strstr(text, "\nindex");
    assert_non_null(columns);
    size_t header_end = (size_t)(strchr(columns + 1, '\n') + 1 - text);
    for (size_t len = 1; len <= strlen(text); len++) {
        FILE *f = fmemopen(text, len, "r");
        assert_non_null(f);
        /* cut before the column line's newline: cut; from there on: whole */
        assert_int_equal(ss_sweep_header_cut(f), len < header_end);
        fclose(f);
    }
    FILE *empty = tmpfile();
    assert_non_null(empty);
    assert_int_equal(ss_sweep_header_cut(empty), 1);
    fclose(empty);
    /* not a sweep's, or a whole header */
    char others[][48] = {"my notes\n",
                         "# my notes\n",
                         "# sanctionsim\n",
                         "index\n",
                         "# sanctionsim 0.1.0 sweep\nrow\n",
                         "# sanctionsim 0.1.0 sweep\nindex\tx\n"};
    for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
        FILE *f = fmemopen(others[k], strlen(others[k]), "r");
        assert_non_null(f);
        assert_int_equal(ss_sweep_header_cut(f), 0);
        fclose(f);
    }
    free(text);
    ss_design_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_known_answers),
        cmocka_unit_test(test_spec_errors),
        cmocka_unit_test(test_design_errors),
        cmocka_unit_test(test_grid_values_and_order),
        cmocka_unit_test(test_random_designs_reproducible),
        cmocka_unit_test(test_lhs_strata),
        cmocka_unit_test(test_sobol_is_gsl),
        cmocka_unit_test(test_priors),
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_shard_count),
        cmocka_unit_test(test_rows_do_not_depend_on_order),
        cmocka_unit_test(test_run_matches_compute),
        cmocka_unit_test(test_stop_keeps_a_prefix),
        cmocka_unit_test(test_header_and_scan),
        cmocka_unit_test(test_header_cut),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
