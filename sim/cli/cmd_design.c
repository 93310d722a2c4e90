/* `sanctionsim design`: the points of a design for named variables, written
 * for a model outside the tool (docs/analysis.md): evaluate it on each row,
 * append the outputs as columns, then `sanctionsim analyze`. */
#include "cli.h"
#include "cli_design.h"
#include "sanctionsim/design_file.h"
#include "sanctionsim/provenance.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct design_args {
    cli_common c;      /* first: the shared options */
    cli_design_args d; /* then the design's (cli_design.h) */
} design_args;
_Static_assert(offsetof(design_args, d) == offsetof(cli_design_prefix, d),
               "design_args starts as cli_design_prefix does");

static const char *const design_formats[] = {"tsv", "csv", NULL};

static const cli_opt_use design_options[] = {
    {&cli_opt_vary, "NAME=SPEC",
     "a variable of the design (repeatable): a NAME of your own\n"
     "(letters, digits, _ . -) and START:STOP (uniform, or the grid\n"
     "START:STOP:COUNT), log:START:STOP[:COUNT] or a list v1,v2,...",
     NULL},
    CLI_DESIGN_OPTION_USES,
    {&cli_opt_output, NULL, NULL, NULL},
    {&cli_opt_format, NULL, "tsv (default) or csv", design_formats},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_design = {
    .name = "design",
    .summary = "write the points of a design for a model of your own",
    .synopsis = "usage: sanctionsim design --vary NAME=SPEC... [--design grid|random|lhs|sobol|\n"
                "                          saltelli|morris] [--samples N] [--second-order]\n"
                "                          [--trajectories R] [--levels P] [--seed S]\n"
                "                          [-o design.tsv] [--format tsv|csv]\n",
    .description =
        "Writes one row per point of the design: its index and the value of each\n"
        "variable, after '#' lines that record the design. The variables need not be\n"
        "scenario keys: evaluate any model on the rows, append its outputs as columns,\n"
        "and run 'sanctionsim analyze sobol|morris FILE --output COLUMN'. The points are\n"
        "those 'sweep' would solve with the same options.\n",
    .options = design_options,
    .epilogue = "Exit status: 0 written, 1 writing failed, 2 bad usage or SPEC.\n",
    .operands = NULL,
    .run = cmd_design,
};

static const char CMD[] = "design";

int cmd_design(int argc, char **argv)
{
    design_args a;
    memset(&a, 0, sizeof a);
    a.c.format = "tsv";
    a.c.seed.value = 1;
    int code = cli_parse(CMD, design_options, argc, argv, &a.c);
    if (code < 0 && a.c.noperands)
        code = cli_usage_error(CMD, "unexpected operand '%s' (the design needs no scenario)",
                               a.c.operand[0]);
    if (code < 0 && a.d.vary.n == 0)
        code = cli_usage_error(CMD, "nothing to vary: give --vary NAME=SPEC, e.g. --vary x1=0:1");
    char *command = code < 0 ? ss_provenance_command(argc, argv) : NULL;
    if (code < 0 && !command) {
        fprintf(stderr, "sanctionsim design: out of memory\n");
        code = 1;
    }
    if (code >= 0) {
        cli_args_free(design_options, &a.c);
        return code;
    }
    ss_design d;
    ss_error err;
    ss_status st = cli_design_make(&a.d, NULL, (unsigned long)a.c.seed.value, &d, &err);
    if (st == SS_EINPUT)
        code = cli_usage_error(CMD, "%s", err.message);
    else if (st) {
        fprintf(stderr, "sanctionsim design: %s\n", err.message);
        code = ss_status_exit_code(st);
    } else {
        cli_output o;
        const char *path = a.c.output ? a.c.output : "-";
        if (cli_output_open(&o, path) != 0) {
            fprintf(stderr, "sanctionsim design: -o %s: %s\n", path, strerror(errno));
            code = 1;
        } else {
            ss_provenance prov = {command, NULL, 0};
            char sep = strcmp(a.c.format, "csv") == 0 ? ',' : '\t';
            if (ss_design_write(o.fp, &d, &prov, sep, &err) != SS_OK) {
                cli_output_abort(&o);
                fprintf(stderr, "sanctionsim design: %s\n", err.message);
                code = 1;
            } else if (cli_output_commit(&o) != 0) {
                fprintf(stderr, "sanctionsim design: -o %s: writing failed\n", path);
                code = 1;
            } else {
                code = 0;
            }
        }
    }
    ss_design_free(&d);
    free(command);
    cli_args_free(design_options, &a.c);
    return code;
}
