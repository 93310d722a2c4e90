/* `sanctionsim export`: the leaders' game on K intensities each, in Gambit's
 * .nfg format, for Gambit's solvers. */
#include "cli.h"
#include "sanctionsim/finite.h"
#include "sanctionsim/nfg.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/provenance.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest file export writes: 1 GB. */
#define EXPORT_MAX_BYTES 1000000000ULL

typedef struct export_args {
    cli_common c; /* first: the shared options */
    cli_whole grid;
} export_args;

static const cli_option opt_grid = {
    .name = "grid",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(export_args, grid),
    .min = 2,
    .max = 1000000,
    .arg = "K",
    .help = "K intensities per sanctioner, evenly spaced on [0, s_max] (required; at least 2)",
};

static const cli_opt_use export_options[] = {
    {&opt_grid, NULL, NULL, NULL},
    {&cli_opt_output, NULL,
     "write the game here (a temporary file, renamed when complete); '-' or none:\n"
     "standard output",
     NULL},
    {&cli_opt_mode, NULL, "spe (followers anticipated, default) or nash (followers held)", NULL},
    {&cli_opt_set, NULL, "override a parameter before exporting (repeatable)", NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_export = {
    .name = "export",
    .summary = "write the leaders' game on a grid of intensities in Gambit's .nfg format",
    .synopsis = "usage: sanctionsim export FILE --grid K [-o GAME.nfg] [--mode spe|nash] [--set "
                "KEY=VALUE]...\n",
    .description =
        "Writes the sanctioners' game restricted to K intensities each (0, s_max/(K-1),\n"
        "..., s_max) as a strategic game in Gambit's format (NFG 1 R, payoff version), so\n"
        "that Gambit's solvers (gambit-enummixed, gambit-gnm, gambit-logit, ...) can take\n"
        "it. Player i is sanctioner i, its strategies labelled by intensity; each payoff\n"
        "is the sanctioner's perceived payoff (under its beliefs) at that profile, with\n"
        "the target and patron anticipated (spe) or held at the moves it predicts at the\n"
        "scenario's one-stage equilibrium (nash). The game's comment holds the\n"
        "provenance. A file over 1 GB (1000000000 bytes) is refused before writing.\n",
    .options = export_options,
    .epilogue = "Exit status: 0 written, 1 writing or a payoff failed, 2 bad usage or scenario,\n"
                "or a game too large to write.\n",
    .operands = "scenario",
    .run = cmd_export,
};

/* The leaders' game on the grid, profile by profile. */
typedef struct export_game {
    ss_leaders leaders;
    size_t n;
    double *grid[SS_NFG_MAX_PLAYERS];
} export_game;

static ss_status export_payoffs(void *arg, const size_t *s, double *u, ss_error *err)
{
    const export_game *e = arg;
    double x[SS_MAX_SANCTIONERS];
    for (size_t i = 0; i < e->n; i++)
        x[i] = e->grid[i][s[i]];
    return ss_leaders_payoffs(&e->leaders, x, u, err);
}

/* The bytes of one profile's payoffs as written (its line, newline included). */
static ss_status line_bytes(export_game *e, const size_t *s, double *bytes, ss_error *err)
{
    double u[SS_NFG_MAX_PLAYERS];
    char num[400];
    ss_status st = export_payoffs(e, s, u, err);
    if (st != SS_OK)
        return st;
    *bytes = 0;
    for (size_t i = 0; i < e->n; i++)
        *bytes += (double)ss_nfg_number(u[i], num, sizeof num) + 1;
    return SS_OK;
}

/* The file's size, from the payoffs of up to 4096 profiles spread evenly
 * over the game (an estimate: the other lines have the same kind of
 * numbers), plus the prologue. */
static ss_status estimate_size(export_game *e, size_t K, double profiles, double prologue,
                               double *size, ss_error *err)
{
    double samples = profiles < 4096 ? profiles : 4096, sum = 0;
    for (double q = 0; q < samples; q++) {
        double index = floor(q * profiles / samples);
        size_t s[SS_NFG_MAX_PLAYERS];
        for (size_t i = 0; i < e->n; i++) {
            s[i] = (size_t)fmod(index, (double)K);
            index = floor(index / (double)K);
        }
        double b;
        ss_status st = line_bytes(e, s, &b, err);
        if (st != SS_OK)
            return st;
        sum += b;
    }
    *size = prologue + sum / samples * profiles;
    return SS_OK;
}

/* "1.2 GB" and such. */
static void say_size(double bytes, char *buf, size_t len)
{
    if (bytes >= 1e9)
        snprintf(buf, len, "%.3g GB", bytes / 1e9);
    else
        snprintf(buf, len, "%.3g MB", bytes / 1e6);
}

/* Writes the game; returns the exit status after any message. */
static int export_write(const ss_scenario *sc, export_game *e, size_t K, const char *out,
                        const ss_provenance *prov)
{
    size_t n = e->n;
    /* a bound that needs no payoff: at least "0 " per payoff and per label */
    double least = pow((double)K, (double)n) * (double)n * 2 + (double)(n * K) * 3;
    if (least > (double)EXPORT_MAX_BYTES) {
        char say[32];
        say_size(least, say, sizeof say);
        fprintf(stderr,
                "sanctionsim export: --grid %zu: the file would be at least %s (%.0f profiles of "
                "%zu payoffs); the limit is 1 GB\n",
                K, say, pow((double)K, (double)n), n);
        return 2;
    }
    /* the text: title, players, labels, the provenance as the comment */
    char title[SS_NAME_MAX + 128];
    snprintf(title, sizeof title, "%s: the leaders' game on %zu intensities each (%s)", sc->name, K,
             ss_mode_name(sc->solver.mode));
    const char *players[SS_NFG_MAX_PLAYERS];
    char **labels = calloc(n * K, sizeof *labels);
    char *comment = NULL;
    size_t comment_len = 0;
    FILE *cf = open_memstream(&comment, &comment_len);
    int code = 0;
    if (!labels || !cf) {
        fprintf(stderr, "sanctionsim export: out of memory\n");
        code = 1;
    }
    for (size_t i = 0; i < n && !code; i++) {
        players[i] = sc->sanctioner[i].id;
        for (size_t j = 0; j < K && !code; j++) {
            char v[64];
            ss_format_double(e->grid[i][j], v, sizeof v);
            if (!(labels[i * K + j] = strdup(v))) {
                fprintf(stderr, "sanctionsim export: out of memory\n");
                code = 1;
            }
        }
    }
    if (!code) {
        const ss_scenario *one[1] = {sc};
        fprintf(cf,
                "Player i is sanctioner i; a strategy is its intensity; a payoff is the "
                "sanctioner's perceived payoff (its beliefs), followers %s.\n",
                sc->solver.mode == SS_MODE_NASH ? "held (nash)" : "anticipated (spe)");
        if (ss_provenance_write(cf, "export", one, 1, prov) != SS_OK || fflush(cf) != 0) {
            fprintf(stderr, "sanctionsim export: out of memory\n");
            code = 1;
        }
    }
    if (cf)
        fclose(cf);
    ss_nfg_meta meta = {title, comment, players, (const char *const *)labels};
    size_t k[SS_NFG_MAX_PLAYERS];
    for (size_t i = 0; i < n; i++)
        k[i] = K;
    ss_error err;
    ss_error_clear(&err);
    /* the size first: the prologue exactly (written into memory), the body
     * estimated */
    double profiles = pow((double)K, (double)n), size = 0;
    if (!code) {
        char *head = NULL;
        size_t head_len = 0;
        FILE *hf = open_memstream(&head, &head_len);
        unsigned long long prologue = 0;
        ss_status st = hf ? ss_nfg_write_prologue(hf, n, k, &meta, &prologue, &err) : SS_ENOMEM;
        if (hf)
            fclose(hf);
        free(head);
        if (st == SS_OK)
            st = estimate_size(e, K, profiles, (double)prologue, &size, &err);
        if (st != SS_OK) {
            fprintf(stderr, "sanctionsim export: %s\n",
                    st == SS_ENOMEM ? "out of memory" : err.message);
            code = ss_status_exit_code(st);
        } else if (size > (double)EXPORT_MAX_BYTES) {
            char say[32];
            say_size(size, say, sizeof say);
            fprintf(stderr,
                    "sanctionsim export: --grid %zu: the file would be about %s (%.0f "
                    "profiles); the limit is 1 GB\n",
                    K, say, profiles);
            code = 2;
        }
    }
    if (!code) {
        cli_output o;
        if (cli_output_open(&o, out) != 0) {
            fprintf(stderr, "sanctionsim export: -o %s: %s\n", out ? out : "-", strerror(errno));
            code = 1;
        } else {
            unsigned long long bytes = 0;
            ss_status st = ss_nfg_write_stream(o.fp, n, k, &meta, export_payoffs, e,
                                               EXPORT_MAX_BYTES, &bytes, &err);
            if (st != SS_OK) {
                cli_output_abort(&o);
                if (st == SS_EINPUT) /* the estimate was low: the file passed 1 GB */
                    fprintf(stderr,
                            "sanctionsim export: --grid %zu: the file would be larger than 1 GB "
                            "(%.0f profiles)\n",
                            K, profiles);
                else
                    fprintf(stderr, "sanctionsim export: %s\n", err.message);
                code = ss_status_exit_code(st);
            } else if (cli_output_commit(&o) != 0) {
                fprintf(stderr, "sanctionsim export: -o %s: writing failed\n", out ? out : "-");
                code = 1;
            }
        }
    }
    for (size_t r = 0; labels && r < n * K; r++)
        free(labels[r]);
    free(labels);
    free(comment);
    return code;
}

int cmd_export(int argc, char **argv)
{
    export_args a = {.c = {.format = NULL}};
    int code = cli_parse(cli_cmd_export.name, export_options, argc, argv, &a.c);
    const char *file = NULL;
    if (code < 0 && !(file = cli_one_operand("export", &a.c, "missing scenario FILE")))
        code = 2;
    if (code < 0 && !a.grid.given)
        code = cli_usage_error("export", "--grid K is required");
    if (code >= 0) {
        cli_args_free(export_options, &a.c);
        return code;
    }
    size_t K = (size_t)a.grid.value;
    char *command = ss_provenance_command(argc, argv);
    export_game *e = calloc(1, sizeof *e);
    cli_scenario_opts so = cli_scenario_of(&a.c);
    ss_scenario *sc = command && e ? cli_load_scenario("export", file, &so, &code) : NULL;
    if (!sc) {
        if (!command || !e)
            fprintf(stderr, "sanctionsim export: out of memory\n");
        free(command);
        free(e);
        cli_args_free(export_options, &a.c);
        return command && e ? code : 1;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_leaders_init(&e->leaders, &sc->params, &sc->solver, &err);
    if (st != SS_OK) {
        fprintf(stderr, "sanctionsim export: %s: %s\n", file, err.message);
        code = ss_status_exit_code(st);
    } else {
        e->n = sc->params.n;
        for (size_t i = 0; i < e->n && !code; i++) {
            if (!(e->grid[i] = malloc(K * sizeof *e->grid[i]))) {
                fprintf(stderr, "sanctionsim export: out of memory\n");
                code = 1;
            } else
                ss_leaders_grid(&sc->params, i, K, e->grid[i]);
        }
        if (!code) {
            ss_provenance prov = {command, so.sets, so.nsets};
            code = export_write(sc, e, K, a.c.output, &prov);
        }
    }
    for (size_t i = 0; i < SS_NFG_MAX_PLAYERS; i++)
        free(e->grid[i]);
    free(e);
    free(command);
    ss_scenario_free(sc);
    cli_args_free(export_options, &a.c);
    return code;
}
