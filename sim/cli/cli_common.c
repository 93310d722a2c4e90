/* Helpers the subcommands share: scenario loading with overrides, usage errors. */
#include "cli.h"
#include "sanctionsim/scenario_load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_add_set(cli_scenario_opts *o, const char *assignment)
{
    const char **grown = realloc(o->sets, (o->nsets + 1) * sizeof *grown);
    if (!grown)
        return -1;
    o->sets = grown;
    o->sets[o->nsets++] = assignment;
    return 0;
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
        fprintf(stderr, "sanctionsim %s: --mode: unknown mode '%s' (modes: spe, nash)\n", cmd,
                o->mode);
        ss_scenario_free(sc);
        *exit_code = 2;
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

int cli_bad_option(const char *cmd, char **argv, int opt)
{
    const char *arg = argv[optind - 1];
    if (opt == ':')
        return cli_usage_error(cmd, "option '%s' needs a value", arg);
    if (optopt && arg[0] == '-' && arg[1] != '-')
        return cli_usage_error(cmd, "unknown option '-%c'", optopt);
    return cli_usage_error(cmd, "unknown option '%s'", arg);
}

int cli_print_usage(const char *cmd)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, cmd) == 0) {
            fputs(c->usage, stdout);
            return 0;
        }
    return 2;
}
