/* `sanctionsim explain`: why a sanctioner sanctions as it does. */
#include "cli.h"
#include "sanctionsim/explain.h"
#include "sanctionsim/explain_report.h"
#include "sanctionsim/provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct explain_args {
    cli_common c; /* first: the shared options */
    const char *agent;
} explain_args;

static const cli_option opt_agent = {
    .name = "agent",
    .kind = CLI_OPT_STRING,
    .offset = offsetof(explain_args, agent),
    .arg = "ID",
    .help = "the sanctioner to explain (default: the scenario's first)",
};

static const char *const explain_formats[] = {"table", "tsv", "json", NULL};

static const cli_opt_use explain_options[] = {
    {&opt_agent, NULL, NULL, NULL},
    {&cli_opt_mode, NULL, "spe (two stages, default) or nash (one stage)", NULL},
    {&cli_opt_set, NULL, "override a parameter before explaining (repeatable)", NULL},
    {&cli_opt_format, NULL, "table (default), tsv or json", explain_formats},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_explain = {
    .name = "explain",
    .summary = "why a sanctioner sanctions as it does",
    .synopsis = "usage: sanctionsim explain FILE [--agent ID] [--mode spe|nash] [--set "
                "KEY=VALUE]... [--format table|tsv|json]\n",
    .description =
        "Answers \"why does Japan sanction at 0.31?\" for one sanctioner at the scenario's\n"
        "equilibrium, in four sections:\n"
        "  1. Its payoff, term by term: what each motive (norm enforcement, economic cost,\n"
        "     alliance pressure, territorial progress, isolation risk, the patron's\n"
        "     assertiveness, domestic value) is worth to it, as it sees the world\n"
        "     (perceived) and as the world is (realized), and how much one more unit of\n"
        "     sanctions would change it (d/ds; in spe the other side's reaction is\n"
        "     included). At an interior equilibrium the perceived d/ds add up to 0:\n"
        "     the motives that push and the ones that hold back balance there.\n"
        "  2. Its channels switched off one at a time (the parameter set to 0): how the\n"
        "     whole equilibrium moves without that motive; 'change' is its new intensity\n"
        "     minus the old.\n"
        "  3. Its beliefs corrected (set to the truth) one at a time, by group\n"
        "     (reciprocity; the axis: hedging_value, substitution, dependence_gain) and\n"
        "     all together: how much of its choice comes from misjudging the others.\n"
        "  4. The cost of misperception: its realized payoff with true beliefs minus\n"
        "     with its own (positive: its beliefs hurt it).\n",
    .options = explain_options,
    .epilogue = "Exit status: 0 explained, 1 a solve failed (reported), 2 bad usage, scenario\n"
                "or --agent.\n",
    .operands = "scenario",
    .run = cmd_explain,
};

/* The sanctioner --agent names (default 0); -1 after a message. */
static int agent_of(const ss_scenario *sc, const char *id)
{
    if (!id)
        return 0;
    int i = ss_scenario_sanctioner(sc, id);
    if (i >= 0)
        return i;
    fprintf(stderr, "sanctionsim explain: --agent: '%s' is not a sanctioner of %s (known:", id,
            sc->path);
    for (size_t j = 0; j < sc->params.n; j++)
        fprintf(stderr, "%s %s", j ? "," : "", sc->sanctioner[j].id);
    fprintf(stderr, ")\n");
    return -1;
}

int cmd_explain(int argc, char **argv)
{
    explain_args a = {.c = {.format = "table"}};
    int code = cli_parse(cli_cmd_explain.name, explain_options, argc, argv, &a.c);
    const char *file = NULL;
    if (code < 0 && !(file = cli_one_operand("explain", &a.c, "missing scenario FILE")))
        code = 2;
    if (code >= 0) {
        cli_args_free(explain_options, &a.c);
        return code;
    }
    char *command = ss_provenance_command(argc, argv);
    ss_explanation *ex = malloc(sizeof *ex);
    if (!command || !ex) {
        fprintf(stderr, "sanctionsim explain: out of memory\n");
        free(command);
        free(ex);
        cli_args_free(explain_options, &a.c);
        return 1;
    }
    ss_format fmt;
    ss_format_parse(a.c.format, &fmt); /* one of explain_formats */
    cli_scenario_opts so = cli_scenario_of(&a.c);
    ss_scenario *sc = cli_load_scenario("explain", file, &so, &code);
    int agent = sc ? agent_of(sc, a.agent) : -1;
    if (!sc || agent < 0) {
        free(command);
        free(ex);
        ss_scenario_free(sc);
        cli_args_free(explain_options, &a.c);
        return sc ? 2 : code;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_explain(sc, (size_t)agent, ex, &err);
    ss_provenance prov = {command, so.sets, so.nsets};
    ss_status wst =
        st == SS_ENOMEM || st == SS_EINPUT ? st : ss_explain_report(stdout, sc, ex, fmt, &prov);
    free(command);
    free(ex);
    cli_args_free(explain_options, &a.c); /* so's overrides are a.c's */
    if (st != SS_OK)
        fprintf(stderr, "sanctionsim explain: %s\n", err.message);
    else if (wst != SS_OK || fflush(stdout) != 0)
        fprintf(stderr, "sanctionsim explain: %s\n",
                wst == SS_ENOMEM ? "out of memory" : "writing the result failed");
    ss_scenario_free(sc);
    if (st != SS_OK)
        return ss_status_exit_code(st);
    return wst == SS_OK ? 0 : 1;
}
