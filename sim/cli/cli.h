/* The command-line layer: the only code that prints to the user and exits. */
#ifndef SANCTIONSIM_CLI_H
#define SANCTIONSIM_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "sanctionsim/scenario.h"
#include "sanctionsim/version.h"
#include "options.h"

/* One subcommand: its name, a one-line summary, its help text (printed by
 * `sanctionsim help CMD` and `CMD --help` as synopsis, description, the
 * option list generated from options, then epilogue) and its entry. */
typedef struct cli_command {
    const char *name;
    const char *summary;
    const char *synopsis;       /* the "usage: ..." lines */
    const char *description;    /* NULL: none */
    const cli_opt_use *options; /* the option table, ended by {NULL} */
    const char *epilogue;       /* NULL: none */
    const char *operands;       /* what completes the operands: "scenario" (a
                                   .cfg file), "file" or NULL (nothing) */
    int (*run)(int argc, char **argv);
} cli_command;

/* The command table (main.c), ended by NULL; each command's entry lives in
 * its cmd_*.c beside its option table. */
extern const cli_command *const cli_commands[];
extern const cli_command cli_cmd_solve, cli_cmd_check, cli_cmd_compare, cli_cmd_run,
    cli_cmd_observed, cli_cmd_fit, cli_cmd_sweep, cli_cmd_merge, cli_cmd_plot, cli_cmd_completion;
extern const cli_command cli_cmd_explain;
int cmd_explain(int argc, char **argv);
extern const cli_command cli_cmd_show;
extern const cli_command cli_cmd_export;
int cmd_export(int argc, char **argv);

/* What the scenario-reading commands apply after loading: --set K=V (in
 * order) and --mode. */
typedef struct cli_scenario_opts {
    const char **sets;
    size_t nsets;
    const char *mode;
} cli_scenario_opts;

/* The --set and --mode a parse left in c. */
cli_scenario_opts cli_scenario_of(const cli_common *c);

/* Loads FILE, applies --set and --mode. Prints the error and returns NULL
 * (with *exit_code set) on failure. */
ss_scenario *cli_load_scenario(const char *cmd, const char *path, const cli_scenario_opts *o,
                               int *exit_code);

/* Prints "sanctionsim CMD: message" and the hint to see the usage; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The one operand of a command that takes exactly one (its FILE): NULL after
 * a usage message ("missing" names what is missing), the exit status then 2. */
const char *cli_one_operand(const char *cmd, const cli_common *c, const char *missing);

/* Prints a command's usage to stdout; returns 0 (2: no such command). */
int cli_print_usage(const char *cmd);

/* Finds a command by name; NULL when there is none. */
const cli_command *cli_command_find(const char *name);

/* Prints every parameter key --set and --vary take for sc, one a line
 * (cmd_completion.c; `check FILE --keys`). */
void cli_print_keys(FILE *out, const ss_scenario *sc);

