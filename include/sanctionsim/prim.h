/* Scenario discovery with PRIM (the Patient Rule Induction Method of Friedman
 * and Fisher, 1999): given points x (n rows of k inputs) and a condition that
 * holds at some of them, finds a box (an interval per input) where the
 * condition holds at a large share of the points (density) and which holds a
 * large share of the points where it holds (coverage). Peeling shrinks the box
 * one small slice at a time and records the trajectory; a box is chosen from
 * it and then pasting grows it again where that does not lower its density.
 * And the condition itself: comparisons of columns with numbers joined by &&
 * (`discover --where`). docs/analysis.md says how the box is chosen. */
#ifndef SANCTIONSIM_PRIM_H
#define SANCTIONSIM_PRIM_H

#include <stddef.h>

#include "sanctionsim/error.h"

/* ---- the condition ---------------------------------------------------- */

#define SS_COND_MAX_TERMS  16
#define SS_COND_COLUMN_MAX 160

typedef enum ss_cmp_op {
    SS_CMP_LT,
    SS_CMP_LE,
    SS_CMP_GT,
    SS_CMP_GE,
    SS_CMP_EQ,
    SS_CMP_NE
} ss_cmp_op;

/* COLUMN OP NUMBER */
typedef struct ss_cond_term {
    char column[SS_COND_COLUMN_MAX];
    ss_cmp_op op;
    double value;
} ss_cond_term;

typedef struct ss_condition {
    size_t n;
    ss_cond_term term[SS_COND_MAX_TERMS];
} ss_condition;

/* Parses "COLUMN OP NUMBER [&& COLUMN OP NUMBER]..." with OP one of
 * < <= > >= == != (spaces anywhere between the parts). A COLUMN is any run
 * of characters other than spaces, '<', '>', '=', '!' and '&'. On error
 * fills err (SS_EINPUT) with "--where 'TEXT': what is wrong, where". */
ss_status ss_condition_parse(const char *text, ss_condition *c, ss_error *err);

/* "<", "<=", ... */
const char *ss_cmp_op_name(ss_cmp_op op);

/* Whether x OP value holds for term t (false for a NaN x). */
int ss_cond_term_holds(const ss_cond_term *t, double x);

/* ---- PRIM -------------------------------------------------------------- */

typedef struct ss_prim_opts {
    double alpha;       /* share of the box's points a peel removes (0.05) */
    double paste_alpha; /* share of the box's points a paste adds (0.05) */
    double mass_min;    /* peeling stops before the box holds fewer points (0.05) */
    double threshold;   /* the chosen box: the first of the trajectory with at
                           least this density (0.8) ... */
    long box;           /* ... unless box >= 0: that box of the trajectory */
} ss_prim_opts;

/* The defaults above. */
void ss_prim_opts_default(ss_prim_opts *o);

/* A box: bounds lo[j] <= x_j <= hi[j] (both points of the data), and what it holds. */
typedef struct ss_prim_box {
    double *lo, *hi;   /* k each */
    size_t count;      /* points in it */
    size_t hits;       /* of which the condition holds */
    double coverage;   /* hits / all hits */
    double density;    /* hits / count */
    double mass;       /* count / n */
    size_t restricted; /* inputs whose bounds are narrower than the data's range */
} ss_prim_box;

typedef struct ss_prim_result {
    size_t n, k, hits; /* points, inputs, points where the condition holds */
    double *min, *max; /* the data's range per input */
    ss_prim_box *traj; /* the peeling trajectory; traj[0] is the whole data */
    size_t ntraj;
    size_t chosen;      /* the box chosen from it */
    int by_threshold;   /* 1: chosen by the threshold; 0: by opts.box, or the
                           densest box when none reached the threshold */
    ss_prim_box pasted; /* the chosen box after pasting */
    size_t pastes;      /* pasting steps taken */
} ss_prim_result;

/* Runs PRIM on x (n rows of k values, row after row) and y (n flags, 1 where
 * the condition holds). Peeling: at each step, for each input and each side,
 * the peel that removes the alpha share of the box's points with the lowest
 * (highest) values of that input, all points of equal value together (at
 * least one distinct value); the peel giving the highest density is taken (the
 * first input, lower side first, on ties) as long as the box keeps at least
 * mass_min * n points. Pasting, on the chosen box: the paste (the points just
 * outside one side, paste_alpha of the box's count) with the highest density
 * is taken while it keeps the density at least what it was. Needs n >= 1,
 * 1 <= k, finite x, 0 < alpha < 0.5, 0 < paste_alpha < 1, 0 <= mass_min < 1,
 * a box within the trajectory: else SS_EINPUT naming the option (--alpha,
 * --mass-min, --threshold, --box). SS_ENOMEM. Free r with ss_prim_result_free. */
ss_status ss_prim_run(const double *x, const unsigned char *y, size_t n, size_t k,
                      const ss_prim_opts *o, ss_prim_result *r, ss_error *err);

void ss_prim_result_free(ss_prim_result *r); /* NULL is harmless */

/* Whether box b restricts input j: 1 from below, 2 from above, 3 both, 0 not. */
int ss_prim_restricts(const ss_prim_result *r, const ss_prim_box *b, size_t j);

#endif
