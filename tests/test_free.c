/* Every public _free of the library takes NULL and does nothing, as free()
 * does (the house style: `x_free(NULL)` is a no-op). A new _free in include/ goes
 * here too. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sanctionsim/design.h"
#include "sanctionsim/dynamics.h"
#include "sanctionsim/fit.h"
#include "sanctionsim/montecarlo.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"
#include "sanctionsim/timeline.h"

static void test_every_free_takes_null(void **state)
{
    (void)state;
    ss_scenario_free(NULL);
    ss_priors_free(NULL);
    ss_timeline_free(NULL);
    ss_series_free(NULL);
    ss_mc_bands_free(NULL);
    ss_sweep_free(NULL);
    ss_sweep_header_free(NULL);
    ss_fit_data_free(NULL);
    ss_design_free(NULL);
    ss_sampler_free(NULL);
}

/* The structures freed in place can be freed twice, and freed when empty. */
static void test_in_place_frees_are_repeatable(void **state)
{
    (void)state;
    ss_design d;
    ss_design_init(&d, SS_DESIGN_GRID);
    ss_design_free(&d);
    ss_design_free(&d);
    ss_sweep_header h = {0};
    ss_sweep_header_free(&h);
    ss_sweep_header_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_free_takes_null),
        cmocka_unit_test(test_in_place_frees_are_repeatable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
