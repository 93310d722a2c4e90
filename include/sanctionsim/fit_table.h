/* Reading the targets of a fit from a table, as `run -o` writes it (`fit
 * --data`). */
#ifndef SANCTIONSIM_FIT_TABLE_H
#define SANCTIONSIM_FIT_TABLE_H

#include "sanctionsim/fit.h"

/* Reads targets into d (sized for sc by ss_fit_data_alloc) from the table at
 * path: '#' lines and blank lines skipped, a header with a `date` column and
 * `s.<id>` columns (other columns ignored), one row per period label of sc's
 * timeline. Tab-separated, or comma-separated when the header has no tab; an
 * empty cell or `NA` is a missing value (pandas writes NA as an empty cell,
 * R's write.table and write.csv as `NA`); a value is an intensity in [0, 1].
 * Returns SS_OK; SS_EINPUT when the file cannot be opened or is a directory
 * ("--data: PATH: ...") or the table is bad ("PATH:LINE: ..." naming the
 * column), or holds no rows; SS_EIO or SS_ENOMEM when reading fails. */
ss_status ss_fit_table_read(const char *path, const ss_scenario *sc, ss_fit_data *d, ss_error *err);

#endif
