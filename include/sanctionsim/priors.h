/* Priors on parameters: declared in a scenario, drawn by sweeps and Monte Carlo
 * through their quantile function (so random, Latin-hypercube and Sobol
 * designs all map uniform numbers in (0, 1) to parameter values). */
#ifndef SANCTIONSIM_PRIORS_H
#define SANCTIONSIM_PRIORS_H

#include "sanctionsim/keys.h"
#include "sanctionsim/scenario.h"

typedef enum ss_dist { SS_DIST_UNIFORM, SS_DIST_NORMAL, SS_DIST_BETA, SS_DIST_LOGNORMAL } ss_dist;

typedef struct ss_prior {
    char key[128]; /* the dotted key, as written */
    ss_keyref ref;
    ss_dist dist;
    double p1, p2; /* uniform: -, -; normal: mean, sd; beta: alpha, beta;
                      lognormal: meanlog, sdlog */
    double lo, hi; /* support: the parameter's range cut by min/max */
} ss_prior;

typedef struct ss_priors {
    size_t n;
    ss_prior *items;
} ss_priors;

/* "uniform", "normal", "beta", "lognormal". */
const char *ss_dist_name(ss_dist d);

/* The prior's value at probability u in (0, 1): uniform on [lo, hi]; normal
 * truncated to [lo, hi]; beta scaled to [lo, hi]; lognormal truncated to [lo, hi].
 * The result always passes the parameter's range check. */
double ss_prior_quantile(const ss_prior *p, double u);

/* The prior declared for ref, or NULL. */
const ss_prior *ss_priors_find(const ss_priors *ps, const ss_keyref *ref);

/* Deep copy (NULL when out of memory) and free (NULL is harmless). */
ss_priors *ss_priors_copy(const ss_priors *ps);
void ss_priors_free(ss_priors *ps);

#endif
