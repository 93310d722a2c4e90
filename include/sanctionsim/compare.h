/* Counterfactuals: two scenarios solved side by side, and the cost of
 * misperception (MODEL.md section 7). */
#ifndef SANCTIONSIM_COMPARE_H
#define SANCTIONSIM_COMPARE_H

#include "sanctionsim/columns.h"
#include "sanctionsim/scenario.h"

/* One quantity in both solutions; `in_base`/`in_alt` say where it exists
 * (a sanctioner may be present in only one scenario). */
typedef struct ss_compare_row {
    char name[SS_ID_MAX + 16];
    double base, alt;
    int in_base, in_alt;
} ss_compare_row;

/* For a sanctioner holding beliefs: its realized payoff at the equilibrium
 * where it holds true beliefs (its beliefs removed), minus the realized payoff
 * at the equilibrium with its stated beliefs. Positive: misperception hurts. */
typedef struct ss_misperception {
    char scenario; /* 'b' base or 'a' alt */
    char id[SS_ID_MAX + 1];
    double realized_stated, realized_true, cost;
    double s_stated, s_true;
} ss_misperception;

typedef struct ss_comparison {
    ss_result base, alt;
    size_t nrows;
    ss_compare_row rows[2 * SS_RESULT_MAX_COLUMNS];
    size_t nmis;
    ss_misperception mis[2 * SS_MAX_SANCTIONERS];
} ss_comparison;

/* Solves the misperception counterfactual for sanctioner i of sc. Returns the
 * status of the two solves (SS_ENUMERIC when one fails; err says which). */
ss_status ss_misperception_cost(const ss_scenario *sc, size_t i, ss_misperception *m,
                                ss_error *err);

/* Solves base and alt (each with its own mode and solver settings), lines up
 * their quantities by name and computes every misperception cost. A failed
 * solve is reported through the status (and err), with the rows still filled. */
ss_status ss_compare(const ss_scenario *base, const ss_scenario *alt, ss_comparison *out,
                     ss_error *err);

#endif
