/* Numbers as text: the one parser of a number a user writes (--set, events,
 * sweep ranges) and the shortest text that reads back as a double. */
#include "sanctionsim/numbers.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int ss_parse_double(const char *text, double *out)
{
    char *end;
    while (*text == ' ' || *text == '\t')
        text++;
    if (*text == '\0')
        return -1;
    errno = 0;
    double v = strtod(text, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    /* an underflow rounds to 0 or a subnormal, as the scenario reader reads it in a file */
    if (*end != '\0' || (errno == ERANGE && fabs(v) > 1) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int ss_parse_whole(const char *text, unsigned long long lo, unsigned long long hi,
                   unsigned long long *out)
{
    if (!text || !*text)
        return -1;
    unsigned long long v = 0;
    for (const char *p = text; *p; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (*p < '0' || *p > '9' || d > hi || v > (hi - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    if (v < lo)
        return -1;
    *out = v;
    return 0;
}

void ss_format_double(double v, char *buf, size_t len)
{
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, len, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            return;
    }
}
