/* sanctionsim: the command table and global options. */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char solve_usage[] =
    "usage: sanctionsim solve FILE [--mode spe|nash] [--set KEY=VALUE]... [--format "
    "table|json|tsv|csv]\n"
    "\n"
    "Solves the scenario's game and prints every agent's strategy and payoffs, the\n"
    "derived quantities X, D, H and the regret certificate.\n"
    "\n"
    "  --mode MODE        spe (two stages, default) or nash (one stage)\n"
    "  --set KEY=VALUE    override a parameter, e.g. japan.alliance_pressure=3,\n"
    "                     russia.reciprocity.japan=0.2 or\n"
    "                     japan.beliefs.target.hedging_value=0.6 (repeatable)\n"
    "  --format FORMAT    table (default), json, tsv or csv\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 solved, 1 the solve failed (reported), 2 bad usage or scenario.\n";

static const char check_usage[] =
    "usage: sanctionsim check FILE [--set KEY=VALUE]...\n"
    "\n"
    "Validates a scenario file (and the overrides) without solving it. Prints\n"
    "'FILE: ok' and exits 0, or prints the first error as FILE:LINE: 'KEY': problem\n"
    "and exits 2.\n";

static const char compare_usage[] =
    "usage: sanctionsim compare BASE ALT [--mode spe|nash] [--set KEY=VALUE]... [--format "
    "table|json|tsv]\n"
    "                           [--static] [--plot FILE.png]\n"
    "\n"
    "Solves two scenarios (a baseline and a counterfactual) and prints every\n"
    "quantity for both with the difference (alt - base), then the cost of\n"
    "misperception for every sanctioner holding beliefs: its realized payoff at\n"
    "the equilibrium where it sees the target and patron as they are, minus the\n"
    "one with its stated beliefs (MODEL.md section 7).\n"
    "\n"
    "  --mode MODE        solve both in this mode (default: each scenario's own)\n"
    "  --set KEY=VALUE    override a parameter in both scenarios (repeatable)\n"
    "  --format FORMAT    table (default), json or tsv\n"
    "  --static           compare equilibria even when both scenarios have timelines\n"
    "  --plot FILE.png    draw the strategies of both as grouped bars (needs gnuplot);\n"
    "                     .png, .svg or .pdf, by the extension\n"
    "\n"
    "When both scenarios have a timeline with the same periods, compare runs both\n"
    "and prints the difference per period instead (table: intensities and c;\n"
    "tsv: every quantity as .base, .alt and .diff columns).\n"
    "\n"
    "example: sanctionsim compare scenarios/baseline_2014.cfg scenarios/cf_linkage.cfg\n";

static const char run_usage[] =
    "usage: sanctionsim run FILE [-o FILE] [--set KEY=VALUE]... [--mode spe|nash]\n"
    "                       [--runs N [--seed S] [--threads T]] [--plot FILE.png]\n"
    "\n"
    "Steps through the scenario's timeline (MODEL.md section 8; docs/dynamics.md):\n"
    "each period the events whose date has come change parameters, sanctioners\n"
    "move in the declared order by s_i += adjustment_i (BR_i(s) - s_i), the\n"
    "ratchet limits decreases, and Russia and China answer. Writes TSV: '#' lines\n"
    "(version, command, scenario path and sha256, RMSE against the observed\n"
    "index per sanctioner), then one row per period: date, s.<id>..., c p a q X D\n"
    "H, u.<id>..., realized.<id>..., observed.<id>..., events.\n"
    "\n"
    "  -o, --output FILE  write the TSV here (temporary file, then rename); a\n"
    "                     summary goes to stdout\n"
    "  --set KEY=VALUE    override a parameter (repeatable)\n"
    "  --mode MODE        spe (default) or nash best responses\n"
    "  --runs N           Monte Carlo: N runs drawing every prior and the\n"
    "                     timeline's shocks; rows give percentiles COLUMN.p05 .p25\n"
    "                     .p50 .p75 .p95 per period\n"
    "  --seed S           seed of the runs (default 1); run k is seeded from (S, k)\n"
    "  --threads T        threads for the runs (the output does not depend on it)\n"
    "  --plot FILE.png    draw it with gnuplot (plots/timeseries.gp, or plots/fan.gp\n"
    "                     with --runs); .png, .svg or .pdf, by the extension\n"
    "\n"
    "example: sanctionsim run scenarios/timeline_2014_2018.cfg -o series.tsv --plot series.png\n"
    "Exit status: 0 done, 1 a run or writing failed, 2 bad usage or scenario.\n";

