/* What the cmocka tests share: loading scenarios, failing the test with the
 * loader's own message when one does not load. */
#ifndef SANCTIONSIM_TEST_SUPPORT_H
#define SANCTIONSIM_TEST_SUPPORT_H

#include <stdio.h>

#include "sanctionsim/scenario.h"

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

#endif
