/* Benchmark: microseconds per `spe` solve (certificate included) on one core,
 * against the figures of the solver before issue 12 item 6 made it faster. */
#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/solver.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The reference: the best time of one solve, in microseconds, of the
 * solver as it was at commit 731816b (main, before the speed work), measured
 * with this program on 2026-11-30, pinned to one core (taskset -c 0) of a
 * two-core machine shared with other jobs. */
#define REFERENCE_COMMIT "731816b"
#define REFERENCE_DATE   "2026-11-30"
static const struct {
    const char *name; /* the scenario's `name` */
    double best_us;   /* best per solve then */
    double target_us; /* issue 12 item 6 */
} reference[] = {
    {"Baseline 2014", 36.0, 15},
    {"Allies 2014", 97.0, 50},
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "scenarios/baseline_2014.cfg";
    double seconds = argc > 2 ? atof(argv[2]) : 2.0;
    gsl_set_error_handler_off();
    ss_error err;
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (!sc) {
        fprintf(stderr, "bench_solve: %s\n", err.message);
        return 2;
    }
    ss_result r;
    memset(&r, 0, sizeof r);
    size_t solves = 0;
    double t0 = now(), t1 = t0, best = 1e9;
    while (t1 - t0 < seconds) {
        double a = now();
        ss_solve(&sc->params, &sc->solver, NULL, &r, &err);
        t1 = now();
        if (t1 - a < best)
            best = t1 - a;
        solves++;
    }
    printf("scenario        %s (%s)\n", sc->name, ss_mode_name(sc->solver.mode));
    printf("solves          %zu in %.2f s on one core\n", solves, t1 - t0);
    printf("solves/second   %.0f\n", (double)solves / (t1 - t0));
    printf("mean per solve  %.2f us\n", 1e6 * (t1 - t0) / (double)solves);
    printf("best per solve  %.2f us\n", 1e6 * best);
    for (size_t k = 0; k < sizeof reference / sizeof reference[0]; k++)
        if (strcmp(sc->name, reference[k].name) == 0)
            printf("reference       %.2f us best per solve at %s (%s): %.2fx as fast now; "
                   "target %.0f us\n",
                   reference[k].best_us, REFERENCE_COMMIT, REFERENCE_DATE,
                   reference[k].best_us / (1e6 * best), reference[k].target_us);
    printf("check           s = %.6f %.6f, max_regret %.2g, %zu iterations\n", r.s[0],
           r.n > 1 ? r.s[1] : 0.0, r.max_regret, r.iterations);
    ss_scenario_free(sc);
    return 0;
}
