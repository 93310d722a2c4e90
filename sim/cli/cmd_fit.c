/* `sanctionsim fit`: calibrate chosen parameters to observed intensities. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include "sanctionsim/fit.h"
#include "sanctionsim/provenance.h"

#include "sanctionsim/sweep.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Reads targets from a table as `run -o` writes it: '#' lines and blank lines
 * skipped, a header with a `date` column and `s.<id>` columns, one row per
 * period label. Tab-separated, or comma-separated when the header has no tab;
 * an empty cell or `NA` is a missing value (pandas writes NA as an empty cell,
 * R's write.table and write.csv as `NA`). */
static int read_data(const char *path, const ss_scenario *sc, ss_fit_data *d)
{
    FILE *f = fopen(path, "r");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        f = NULL;
        errno = EISDIR;
    }
    if (!f) {
        fprintf(stderr, "sanctionsim fit: --data: %s: %s\n", path, strerror(errno));
        return 2;
    }
    char *line = NULL, *header = NULL, **column = NULL, **cell = NULL;
    size_t cap = 0, ncolumns = 0, rows = 0;
    ssize_t len;
    unsigned lineno = 0;
    int col_of[SS_MAX_SANCTIONERS], date_col = -1, code = 0;
    char sep = '\t';
    for (size_t i = 0; i < d->n; i++)
        col_of[i] = -1;
    while (code == 0 && (len = getline(&line, &cap, f)) != -1) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        if (!header) {
            sep = strchr(line, '\t') ? '\t' : ',';
            ncolumns = 1;
            for (const char *p = line; *p; p++)
                ncolumns += *p == sep;
            header = line;
            line = NULL;
            cap = 0;
            column = malloc(ncolumns * sizeof *column);
            cell = malloc(ncolumns * sizeof *cell);
            if (!column || !cell) {
                fprintf(stderr, "sanctionsim fit: out of memory\n");
                code = 1;
                break;
            }
            ss_sweep_split(header, sep, column, ncolumns);
            for (size_t c = 0; c < ncolumns && code == 0; c++) {
                int i = strncmp(column[c], "s.", 2) == 0 ? ss_scenario_sanctioner(sc, column[c] + 2)
                                                         : -1;
                int *slot = strcmp(column[c], "date") == 0 ? &date_col : i >= 0 ? &col_of[i] : NULL;
                if (slot && *slot >= 0) {
                    fprintf(stderr, "sanctionsim fit: %s:%u: '%s': two columns of that name\n",
                            path, lineno, column[c]);
                    code = 2;
                } else if (slot) {
                    *slot = (int)c;
                }
            }
            if (code == 0 && date_col < 0) {
                fprintf(stderr, "sanctionsim fit: %s:%u: no 'date' column\n", path, lineno);
                code = 2;
            }
            continue;
        }
        size_t n = ss_sweep_split(line, sep, cell, ncolumns);
        if (n < ncolumns) {
            fprintf(stderr,
                    "sanctionsim fit: %s:%u: '%s': missing (the row has %zu of %zu columns)\n",
                    path, lineno, column[n], n, ncolumns);
            code = 2;
            break;
        }
        if (n > ncolumns) {
            fprintf(stderr, "sanctionsim fit: %s:%u: %zu columns, the header has %zu\n", path,
                    lineno, n, ncolumns);
            code = 2;
            break;
        }
        const char *date = cell[date_col];
        if (!*date) {
            fprintf(stderr, "sanctionsim fit: %s:%u: 'date': missing\n", path, lineno);
            code = 2;
            break;
        }
        size_t k = 0;
        char label[16];
        for (; k < d->nperiods; k++) {
            ss_timeline_period_label(sc->timeline, k, label, sizeof label);
            if (strcmp(label, date) == 0)
                break;
        }
        if (k == d->nperiods) {
            fprintf(stderr, "sanctionsim fit: %s:%u: date '%s' is not a period of %s\n", path,
                    lineno, date, sc->path);
            code = 2;
            break;
        }
        for (size_t i = 0; i < d->n && code == 0; i++) {
            if (col_of[i] < 0 || !*cell[col_of[i]] || strcmp(cell[col_of[i]], "NA") == 0)
                continue; /* no column, or a missing value */
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
    /* getline's ENOMEM need not set the error flag: only feof is the end */
    if (code == 0 && !feof(f)) {
        if (errno == ENOMEM)
            fprintf(stderr, "sanctionsim fit: --data: %s: out of memory\n", path);
        else
            fprintf(stderr, "sanctionsim fit: --data: %s: reading failed: %s\n", path,
                    strerror(errno));
        code = 1;
    }
    free(line);
    free(header);
    free(column);
    free(cell);
    fclose(f);
    if (code == 0 && rows == 0) {
        fprintf(stderr, "sanctionsim fit: %s: no data rows\n", path);
        code = 2;
    }
    return code;
}

