/* The error record: one path for every failure (STYLE.md). */
#include "sanctionsim/error.h"
#include "text.h"

#include <stdarg.h>
#include <stdio.h>

ss_status ss_error_set(ss_error *err, ss_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        /* messages quote scenario text and file names: one line, no terminal
         * control codes, no broken UTF-8 (a cut multibyte character included) */
        ss_text_clean(err->message, '?');
        err->status = status;
    }
    return status;
}

void ss_error_clear(ss_error *err)
{
    if (err) {
        err->status = SS_OK;
        err->message[0] = '\0';
    }
}

int ss_status_exit_code(ss_status status)
{
    switch (status) {
    case SS_OK:
        return 0;
    case SS_EINPUT:
        return 2;
    default:
        return 1;
    }
}
