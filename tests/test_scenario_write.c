/* Scenario writing (sim/io/scenario_write.c): string literals that libconfig
 * reads back, fitted names, and a fitted scenario that loads as written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sanctionsim/keys.h"
#include "sanctionsim/scenario_write.h"
#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *put(const char *s)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    ss_scenario_put_string(f, s);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* The escapes libconfig's scanner reads (its grammar: \\ \" \n \r \t \f \xNN),
 * written out by hand. */
static void test_put_string(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain", "\"plain\""},
        {"a \"b\" \\c", "\"a \\\"b\\\" \\\\c\""},
        {"tab\there\nnl\rcr\fff", "\"tab\\there\\nnl\\rcr\\fff\""},
        {"bell\a del\x7f", "\"bell\\x07 del\\x7f\""},
        {"caf\xc3\xa9", "\"caf\xc3\xa9\""}, /* UTF-8 as it is */
        {"", "\"\""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *got = put(cases[k].in);
        assert_string_equal(got, cases[k].want);
        free(got);
    }
}

static void test_fitted_name(void **state)
{
    (void)state;
    char buf[16];
    ss_scenario_fitted_name("Base", buf, sizeof buf);
    assert_string_equal(buf, "Base (fitted)");
    ss_scenario_fitted_name("Base (fitted)", buf, sizeof buf);
    assert_string_equal(buf, "Base (fitted)"); /* fitted again: kept */
    /* 16 bytes hold 15 characters: 6 of the name and " (fitted)"; the 7th
     * byte starts a two-byte 'é' that does not fit whole */
    ss_scenario_fitted_name("abcdef\xc3\xa9xyz", buf, sizeof buf);
    assert_string_equal(buf, "abcdef (fitted)");
    ss_scenario_fitted_name("abcde\xc3\xa9xyz", buf, sizeof buf);
    assert_string_equal(buf, "abcde (fitted)"); /* never half of 'é' */
}

/* A fitted scenario written next to its base loads back with the estimates,
 * the overrides, the mode and the name. */
static void test_write_fitted_reads_back(void **state)
{
    (void)state;
    char dir[] = "/tmp/sanctionsim-test-write-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char src[512], path[600], out[600];
    snprintf(src, sizeof src, "%s/scenarios/baseline_2014.cfg", SS_SOURCE_DIR);
    test_copy_file(src, dir, "baseline_2014.cfg");
    snprintf(path, sizeof path, "%s/baseline_2014.cfg", dir);
    snprintf(out, sizeof out, "%s/fitted.cfg", dir);
    ss_scenario *sc = test_load_path(path);

    ss_fit_result r;
    memset(&r, 0, sizeof r);
    r.nfree = 2;
    r.estimate[0] = 0.1234567890123456789; /* every digit must survive */
    r.estimate[1] = 2.5;
    r.identified[0] = 1;
    r.std_error[0] = 0.01;
    r.rmse_before = 0.2;
    r.rmse_after = 0.1;
    const char *keys[] = {"japan.linkage", "japan.alliance_pressure"};
    const char *sets[] = {"japan.axis_fear = 0.5"};
    ss_provenance prov = {"sanctionsim fit baseline_2014.cfg", sets, 1};
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    assert_int_equal(ss_scenario_write_fitted(f, sc, &prov, "nash", keys, &r), SS_OK);
    assert_int_equal(fclose(f), 0);

    ss_scenario *back = test_load_path(out);
    assert_string_equal(back->name, "Baseline 2014 (fitted)");
    assert_int_equal(back->solver.mode, SS_MODE_NASH);
    static const struct {
        const char *key;
        double value;
    } want[] = {{"japan.linkage", 0.1234567890123456789},
                {"japan.alliance_pressure", 2.5},
                {"japan.axis_fear", 0.5}};
    for (size_t k = 0; k < 3; k++) {
        ss_keyref ref;
        ss_error err;
        assert_int_equal(ss_key_parse(back, want[k].key, &ref, &err), SS_OK);
        assert_true(ss_key_get(&back->params, &ref) == want[k].value);
    }
    ss_scenario_free(back);
    ss_scenario_free(sc);
    unlink(out);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_string),
        cmocka_unit_test(test_fitted_name),
        cmocka_unit_test(test_write_fitted_reads_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
