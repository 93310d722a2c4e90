/* The design options of `sweep` and `design`, and the design they make. */
#include "cli_design.h"

#include <stddef.h>

const char *const cli_design_kinds[] = {"grid",     "random", "lhs", "sobol",
                                        "saltelli", "morris", NULL};

const cli_option cli_opt_vary = {
    .name = "vary",
    .kind = CLI_OPT_LIST,
    .offset = offsetof(cli_design_prefix, d.vary),
    .arg = "KEY=SPEC",
    .help = "a parameter to vary (repeatable); KEY is any key --set takes.\n"
            "SPEC is START:STOP:COUNT (evenly spaced, both ends included),\n"
            "log:START:STOP:COUNT, or a list v1,v2,...  Random designs take\n"
            "START:STOP (uniform), log:START:STOP, a list, or no SPEC (or\n"
            "'prior') for the prior the scenario declares for KEY",
};
const cli_option cli_opt_design = {
    .name = "design",
    .kind = CLI_OPT_CHOICE,
    .offset = offsetof(cli_design_prefix, d.design),
    .arg = "DESIGN",
    .noun = "design",
    .choices = cli_design_kinds,
    .help = "grid (default: every combination), random, lhs (Latin\n"
            "hypercube), sobol (quasi-random), saltelli (for Sobol indices:\n"
            "--samples N blocks of k+2 rows) or morris (--trajectories R of\n"
            "k+1 rows): see docs/analysis.md",
};
const cli_option cli_opt_samples = {
    .name = "samples",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(cli_design_prefix, d.samples),
    .min = 1,
    .max = SS_MAX_POINTS,
    .max_text = "2^53",
    .arg = "N",
    .help = "points of a random, lhs or sobol design; the blocks N of a\n"
            "saltelli design (a power of two)",
};
const cli_option cli_opt_second_order = {
    .name = "second-order",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(cli_design_prefix, d.second_order),
    .help = "saltelli: blocks of 2k+2 rows, for second-order indices",
};
const cli_option cli_opt_trajectories = {
    .name = "trajectories",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(cli_design_prefix, d.trajectories),
    .min = 1,
    .max = SS_MAX_POINTS,
    .max_text = "2^53",
    .arg = "R",
    .help = "morris: the number of trajectories (k+1 rows each)",
};
const cli_option cli_opt_levels = {
    .name = "levels",
    .kind = CLI_OPT_WHOLE,
    .offset = offsetof(cli_design_prefix, d.levels),
    .min = 2,
    .max = 1000000,
    .arg = "P",
    .help = "morris: the levels of each key's grid, even (default 4)",
};

ss_status cli_design_make(const cli_design_args *a, const ss_scenario *sc, unsigned long seed,
                          ss_design *d, ss_error *err)
{
    ss_design_kind kind = SS_DESIGN_GRID;
    if (a->design)
        ss_design_kind_parse(a->design, &kind); /* one of cli_design_kinds */
    ss_design_init(d, kind);
    if (kind == SS_DESIGN_MORRIS && a->samples.given)
        return ss_error_set(err, SS_EINPUT,
                            "--design morris takes --trajectories R, not --samples");
    if (kind != SS_DESIGN_MORRIS && a->trajectories.given)
        return ss_error_set(err, SS_EINPUT, "--trajectories is for --design morris");
    if (kind == SS_DESIGN_MORRIS && !a->trajectories.given)
        return ss_error_set(err, SS_EINPUT, "--design morris needs --trajectories R");
    d->second_order = a->second_order;
    d->levels = a->levels.given ? (size_t)a->levels.value : (kind == SS_DESIGN_MORRIS ? 4 : 0);
    ss_status st = SS_OK;
    for (size_t k = 0; k < a->vary.n && !st; k++)
        st = sc ? ss_design_vary(d, sc, a->vary.item[k], err)
                : ss_design_vary_name(d, a->vary.item[k], err);
    if (st)
        return st;
    size_t samples = (size_t)(kind == SS_DESIGN_MORRIS ? a->trajectories.value : a->samples.value);
    return ss_design_finish(d, samples, seed, err);
}