/* The directory part of a path ("." for a bare name) into buf. */
static void dir_of(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, len, ".");
    else if (slash == path)
        snprintf(buf, len, "/");
    else
        snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/* Before fitting: -o must not be the scenario or a file of its base chain
 * (with --force or not), nor an existing file without --force, and it must
 * sit in the scenario's directory, since a base is looked up there. */
static int check_output(const char *out, const ss_scenario *sc, int force)
{
    struct stat st;
    if (stat(out, &st) == 0) {
        for (size_t k = 0; k < sc->nfiles; k++)
            if (sc->file[k].dev == (unsigned long long)st.st_dev &&
                sc->file[k].ino == (unsigned long long)st.st_ino)
                return k == 0 ? cli_usage_error("fit",
                                                "'%s' is the scenario being fitted; -o must "
                                                "name another file",
                                                out)
                              : cli_usage_error("fit",
                                                "'%s' is a base of the scenario being fitted; -o "
                                                "must name another file",
                                                out);
        if (S_ISDIR(st.st_mode))
            return cli_usage_error("fit", "'%s' is a directory; -o names the fitted file", out);
    }
    if (!force && lstat(out, &st) == 0)
        return cli_usage_error("fit", "'%s' exists; use --force to replace it", out);
    char dir1[PATH_MAX], dir2[PATH_MAX], real1[PATH_MAX], real2[PATH_MAX];
    dir_of(sc->path, dir1, sizeof dir1);
    dir_of(out, dir2, sizeof dir2);
    if (!realpath(dir1, real1) || !realpath(dir2, real2) || strcmp(real1, real2) != 0) {
        fprintf(stderr,
                "sanctionsim fit: -o %s: the fitted scenario builds on %s with 'base', so it "
                "must be written in the same directory (%s)\n",
                out, sc->path, dir1);
        return 2;
    }
    return 0;
}

/* Writes s as a libconfig string literal, escaped as libconfig's scanner
 * reads it back: \\ \" \n \r \t \f, other control bytes as \xNN. */