static const char observed_usage[] =
    "usage: sanctionsim observed FILE [-o FILE] [--changes] [--set KEY=VALUE]...\n"
    "\n"
    "Prints the observed sanction intensity index (MODEL.md section 9) of every\n"
    "sanctioner with measures in the scenario's 'observed' section: the weighted\n"
    "sum of the measure types in force, each type's scopes added and capped at 1.\n"
    "One row per timeline period (measures in force at the period's end), or with\n"
    "--changes (or without a timeline) one row per date a measure starts or ends.\n"
    "\n"
    "  -o, --output FILE  write the TSV here (temporary file, then rename)\n"
    "  --changes          one row per date the index changes\n";

static const char fit_usage[] =
    "usage: sanctionsim fit FILE --free KEY [--free KEY]... [--data TABLE.tsv] [--set "
    "KEY=VALUE]...\n"
    "                       [--mode spe|nash] [-o FITTED.cfg [--force]]\n"
    "\n"
    "Fits the named parameters so that the modelled intensities of the scenario's\n"
    "timeline match the observed ones, by nonlinear least squares (GSL\n"
    "multifit_nlinear, Levenberg-Marquardt). Prints the estimates with standard\n"
    "errors and the root mean square error before and after.\n"
    "\n"
    "  --free KEY         a parameter to fit, e.g. japan.alliance_pressure (repeatable)\n"
    "  --data TABLE.tsv   fit to the s.<id> columns of a table with a date column\n"
    "                     (as `run -o` writes) instead of the observed measures\n"
    "  --set KEY=VALUE    override a parameter first (repeatable)\n"
    "  -o FITTED.cfg      write the fitted scenario (base + set), in FILE's directory;\n"
    "                     never FILE itself or one of its bases\n"
    "  --force            replace an existing FITTED.cfg\n";

static int cmd_help(int argc, char **argv);

static const char help_usage[] = "usage: sanctionsim help [COMMAND]\n";

const cli_command cli_commands[] = {
    {"solve", "solve a scenario's equilibrium", solve_usage, cmd_solve},
    {"check", "validate a scenario file", check_usage, cmd_check},
    {"compare", "compare two scenarios and the cost of misperception", compare_usage, cmd_compare},
    {"run", "run a scenario's timeline (dynamics, Monte Carlo bands)", run_usage, cmd_run},
    {"observed", "print the observed sanction intensity index", observed_usage, cmd_observed},
    {"fit", "fit parameters to observed intensities", fit_usage, cmd_fit},
    {"sweep", "solve at every point of a parameter design", cli_sweep_usage, cmd_sweep},
    {"merge", "join the shards of a sweep", cli_merge_usage, cmd_merge},
    {"plot", "plot a sweep (lines or a heatmap) with gnuplot", cli_plot_usage, cmd_plot},
    {"help", "show help for a command", help_usage, cmd_help},
    {NULL, NULL, NULL, NULL},
};

static void print_main_usage(FILE *out)
{
    fprintf(out,
            "usage: sanctionsim [--help] [--version] COMMAND [ARGS]\n\n"
            "The sanctions balancing game: Japan, the G7 and its members, Russia and China.\n\n"
            "commands:\n");
    for (const cli_command *c = cli_commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out, "\nSee 'sanctionsim help COMMAND' for a command's options.\n");
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        print_main_usage(stdout);
        return 0;
    }
    if (cli_print_usage(argv[1]) != 0) {
        fprintf(stderr, "sanctionsim help: unknown command '%s'\n", argv[1]);
        return 2;
    }
    return 0;
}

/* A command that succeeded but whose standard output could not be written
 * (a full disk, /dev/full, a closed pipe) has failed: exit status 1. */
static int finish(int code)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && code == 0) {
        fprintf(stderr, "sanctionsim: writing to standard output failed: %s\n", strerror(errno));
        return 1;
    }
    return code;
}

int main(int argc, char **argv)
{
    /* The library never reaches GSL's handler but for memory running out
     * inside GSL (include/sanctionsim/error.h): off, that is SS_ENOMEM, exit 1 */
    gsl_set_error_handler_off();
    if (argc < 2) {
        print_main_usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        print_main_usage(stdout);
        return finish(0);
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("sanctionsim %s\n", SS_VERSION);
        return finish(0);
    }
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, cmd) == 0)
            return finish(c->run(argc - 1, argv + 1));
    if (cmd[0] == '-')
        fprintf(stderr, "sanctionsim: unknown option '%s'\n", cmd);
    else
        fprintf(stderr, "sanctionsim: unknown command '%s'\n", cmd);
    fprintf(stderr, "see 'sanctionsim --help'\n");
    return 2;
}
