/* Tests of numbers as text (sim/numbers.c): what ss_parse_double takes and
 * refuses, and the shortest text ss_format_double writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
