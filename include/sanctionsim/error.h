/* Status codes and the one error record every library call fills. */
#ifndef SANCTIONSIM_ERROR_H
#define SANCTIONSIM_ERROR_H

#include <stddef.h>

/* Status codes; the command line maps them to exit statuses (STYLE.md). */
typedef enum ss_status {
    SS_OK = 0,
    SS_EINPUT = 2,   /* bad scenario, key, value or usage: exit 2 */
    SS_ENUMERIC = 3, /* a numerical failure (no convergence, non-finite value): exit 1 */
    SS_EIO = 4,      /* reading or writing a file failed: exit 1 */
    SS_ENOMEM = 5    /* an allocation failed: exit 1 */
} ss_status;

#define SS_ERRMSG_MAX 512

/* A message filled by the function that failed, e.g.
 * "scenarios/x.cfg:12: 'japan.exposure': must be > 0 (got -1)". */
typedef struct ss_error {
    ss_status status;
    char message[SS_ERRMSG_MAX];
} ss_error;

/* Fills err (when not NULL) with status and a printf-style message; returns status. */
ss_status ss_error_set(ss_error *err, ss_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resets err to SS_OK with an empty message. */
void ss_error_clear(ss_error *err);

/* GSL's error handler. The library never installs, changes or depends on
 * it: it is one process-wide pointer (gsl_set_error_handler), and setting it
 * around library calls would race with OpenMP threads and with callers'
 * threads, and would override the caller's choice. Instead the library
 * never gives GSL anything GSL reports as an error: arguments are checked
 * before each GSL call (sizes, intervals, ranks), and functions GSL calls
 * back (the payoff's slope, the fit's residuals) never hand it a non-finite
 * value; such failures come back as SS_ENUMERIC with a message. So the
 * results are the same under any handler, GSL's default (abort) included.
 * The one exception is GSL running out of memory inside its own allocators
 * (gsl_*_alloc): GSL calls the handler before the library sees NULL. With
 * the handler off that is SS_ENOMEM like every other failed allocation;
 * with GSL's default handler GSL aborts. A program that must survive it
 * calls gsl_set_error_handler_off() once, before starting threads, as the
 * command-line tool does. */

/* The process exit status that goes with a status: 0, 1 or 2. */
int ss_status_exit_code(ss_status status);

#endif
