/* `sanctionsim fit`: calibrate chosen parameters to observed intensities. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include "sanctionsim/fit.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads targets from a TSV table (as `run -o` writes): '#' lines skipped, a
 * header with `date` and `s.<id>` columns, one row per period label. */
static int read_data(const char *path, const ss_scenario *sc, ss_fit_data *d)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "sanctionsim fit: --data: %s: %s\n", path, strerror(errno));
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    unsigned lineno = 0;
    int col_of[SS_MAX_SANCTIONERS], date_col = -1, header = 0, code = 0, rows = 0;
    for (size_t i = 0; i < d->n; i++)
        col_of[i] = -1;
    while (code == 0 && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *save = NULL, *tok;
        if (!header) {
            int c = 0;
            for (tok = strtok_r(line, "\t", &save); tok; tok = strtok_r(NULL, "\t", &save), c++) {
                if (strcmp(tok, "date") == 0)
                    date_col = c;
                else if (strncmp(tok, "s.", 2) == 0 && ss_scenario_sanctioner(sc, tok + 2) >= 0)
                    col_of[ss_scenario_sanctioner(sc, tok + 2)] = c;
            }
            header = 1;
            if (date_col < 0) {
                fprintf(stderr, "sanctionsim fit: %s:%u: no 'date' column\n", path, lineno);
                code = 2;
            }
            continue;
        }
        char *cell[512];
        int ncell = 0;
        for (tok = strtok_r(line, "\t", &save); tok && ncell < 512;
             tok = strtok_r(NULL, "\t", &save))
            cell[ncell++] = tok;
        if (date_col >= ncell) {
            fprintf(stderr, "sanctionsim fit: %s:%u: row without a date\n", path, lineno);
            code = 2;
            break;
        }
        size_t k = 0;
        char label[16];
        for (; k < d->nperiods; k++) {
            ss_timeline_period_label(sc->timeline, k, label, sizeof label);
            if (strcmp(label, cell[date_col]) == 0)
                break;
        }
        if (k == d->nperiods) {
            fprintf(stderr, "sanctionsim fit: %s:%u: date '%s' is not a period of %s\n", path,
                    lineno, cell[date_col], sc->path);
            code = 2;
            break;
        }
        for (size_t i = 0; i < d->n; i++) {
            if (col_of[i] < 0 || col_of[i] >= ncell)
                continue;
            double v;
            if (ss_parse_double(cell[col_of[i]], &v) != 0 || v < 0 || v > 1) {
                fprintf(stderr,
                        "sanctionsim fit: %s:%u: 's.%s': '%s' is not an intensity in [0, 1]\n",
                        path, lineno, sc->sanctioner[i].id, cell[col_of[i]]);
                code = 2;
                break;
            }
            d->target[k * d->n + i] = v;
            d->weight[k * d->n + i] = 1;
        }
        rows++;
    }
    free(line);
    fclose(f);
    if (code == 0 && rows == 0) {
        fprintf(stderr, "sanctionsim fit: %s: no data rows\n", path);
        code = 2;
    }
    return code;
}

/* The fitted scenario: `base` on the original plus the estimates. It must sit
 * in the scenario's directory, since a base is looked up there. */
static int write_fitted(const char *out, const ss_scenario *sc, const char *const *keys,
                        const ss_fit_result *r)
{
    const char *s1 = strrchr(sc->path, '/'), *s2 = strrchr(out, '/');
    size_t d1 = s1 ? (size_t)(s1 - sc->path) : 0, d2 = s2 ? (size_t)(s2 - out) : 0;
    char dir1[PATH_MAX], dir2[PATH_MAX], real1[PATH_MAX], real2[PATH_MAX];
    snprintf(dir1, sizeof dir1, "%.*s", (int)d1, d1 ? sc->path : ".");
    snprintf(dir2, sizeof dir2, "%.*s", (int)d2, d2 ? out : ".");
    if (!realpath(dir1, real1) || !realpath(dir2, real2) || strcmp(real1, real2) != 0) {
        fprintf(stderr,
                "sanctionsim fit: -o %s: the fitted scenario builds on %s with 'base', so it "
                "must be written in the same directory (%s)\n",
                out, sc->path, dir1);
        return 2;
    }
    cli_output o;
    if (cli_output_open(&o, out) != 0) {
        fprintf(stderr, "sanctionsim fit: -o %s: %s\n", out, strerror(errno));
        return 1;
    }
    fprintf(o.fp, "# Fitted by sanctionsim %s fit: rmse %.6g -> %.6g after %zu iterations.\n",
            SS_VERSION, r->rmse_before, r->rmse_after, r->iterations);
    fprintf(o.fp, "base = \"%s\";\nname = \"%s (fitted)\";\nset = [\n", s1 ? s1 + 1 : sc->path,
            sc->name);
    for (size_t j = 0; j < r->nfree; j++)
        fprintf(o.fp, "  \"%s = %.17g\"%s  # std. error %.3g\n", keys[j], r->estimate[j],
                j + 1 < r->nfree ? "," : "", r->std_error[j]);
    fprintf(o.fp, "];\n");
    if (cli_output_commit(&o) != 0) {
        fprintf(stderr, "sanctionsim fit: -o %s: writing failed\n", out);
        return 1;
    }
    return 0;
}

