/* The output file of `sanctionsim sweep` (sweep_output.c): rows go to OUT.tmp,
 * which the run holds locked, which --resume continues, and which is renamed
 * to OUT when the sweep is complete. Built on the output module (cli_output.c):
 * its temporary files and locks. */
#ifndef SANCTIONSIM_CLI_SWEEP_OUTPUT_H
#define SANCTIONSIM_CLI_SWEEP_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"

/* Where a sweep's rows go, and what an interrupted run left there. */
typedef struct sweep_output {
    const char *path; /* OUT; NULL for standard output */
    int resume, force, quiet;
    char *tmp;           /* OUT.tmp (sweep_output_free frees it) */
    FILE *f;             /* the rows go here, after the header */
    size_t first;        /* the first point index still to compute */
    size_t rows, failed; /* rows already in OUT.tmp, and how many of them failed */
} sweep_output;

/* Opens the output for the sweep sw of `points` points (shard and header
 * from m); o->path, resume, force and quiet are set by the caller.
 * Standard output: the header is written. OUT: OUT and OUT.tmp are checked
 * (--force, --resume), OUT.tmp is locked and either started afresh with the
 * header (written to a private file, then renamed over OUT.tmp) or, with
 * --resume, checked to be this sweep's and cut after its last whole row.
 * Returns -1 when the rows can follow (o->f, o->first, o->rows and o->failed
 * are set), else the exit status after a message (also --resume on an OUT
 * that is complete: nothing to do). */
int sweep_output_open(sweep_output *o, const ss_sweep *sw, const ss_sweep_meta *m, size_t points);

/* After the rows: syncs and closes OUT.tmp and renames it to OUT. Returns 0,
 * or 1 after a message (OUT.tmp then keeps the rows for --resume). */
int sweep_output_commit(sweep_output *o);

/* Frees what sweep_output_open allocated; o->f is closed if still open. */
void sweep_output_free(sweep_output *o);

/* 0 when no point failed, else 1 after a message naming where the rows are. */
int sweep_report_failures(const char *where, size_t failed, size_t total);

#endif
