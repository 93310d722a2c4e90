/* Tests of the result columns (sim/columns.c): their names and order, the
 * values behind them, the status word and the TSV/CSV row that reads back. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/columns.h"
#include "test_support.h"

static void test_names_and_order(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    size_t n = sc->params.n;
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    assert_int_equal(ss_result_columns(sc, NULL, cols), 3 * n + 7);
    char want[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(want, sizeof want, "s.%s", sc->sanctioner[i].id);
        assert_string_equal(cols[i].name, want);
        snprintf(want, sizeof want, "u.%s", sc->sanctioner[i].id);
        assert_string_equal(cols[n + 7 + i].name, want);
        snprintf(want, sizeof want, "realized.%s", sc->sanctioner[i].id);
        assert_string_equal(cols[2 * n + 7 + i].name, want);
    }
    static const char *const follow[] = {"c", "p", "a", "q", "X", "D", "H"};
    for (size_t q = 0; q < 7; q++)
        assert_string_equal(cols[n + q].name, follow[q]);
    for (size_t k = 0; k < 3 * n + 7; k++)
        assert_true(cols[k].value == 0); /* names alone */
    ss_scenario_free(sc);
}

static void test_values(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_result r;
    ss_error err;
    assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &r, &err), SS_OK);
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    size_t n = sc->params.n, nc = ss_result_columns(sc, &r, cols);
    assert_int_equal(nc, 3 * n + 7);
    for (size_t i = 0; i < n; i++) {
        assert_true(cols[i].value == r.s[i]);
        assert_true(cols[n + 7 + i].value == r.payoff_perceived[i]);
        assert_true(cols[2 * n + 7 + i].value == r.payoff_realized[i]);
    }
    const double follow[] = {r.followers.c, r.followers.p, r.followers.a, r.followers.q,
                             r.derived.X,   r.derived.D,   r.derived.H};
    for (size_t q = 0; q < 7; q++)
        assert_true(cols[n + q].value == follow[q]);

    /* the row holds the same numbers, each reading back exactly */
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    ss_result_header(f, sc, '\t');
    fputc('\n', f);
    ss_result_row(f, sc, &r, '\t');
    assert_int_equal(fclose(f), 0);
    char *row = strchr(text, '\n');
    assert_non_null(row);
    *row++ = '\0';
    assert_non_null(strstr(text, "\tconverged\titerations\tmax_regret\tstatus"));
    char *p = row;
    for (size_t k = 0; k < nc; k++) {
        char *end;
        assert_true(strtod(p, &end) == cols[k].value);
        assert_int_equal(*end, '\t');
        p = end + 1;
    }
    assert_non_null(strstr(p, ss_result_status_word(&r)));
    free(text);
    ss_scenario_free(sc);
}

static void test_status_word(void **state)
{
    (void)state;
    ss_result r;
    memset(&r, 0, sizeof r);
    r.status = SS_OK;
    assert_string_equal(ss_result_status_word(&r), "ok");
    r.status = SS_ENUMERIC;
    assert_string_equal(ss_result_status_word(&r), "not_converged");
    r.converged = 1;
    assert_string_equal(ss_result_status_word(&r), "not_certified");
    r.certified = 1;
    assert_string_equal(ss_result_status_word(&r), "failed");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_order),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_status_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
