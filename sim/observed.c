/* Observed sanction intensity (MODEL.md section 9): the measure types and the
 * index that a timeline's measures define. */
#include "sanctionsim/observed.h"

#include <math.h>
#include <stdlib.h>

const char *const ss_measure_type_names[SS_NMEASURE_TYPES] = {
    "diplomatic",      "travel_ban",         "asset_freeze",      "crimea_trade",  "arms_export",
    "dual_use_export", "financial_sectoral", "energy_technology", "defense_sector"};

const double ss_measure_default_weights[SS_NMEASURE_TYPES] = {0.05, 0.10, 0.15, 0.10, 0.10,
                                                              0.10, 0.20, 0.10, 0.10};

int ss_observed_covers(const ss_timeline *t, size_t i)
{
    if (!t || !t->has_observed)
        return 0;
    for (size_t k = 0; k < t->nmeasures; k++)
        if (t->measures[k].sanctioner == i)
            return 1;
    return 0;
}

double ss_observed_index(const ss_timeline *t, size_t i, const ss_date *d)
{
    if (!t || !t->has_observed)
        return 0;
    double scope[SS_NMEASURE_TYPES] = {0};
    for (size_t k = 0; k < t->nmeasures; k++) {
        const ss_measure *m = &t->measures[k];
        if (m->sanctioner != i || ss_date_cmp(&m->start, d) > 0 ||
            (m->has_end && ss_date_cmp(d, &m->end) >= 0))
            continue;
        scope[m->type] += m->scope;
    }
    double index = 0;
    for (size_t k = 0; k < SS_NMEASURE_TYPES; k++)
        index += t->weights[k] * fmin(1, scope[k]);
    return index;
}

static int date_order(const void *a, const void *b)
{
    return ss_date_cmp(a, b);
}

ss_status ss_observed_changes(const ss_timeline *t, ss_date **dates, size_t *n)
{
    *dates = NULL;
    *n = 0;
    if (!t || !t->has_observed || t->nmeasures == 0)
        return SS_OK;
    ss_date *d = malloc(2 * t->nmeasures * sizeof *d);
    if (!d)
        return SS_ENOMEM;
    size_t m = 0;
    for (size_t k = 0; k < t->nmeasures; k++) {
        d[m++] = t->measures[k].start;
        if (t->measures[k].has_end)
            d[m++] = t->measures[k].end;
    }
    qsort(d, m, sizeof *d, date_order);
    size_t u = 0;
    for (size_t k = 0; k < m; k++)
        if (u == 0 || ss_date_cmp(&d[k], &d[u - 1]) != 0)
            d[u++] = d[k];
    *dates = d;
    *n = u;
    return SS_OK;
}
