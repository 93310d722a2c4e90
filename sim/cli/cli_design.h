/* The design options shared by `sweep` and `design` (cli_design.c): both
 * commands' argument structs start with a cli_design_prefix, so the options'
 * offsets hold for both, and one function turns them into a design. */
#ifndef SANCTIONSIM_CLI_DESIGN_H
#define SANCTIONSIM_CLI_DESIGN_H

#include "options.h"
#include "sanctionsim/design.h"

typedef struct cli_design_args {
    cli_list vary;      /* --vary KEY=SPEC */
    const char *design; /* --design NAME */
    cli_whole samples, trajectories, levels;
    int second_order;
} cli_design_args;

/* What the argument structs of sweep and design start with. */
typedef struct cli_design_prefix {
    cli_common c;
    cli_design_args d;
} cli_design_prefix;

extern const cli_option cli_opt_vary, cli_opt_design, cli_opt_samples, cli_opt_second_order,
    cli_opt_trajectories, cli_opt_levels;

/* The rows of a command's option table (cli_opt_use) for the design options
 * after --vary (whose words differ), --seed included. */
// clang-format off
#define CLI_DESIGN_OPTION_USES                                                   \
    {&cli_opt_design, NULL, NULL, NULL},                                         \
    {&cli_opt_samples, NULL, NULL, NULL},                                        \
    {&cli_opt_second_order, NULL, NULL, NULL},                                   \
    {&cli_opt_trajectories, NULL, NULL, NULL},                                   \
    {&cli_opt_levels, NULL, NULL, NULL},                                         \
    {&cli_opt_seed, NULL,                                                        \
     "seed of random, lhs and morris designs, 0..4294967295 (default 1)", NULL}
// clang-format on

/* Every design's name, ended by NULL (the choices of --design). */
extern const char *const cli_design_kinds[];

/* Makes design d from the options: the kind (default grid), each --vary (a
 * scenario key when sc is set, else a named variable), --samples or
 * --trajectories, --levels (morris: default 4), --second-order, then
 * ss_design_finish with seed. Returns SS_OK, or the status with err filled
 * (SS_EINPUT: bad usage, exit 2). Free d with ss_design_free either way. */
ss_status cli_design_make(const cli_design_args *a, const ss_scenario *sc, unsigned long seed,
                          ss_design *d, ss_error *err);

#endif
