/* The table-driven option parser (options.h) and the options commands share. */
#include "options.h"
#include "cli.h"
#include "sanctionsim/numbers.h"

#include <stdlib.h>
#include <string.h>

#define AT(args, o) ((char *)(args) + (o)->offset)

const cli_option cli_opt_set = {
    .name = "set",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(cli_common, set),
    .arg = "KEY=VALUE",
    .help = "override a parameter (repeatable; applied in order)",
};
static const char *const modes[] = {"spe", "nash", NULL};

const cli_option cli_opt_mode = {
    .name = "mode",
    .kind = CLI_OPT_CHOICE,
    .offset = offsetof(cli_common, mode),
    .arg = "MODE",
    .noun = "mode",
    .choices = modes,
    .help = "spe (two stages) or nash (one stage); default: the scenario's",
};
const cli_option cli_opt_format = {
    .name = "format",
    .kind = CLI_OPT_CHOICE,
    .offset = offsetof(cli_common, format),
    .arg = "FORMAT",
    .noun = "format",
    .help = "the output format",
};
const cli_option cli_opt_output = {
    .name = "output",
    .short_name = 'o',
    .kind = CLI_OPT_FILE,
    .offset = offsetof(cli_common, output),
    .arg = "FILE",
    .help = "write here (a temporary file, renamed when complete); '-' is standard output",
};
const cli_option cli_opt_plot = {
    .name = "plot",
    .kind = CLI_OPT_FILE,
    .offset = offsetof(cli_common, plot),
    .arg = "FILE.png",
    .help = "draw it with gnuplot; .png, .svg or .pdf, by the extension",
};
const cli_option cli_opt_seed = {
    .name = "seed",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(cli_common, seed),
    .min = 0,
    .max = CLI_SEED_MAX,
    .arg = "S",
    .help = "seed of the random draws, 0..4294967295 (default 1)",
};
const cli_option cli_opt_threads = {
    .name = "threads",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(cli_common, threads),
    .min = 1,
    .max = CLI_THREADS_MAX,
    .arg = "T",
    .help = "OpenMP threads, 1..4096 (the output does not depend on it)",
};
const cli_option cli_opt_force = {
    .name = "force",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(cli_common, force),
    .help = "replace an existing output file",
};
const cli_option cli_opt_quiet = {
    .name = "quiet",
    .short_name = 'q',
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(cli_common, quiet),
    .help = "no progress line (it is shown only on a terminal anyway)",
};
const cli_option cli_opt_help = {
    .name = "help",
    .short_name = 'h',
    .kind = CLI_OPT_HELP,
    .help = "show this help",
};

const char *cli_use_arg(const cli_opt_use *u)
{
    return u->arg ? u->arg : u->opt->arg;
}

const char *cli_use_help(const cli_opt_use *u)
{
    return u->help ? u->help : u->opt->help;
}

const char *const *cli_use_choices(const cli_opt_use *u)
{
    return u->choices ? u->choices : u->opt->choices;
}

static int takes_value(const cli_option *o)
{
    return o->kind != CLI_OPT_FLAG && o->kind != CLI_OPT_HELP;
}

static int list_add(cli_list *l, const char *value)
{
    const char **grown = realloc(l->item, (l->n + 1) * sizeof *grown);
    if (!grown)
        return -1;
    l->item = grown;
    l->item[l->n++] = value;
    return 0;
}

/* Stores value (NULL for a flag) as the option says; -1 to go on, else an
 * exit status after a message. `as` is the option as the user wrote it. */
static int store(const char *cmd, const cli_opt_use *u, const char *as, const char *value,
                 cli_common *args)
{
    const cli_option *o = u->opt;
    void *at = AT(args, o);
    switch (o->kind) {
    case CLI_OPT_HELP:
        return cli_print_usage(cmd);
    case CLI_OPT_FLAG:
        *(int *)at = 1;
        return -1;
    case CLI_OPT_FILE:
        if (!*value)
            return cli_usage_error(cmd, "%s: an empty file name", as);
        *(const char **)at = value;
        return -1;
    case CLI_OPT_STRING:
        *(const char **)at = value;
        return -1;
    case CLI_OPT_CHOICE: {
        const char *const *choices = cli_use_choices(u);
        for (const char *const *c = choices; c && *c; c++)
            if (strcmp(*c, value) == 0) {
                *(const char **)at = value;
                return -1;
            }
        char words[256] = "";
        size_t used = 0;
        for (const char *const *c = choices; c && *c && used < sizeof words; c++)
            used += (size_t)snprintf(words + used, sizeof words - used, "%s%s",
                                     c == choices ? "" : ", ", *c);
        return cli_usage_error(cmd, "--%s: unknown %s '%s' (%s)", o->name, o->noun, value, words);
    }
    case CLI_OPT_WHOLE: {
        cli_whole *w = at;
        if (ss_parse_whole(value, o->min, o->max, &w->value) != 0) {
            if (o->max_text)
                return cli_usage_error(cmd, "--%s: '%s' is not a whole number from %llu to %s",
                                       o->name, value, o->min, o->max_text);
            return cli_usage_error(cmd, "--%s: '%s' is not a whole number from %llu to %llu",
                                   o->name, value, o->min, o->max);
        }
        w->given = 1;
        return -1;
    }
    case CLI_OPT_LIST:
        if (list_add(at, value) != 0) {
            fprintf(stderr, "sanctionsim %s: out of memory\n", cmd);
            return 1;
        }
        return -1;
    }
    return -1;
}

