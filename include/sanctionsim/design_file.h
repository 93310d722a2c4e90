/* Design files (docs/analysis.md): the lines that say which design a sweep
 * or design file holds, the file the `design` command writes for a model of
 * the user's own, and reading the design back for `analyze`. The io side of
 * design.h. */
#ifndef SANCTIONSIM_DESIGN_FILE_H
#define SANCTIONSIM_DESIGN_FILE_H

#include <stdio.h>

#include "sanctionsim/design.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/sweep_file.h"

/* The lines a sensitivity analysis needs besides "# design:", "# points:"
 * and the "# vary:" lines: for saltelli "# samples: N" and "# second_order:
 * yes|no"; for morris "# trajectories: R" and "# levels: P"; nothing for the
 * other designs. Returns SS_EIO when writing fails. */
ss_status ss_design_write_lines(FILE *out, const ss_design *d);

/* Writes design d (finished, with named variables or keys) as a file of
 * points: the provenance lines (kind "design"), "# seed:", "# design:",
 * "# points:", the lines above, a "# vary: NAME<TAB>SPEC" line per variable,
 * the column line "index NAME..." and one row per point, values written to
 * read back exactly, fields separated by sep. SS_EIO when writing fails,
 * SS_ENOMEM; out may then hold part of the file. */
ss_status ss_design_write(FILE *out, const ss_design *d, const ss_provenance *p, char sep,
                          ss_error *err);

/* What a file says of its design. */
typedef struct ss_design_info {
    ss_design_kind kind;
    size_t points;  /* "# points:" */
    size_t k;       /* the "# vary:" lines */
    size_t samples; /* saltelli: N; morris: the trajectories; else 0 */
    int second_order;
    size_t levels; /* morris */
} ss_design_info;

/* Reads the design of a sweep or design file from its header. SS_EINPUT
 * ("PATH: ...") when a line is missing or wrong, or the counts disagree
 * (points not N(k+2), N(2k+2) or R(k+1)). */
ss_status ss_design_info_read(const ss_sweep_header *h, const char *path, ss_design_info *info,
                              ss_error *err);

#endif
