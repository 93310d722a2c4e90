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

/* Whether two scenarios hold the same numbers: every sanctioner parameter,
 * and the world each sanctioner believes in (truth plus its beliefs). */
static void expect_same_numbers(const ss_scenario *a, const ss_scenario *b)
{
    assert_int_equal(a->params.n, b->params.n);
    assert_int_equal(a->params.has_patron, b->params.has_patron);
    assert_int_equal(a->params.nbeliefs, b->params.nbeliefs);
    assert_int_equal(a->solver.mode, b->solver.mode);
    for (size_t k = 0; k < ss_solver_nsettings; k++)
        assert_true(ss_solver_setting_get(&a->solver, &ss_solver_settings[k]) ==
                    ss_solver_setting_get(&b->solver, &ss_solver_settings[k]));
    assert_string_equal(a->name, b->name);
    for (size_t i = 0; i < a->params.n; i++) {
        assert_string_equal(a->sanctioner[i].id, b->sanctioner[i].id);
        assert_string_equal(a->sanctioner[i].name, b->sanctioner[i].name);
        assert_int_equal(ss_params_has_beliefs(&a->params, i),
                         ss_params_has_beliefs(&b->params, i));
        for (size_t f = 0; f < ss_sanctioner_ninfo; f++)
            assert_true(ss_param_value(&a->params, SS_PART_SANCTIONER, i, f) ==
                        ss_param_value(&b->params, SS_PART_SANCTIONER, i, f));
        ss_world wa, wb;
        ss_params_world_of(&a->params, i, &wa);
        ss_params_world_of(&b->params, i, &wb);
        for (size_t f = 0; f < ss_target_ninfo; f++)
            assert_true(ss_param_value(&a->params, SS_PART_TARGET, 0, f) ==
                        ss_param_value(&b->params, SS_PART_TARGET, 0, f));
        for (size_t j = 0; j < a->params.n; j++)
            assert_true(wa.target.reciprocity[j] == wb.target.reciprocity[j]);
        assert_true(memcmp(&wa.patron, &wb.patron, sizeof wa.patron) == 0);
        assert_true(wa.target.island_value == wb.target.island_value &&
                    wa.target.audience_cost == wb.target.audience_cost &&
                    wa.target.pivot_cost == wb.target.pivot_cost &&
                    wa.target.substitution == wb.target.substitution &&
                    wa.target.isolation_premium == wb.target.isolation_premium &&
                    wa.target.hedging_value == wb.target.hedging_value);
    }
}

/* ss_scenario_write_cfg: a scenario built on a base, with a set list,
 * beliefs, overrides that need every digit, a ceiling and a patron, written
 * standalone, loads back to the same numbers; it names no base. */
static void test_write_cfg_reads_back(void **state)
{
    (void)state;
    char dir[] = "/tmp/sanctionsim-test-cfg-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char src[512], out[600];
    snprintf(src, sizeof src, "%s/scenarios/cf_alliance_pressure.cfg", SS_SOURCE_DIR);
    ss_scenario *sc = test_load_path(src);
    static const char *const sets[] = {
        "japan.linkage = 0.1234567890123456789", "japan.max_intensity = 0.3",
        "g7.beliefs.target.reciprocity.g7 = 1e-7", "g7.beliefs.patron.secondary_risk = 1000000",
        "china.base_alignment = -0.25"};
    ss_error err;
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++)
        assert_int_equal(ss_scenario_assign(sc, sets[k], "--set", &err), SS_OK);
    sc->solver.mode = SS_MODE_NASH;
    sc->solver.scan_points = 41;
    snprintf(out, sizeof out, "%s/written.cfg", dir);
    FILE *f = fopen(out, "w");
    assert_non_null(f);
    ss_provenance prov = {"sanctionsim show", NULL, 0};
    assert_int_equal(ss_scenario_write_cfg(f, sc, &prov), SS_OK);
    assert_int_equal(fclose(f), 0);

    ss_scenario *back = test_load_path(out);
    expect_same_numbers(sc, back);
    assert_int_equal(back->nfiles, 1); /* standalone: no base */
    ss_scenario_free(back);
    ss_scenario_free(sc);
    unlink(out);
    rmdir(dir);
}

/* Origins: the file and line of each value, the base's lines, the set
 * list's line, --set, and "default"; copies keep them. */
static void test_origins(void **state)
{
    (void)state;
    char src[512];
    snprintf(src, sizeof src, "%s/scenarios/cf_alliance_pressure.cfg", SS_SOURCE_DIR);
    ss_scenario *sc = test_load_path(src);
    ss_error err;
    assert_int_equal(ss_scenario_assign(sc, "g7.exposure = 0.8", "--set", &err), SS_OK);
    ss_scenario *c = ss_scenario_copy(sc);
    assert_non_null(c);
    ss_origin o = {SS_ORIGIN_PARAM, SS_PART_SANCTIONER, 0, 0, 0, ""};
    o.field = (size_t)ss_param_find(SS_PART_SANCTIONER, "alliance_pressure");
    char want[600];
    snprintf(want, sizeof want, "%s:5", src);
    assert_string_equal(ss_scenario_origin(c, &o), want);
    o.field = (size_t)ss_param_find(SS_PART_SANCTIONER, "max_intensity");
    assert_string_equal(ss_scenario_origin(c, &o), "default");
    o.index = 1;
    o.field = (size_t)ss_param_find(SS_PART_SANCTIONER, "exposure");
    assert_string_equal(ss_scenario_origin(c, &o), "--set");
    o.index = 0; /* japan.exposure: from the base file */
    assert_non_null(strstr(ss_scenario_origin(c, &o), "baseline_2014.cfg:"));
    ss_origin b = {SS_ORIGIN_BELIEF, SS_PART_TARGET, 0, 0, 0, ""};
    b.field = (size_t)ss_param_find(SS_PART_TARGET, "hedging_value");
    assert_non_null(strstr(ss_scenario_origin(c, &b), "baseline_2014.cfg:"));
    ss_scenario_free(c);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_put_string),
        cmocka_unit_test(test_fitted_name),
        cmocka_unit_test(test_write_fitted_reads_back),
        cmocka_unit_test(test_write_cfg_reads_back),
        cmocka_unit_test(test_origins),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