/* The long option named by name[0..len): exact, else a unique prefix. NULL
 * when none; *ambiguous is set when several share the prefix. */
static const cli_opt_use *find_long(const cli_opt_use *table, const char *name, size_t len,
                                    int *ambiguous)
{
    const cli_opt_use *found = NULL;
    *ambiguous = 0;
    for (const cli_opt_use *u = table; u->opt; u++) {
        if (strncmp(u->opt->name, name, len) != 0)
            continue;
        if (u->opt->name[len] == '\0')
            return u;
        if (found)
            *ambiguous = 1;
        found = u;
    }
    return *ambiguous ? NULL : found;
}

static const cli_opt_use *find_short(const cli_opt_use *table, char c)
{
    for (const cli_opt_use *u = table; u->opt; u++)
        if (u->opt->short_name == c)
            return u;
    return NULL;
}

/* One "--name[=value]" at argv[*k]; -1 to go on, else an exit status. */
static int parse_long(const char *cmd, const cli_opt_use *table, int argc, char **argv, int *k,
                      cli_common *args)
{
    const char *arg = argv[*k], *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    int ambiguous;
    const cli_opt_use *u = find_long(table, name, len, &ambiguous);
    if (!u) {
        if (ambiguous)
            return cli_usage_error(cmd, "option '%.*s' is ambiguous", (int)(len + 2), arg);
        return cli_usage_error(cmd, "unknown option '%s'", arg);
    }
    char as[64];
    snprintf(as, sizeof as, "--%s", u->opt->name);
    if (!takes_value(u->opt)) {
        if (eq)
            return cli_usage_error(cmd, "option '%s' takes no value", as);
        return store(cmd, u, as, NULL, args);
    }
    const char *value = eq ? eq + 1 : NULL;
    if (!value) {
        if (*k + 1 >= argc)
            return cli_usage_error(cmd, "option '%s' needs a value", as);
        value = argv[++*k];
    }
    return store(cmd, u, as, value, args);
}

/* One bundle "-abc" (or "-ovalue") at argv[*k]; -1 to go on, else an exit status. */
static int parse_short(const char *cmd, const cli_opt_use *table, int argc, char **argv, int *k,
                       cli_common *args)
{
    for (const char *p = argv[*k] + 1; *p; p++) {
        const cli_opt_use *u = find_short(table, *p);
        if (!u)
            return cli_usage_error(cmd, "unknown option '-%c'", *p);
        char as[3] = {'-', *p, '\0'};
        if (!takes_value(u->opt)) {
            int code = store(cmd, u, as, NULL, args);
            if (code >= 0)
                return code;
            continue;
        }
        const char *value = p[1] ? p + 1 : NULL;
        if (!value) {
            if (*k + 1 >= argc)
                return cli_usage_error(cmd, "option '%s' needs a value", as);
            value = argv[++*k];
        }
        return store(cmd, u, as, value, args);
    }
    return -1;
}

int cli_parse(const char *cmd, const cli_opt_use *table, int argc, char **argv, cli_common *args)
{
    args->operand = malloc((argc > 0 ? (size_t)argc : 1) * sizeof *args->operand);
    args->noperands = 0;
    if (!args->operand) {
        fprintf(stderr, "sanctionsim %s: out of memory\n", cmd);
        return 1;
    }
    int options = 1;
    for (int k = 1; k < argc; k++) {
        const char *arg = argv[k];
        int code = -1;
        if (!options || arg[0] != '-' || arg[1] == '\0')
            args->operand[args->noperands++] = arg;
        else if (strcmp(arg, "--") == 0)
            options = 0;
        else if (arg[1] == '-')
            code = parse_long(cmd, table, argc, argv, &k, args);
        else
            code = parse_short(cmd, table, argc, argv, &k, args);
        if (code >= 0)
            return code;
    }
    return -1;
}

void cli_args_free(const cli_opt_use *table, cli_common *args)
{
    for (const cli_opt_use *u = table; u->opt; u++)
        if (u->opt->kind == CLI_OPT_LIST) {
            cli_list *l = (cli_list *)AT(args, u->opt);
            free(l->item);
            l->item = NULL;
            l->n = 0;
        }
    free(args->operand);
    args->operand = NULL;
    args->noperands = 0;
}

/* The label of an option in help: "-o, --output FILE" or "--mode MODE". */
static int label(char *buf, size_t len, const cli_opt_use *u)
{
    const cli_option *o = u->opt;
    const char *arg = takes_value(o) ? cli_use_arg(u) : NULL;
    if (o->short_name)
        return snprintf(buf, len, "-%c, --%s%s%s", o->short_name, o->name, arg ? " " : "",
                        arg ? arg : "");
    return snprintf(buf, len, "--%s%s%s", o->name, arg ? " " : "", arg ? arg : "");
}

void cli_print_options(FILE *out, const cli_opt_use *table)
{
    enum { WIDTH = 18, INDENT = 21 };
    for (const cli_opt_use *u = table; u->opt; u++) {
        char text[128];
        int n = label(text, sizeof text, u);
        fprintf(out, "  %s", text);
        if (n > WIDTH)
            fprintf(out, "\n%*s", INDENT, "");
        else
            fprintf(out, "%*s", INDENT - 2 - n, "");
        for (const char *h = cli_use_help(u); *h; h++) {
            fputc(*h, out);
            if (*h == '\n')
                fprintf(out, "%*s", INDENT, "");
        }
        fputc('\n', out);
    }
}
