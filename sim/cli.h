/* The command-line layer: the only code that prints to the user and exits. */
#ifndef SANCTIONSIM_CLI_H
#define SANCTIONSIM_CLI_H

#include <getopt.h>
#include <stddef.h>

#include "sanctionsim/scenario.h"

#define SS_VERSION "0.1.0"

/* One subcommand: its name, a one-line summary, its usage text and its entry. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *usage;
    int (*run)(int argc, char **argv);
} cli_command;

/* The command table (main.c). */
extern const cli_command cli_commands[];

/* Options every scenario-reading command shares: --set K=V (repeatable) and --mode. */
typedef struct cli_scenario_opts {
    const char **sets;
    size_t nsets;
    const char *mode;
} cli_scenario_opts;

/* Records a --set; returns 0, or -1 when out of memory. */
int cli_add_set(cli_scenario_opts *o, const char *assignment);

/* Loads FILE, applies --set and --mode. Prints the error and returns NULL
 * (with *exit_code set) on failure. */
ss_scenario *cli_load_scenario(const char *cmd, const char *path, const cli_scenario_opts *o,
                               int *exit_code);

/* Prints "sanctionsim CMD: message" and the hint to see the usage; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Reports the option getopt_long just rejected; returns 2. */
int cli_bad_option(const char *cmd, char **argv, int opt);

/* Prints a command's usage to stdout; returns 0. */
int cli_print_usage(const char *cmd);

int cmd_solve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_compare(int argc, char **argv);

#endif
