/* `sanctionsim solve` and `sanctionsim check`. */
#include "cli.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const solve_formats[] = {"table", "json", "tsv", "csv", NULL};

typedef struct solve_args {
    cli_common c; /* first: the shared options */
    int mixed;
    const char *qre;
} solve_args;

static const cli_option opt_mixed = {
    .name = "mixed",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(solve_args, mixed),
    .help = "a mixed equilibrium of the leaders' game even where a pure one is\n"
            "certified (without it: only where none is; docs/solver.md)",
};

static const cli_option opt_qre = {
    .name = "qre",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(solve_args, qre),
    .arg = "LAMBDA",
    .help = "the logit quantal-response equilibrium at LAMBDA >= 0 (as --set\n"
            "qre.lambda=LAMBDA; not with --mixed)",
};

static const cli_opt_use solve_options[] = {
    {&cli_opt_mode, NULL, "spe (two stages, default) or nash (one stage)", NULL},
    {&opt_mixed, NULL, NULL, NULL},
    {&opt_qre, NULL, NULL, NULL},
    {&cli_opt_set, NULL,
     "override a parameter, e.g. japan.alliance_pressure=3,\n"
     "russia.reciprocity.japan=0.2 or\n"
     "japan.beliefs.target.hedging_value=0.6 (repeatable)",
     NULL},
    {&cli_opt_format, NULL, "table (default), json, tsv or csv", solve_formats},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_solve = {
    .name = "solve",
    .summary = "solve a scenario's equilibrium",
    .synopsis = "usage: sanctionsim solve FILE [--mode spe|nash] [--mixed | --qre LAMBDA]\n"
                "                         [--set KEY=VALUE]... [--format table|json|tsv|csv]\n",
    .description = "Solves the scenario's game and prints every agent's strategy and payoffs, the\n"
                   "derived quantities X, D, H and the regret certificate. Where no pure\n"
                   "equilibrium is certified it reports a mixed one (status mixed): each\n"
                   "sanctioner's support, expected intensity, payoffs and follower moves.\n",
    .options = solve_options,
    .epilogue = "Exit status: 0 solved, 1 the solve failed (reported), 2 bad usage or scenario.\n",
    .operands = "scenario",
    .run = cmd_solve,
};

typedef struct check_args {
    cli_common c; /* first: the shared options */
    int keys;
} check_args;

static const cli_option opt_keys = {
    .name = "keys",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(check_args, keys),
    .help = "print the keys --set and --vary take for FILE, one a line",
};

static const cli_opt_use check_options[] = {
    {&cli_opt_set, NULL, NULL, NULL},
    {&opt_keys, NULL, NULL, NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_check = {
    .name = "check",
    .summary = "validate a scenario file",
    .synopsis = "usage: sanctionsim check FILE [--set KEY=VALUE]...\n",
    .description =
        "Validates a scenario file (and the overrides) without solving it. Prints\n"
        "'FILE: ok' and exits 0, or prints the first error as FILE:LINE: 'KEY': problem\n"
        "and exits 2.\n",
    .options = check_options,
    .operands = "scenario",
    .run = cmd_check,
};

/* Parses the options of solve or check. Returns -1 to go on, else an exit code. */
static int parse_options(const cli_command *cmd, int argc, char **argv, cli_common *c,
                         const char **file)
{
    int code = cli_parse(cmd->name, cmd->options, argc, argv, c);
    if (code >= 0)
        return code;
    if (!(*file = cli_one_operand(cmd->name, c, "missing scenario FILE")))
        return 2;
    return -1;
}

/* The answer --mixed, --qre or neither asks for. */
static ss_status solve_answer(const ss_scenario *sc, int mixed, ss_mixed_result *m, ss_error *err)
{
    if (!mixed)
        return ss_solve_any(&sc->params, &sc->solver, NULL, m, err);
    ss_result pure;
    ss_error perr;
    ss_status st = ss_solve(&sc->params, &sc->solver, NULL, &pure, &perr);
    if (st == SS_EINPUT || st == SS_ENOMEM || !isfinite(pure.max_regret)) {
        memset(m, 0, sizeof *m);
        m->r = pure;
        *err = perr;
        return st;
    }
    return ss_mixed_solve(&sc->params, &sc->solver, &pure, m, err);
}

/* --qre's value: a number >= 0. Returns 0, or 2 after a message. */
static int parse_lambda(const char *text, double *lambda)
{
    if (ss_parse_double(text, lambda) != 0 || !(*lambda >= 0))
        return cli_usage_error("solve", "--qre: '%s' is not a number >= 0 (the QRE's lambda)",
                               text);
    return 0;
}

int cmd_solve(int argc, char **argv)
{
    solve_args a = {.c = {.format = "table"}};
    const char *file = NULL;
    int code = parse_options(&cli_cmd_solve, argc, argv, &a.c, &file);
    double lambda = 0;
    if (code < 0 && a.qre && a.mixed)
        code =
            cli_usage_error("solve", "--mixed and --qre ask for two different answers: give one");
    if (code < 0 && a.qre && parse_lambda(a.qre, &lambda) != 0)
        code = 2;
    if (code >= 0) {
        cli_args_free(solve_options, &a.c);
        return code;
    }
    char *command = ss_provenance_command(argc, argv);
    ss_mixed_result *m = malloc(sizeof *m);
    if (!command || !m) {
        fprintf(stderr, "sanctionsim solve: out of memory\n");
        free(command);
        free(m);
        cli_args_free(solve_options, &a.c);
        return 1;
    }
    ss_format fmt;
    ss_format_parse(a.c.format, &fmt); /* one of solve_formats */
    cli_scenario_opts so = cli_scenario_of(&a.c);
    ss_scenario *sc = cli_load_scenario("solve", file, &so, &code);
    if (sc && a.mixed && sc->params.qre_on) {
        code = cli_usage_error("solve", "--mixed and --set qre.lambda ask for two different "
                                        "answers: give one");
        ss_scenario_free(sc);
        sc = NULL;
    }
    if (!sc) {
        free(command);
        free(m);
        cli_args_free(solve_options, &a.c);
        return code;
    }
    if (a.qre) {
        sc->params.qre_on = 1;
        sc->params.qre_lambda = lambda;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st = solve_answer(sc, a.mixed, m, &err);
    /* out of memory: m holds no result to show */
    ss_provenance prov = {command, so.sets, so.nsets};
    ss_status wst = st == SS_ENOMEM ? SS_ENOMEM : ss_report_answer(stdout, sc, m, fmt, &prov);
    free(command);
    cli_args_free(solve_options, &a.c); /* so's overrides are c's */
    if (wst != SS_OK || fflush(stdout) != 0) {
        if (wst == SS_ENOMEM)
            fprintf(stderr, "sanctionsim solve: out of memory\n");
        else
            fprintf(stderr, "sanctionsim solve: writing the result failed\n");
        ss_scenario_free(sc);
        free(m);
        return 1;
    }
    const ss_result *r = &m->r;
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim solve: %s: %s\n", sc->path, err.message);
        if (m->kind == SS_ANSWER_PURE && r->max_regret > sc->solver.regret_tolerance)
            fprintf(stderr,
                    "sanctionsim solve: %s would gain %.3g by moving from %.6g to %.6g; when a "
                    "best response jumps like this there may be no pure-strategy equilibrium\n",
                    sc->sanctioner[r->deviator].id, r->max_regret, r->s[r->deviator], r->deviation);
    }
    ss_scenario_free(sc);
    free(m);
    return ss_status_exit_code(st);
}

int cmd_check(int argc, char **argv)
{
    check_args a = {0};
    const char *file = NULL;
    int code = parse_options(&cli_cmd_check, argc, argv, &a.c, &file);
    if (code >= 0) {
        cli_args_free(check_options, &a.c);
        return code;
    }
    cli_scenario_opts so = cli_scenario_of(&a.c);
    ss_scenario *sc = cli_load_scenario("check", file, &so, &code);
    cli_args_free(check_options, &a.c);
    if (!sc)
        return code;
    if (a.keys) {
        cli_print_keys(stdout, sc);
        ss_scenario_free(sc);
        return 0;
    }
    printf("%s: ok (%zu sanctioners, %s patron, %zu beliefs, sha256 %s)\n", file, sc->params.n,
           sc->params.has_patron ? "a" : "no", sc->params.nbeliefs, sc->sha256);
    ss_scenario_free(sc);
    return 0;
}
