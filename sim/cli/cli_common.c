/* Helpers the subcommands share: scenario loading with overrides, usage
 * errors and texts, operands. */
#include "cli.h"
#include "sanctionsim/scenario_load.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cli_scenario_opts cli_scenario_of(const cli_common *c)
{
    return (cli_scenario_opts){c->set.item, c->set.n, c->mode};
}

ss_scenario *cli_load_scenario(const char *cmd, const char *path, const cli_scenario_opts *o,
                               int *exit_code)
{
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (!sc) {
        fprintf(stderr, "sanctionsim %s: %s\n", cmd, err.message);
        *exit_code = ss_status_exit_code(err.status);
        return NULL;
    }
    for (size_t k = 0; k < o->nsets; k++) {
        if (ss_scenario_assign(sc, o->sets[k], "--set", &err) != SS_OK) {
            fprintf(stderr, "sanctionsim %s: %s\n", cmd, err.message);
            ss_scenario_free(sc);
            *exit_code = 2;
            return NULL;
        }
    }
    if (o->mode && ss_mode_parse(o->mode, &sc->solver.mode) != 0) {
        fprintf(stderr, "sanctionsim %s: --mode: unknown mode '%s' (spe, nash)\n", cmd, o->mode);
        ss_scenario_free(sc);
        *exit_code = 2;
        return NULL;
    }
    ss_origin mode = {SS_ORIGIN_MODE, SS_PART_SANCTIONER, 0, 0, 0, ""};
    if (o->mode && ss_scenario_set_origin(sc, &mode, "--mode", &err) != SS_OK) {
        fprintf(stderr, "sanctionsim %s: out of memory\n", cmd);
        ss_scenario_free(sc);
        *exit_code = 1;
        return NULL;
    }
    *exit_code = 0;
    return sc;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "sanctionsim %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nsee 'sanctionsim help %s'\n", cmd);
    return 2;
}

const char *cli_one_operand(const char *cmd, const cli_common *c, const char *missing)
{
    if (c->noperands == 0) {
        cli_usage_error(cmd, "%s", missing);
        return NULL;
    }
    if (c->noperands > 1) {
        cli_usage_error(cmd, "unexpected argument '%s'", c->operand[1]);
        return NULL;
    }
    return c->operand[0];
}

const cli_command *cli_command_find(const char *name)
{
    for (const cli_command *const *c = cli_commands; *c; c++)
        if (strcmp((*c)->name, name) == 0)
            return *c;
    return NULL;
}

int cli_print_usage(const char *cmd)
{
    const cli_command *c = cli_command_find(cmd);
    if (!c)
        return 2;
    fputs(c->synopsis, stdout);
    if (c->description)
        printf("\n%s", c->description);
    if (c->options && c->options->opt) {
        putchar('\n');
        cli_print_options(stdout, c->options);
    }
    if (c->epilogue)
        printf("\n%s", c->epilogue);
    return 0;
}
