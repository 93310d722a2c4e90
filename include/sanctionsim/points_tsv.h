/* The points of `sweep --points FILE`: a table (TSV, or CSV when its header
 * has no tab; '#' lines skipped) whose columns are scenario keys and whose
 * rows are the points, as a design made in R, pandas or SALib is written. */
#ifndef SANCTIONSIM_POINTS_TSV_H
#define SANCTIONSIM_POINTS_TSV_H

#include "sanctionsim/design.h"

/* Reads the file at path into d, initialised as SS_DESIGN_POINTS for sc (then
 * call ss_design_finish), and its SHA-256 (64 hex digits) into sha256. Bad
 * input is SS_EINPUT with a message naming the file, and the line and column
 * of a bad cell: a column that is not a key of sc, a key given twice, an empty
 * cell, a cell that is not a number, a value out of the key's range, a row
 * with too many or too few fields, no rows; the file cannot be opened. SS_EIO
 * or SS_ENOMEM when reading fails. */
ss_status ss_points_read(const char *path, const ss_scenario *sc, ss_design *d, char sha256[65],
                         ss_error *err);

#endif