static void put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = *p == '\\'   ? "\\\\"
                          : *p == '"'  ? "\\\""
                          : *p == '\n' ? "\\n"
                          : *p == '\r' ? "\\r"
                          : *p == '\t' ? "\\t"
                          : *p == '\f' ? "\\f"
                                       : NULL;
        if (esc)
            fputs(esc, out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

/* The fitted scenario's name: NAME (fitted), cut (at a character boundary)
 * to what a scenario may hold; a fitted scenario fitted again keeps it. */
static void fitted_name(const char *name, char *buf, size_t len)
{
    static const char suffix[] = " (fitted)";
    size_t n = strlen(name), s = sizeof suffix - 1;
    if (n >= s && strcmp(name + n - s, suffix) == 0) {
        snprintf(buf, len, "%s", name);
        return;
    }
    if (n + s >= len) {
        n = len - 1 - s;
        while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
            n--; /* not inside a UTF-8 sequence */
    }
    snprintf(buf, len, "%.*s%s", (int)n, name, suffix);
}

/* The fitted scenario: `base` on the original, the --mode and --set the fit
 * ran with, then the estimates. Written to a temporary file and loaded back
 * before it replaces anything. */
static int write_fitted(const char *out, const ss_scenario *sc, const cli_scenario_opts *so,
                        const char *command, const char *const *keys, const ss_fit_result *r)
{
    const char *slash = strrchr(sc->path, '/');
    char name[SS_NAME_MAX];
    fitted_name(sc->name, name, sizeof name);
    cli_output o;
    if (cli_output_open(&o, out) != 0) {
        fprintf(stderr, "sanctionsim fit: -o %s: %s\n", out, strerror(errno));
        return 1;
    }
    ss_provenance prov = {command, so->sets, so->nsets};
    ss_provenance_write(o.fp, "fit", &sc, 1, &prov); /* libconfig reads '#' lines as comments */
    fprintf(o.fp, "# fit: rmse %.6g -> %.6g after %zu iterations\n", r->rmse_before, r->rmse_after,
            r->iterations);
    fputs("base = ", o.fp);
    put_string(o.fp, slash ? slash + 1 : sc->path);
    fputs(";\nname = ", o.fp);
    put_string(o.fp, name);
    fputs(";\n", o.fp);
    if (so->mode) {
        fputs("mode = ", o.fp);
        put_string(o.fp, so->mode);
        fputs(";\n", o.fp);
    }
    fputs("set = [\n", o.fp);
    for (size_t j = 0; j < so->nsets; j++) {
        fputs("  ", o.fp);
        put_string(o.fp, so->sets[j]);
        fputs(",  # --set\n", o.fp);
    }
    for (size_t j = 0; j < r->nfree; j++) {
        char assignment[256];
        snprintf(assignment, sizeof assignment, "%s = %.17g", keys[j], r->estimate[j]);
        fputs("  ", o.fp);
        put_string(o.fp, assignment);
        fputs(j + 1 < r->nfree ? "," : "", o.fp);
        if (r->identified[j])
            fprintf(o.fp, "  # std. error %.3g\n", r->std_error[j]);
        else
            fputs("  # std. error: not identified\n", o.fp);
    }
    fputs("];\n", o.fp);
    if (fflush(o.fp) != 0 || ferror(o.fp)) {
        cli_output_abort(&o);
        fprintf(stderr, "sanctionsim fit: -o %s: writing failed\n", out);
        return 1;
    }
    /* what was written must read back as the scenario that was fitted */
    ss_error err;
    ss_scenario *back = ss_scenario_load(o.tmp, &err);
    int loaded = back != NULL;
    int same = back && strcmp(back->name, name) == 0 && back->solver.mode == sc->solver.mode;
    for (size_t j = 0; same && j < r->nfree; j++) {
        ss_keyref ref;
        same = ss_key_parse(back, keys[j], &ref, &err) == SS_OK &&
               ss_key_get(&back->params, &ref) == r->estimate[j];
    }
    ss_scenario_free(back);
    if (!same) {
        cli_output_abort(&o);
        fprintf(stderr, "sanctionsim fit: -o %s: the fitted scenario does not read back%s%s\n", out,
                loaded ? "" : ": ", loaded ? "" : err.message);
        return 1;
    }
    if (cli_output_commit(&o) != 0) {
        fprintf(stderr, "sanctionsim fit: -o %s: writing failed\n", out);
        return 1;
    }
    return 0;
}

/* `fit`, given the command line as typed (getopt_long reorders argv). */
static int fit_main(int argc, char **argv, const char *command)
{
    static const struct option longs[] = {
        {"free", required_argument, NULL, 'F'},   {"data", required_argument, NULL, 'd'},
        {"set", required_argument, NULL, 's'},    {"mode", required_argument, NULL, 'm'},
        {"output", required_argument, NULL, 'o'}, {"force", no_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    cli_scenario_opts so = {NULL, 0, NULL};
    const char *keys[SS_FIT_MAX_FREE], *data = NULL, *out = NULL;
    size_t nfree = 0;
    int opt, code = -1, force = 0;
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
            else if (strcmp(optarg, "-") == 0)
                code = cli_usage_error("fit", "-o: the fitted scenario is a file next to FILE, "
                                              "not standard output");
            out = optarg;
            break;
        case 'f':
            force = 1;
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
    if (!sc) {
        free(so.sets);
        return code;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_keyref refs[SS_FIT_MAX_FREE];
    ss_fit_data *d = NULL;
    code = out ? check_output(out, sc, force) : 0;
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
            code = write_fitted(out, sc, &so, command, keys, &r);
            if (code == 0)
                printf("\nwrote %s\n", out);
        }
    }
    ss_fit_data_free(d);
    ss_scenario_free(sc);
    free(so.sets);
    return code;
}

int cmd_fit(int argc, char **argv)
{
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim fit: out of memory\n");
        return 1;
    }
    int code = fit_main(argc, argv, command);
    free(command);
    return code;
}
