/* `sanctionsim show`: every resolved number of a scenario, where it was set,
 * and the scenario written out standalone. */
#include "cli.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"
#include "sanctionsim/scenario_write.h"
#include "sanctionsim/show_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const show_formats[] = {"table", "json", "cfg", NULL};

static const cli_opt_use show_options[] = {
    {&cli_opt_mode, NULL, "spe or nash: the mode shown and written", NULL},
    {&cli_opt_set, NULL, "override a parameter before showing it (repeatable)", NULL},
    {&cli_opt_format, NULL,
     "table (default: key, value, range, origin, meaning), json, or cfg (a\n"
     "standalone scenario, no base, that solves identically)",
     show_formats},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_show = {
    .name = "show",
    .summary = "print every resolved parameter and where it was set",
    .synopsis = "usage: sanctionsim show FILE [--mode spe|nash] [--set KEY=VALUE]... [--format "
                "table|json|cfg]\n",
    .description =
        "Prints every parameter of the scenario after its base files, its 'set' list and\n"
        "--set: each sanctioner's (defaults included) and the beliefs it holds, the\n"
        "target's with its reciprocity per sanctioner, the patron's, the mode and the\n"
        "solver settings, each with its range, its meaning and its origin: the FILE:LINE\n"
        "that set it (the scenario, one of its bases, or a 'set' list line), --set,\n"
        "--mode, or default. --format cfg writes a standalone scenario (no base) with\n"
        "its priors, timeline and observed sections.\n",
    .options = show_options,
    .epilogue = "Exit status: 0 shown, 1 writing failed, 2 bad usage or scenario.\n",
    .operands = "scenario",
    .run = cmd_show,
};

int cmd_show(int argc, char **argv)
{
    cli_common c = {.format = "table"};
    int code = cli_parse(cli_cmd_show.name, show_options, argc, argv, &c);
    const char *file = NULL;
    if (code < 0 && !(file = cli_one_operand("show", &c, "missing scenario FILE")))
        code = 2;
    if (code >= 0) {
        cli_args_free(show_options, &c);
        return code;
    }
    char *command = ss_provenance_command(argc, argv);
    cli_scenario_opts so = cli_scenario_of(&c);
    ss_scenario *sc = command ? cli_load_scenario("show", file, &so, &code) : NULL;
    if (!sc) {
        if (!command)
            fprintf(stderr, "sanctionsim show: out of memory\n");
        free(command);
        cli_args_free(show_options, &c);
        return command ? code : 1;
    }
    ss_provenance prov = {command, so.sets, so.nsets};
    ss_status st;
    if (strcmp(c.format, "cfg") == 0) {
        st = ss_scenario_write_cfg(stdout, sc, &prov);
    } else {
        ss_format fmt;
        ss_format_parse(c.format, &fmt); /* table or json */
        st = ss_report_show(stdout, sc, fmt, &prov);
    }
    free(command);
    cli_args_free(show_options, &c);
    ss_scenario_free(sc);
    if (st != SS_OK || fflush(stdout) != 0) {
        fprintf(stderr, "sanctionsim show: %s\n",
                st == SS_ENOMEM ? "out of memory" : "writing the output failed");
        return 1;
    }
    return 0;
}
