/* Tests of the provenance writer (io/provenance.c): the command line quoted
 * for a shell, the '#' lines and the JSON object with the same keys and
 * values, text that cannot break a line, and a failed write. */
#define _POSIX_C_SOURCE 200809L /* fmemopen, open_memstream */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/provenance.h"
#include "sanctionsim/version.h"
#include "test_support.h"

/* Known answers: arguments and the words a shell reads back. */
static void test_command(void **state)
{
    (void)state;
    char *argv[] = {"sweep", "plain_path/x.cfg", "a b", "it's", "x\ny", "", "k=1,2:3"};
    char *text = ss_provenance_command(7, argv);
    assert_non_null(text);
    assert_string_equal(text, "sanctionsim sweep plain_path/x.cfg 'a b' 'it'\\''s' $'x\\x0ay' '' "
                              "k=1,2:3");
    free(text);
    text = ss_provenance_command(0, argv);
    assert_string_equal(text, "sanctionsim");
    free(text);
}

/* The provenance of one output as text. */
static char *written(const char *kind, const ss_scenario *const *sc, size_t nsc,
                     const ss_provenance *p)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(ss_provenance_write(f, kind, sc, nsc, p), SS_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_lines(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    const char *sets[] = {"japan.linkage = 1", "japan.exposure=1.5"};
    ss_provenance p = {"sanctionsim run x.cfg", sets, 2};
    const ss_scenario *one[] = {sc};
    char *text = written("run", one, 1, &p);
    char want[2048];
    snprintf(want, sizeof want,
             "# sanctionsim %s run\n"
             "# command: sanctionsim run x.cfg\n"
             "# scenario: %s\n"
             "# scenario_name: Baseline 2014\n"
             "# scenario_sha256: %s\n"
             "# set: japan.linkage = 1\n"
             "# set: japan.exposure=1.5\n",
             SS_VERSION, sc->path, sc->sha256);
    assert_string_equal(text, want);
    free(text);

    /* without a command line or overrides: the lines that are known */
    ss_provenance none = {NULL, NULL, 0};
    text = written("solve", one, 1, &none);
    assert_null(strstr(text, "# command:"));
    assert_null(strstr(text, "# set:"));
    assert_non_null(strstr(text, "# scenario_sha256: "));
    free(text);

    /* two scenarios (compare): their lines in order, base first */
    ss_scenario *alt = test_load("cf_linkage.cfg");
    const ss_scenario *two[] = {sc, alt};
    text = written("compare", two, 2, &p);
    char *b = strstr(text, sc->sha256), *a = strstr(text, alt->sha256);
    assert_non_null(b);
    assert_non_null(a);
    assert_true(b < a);
    free(text);
    ss_scenario_free(alt);
    ss_scenario_free(sc);
}

/* A path, name or override with control characters stays on its line. */
static void test_hostile_text(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    free(sc->path);
    sc->path = strdup("two\nlines.cfg");
    snprintf(sc->name, sizeof sc->name, "tab\there");
    const char *sets[] = {"japan.linkage=1\n# scenario_sha256: forged"};
    ss_provenance p = {"sanctionsim run $'two\\x0alines.cfg'", sets, 1};
    const ss_scenario *one[] = {sc};
    char *text = written("run", one, 1, &p);
    assert_non_null(strstr(text, "# scenario: two?lines.cfg\n"));
    assert_non_null(strstr(text, "# scenario_name: tab?here\n"));
    assert_non_null(strstr(text, "# set: japan.linkage=1?# scenario_sha256: forged\n"));
    size_t lines = 0;
    for (const char *q = text; *q; q++)
        lines += *q == '\n';
    assert_int_equal(lines, 6);

    /* the reader of sweep files finds the one true hash */
    FILE *f = fmemopen(text, strlen(text), "r");
    assert_non_null(f);
    char *line = NULL;
    size_t cap = 0;
    int hashes = 0;
    while (getline(&line, &cap, f) > 0)
        hashes += strncmp(line, "# scenario_sha256: ", 19) == 0;
    assert_int_equal(hashes, 1);
    free(line);
    fclose(f);
    free(text);
    ss_scenario_free(sc);
}

/* The JSON object has the keys and values the lines have. */
static void test_json(void **state)
{
    (void)state;
    ss_scenario *sc = test_load("baseline_2014.cfg");
    const char *sets[] = {"japan.linkage = 1", "japan.exposure=1.5"};
    ss_provenance p = {"sanctionsim solve x.cfg --format json", sets, 2};
    const ss_scenario *one[] = {sc};
    json_t *j = ss_provenance_json(one, 1, &p);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "version")), SS_VERSION);
    assert_string_equal(json_string_value(json_object_get(j, "command")), p.command);
    assert_string_equal(json_string_value(json_object_get(j, "scenario")), sc->path);
    assert_string_equal(json_string_value(json_object_get(j, "scenario_name")), "Baseline 2014");
    assert_string_equal(json_string_value(json_object_get(j, "scenario_sha256")), sc->sha256);
    json_t *s = json_object_get(j, "set");
    assert_true(json_is_array(s));
    assert_int_equal(json_array_size(s), 2);
    assert_string_equal(json_string_value(json_array_get(s, 0)), sets[0]);
    assert_string_equal(json_string_value(json_array_get(s, 1)), sets[1]);
    assert_int_equal(json_object_size(j), 6);
    json_decref(j);

    /* no command line: null; no overrides: [] */
    ss_provenance none = {NULL, NULL, 0};
    j = ss_provenance_json(one, 1, &none);
    assert_true(json_is_null(json_object_get(j, "command")));
    assert_int_equal(json_array_size(json_object_get(j, "set")), 0);
    json_decref(j);

    /* two scenarios: arrays, base first */
    ss_scenario *alt = test_load("cf_linkage.cfg");
    const ss_scenario *two[] = {sc, alt};
    j = ss_provenance_json(two, 2, &p);
    json_t *hashes = json_object_get(j, "scenario_sha256");
    assert_int_equal(json_array_size(hashes), 2);
    assert_string_equal(json_string_value(json_array_get(hashes, 0)), sc->sha256);
    assert_string_equal(json_string_value(json_array_get(hashes, 1)), alt->sha256);
    json_decref(j);
    ss_scenario_free(alt);
    ss_scenario_free(sc);
}

/* A write that fails is reported. */
static void test_write_fails(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    ss_scenario *sc = test_load("baseline_2014.cfg");
    const ss_scenario *one[] = {sc};
    ss_provenance p = {"sanctionsim run x.cfg", NULL, 0};
    assert_int_equal(ss_provenance_write(f, "run", one, 1, &p), SS_EIO);
    fclose(f);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_command),      cmocka_unit_test(test_lines),
        cmocka_unit_test(test_hostile_text), cmocka_unit_test(test_json),
        cmocka_unit_test(test_write_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
