/* `sanctionsim completion bash`: a bash completion script made from the
 * command and option tables, and the parameter keys a scenario takes (for
 * `check FILE --keys`, which the script asks after --set and --vary). */
#include "cli.h"
#include "sanctionsim/design.h" /* SS_KEY_MAX */

#include <stdio.h>
#include <string.h>

static int cmd_completion(int argc, char **argv);

static const cli_opt_use completion_options[] = {
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_completion = {
    .name = "completion",
    .summary = "print a bash completion script",
    .synopsis = "usage: sanctionsim completion bash\n",
    .description = "Prints a bash completion script for sanctionsim: commands, their options,\n"
                   "the words an option takes, file names, and after --set, --vary and --free the\n"
                   "parameter keys of the scenario on the command line (from `sanctionsim check\n"
                   "FILE --keys`). Load it with\n"
                   "\n"
                   "    source <(sanctionsim completion bash)\n"
                   "\n"
                   "or install it as share/bash-completion/completions/sanctionsim.\n",
    .options = completion_options,
    .operands = "shell",
    .run = cmd_completion,
};

/* How the value of an option completes: "choice", "file", "key", "key="
 * (a key followed by '=', as in KEY=VALUE) or "value" (nothing to offer). An
 * option whose value is named KEY... takes a parameter key. */
static const char *value_kind(const cli_opt_use *u)
{
    const char *arg = cli_use_arg(u);
    switch (u->opt->kind) {
    case CLI_OPT_FLAG:
    case CLI_OPT_HELP:
        return NULL;
    case CLI_OPT_CHOICE:
        return "choice";
    case CLI_OPT_FILE:
        return "file";
    default:
        if (arg && strncmp(arg, "KEY", 3) == 0)
            return strchr(arg, '=') ? "key=" : "key";
        return "value";
    }
}

/* The shell function that describes one command: for the option in $1, how
 * its value completes (_ss_kind, _ss_words); the command's options (_ss_opts)
 * and what its operands are (_ss_operands). */
static void print_command(FILE *out, const cli_command *c)
{
    fprintf(out, "_sanctionsim_cmd_%s() {\n    case $1 in\n", c->name);
    for (const cli_opt_use *u = c->options; u->opt; u++) {
        const char *kind = value_kind(u);
        if (!kind)
            continue;
        fputs("    ", out);
        if (u->opt->short_name)
            fprintf(out, "-%c|", u->opt->short_name);
        fprintf(out, "--%s) _ss_kind=%s", u->opt->name, kind);
        if (u->opt->kind == CLI_OPT_CHOICE) {
            fputs(" _ss_words='", out);
            for (const char *const *w = cli_use_choices(u); w && *w; w++)
                fprintf(out, "%s%s", w == cli_use_choices(u) ? "" : " ", *w);
            fputc('\'', out);
        }
        fputs(" ;;\n", out);
    }
    fputs("    *) _ss_kind= ;;\n    esac\n    _ss_opts='", out);
    for (const cli_opt_use *u = c->options; u->opt; u++) {
        if (u->opt->short_name)
            fprintf(out, "-%c ", u->opt->short_name);
        fprintf(out, "--%s%s", u->opt->name, u[1].opt ? " " : "");
    }
    fprintf(out, "'\n    _ss_operands=%s\n}\n", c->operands ? c->operands : "");
}

static const char script_head[] =
    "# bash completion for sanctionsim, made by `sanctionsim completion bash`\n"
    "# from the tool's own option tables: regenerate it, do not edit it.\n";

static const char script_body[] =
    "_sanctionsim() {\n"
    "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
    "    local bin=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]} scenario= w i skip=\n"
    "    local _ss_kind _ss_words _ss_opts _ss_operands\n"
    "    COMPREPLY=()\n"
    "    # --option=value and KEY=VALUE: bash makes '=' a word of its own; after\n"
    "    # the '=' of KEY=VALUE comes a number, with nothing to offer\n"
    "    if [ \"$cur\" = \"=\" ]; then\n"
    "        cur=\n"
    "    elif [ \"$prev\" = \"=\" ] && [ \"$COMP_CWORD\" -ge 3 ]; then\n"
    "        prev=${COMP_WORDS[COMP_CWORD-2]}\n"
    "    fi\n"
    "    if [ \"$COMP_CWORD\" -ge 2 ] && [[ $prev != -* ]] &&\n"
    "        { [ \"${COMP_WORDS[COMP_CWORD]}\" = \"=\" ] || [ \"${COMP_WORDS[COMP_CWORD-1]}\" = "
    "\"=\" ]; }; then\n"
    "        return 0\n"
    "    fi\n"
    "    if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
    "        COMPREPLY=($(compgen -W \"$_sanctionsim_commands --help --version\" -- \"$cur\"))\n"
    "        return 0\n"
    "    fi\n"
    "    declare -F \"_sanctionsim_cmd_$cmd\" >/dev/null || return 0\n"
    "    # the scenario: the first operand (a word that is no option, nor an option's value)\n"
    "    for ((i = 2; i < COMP_CWORD; i++)); do\n"
    "        w=${COMP_WORDS[i]}\n"
    "        if [ -n \"$skip\" ]; then\n"
    "            skip=\n"
    "            [ \"$w\" = \"=\" ] && skip=1\n"
    "        elif [ \"$w\" = \"=\" ]; then\n"
    "            skip=1\n"
    "        elif [[ $w == -* ]]; then\n"
    "            \"_sanctionsim_cmd_$cmd\" \"$w\"\n"
    "            [ -n \"$_ss_kind\" ] && skip=1\n"
    "        else\n"
    "            scenario=$w\n"
    "            break\n"
    "        fi\n"
    "    done\n"
    "    \"_sanctionsim_cmd_$cmd\" \"$prev\"\n"
    "    case $_ss_kind in\n"
    "    choice)\n"
    "        COMPREPLY=($(compgen -W \"$_ss_words\" -- \"$cur\"))\n"
    "        return 0 ;;\n"
    "    file)\n"
    "        compopt -o filenames 2>/dev/null\n"
    "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
    "        return 0 ;;\n"
    "    key | key=)\n"
    "        [ -n \"$scenario\" ] && [ -f \"$scenario\" ] || return 0\n"
    "        local keys\n"
    "        keys=$(\"$bin\" check \"$scenario\" --keys 2>/dev/null) || return 0\n"
    "        COMPREPLY=($(compgen -W \"$keys\" -- \"$cur\"))\n"
    "        if [ \"$_ss_kind\" = \"key=\" ]; then\n"
    "            compopt -o nospace 2>/dev/null\n"
    "            for i in \"${!COMPREPLY[@]}\"; do COMPREPLY[i]+==; done\n"
    "        fi\n"
    "        return 0 ;;\n"
    "    value)\n"
    "        return 0 ;;\n"
    "    esac\n"
    "    if [[ $cur == -* ]]; then\n"
    "        COMPREPLY=($(compgen -W \"$_ss_opts\" -- \"$cur\"))\n"
    "        return 0\n"
    "    fi\n"
    "    case $_ss_operands in\n"
    "    scenario)\n"
    "        compopt -o filenames 2>/dev/null\n"
    "        COMPREPLY=($(compgen -f -X '!*.cfg' -- \"$cur\") $(compgen -d -- \"$cur\")) ;;\n"
    "    file)\n"
    "        compopt -o filenames 2>/dev/null\n"
    "        COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
    "    command)\n"
    "        COMPREPLY=($(compgen -W \"$_sanctionsim_commands\" -- \"$cur\")) ;;\n"
    "    shell)\n"
    "        COMPREPLY=($(compgen -W bash -- \"$cur\")) ;;\n"
    "    esac\n"
    "    return 0\n"
    "}\n"
    "complete -F _sanctionsim sanctionsim\n";

static void print_bash(FILE *out)
{
    fputs(script_head, out);
    fputs("_sanctionsim_commands='", out);
    for (const cli_command *const *c = cli_commands; *c; c++)
        fprintf(out, "%s%s", (*c)->name, c[1] ? " " : "");
    fputs("'\n", out);
    for (const cli_command *const *c = cli_commands; *c; c++)
        print_command(out, *c);
    fputs(script_body, out);
}

static int cmd_completion(int argc, char **argv)
{
    cli_common c = {0};
    int code = cli_parse("completion", completion_options, argc, argv, &c);
    const char *shell =
        code < 0 ? cli_one_operand("completion", &c, "missing the shell: bash") : NULL;
    if (code < 0 && !shell)
        code = 2;
    else if (code < 0 && strcmp(shell, "bash") != 0)
        code = cli_usage_error("completion", "unknown shell '%s' (bash)", shell);
    cli_args_free(completion_options, &c);
    if (code >= 0)
        return code;
    print_bash(stdout);
    return 0;
}

/* Prints ref's key when the key grammar takes it back (ss_key_parse). */
static void print_key(FILE *out, const ss_scenario *sc, const ss_keyref *ref)
{
    char name[SS_KEY_MAX];
    ss_keyref back;
    ss_error err;
    ss_key_name(sc, ref, name, sizeof name);
    if (ss_key_parse(sc, name, &back, &err) == SS_OK)
        fprintf(out, "%s\n", name);
}

/* The keys of one follower part (the target's with reciprocity, or the
 * patron's), as is or as sanctioner `holder` believes them. */
static void print_follower_keys(FILE *out, const ss_scenario *sc, ss_part part, size_t holder,
                                int belief)
{
    size_t n = part == SS_PART_TARGET ? ss_target_ninfo : ss_patron_ninfo;
    for (size_t f = 0; f < n; f++)
        print_key(out, sc, &(ss_keyref){part, holder, f, 0, belief});
    if (part == SS_PART_TARGET)
        for (size_t j = 0; j < sc->params.n; j++)
            print_key(out, sc, &(ss_keyref){SS_PART_RECIPROCITY, holder, 0, j, belief});
}

void cli_print_keys(FILE *out, const ss_scenario *sc)
{
    for (size_t i = 0; i < sc->params.n; i++)
        for (size_t f = 0; f < ss_sanctioner_ninfo; f++)
            print_key(out, sc, &(ss_keyref){SS_PART_SANCTIONER, i, f, 0, 0});
    print_follower_keys(out, sc, SS_PART_TARGET, 0, 0);
    if (sc->params.has_patron)
        print_follower_keys(out, sc, SS_PART_PATRON, 0, 0);
    for (size_t i = 0; i < sc->params.n; i++) {
        print_follower_keys(out, sc, SS_PART_TARGET, i, 1);
        if (sc->params.has_patron)
            print_follower_keys(out, sc, SS_PART_PATRON, i, 1);
    }
    print_key(out, sc, &(ss_keyref){SS_PART_QRE, 0, 0, 0, 0}); /* qre.lambda (mixed.h) */
}