int cmd_solve(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_observed(int argc, char **argv);
int cmd_show(int argc, char **argv);

int cmd_sweep(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* Temporaries removed if SIGINT, SIGTERM or SIGHUP ends the process
 * (cli_cleanup.c). The handler is installed for the signals whose action is
 * the default when a path is added (an ignored signal, or a handler of the
 * command's own, stays); it only unlinks the files, then rmdirs the
 * directories, and dies of the signal. Register a path right after creating
 * it (or create it with cli_cleanup_mkstemp or _mkdtemp), and forget it right
 * after removing or renaming it. At most 32 at once.
 * Registering allocates nothing. cli_cleanup_add and cli_cleanup_add_dir
 * return 0, or -1 with errno (a path of PATH_MAX or more, or no free slot: the
 * path is then not removed on a signal). */
int cli_cleanup_add(const char *path);
int cli_cleanup_add_dir(const char *dir); /* removed after the files, if empty */
void cli_cleanup_forget(const char *path);
/* mkstemp and mkdtemp with the result registered before a signal can be
 * handled, so no signal finds it made but unregistered: a descriptor (a
 * directory) as they return, or -1 (NULL) with errno, nothing made. */
int cli_cleanup_mkstemp(char *template);
char *cli_cleanup_mkdtemp(char *template);

/* An output that is never half-written (cli_output.c): path NULL or "-" is
 * stdout; otherwise a temporary file PATH.tmp.XXXXXX in the same directory,
 * removed on a signal (cli_cleanup) and renamed over path by commit. An
 * existing path that is not a regular file (or a link to one) is refused
 * with EISDIR or EINVAL, before anything is written. */
typedef struct cli_output {
    FILE *fp;
    char *path, *tmp;
    int spooled; /* stdout, held in an unnamed temporary file until commit */
} cli_output;
int cli_output_open(cli_output *o, const char *path); /* 0, or -1 with errno */
/* As cli_output_open, but standard output too receives nothing unless commit
 * is reached: the text waits in an unnamed file under TMPDIR (else /tmp). */
int cli_output_open_whole(cli_output *o, const char *path);
int cli_output_commit(cli_output *o); /* 0, or -1: nothing written */
void cli_output_abort(cli_output *o); /* drops the temporary file */
/* The one temporary-file scheme of the outputs: PREFIX.XXXXXX, made
 * exclusively (mkstemp) next to its target, registered with cli_cleanup
 * (forget it after renaming or removing it), with the permissions fopen
 * would give rather than mkstemp's 0600. Returns the descriptor, its path in
 * *path (the caller frees it), or -1 with errno and nothing made. */
int cli_output_mkstemp(const char *prefix, char **path);
/* Locks fd for writing (fcntl, advisory, released when it is closed): 0, or
 * -1 when another process holds the lock. */
int cli_output_lock(int fd);
/* Opens a file that a run keeps writing (read and write, positioned at 0),
 * never through a symbolic link, locked, and still the file at that name: a
 * new empty one made exclusively when create is set, else the existing
 * regular file. CLI_LOCKED with *f; otherwise *f is NULL and (for
 * CLI_LOCK_FAILED) errno says why. */
typedef enum cli_lock_result {
    CLI_LOCKED,
    CLI_LOCK_BUSY,     /* another process holds it, or made it first (create) */
    CLI_LOCK_LINK,     /* a symbolic link */
    CLI_LOCK_NOT_FILE, /* a directory, device or FIFO */
    CLI_LOCK_FAILED
} cli_lock_result;
cli_lock_result cli_output_open_locked(const char *path, int create, FILE **f);

/* gnuplot (cli_gnuplot.c). The path of a script in plots/ (SANCTIONSIM_PLOTS_DIR
 * overrides the directory); 0 or -1 when it does not fit. */
int cli_gnuplot_script(const char *name, char *path, size_t len);
/* A new temporary file, made exclusively (mkstemp) under TMPDIR when it is an
 * absolute path (else /tmp) and named sanctionsim-SUFFIX-XXXXXX, open for
 * writing; its path, absolute, in path: the only kind of path the tool gives
 * gnuplot. NULL with errno on failure. A signal removes it (cli_cleanup); the
 * caller removes it with cli_temp_remove. */
FILE *cli_temp_file(char *path, size_t len, const char *suffix);
/* Removes a file made by cli_temp_file, and forgets it; "" is ignored. */
void cli_temp_remove(const char *path);
/* Whether an executable gnuplot is on PATH. */
int cli_gnuplot_available(void);
/* Runs `gnuplot -c SCRIPT ARGS...` (at most 9) without a shell: the script reads
 * them as ARG1..ARG9, strings that are never parsed as code. Returns 0, or 1
 * after a message (gnuplot missing or failing). */
int cli_gnuplot_run(const char *cmd, const char *script, size_t nargs, const char *const *args);
/* The picture's kind from its file name: "png", "svg" or "pdf" (the word the
 * scripts take as TERM). Anything else: NULL after a usage message naming the
 * option opt; the caller exits 2. */
const char *cli_picture_kind(const char *cmd, const char *opt, const char *path);
/* Puts the picture gnuplot drew at from (a file of the tool's) at to, through
 * cli_output: never half-written, never following or deleting a file the tool
 * did not make. Returns 0, or 1 after a message (also when from is empty). */
int cli_picture_install(const char *cmd, const char *from, const char *to);
/* Draws into output: cli_gnuplot_run with args[picture] set to a fresh
 * temporary file for gnuplot to write, then cli_picture_install. Returns 0, or
 * 1 after a message. The one way run, compare (and, through its private
 * directory, plot) put a picture in place. */
int cli_gnuplot_draw(const char *cmd, const char *script, size_t nargs, const char **args,
                     size_t picture, const char *output);

#endif
