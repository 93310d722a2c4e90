/* Benchmark (not a test): points per second of a 2-D grid sweep of the
 * baseline on 1 and 2 threads (cold and warm-started), and the peak memory of
 * a 1,000,000-point sweep written to /dev/null, each measured in a child
 * process of its own (getrusage maxrss).
 *
 *   bench_sweep [SCENARIO] [POINTS]     defaults: scenarios/baseline_2014.cfg 1000000 */
#define _DEFAULT_SOURCE /* wait4 */
#include "sanctionsim/design.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Sweeps an n x m grid of japan.alliance_pressure x japan.territorial_stake
 * into /dev/null; returns the seconds it took, or -1. */
static double sweep(const ss_scenario *sc, size_t n, size_t m, int threads, int warm)
{
    char a[64], b[64];
    snprintf(a, sizeof a, "japan.alliance_pressure=0:3:%zu", n);
    snprintf(b, sizeof b, "japan.territorial_stake=0:2:%zu", m);
    ss_design d;
    ss_error err;
    ss_design_init(&d, SS_DESIGN_GRID);
    if (ss_design_vary(&d, sc, a, &err) || ss_design_vary(&d, sc, b, &err) ||
        ss_design_finish(&d, 0, 1, &err)) {
        fprintf(stderr, "bench_sweep: %s\n", err.message);
        return -1;
    }
    ss_sweep_opts o = {.sep = '\t', .warm_starts = warm};
    ss_sweep *sw = ss_sweep_alloc(sc, &d, &o, &err);
    FILE *out = fopen("/dev/null", "w");
    if (!sw || !out) {
        fprintf(stderr, "bench_sweep: cannot start the sweep\n");
        return -1;
    }
    ss_sweep_meta meta = {{"bench_sweep", NULL, 0}, "bench", 0, 1};
    ss_sweep_run_opts ro = {0, 1, 0, threads, 0, NULL, NULL, NULL};
    ss_run_stats st;
    double t0 = now();
    ss_sweep_write_header(sw, out, &meta);
    ss_status s = ss_sweep_run(sw, out, &ro, &st, &err);
    double t = now() - t0;
    fclose(out);
    ss_sweep_free(sw);
    ss_design_free(&d);
    return s == SS_OK && st.written == n * m ? t : -1;
}

/* Runs one sweep in a child of its own (so that maxrss is that sweep's);
 * prints its rate and peak memory and returns the rate through *rate. */
static int measure(const char *what, const ss_scenario *sc, size_t n, size_t m, int threads,
                   int warm, double *rate)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fd[0]);
        double t = sweep(sc, n, m, threads, warm);
        double r = t > 0 ? (double)(n * m) / t : -1;
        _exit(write(fd[1], &r, sizeof r) == (ssize_t)sizeof r && t > 0 ? 0 : 1);
    }
    close(fd[1]);
    double r = -1;
    ssize_t got = read(fd[0], &r, sizeof r);
    close(fd[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
        got != (ssize_t)sizeof r) {
        printf("%s: failed\n", what);
        return -1;
    }
    printf("%-30s %9zu points %2d thread%s %9.0f points/s %8.2f s %7.1f MB peak\n", what, n * m,
           threads, threads > 1 ? "s" : " ", r, (double)(n * m) / r, (double)ru.ru_maxrss / 1024.0);
    *rate = r;
    return 0;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "scenarios/baseline_2014.cfg";
    size_t big = argc > 2 ? (size_t)atol(argv[2]) : 1000000;
    gsl_set_error_handler_off();
    ss_error err;
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (!sc) {
        fprintf(stderr, "bench_sweep: %s\n", err.message);
        return 2;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    printf("scenario %s (%s), %ld cores, output to /dev/null\n\n", sc->name,
           ss_mode_name(sc->solver.mode), cores);
    double r1 = 0, r2 = 0, w1 = 0, w2 = 0, rb = 0;
    /* the 61 x 41 grid, twice as fine: 121 x 81 */
    measure("2-D grid, cold", sc, 121, 81, 1, 0, &r1);
    measure("2-D grid, cold", sc, 121, 81, 2, 0, &r2);
    measure("2-D grid, --warm-start", sc, 121, 81, 1, 1, &w1);
    measure("2-D grid, --warm-start", sc, 121, 81, 2, 1, &w2);
    printf("\nspeed-up on 2 threads: %.2f (cold), %.2f (warm); warm/cold on 1 thread: %.2f\n\n",
           r2 / r1, w2 / w1, w1 / r1);
    size_t side = (size_t)llround(sqrt((double)big));
    measure("small sweep (for its memory)", sc, 100, 100, 2, 0, &rb);
    measure("1,000,000-point sweep", sc, side, big / side, 2, 0, &rb);
    ss_scenario_free(sc);
    return 0;
}
