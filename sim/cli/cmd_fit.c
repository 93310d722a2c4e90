/* `sanctionsim fit`: calibrate chosen parameters to observed intensities. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include "sanctionsim/fit.h"

#include "sanctionsim/numbers.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/timeline.h"
#include "sanctionsim/fit_table.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/scenario_write.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* The fitted scenario: `base` on the original, the --mode and --set the fit
 * ran with, then the estimates. Written to a temporary file and loaded back
 * before it replaces anything. */
static int write_fitted(const char *out, const ss_scenario *sc, const cli_scenario_opts *so,
                        const char *command, const char *const *keys, const ss_fit_result *r)
{
    char name[SS_NAME_MAX];
    ss_scenario_fitted_name(sc->name, name, sizeof name);
    cli_output o;
    if (cli_output_open(&o, out) != 0) {
        fprintf(stderr, "sanctionsim fit: -o %s: %s\n", out, strerror(errno));
        return 1;
    }
    ss_provenance prov = {command, so->sets, so->nsets};
    if (ss_scenario_write_fitted(o.fp, sc, &prov, so->mode, keys, r) != SS_OK) {
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

typedef struct fit_args {
    cli_common c; /* first: the shared options */
    cli_list free;
    const char *data, *holdout;
    int per_sanctioner, pooled;
    cli_whole lags;
} fit_args;

static const cli_option opt_holdout = {
    .name = "holdout",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(fit_args, holdout),
    .arg = "DATE",
    .help = "fit on the periods before DATE (YYYY-MM) and report, per sanctioner,\n"
            "the RMSE from DATE on next to a persistence forecast",
};

static const cli_option opt_per_sanctioner = {
    .name = "per-sanctioner",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(fit_args, per_sanctioner),
    .help = "fit each sanctioner's keys on its own series alone",
};

static const cli_option opt_pooled = {
    .name = "pooled",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(fit_args, pooled),
    .help = "fit every key on every series at once (the default)",
};

static const cli_option opt_lags = {
    .name = "lags",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(fit_args, lags),
    .min = 0,
    .max = 1000,
    .arg = "L",
    .help = "the Newey-West lag window in periods (default: floor(1.3 sqrt(T)))",
};

static const cli_option opt_free = {
    .name = "free",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(fit_args, free),
    .arg = "KEY",
    .help = "a parameter to fit, e.g. japan.alliance_pressure (repeatable)",
};

static const cli_option opt_data = {
    .name = "data",
    .kind = CLI_OPT_FILE,
    .offset = offsetof(fit_args, data),
    .arg = "TABLE.tsv",
    .help = "fit to the s.<id> columns of a table with a date column\n"
            "(as `run -o` writes) instead of the observed measures",
};

static const cli_opt_use fit_options[] = {
    {&opt_free, NULL, NULL, NULL},
    {&opt_data, NULL, NULL, NULL},
    {&opt_holdout, NULL, NULL, NULL},
    {&opt_pooled, NULL, NULL, NULL},
    {&opt_per_sanctioner, NULL, NULL, NULL},
    {&opt_lags, NULL, NULL, NULL},
    {&cli_opt_set, NULL, "override a parameter first (repeatable)", NULL},
    {&cli_opt_mode, NULL, "spe or nash (default: the scenario's)", NULL},
    {&cli_opt_output, "FITTED.cfg",
     "write the fitted scenario (base + set), in FILE's directory;\n"
     "never FILE itself or one of its bases",
     NULL},
    {&cli_opt_force, NULL, "replace an existing FITTED.cfg", NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_fit = {
    .name = "fit",
    .summary = "fit parameters to observed intensities",
    .synopsis = "usage: sanctionsim fit FILE --free KEY [--free KEY]... [--data TABLE.tsv] [--set "
                "KEY=VALUE]...\n"
                "                       [--holdout DATE] [--pooled | --per-sanctioner] [--lags L]\n"
                "                       [--mode spe|nash] [-o FITTED.cfg [--force]]\n",
    .description = "Fits the named parameters so that the modelled intensities of the scenario's\n"
                   "timeline match the observed ones, by nonlinear least squares (GSL\n"
                   "multifit_nlinear, Levenberg-Marquardt). Prints the estimates with standard\n"
                   "errors (Newey-West, robust to errors correlated over months, next to the\n"
                   "classical i.i.d. ones) and the root mean square error before and after.\n"
                   "With --holdout it fits on the periods before DATE and compares the model's\n"
                   "out-of-sample RMSE per sanctioner with a persistence forecast.\n",
    .options = fit_options,
    .operands = "scenario",
    .run = cmd_fit,
};

/* The first and last period labels of [from, to) into buf. */
static void span_label(const ss_scenario *sc, size_t from, size_t to, char *buf, size_t len)
{
    char a[16], b[16];
    ss_timeline_period_label(sc->timeline, from, a, sizeof a);
    ss_timeline_period_label(sc->timeline, to - 1, b, sizeof b);
    snprintf(buf, len, "%s .. %s (%zu periods)", a, b, to - from);
}

/* The out-of-sample table: per sanctioner with data from period `first` on,
 * the model's RMSE and the persistence forecast's, then all of them pooled. */
static int print_holdout(const ss_scenario *sc, const ss_keyref *refs, const ss_fit_result *r,
                         const ss_fit_data *d, size_t first)
{
    double *model = malloc(d->nperiods * d->n * sizeof *model);
    ss_fit_forecast *rows = calloc(d->n, sizeof *rows);
    ss_error err;
    if (!model || !rows ||
        ss_fit_model_series(sc, refs, r->nfree, r->estimate, model, &err) != SS_OK) {
        fprintf(stderr, "sanctionsim fit: %s\n", model && rows ? err.message : "out of memory");
        free(model);
        free(rows);
        return 1;
    }
    ss_fit_forecast_score(d, model, first, rows);
    char span[64];
    span_label(sc, first, d->nperiods, span, sizeof span);
    printf("\nout of sample, %s\n", span);
    printf("%-16s %7s %12s %12s %12s  %s\n", "sanctioner", "points", "rmse_model", "rmse_persist",
           "persistence", "better");
    double m2 = 0, p2 = 0;
    size_t npts = 0;
    for (size_t i = 0; i < d->n; i++) {
        const ss_fit_forecast *f = &rows[i];
        if (f->npoints == 0)
            continue;
        if (!f->has_persistence) {
            printf("%-16s %7zu %12.6f %12s %12s  %s\n", sc->sanctioner[i].id, f->npoints,
                   f->rmse_model, "-", "-", "(no datum before the holdout)");
            continue;
        }
        printf("%-16s %7zu %12.6f %12.6f %12.6f  %s\n", sc->sanctioner[i].id, f->npoints,
               f->rmse_model, f->rmse_persistence, f->persistence,
               f->rmse_model < f->rmse_persistence   ? "model"
               : f->rmse_model > f->rmse_persistence ? "persistence"
                                                     : "tie");
        m2 += f->rmse_model * f->rmse_model * (double)f->npoints;
        p2 += f->rmse_persistence * f->rmse_persistence * (double)f->npoints;
        npts += f->npoints;
    }
    if (npts > 0) {
        double rm = sqrt(m2 / (double)npts), rp = sqrt(p2 / (double)npts);
        printf("%-16s %7zu %12.6f %12.6f %12s  %s\n", "all", npts, rm, rp, "",
               rm < rp   ? "model"
               : rm > rp ? "persistence"
                         : "tie");
    }
    free(model);
    free(rows);
    return 0;
}

/* `fit`, with the command line as typed for the provenance lines. */
static int fit_main(int argc, char **argv, const char *command)
{
    fit_args args = {0};
    const char *file = NULL;
    int code = cli_parse("fit", fit_options, argc, argv, &args.c);
    cli_scenario_opts so = cli_scenario_of(&args.c);
    const char *const *keys = args.free.item, *data = args.data, *out = args.c.output;
    size_t nfree = args.free.n;
    int force = args.c.force;
    if (code < 0 && out && strcmp(out, "-") == 0)
        code = cli_usage_error("fit", "-o: the fitted scenario is a file next to FILE, "
                                      "not standard output");
    if (code < 0 && !(file = cli_one_operand("fit", &args.c, "missing scenario FILE")))
        code = 2;
    else if (code < 0 && nfree == 0)
        code = cli_usage_error("fit", "name the parameters to fit with --free KEY");
    else if (code < 0 && nfree > SS_FIT_MAX_FREE)
        code = cli_usage_error("fit", "at most %d --free parameters", SS_FIT_MAX_FREE);
    else if (code < 0 && args.pooled && args.per_sanctioner)
        code = cli_usage_error("fit", "--pooled and --per-sanctioner: choose one");
    if (code >= 0) {
        cli_args_free(fit_options, &args.c);
        return code;
    }
    ss_scenario *sc = cli_load_scenario("fit", file, &so, &code);
    if (!sc) {
        cli_args_free(fit_options, &args.c);
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
    if (code == 0 && data) {
        if (ss_fit_table_read(data, sc, d, &err) != SS_OK) {
            fprintf(stderr, "sanctionsim fit: %s\n", err.message);
            code = ss_status_exit_code(err.status);
        }
    } else if (code == 0 && ss_fit_data_observed(sc, d, &err) != SS_OK) {
        fprintf(stderr, "sanctionsim fit: %s\n", err.message);
        code = ss_status_exit_code(err.status);
    }
    /* --holdout: the periods from DATE on are held out of the fit */
    size_t first = d ? d->nperiods : 0;
    ss_fit_data *train = NULL;
    if (code == 0 && args.holdout) {
        int bad = 0;
        first = ss_fit_period_at(sc, args.holdout, &bad);
        if (bad)
            code = cli_usage_error("fit", "--holdout: '%s' is not a date (YYYY-MM)", args.holdout);
        else if (first == 0)
            code =
                cli_usage_error("fit", "--holdout %s: no period before it to fit on", args.holdout);
        else if (first == d->nperiods)
            code = cli_usage_error("fit", "--holdout %s: no period from it on to predict",
                                   args.holdout);
        else if (!(train = ss_fit_data_copy(d))) {
            fprintf(stderr, "sanctionsim fit: out of memory\n");
            code = 1;
        } else
            ss_fit_data_holdout(train, first);
    }
    ss_fit_opts fo = ss_fit_opts_default();
    fo.per_sanctioner = args.per_sanctioner;
    if (args.lags.given)
        fo.hac_lags = (size_t)args.lags.value;
    ss_fit_result r;
    if (code == 0) {
        ss_status st = ss_fit_with(sc, refs, nfree, train ? train : d, &fo, &r, &err);
        if (st == SS_OK || st == SS_ENUMERIC) {
            printf("scenario   %s (%s)\n", sc->name, sc->path);
            printf("data       %s, %zu points\n", data ? data : "observed measures", r.nresiduals);
            if (train) {
                char span[64];
                span_label(sc, 0, first, span, sizeof span);
                printf("fitted on  %s; held out from %s\n", span, args.holdout);
            }
            printf("method     %s; standard errors Newey-West, Bartlett kernel, %zu lags "
                   "(std_error_iid: independent errors)\n",
                   fo.per_sanctioner ? "per sanctioner (each on its own series)"
                                     : "pooled (every key on every series)",
                   r.hac_lags);
            printf("fit        %s after %zu iterations; rmse %.6f -> %.6f\n\n",
                   r.converged ? "converged" : "NOT CONVERGED", r.iterations, r.rmse_before,
                   r.rmse_after);
            printf("%-44s %12s %12s %12s %14s\n", "parameter", "initial", "estimate", "std_error",
                   "std_error_iid");
            for (size_t j = 0; j < nfree; j++) {
                printf("%-44s %12.6f %12.6f ", keys[j], r.initial[j], r.estimate[j]);
                if (r.identified[j])
                    printf("%12.6f %14.6f\n", r.std_error[j], r.std_error_iid[j]);
                else
                    printf("%12s\n", "(not identified)");
            }
            if (train && print_holdout(sc, refs, &r, d, first) != 0 && st == SS_OK)
                st = SS_ENUMERIC;
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
    ss_fit_data_free(train);
    ss_fit_data_free(d);
    ss_scenario_free(sc);
    cli_args_free(fit_options, &args.c);
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
