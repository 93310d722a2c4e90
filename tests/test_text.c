/* Tests of the one filter for printable text (sim/text.h): UTF-8 and control characters. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/error.h"
#include "text.h"

/* Known answers: each string, its verdict, where and what, and how it is
 * written with '?' for what is not printable. */
static void test_check_and_clean(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        ss_text_problem problem;
        size_t at;
        unsigned long code;
        const char *clean;
    } cases[] = {
        {"plain ASCII", SS_TEXT_OK, 0, 0, "plain ASCII"},
        {"", SS_TEXT_OK, 0, 0, ""},
        {"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8c\x8d", SS_TEXT_OK, 0, 0,
         "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8c\x8d"},
        {"\xc2\xa0no-break space (U+00A0)", SS_TEXT_OK, 0, 0, "\xc2\xa0no-break space (U+00A0)"},
        {"tab\there", SS_TEXT_CONTROL, 3, 0x09, "tab?here"},
        {"esc\x1b[2J", SS_TEXT_CONTROL, 3, 0x1b, "esc?[2J"},
        {"del\x7f", SS_TEXT_CONTROL, 3, 0x7f, "del?"},
        {"c1 \xc2\x80", SS_TEXT_CONTROL, 3, 0x80, "c1 ?"},
        {"csi \xc2\x9b"
         "31m",
         SS_TEXT_CONTROL, 4, 0x9b, "csi ?31m"},
        {"latin-1 caf\xe9", SS_TEXT_UTF8, 11, 0xe9, "latin-1 caf?"},
        {"stray \x80 byte", SS_TEXT_UTF8, 6, 0x80, "stray ? byte"},
        {"overlong \xc0\xaf", SS_TEXT_UTF8, 9, 0xc0, "overlong ??"},
        {"overlong \xe0\x80\xaf", SS_TEXT_UTF8, 9, 0xe0, "overlong ???"},
        {"surrogate \xed\xa0\x80", SS_TEXT_UTF8, 10, 0xed, "surrogate ???"},
        {"too high \xf4\x90\x80\x80", SS_TEXT_UTF8, 9, 0xf4, "too high ????"},
        {"cut \xe2\x80", SS_TEXT_UTF8, 4, 0xe2, "cut ??"},
        {"\xff", SS_TEXT_UTF8, 0, 0xff, "?"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t at = 99;
        unsigned long code = 99;
        ss_text_problem problem = ss_text_check(cases[k].text, &at, &code);
        if (problem != cases[k].problem ||
            (problem && (at != cases[k].at || code != cases[k].code))) {
            print_error("case %zu: problem %d at %zu code 0x%lx\n", k, (int)problem, at, code);
            fail();
        }
        char buf[64];
        snprintf(buf, sizeof buf, "%s", cases[k].text);
        ss_text_clean(buf, '?');
        assert_string_equal(buf, cases[k].clean);
        /* the stream writer agrees with the in-place one */
        char out[64] = "";
        FILE *f = fmemopen(out, sizeof out, "w");
        assert_non_null(f);
        ss_text_put(f, cases[k].text, '?');
        assert_int_equal(fclose(f), 0);
        assert_string_equal(out, cases[k].clean);
    }
}

/* Error messages go through the same filter: a C1 character or broken UTF-8
 * quoted from a file cannot reach the terminal. */
static void test_error_messages_are_clean(void **state)
{
    (void)state;
    ss_error err;
    ss_error_set(&err, SS_EINPUT, "'%s': bad",
                 "a\xc2\x9b"
                 "b\xe9"
                 "c\nd");
    assert_string_equal(err.message, "'a?b?c?d': bad");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_and_clean),
        cmocka_unit_test(test_error_messages_are_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
