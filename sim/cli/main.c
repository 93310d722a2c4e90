/* sanctionsim: the command table and global options. */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static int cmd_help(int argc, char **argv);

static const cli_opt_use help_options[] = {{NULL}};

static const cli_command cli_cmd_help = {
    .name = "help",
    .summary = "show help for a command",
    .synopsis = "usage: sanctionsim help [COMMAND]\n",
    .options = help_options,
    .operands = "command",
    .run = cmd_help,
};

const cli_command *const cli_commands[] = {
    &cli_cmd_solve,      &cli_cmd_check,   &cli_cmd_compare, &cli_cmd_run,    &cli_cmd_observed,
    &cli_cmd_fit,        &cli_cmd_sweep,   &cli_cmd_merge,   &cli_cmd_plot,   &cli_cmd_help,
    &cli_cmd_completion, &cli_cmd_explain, &cli_cmd_show,    &cli_cmd_export, NULL,
};

static void print_main_usage(FILE *out)
{
    fprintf(out,
            "usage: sanctionsim [--help] [--version] COMMAND [ARGS]\n\n"
            "The sanctions balancing game: Japan, the G7 and its members, Russia and China.\n\n"
            "commands:\n");
    for (const cli_command *const *c = cli_commands; *c; c++)
        fprintf(out, "  %-11s %s\n", (*c)->name, (*c)->summary);
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
    const cli_command *c = cli_command_find(cmd);
    if (c)
        return finish(c->run(argc - 1, argv + 1));
    if (cmd[0] == '-')
        fprintf(stderr, "sanctionsim: unknown option '%s'\n", cmd);
    else
        fprintf(stderr, "sanctionsim: unknown command '%s'\n", cmd);
    fprintf(stderr, "see 'sanctionsim --help'\n");
    return 2;
}
