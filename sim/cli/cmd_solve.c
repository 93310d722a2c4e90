/* `sanctionsim solve` and `sanctionsim check`. */
#include "cli.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SET = 's', OPT_MODE = 'm', OPT_FORMAT = 'f', OPT_HELP = 'h' };

/* Parses the options solve and check share. Returns -1 to go on, else an exit code. */
static int parse_options(const char *cmd, int argc, char **argv, cli_scenario_opts *so,
                         const char **format, const char **file)
{
    static const struct option longs[] = {{"set", required_argument, NULL, OPT_SET},
                                          {"mode", required_argument, NULL, OPT_MODE},
                                          {"format", required_argument, NULL, OPT_FORMAT},
                                          {"help", no_argument, NULL, OPT_HELP},
                                          {NULL, 0, NULL, 0}};
    int check = strcmp(cmd, "check") == 0;
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", longs, NULL)) != -1) {
        switch (opt) {
        case OPT_SET:
            if (cli_add_set(so, optarg) != 0) {
                fprintf(stderr, "sanctionsim %s: out of memory\n", cmd);
                return 1;
            }
            break;
        case OPT_MODE:
            if (check)
                return cli_usage_error(cmd, "unknown option '--mode'");
            so->mode = optarg;
            break;
        case OPT_FORMAT:
            if (check)
                return cli_usage_error(cmd, "unknown option '--format'");
            *format = optarg;
            break;
        case OPT_HELP:
            return cli_print_usage(cmd);
        default:
            return cli_bad_option(cmd, argv, opt);
        }
    }
    if (optind >= argc)
        return cli_usage_error(cmd, "missing scenario FILE");
    if (optind + 1 < argc)
        return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    *file = argv[optind];
    return -1;
}

int cmd_solve(int argc, char **argv)
{
    cli_scenario_opts so = {NULL, 0, NULL};
    const char *format_name = "table", *file = NULL;
    /* the command line as typed: getopt_long reorders argv */
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim solve: out of memory\n");
        return 1;
    }
    int code = parse_options("solve", argc, argv, &so, &format_name, &file);
    if (code >= 0) {
        free(command);
        free(so.sets);
        return code;
    }
    ss_format fmt;
    if (ss_format_parse(format_name, &fmt) != 0) {
        free(command);
        free(so.sets);
        return cli_usage_error("solve", "--format: unknown format '%s' (table, json, tsv, csv)",
                               format_name);
    }
    ss_scenario *sc = cli_load_scenario("solve", file, &so, &code);
    if (!sc) {
        free(command);
        free(so.sets);
        return code;
    }
    ss_result r;
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_solve(&sc->params, &sc->solver, NULL, &r, &err);
    /* out of memory: r holds no result to show */
    ss_provenance prov = {command, so.sets, so.nsets};
    ss_status wst = st == SS_ENOMEM ? SS_ENOMEM : ss_report_solve(stdout, sc, &r, fmt, &prov);
    free(command);
    free(so.sets);
    if (wst != SS_OK || fflush(stdout) != 0) {
        if (wst == SS_ENOMEM)
            fprintf(stderr, "sanctionsim solve: out of memory\n");
        else
            fprintf(stderr, "sanctionsim solve: writing the result failed\n");
        ss_scenario_free(sc);
        return 1;
    }
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim solve: %s: %s\n", sc->path, err.message);
        if (r.max_regret > sc->solver.regret_tolerance)
            fprintf(stderr,
                    "sanctionsim solve: %s would gain %.3g by moving from %.6g to %.6g; when a "
                    "best response jumps like this there may be no pure-strategy equilibrium\n",
                    sc->sanctioner[r.deviator].id, r.max_regret, r.s[r.deviator], r.deviation);
    }
    ss_scenario_free(sc);
    return ss_status_exit_code(st);
}

int cmd_check(int argc, char **argv)
{
    cli_scenario_opts so = {NULL, 0, NULL};
    const char *format_name = NULL, *file = NULL;
    int code = parse_options("check", argc, argv, &so, &format_name, &file);
    if (code >= 0) {
        free(so.sets);
        return code;
    }
    ss_scenario *sc = cli_load_scenario("check", file, &so, &code);
    free(so.sets);
    if (!sc)
        return code;
    printf("%s: ok (%zu sanctioners, %s patron, %zu beliefs, sha256 %s)\n", file, sc->params.n,
           sc->params.has_patron ? "a" : "no", sc->params.nbeliefs, sc->sha256);
    ss_scenario_free(sc);
    return 0;
}
