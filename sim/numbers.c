/* Numbers as text: the one parser of a number a user writes (--set, events,
 * sweep ranges) and the shortest text that reads back as a double. */
#include "sanctionsim/numbers.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The significant digits of printf's %g text: the mantissa's digits without
 * leading and trailing zeros. */
static int significant_digits(const char *text)
{
    int n = 0, zeros = 0;
    for (const char *p = text; *p && *p != 'e'; p++) {
        if (*p < '0' || *p > '9' || (n == 0 && *p == '0'))
            continue;
        zeros = *p == '0' ? zeros + 1 : 0;
        n++;
    }
    return n - zeros;
}

/* Whether text reads back as exactly the bits of v (-0.0 is not 0.0). */
static int reads_back(const char *text, double v)
{
    double back = strtod(text, NULL);
    return memcmp(&back, &v, sizeof v) == 0;
}

/* %g writes a whole number of n digits with an exponent from 10^n on
 * (1e+02 for 100): the plain digits when they are no longer and no more
 * (100, 10000, but 1e+05). */
static void plain_when_shorter(double v, char *buf, size_t len)
{
    const char *e = strchr(buf, 'e');
    int x = e ? atoi(e + 1) : -1;
    if (x < 0 || x >= 17)
        return;
    char plain[SS_NUMBER_MAX];
    snprintf(plain, sizeof plain, "%.*g", x + 1, v);
    if (strlen(plain) <= strlen(buf) && significant_digits(plain) <= significant_digits(buf) &&
        reads_back(plain, v))
        snprintf(buf, len, "%s", plain);
}

void ss_format_double(double v, char *buf, size_t len)
{
    if (!isfinite(v) || (v != 0 && fabs(v) < DBL_MIN)) {
        /* a subnormal's 15 digits need not be its fewest: try every count */
        for (int digits = 1; digits <= 17; digits++) {
            snprintf(buf, len, "%.*g", digits, v);
            if (reads_back(buf, v))
                return;
        }
        return;
    }
    /* %.16g first: when it does not read back, %.17g (always does) is the
     * answer after two conversions, as it is for most computed values */
    snprintf(buf, len, "%.16g", v);
    if (!reads_back(buf, v)) {
        snprintf(buf, len, "%.17g", v);
        plain_when_shorter(v, buf, len);
        return;
    }
    /* 16 digits read back; 15 may too. When n <= 15 digits read back, the
     * nearest 15- and 16-digit decimals to v are these n digits padded with
     * zeros (15-digit decimals are further apart than doubles), so %.16g
     * without its trailing zeros is then the fewest. */
    if (significant_digits(buf) == 16) {
        char shorter[SS_NUMBER_MAX];
        snprintf(shorter, sizeof shorter, "%.15g", v);
        if (!reads_back(shorter, v)) {
            plain_when_shorter(v, buf, len);
            return;
        }
        snprintf(buf, len, "%s", shorter);
    }
    /* %g chose plain digits for %.15g or %.16g: a whole number ending in
     * zeros is written as %g writes its n digits (1e+05), unless plain is no
     * longer (100) */
    size_t used = strlen(buf);
    int n = significant_digits(buf);
    if (!strpbrk(buf, ".e") && used > 0 && buf[used - 1] == '0' && n >= 1) {
        char exp[SS_NUMBER_MAX];
        snprintf(exp, sizeof exp, "%.*g", n, v);
        if (reads_back(exp, v))
            snprintf(buf, len, "%s", exp);
    }
    plain_when_shorter(v, buf, len);
}
