/* Tests of numbers as text (sim/numbers.c): what ss_parse_double takes and
 * refuses, and the shortest text ss_format_double writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/numbers.h"

static void test_parse(void **state)
{
    (void)state;
    double v = -1;
    assert_int_equal(ss_parse_double("0.25", &v), 0);
    assert_true(v == 0.25);
    assert_int_equal(ss_parse_double(" \t-3e2 \t", &v), 0);
    assert_true(v == -300);
    assert_int_equal(ss_parse_double("1e-400", &v), 0); /* an underflow reads as 0 */
    assert_true(v == 0);
    v = 7;
    static const char *const bad[] = {"",    "  ",  "1.5x",  "x",     "1 2",
                                      "inf", "nan", "1e400", "-1e400"};
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++)
        assert_int_equal(ss_parse_double(bad[k], &v), -1);
    assert_true(v == 7); /* left alone on failure */
}

static void test_format(void **state)
{
    (void)state;
    char buf[32];
    static const double values[] = {0.1, 1, 1.0000001, -2.5e-9, 1.0 / 3, 123456789012345678.0};
    static const char *const want[] = {"0.1", "1", "1.0000001", "-2.5e-09", NULL, NULL};
    for (size_t k = 0; k < sizeof values / sizeof *values; k++) {
        ss_format_double(values[k], buf, sizeof buf);
        assert_true(strtod(buf, NULL) == values[k]); /* reads back exactly */
        if (want[k])
            assert_string_equal(buf, want[k]);
    }
}

/* Whether text reads back as exactly the bits of v. */
static int reads_back(const char *text, double v)
{
    double back = strtod(text, NULL);
    return memcmp(&back, &v, sizeof v) == 0;
}

/* The significant digits of a number's text: its mantissa without sign,
 * point, leading and trailing zeros. */
static size_t significant_digits(const char *text)
{
    char digits[SS_NUMBER_MAX];
    size_t n = 0;
    for (const char *p = text; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9' && (n > 0 || *p != '0'))
            digits[n++] = *p;
    while (n > 0 && digits[n - 1] == '0')
        n--;
    return n;
}

static void test_format_short(void **state)
{
    (void)state;
    char buf[SS_NUMBER_MAX];
    static const struct {
        double v;
        const char *want;
    } known[] = {
        {0.1, "0.1"},
        {0.3, "0.3"},
        {0.1 + 0.2, "0.30000000000000004"}, /* 17 digits: 0.3 is another double */
        {1.0 / 3, "0.3333333333333333"},    /* 16 digits */
        {2.0 / 3, "0.6666666666666666"},
        {1e-300, "1e-300"},
        {1e22, "1e+22"},
        {-0.0, "-0"},
        {0.0, "0"},
        {100000, "1e+05"},
        {100, "100"},
        {10000, "10000"},
        {1e16, "1e+16"},
        {-1.5e16, "-1.5e+16"},
        {123456, "123456"},
        {4.9406564584124654e-324, "5e-324"},                 /* the smallest denormal */
        {2.2250738585072009e-308, "2.225073858507201e-308"}, /* the largest */
        {1.7976931348623157e308, "1.7976931348623157e+308"}, /* DBL_MAX: 16 digits overflow */
    };
    for (size_t k = 0; k < sizeof known / sizeof *known; k++) {
        ss_format_double(known[k].v, buf, sizeof buf);
        assert_string_equal(buf, known[k].want);
        assert_true(reads_back(buf, known[k].v));
    }
    /* 100,000 doubles of every exponent from a fixed seed (xorshift64*): each
     * reads back bit-identical, and with one digit less it would not */
    unsigned long long x = 0x9e3779b97f4a7c15ULL;
    size_t tested = 0;
    for (size_t k = 0; k < 100000; k++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        unsigned long long bits = x * 0x2545f4914f6cdd1dULL;
        double v;
        memcpy(&v, &bits, sizeof v);
        if (v != v || v - v != 0) /* nan and inf are not numbers a file holds */
            continue;
        ss_format_double(v, buf, sizeof buf);
        assert_true(reads_back(buf, v));
        size_t sig = significant_digits(buf);
        assert_true(sig <= 17);
        if (sig >= 2) { /* the fewest: one digit less does not read back */
            char shorter[400];
            snprintf(shorter, sizeof shorter, "%.*g", (int)sig - 1, v);
            assert_false(reads_back(shorter, v));
        }
        tested++;
    }
    assert_true(tested > 99000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
