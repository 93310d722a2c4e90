/* What the cmocka tests share: loading scenarios, failing the test with the
 * loader's own message when one does not load, and copying scenario files. */
#ifndef SANCTIONSIM_TEST_SUPPORT_H
#define SANCTIONSIM_TEST_SUPPORT_H

#include <stdio.h>

#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"

/* Loads the scenario at path; fails the current test when it does not load. */
static inline ss_scenario *test_load_path(const char *path)
{
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (!sc) {
        print_error("%s: %s\n", path, err.message);
        fail();
    }
    assert_int_equal(err.status, SS_OK);
    return sc;
}

/* Loads scenarios/FILE of the source tree (SS_SOURCE_DIR). */
static inline ss_scenario *test_load(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/scenarios/%s", SS_SOURCE_DIR, file);
    return test_load_path(path);
}

/* Loads tests/fixtures/FILE of the source tree (SS_SOURCE_DIR): scenarios
 * kept for their known answers, such as the first calibration. */
static inline ss_scenario *test_load_fixture(const char *file)
{
    char path[512];
    snprintf(path, sizeof path, "%s/tests/fixtures/%s", SS_SOURCE_DIR, file);
    return test_load_path(path);
}

/* Copies the file at src to dir/name byte for byte; fails the current test
 * when it cannot. */
static inline void test_copy_file(const char *src, const char *dir, const char *name)
{
    char to[512];
    snprintf(to, sizeof to, "%s/%s", dir, name);
    FILE *in = fopen(src, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, got, out), got);
    fclose(in);
    assert_int_equal(fclose(out), 0);
}

#endif