int cmd_fit(int argc, char **argv)
{
    static const struct option longs[] = {{"free", required_argument, NULL, 'F'},
                                          {"data", required_argument, NULL, 'd'},
                                          {"set", required_argument, NULL, 's'},
                                          {"mode", required_argument, NULL, 'm'},
                                          {"output", required_argument, NULL, 'o'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    cli_scenario_opts so = {NULL, 0, NULL};
    const char *keys[SS_FIT_MAX_FREE], *data = NULL, *out = NULL;
    size_t nfree = 0;
    int opt, code = -1;
    optind = 0;
    opterr = 0;
    while (code < 0 && (opt = getopt_long(argc, argv, ":ho:", longs, NULL)) != -1) {
        switch (opt) {
        case 'F':
            if (nfree == SS_FIT_MAX_FREE)
                code = cli_usage_error("fit", "at most %d --free parameters", SS_FIT_MAX_FREE);
            else
                keys[nfree++] = optarg;
            break;
        case 'd':
            data = optarg;
            break;
        case 's':
            if (cli_add_set(&so, optarg) != 0)
                code = 1;
            break;
        case 'm':
            so.mode = optarg;
            break;
        case 'o':
            if (!*optarg)
                code = cli_usage_error("fit", "-o: an empty file name");
            out = optarg;
            break;
        case 'h':
            code = cli_print_usage("fit");
            break;
        default:
            code = cli_bad_option("fit", argv, opt);
        }
    }
    if (code < 0 && optind >= argc)
        code = cli_usage_error("fit", "missing scenario FILE");
    else if (code < 0 && optind + 1 < argc)
        code = cli_usage_error("fit", "unexpected argument '%s'", argv[optind + 1]);
    else if (code < 0 && nfree == 0)
        code = cli_usage_error("fit", "name the parameters to fit with --free KEY");
    if (code >= 0) {
        free(so.sets);
        return code;
    }
    ss_scenario *sc = cli_load_scenario("fit", argv[optind], &so, &code);
    free(so.sets);
    if (!sc)
        return code;
    ss_error err;
    ss_error_clear(&err);
    ss_keyref refs[SS_FIT_MAX_FREE];
    ss_fit_data *d = NULL;
    code = 0;
    for (size_t j = 0; j < nfree && code == 0; j++) {
        if (ss_key_parse(sc, keys[j], &refs[j], &err) != SS_OK) {
            fprintf(stderr, "sanctionsim fit: --free: %s\n", err.message);
            code = 2;
        }
        for (size_t q = 0; q < j && code == 0; q++)
            if (memcmp(&refs[q], &refs[j], sizeof refs[j]) == 0) {
                fprintf(stderr, "sanctionsim fit: --free: '%s' given twice\n", keys[j]);
                code = 2;
            }
    }
    if (code == 0 && !(d = ss_fit_data_alloc(sc))) {
        fprintf(stderr, "sanctionsim fit: %s: the scenario has no timeline to fit over\n",
                sc->path);
        code = 2;
    }
    if (code == 0 && data)
        code = read_data(data, sc, d);
    else if (code == 0 && ss_fit_data_observed(sc, d, &err) != SS_OK) {
        fprintf(stderr, "sanctionsim fit: %s\n", err.message);
        code = ss_status_exit_code(err.status);
    }
    ss_fit_result r;
    if (code == 0) {
        ss_status st = ss_fit(sc, refs, nfree, d, &r, &err);
        if (st == SS_OK || st == SS_ENUMERIC) {
            printf("scenario   %s (%s)\n", sc->name, sc->path);
            printf("data       %s, %zu points\n", data ? data : "observed measures", r.nresiduals);
            printf("fit        %s after %zu iterations; rmse %.6f -> %.6f\n\n",
                   r.converged ? "converged" : "NOT CONVERGED", r.iterations, r.rmse_before,
                   r.rmse_after);
            printf("%-44s %12s %12s %12s\n", "parameter", "initial", "estimate", "std_error");
            for (size_t j = 0; j < nfree; j++) {
                printf("%-44s %12.6f %12.6f ", keys[j], r.initial[j], r.estimate[j]);
                if (r.identified[j])
                    printf("%12.6f\n", r.std_error[j]);
                else
                    printf("%12s\n", "(not identified)");
            }
        }
        if (st != SS_OK) {
            fprintf(stderr, "sanctionsim fit: %s\n", err.message);
            code = ss_status_exit_code(st);
        } else if (out) {
            code = write_fitted(out, sc, keys, &r);
            if (code == 0)
                printf("\nwrote %s\n", out);
        }
    }
    ss_fit_data_free(d);
    ss_scenario_free(sc);
    return code;
}
