/* Global sensitivity analysis of a model's output over a design (design.h):
 * Sobol indices from a Saltelli design (first order by Saltelli et al. 2010,
 * total order by Jansen 1999, second order as Saltelli 2002, the estimators
 * SALib uses) and Morris elementary effects (mu, mu*, sigma; Campolongo et
 * al. 2007). Confidence half-widths come from a bootstrap with a seed, so an
 * analysis is reproducible. Pure computations: no file, no printing. */
#ifndef SANCTIONSIM_SENSITIVITY_H
#define SANCTIONSIM_SENSITIVITY_H

#include <stddef.h>

#include "sanctionsim/error.h"

/* The bootstrap: `resamples` draws (>= 2) with replacement of the blocks (or
 * trajectories), from gsl_rng mt19937 seeded with `seed`; a confidence
 * half-width is z * the standard deviation (n - 1) of the resampled
 * estimates, z the normal quantile of 0.5 + level / 2 (level in (0, 1)). */
typedef struct ss_bootstrap {
    size_t resamples;
    unsigned long seed;
    double level;
} ss_bootstrap;

/* 100 resamples, seed 1, level 0.95 (SALib's defaults, with a fixed seed). */
#define SS_BOOTSTRAP_DEFAULT ((ss_bootstrap){100, 1, 0.95})

typedef struct ss_sobol {
    size_t k;
    double variance;      /* the output's variance over the A and B rows */
    double *S1, *S1_conf; /* k each */
    double *ST, *ST_conf; /* k each */
    /* with second order: k*k, S2[j*k+l] for j < l (the rest NAN); else NULL */
    double *S2, *S2_conf;
} ss_sobol;

/* Sobol indices from the outputs y of a Saltelli design of `blocks` blocks
 * (N, >= 2) over k keys (>= 1), in the design's row order (SS_DESIGN_SALTELLI:
 * A, AB_1..AB_k, [BA_1..BA_k,] B per block). Fills r (free it with
 * ss_sobol_free). SS_EINPUT when an output is not finite or does not vary
 * (the indices are then undefined); SS_ENOMEM. */
ss_status ss_sobol_analyze(const double *y, size_t blocks, size_t k, int second_order,
                           const ss_bootstrap *b, ss_sobol *r, ss_error *err);
void ss_sobol_free(ss_sobol *r); /* NULL and a zeroed r are harmless */

typedef struct ss_morris {
    size_t k;
    double *mu, *mu_star, *sigma, *mu_star_conf; /* k each */
} ss_morris;

/* Morris statistics from `trajectories` (>= 1) trajectories of k+1 rows: x
 * holds each row's k values (row-major), y its output. Each row after a
 * trajectory's first must change exactly one key, and each key once per
 * trajectory. A key's elementary effect is the change of y over the step
 * delta[j] (k values, ss_design_morris_delta: in units of the unit interval, so an effect
 * is the change over the key's whole range, SALib's scale), signed by the
 * direction the key's value moved. mu is their mean, mu_star the mean of
 * their sizes, sigma their standard deviation (n - 1; NAN with one
 * trajectory), mu_star_conf mu_star's bootstrap half-width over trajectories.
 * SS_EINPUT (the message names the trajectory and row, counted from 1) when
 * the rows are not trajectories or an output is not finite; SS_ENOMEM. */
ss_status ss_morris_analyze(const double *x, const double *y, size_t trajectories, size_t k,
                            const double *delta, const ss_bootstrap *b, ss_morris *r,
                            ss_error *err);
void ss_morris_free(ss_morris *r); /* NULL and a zeroed r are harmless */

#endif
