/* The command line's one option parser: every option is described once, in a
 * table (name, short name, kind, where it is stored, bounds, help line), and
 * the same table drives parsing, the --help option list and bash completion.
 * Options several commands take (--set, --mode, --seed, --threads, -o, ...)
 * are defined once here and shared by every command's table. */
#ifndef SANCTIONSIM_CLI_OPTIONS_H
#define SANCTIONSIM_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* What an option takes and how it is stored. */
typedef enum cli_opt_kind {
    CLI_OPT_FLAG,   /* no value; an int set to 1 */
    CLI_OPT_STRING, /* a value; a const char * */
    CLI_OPT_FILE,   /* a file name that is not empty; a const char * */
    CLI_OPT_CHOICE, /* one of the words of the command's table; a const char * */
    CLI_OPT_WHOLE,  /* a whole number in [min, max], digits only; a cli_whole */
    CLI_OPT_LIST,   /* a value, repeatable, kept in order; a cli_list */
    CLI_OPT_HELP    /* prints the command's usage to stdout, exit status 0 */
} cli_opt_kind;

/* A repeatable option's values, in the order given; freed by cli_args_free. */
typedef struct cli_list {
    const char **item;
    size_t n;
} cli_list;

/* A whole-number option: its value and whether it was given (else the value
 * is what the command set before parsing: its default). */
typedef struct cli_whole {
    unsigned long long value;
    int given;
} cli_whole;

/* One option. Storage is at `offset` in the command's argument struct, whose
 * first member is a cli_common (shared options are stored there). */
typedef struct cli_option {
    const char *name; /* long name without "--" */
    char short_name;  /* 0: none */
    cli_opt_kind kind;
    size_t offset;               /* offsetof in the command's argument struct */
    unsigned long long min, max; /* CLI_OPT_WHOLE */
    const char *max_text;        /* how max reads in messages and help (NULL: digits) */
    const char *arg;             /* the value's name in help, e.g. "KEY=VALUE" */
    const char *noun;            /* CLI_OPT_CHOICE: "unknown NOUN 'x'" */
    const char *const *choices;  /* CLI_OPT_CHOICE: the words, ended by NULL */
    const char *help;            /* help text; '\n' starts a continuation line */
} cli_option;

/* An option as one command uses it: the shared description, with the
 * command's own words where they differ (NULL: the option's). */
typedef struct cli_opt_use {
    const cli_option *opt;
    const char *arg;
    const char *help;
    const char *const *choices; /* CLI_OPT_CHOICE: the words this command takes */
} cli_opt_use;

/* What every command's argument struct starts with: the shared options'
 * storage and the operands (the arguments that are not options, in order). */
typedef struct cli_common {
    cli_list set; /* --set KEY=VALUE */
    const char *mode, *format, *output, *plot;
    cli_whole seed, threads;
    int force, quiet;
    const char **operand;
    size_t noperands;
} cli_common;

/* The shared options (options.c). */
extern const cli_option cli_opt_set, cli_opt_mode, cli_opt_format, cli_opt_output, cli_opt_plot,
    cli_opt_seed, cli_opt_threads, cli_opt_force, cli_opt_quiet, cli_opt_help;

/* The bounds every command uses for --seed and --threads. */
#define CLI_SEED_MAX    4294967295ULL
#define CLI_THREADS_MAX 4096ULL

/* Parses argv[1..argc-1] (argv[0] is the command's name) against the table
 * (ended by an entry whose opt is NULL) into args, a command's argument
 * struct that starts with a cli_common and holds its defaults. Long options
 * take "--name=value" or "--name value" and may be shortened to a unique
 * prefix; short ones "-o value", "-ovalue", and bundle ("-qo value"); "--"
 * ends the options. The argument vector is not reordered. Returns -1 to go
 * on, else the exit status after a message: 0 after --help, 2 for a bad
 * option (printed as cli_usage_error), 1 out of memory. On every return the
 * caller frees with cli_args_free. */
int cli_parse(const char *cmd, const cli_opt_use *table, int argc, char **argv, cli_common *args);

/* Frees what cli_parse allocated in args (the table's lists and the
 * operands); args stays valid, with empty lists. */
void cli_args_free(const cli_opt_use *table, cli_common *args);

/* Writes the table's option list, as --help shows it. */
void cli_print_options(FILE *out, const cli_opt_use *table);

/* The value's name, help text and choices of a use (the command's own, else
 * the option's). */
const char *cli_use_arg(const cli_opt_use *u);
const char *cli_use_help(const cli_opt_use *u);
const char *const *cli_use_choices(const cli_opt_use *u);

#endif
