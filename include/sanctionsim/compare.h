/* Counterfactuals: two scenarios solved side by side, and the cost of
 * misperception (MODEL.md section 7). */
#ifndef SANCTIONSIM_COMPARE_H
#define SANCTIONSIM_COMPARE_H

#include "sanctionsim/columns.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/scenario.h"

/* One quantity in both solutions; `in_base`/`in_alt` say where it exists
 * (a sanctioner may be present in only one scenario). */
typedef struct ss_compare_row {
    char name[sizeof(((ss_column *)0)->name)];
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

/* The quantities of one solve that comparisons line up: the result columns,
 * payoff.target, payoff.patron and max_regret. */
#define SS_COMPARE_MAX_COLUMNS (SS_RESULT_MAX_COLUMNS + 3)

typedef struct ss_comparison {
    ss_mixed_result base, alt; /* the answers (ss_solve_any): pure, mixed or QRE */
    size_t nrows;
    ss_compare_row rows[2 * SS_RESULT_MAX_COLUMNS];
    size_t nmis;
    ss_misperception mis[2 * SS_MAX_SANCTIONERS];
} ss_comparison;

/* Solves the misperception counterfactual for sanctioner i of sc: both
 * answers are ss_solve_any's (a mixed equilibrium's expected values where no
 * pure one is certified). Returns the status of the two solves (SS_ENUMERIC
 * when one has no certified answer; err says which) or SS_ENOMEM. */
ss_status ss_misperception_cost(const ss_scenario *sc, size_t i, ss_misperception *m,
                                ss_error *err);

/* Solves base and alt (each with its own mode and solver settings; the
 * answer `solve` gives, ss_solve_any: a mixed one's expected values), lines up
 * their quantities by name and computes every misperception cost. A failed
 * solve is reported through the status (and err), with the rows still filled. */
ss_status ss_compare(const ss_scenario *base, const ss_scenario *alt, ss_comparison *out,
                     ss_error *err);

/* Many scenarios, one row each (`compare A B C ...`): every quantity of
 * every solve, lined up by name: the intensities s.<id> first, then the
 * others, each in the order first met (a sanctioner of one scenario only is
 * a column the others lack). */
#define SS_COMPARE_MANY_COLUMNS (3 * SS_COMPARE_MAX_COLUMNS)

typedef struct ss_compare_many {
    size_t n;                /* scenarios */
    ss_mixed_result *result; /* n: each scenario's answer (ss_solve_any: status, certificate) */
    size_t ncols;
    char column[SS_COMPARE_MANY_COLUMNS][sizeof(((ss_column *)0)->name)]; /* the names */
    double *value;          /* scenario k, column q at k * SS_COMPARE_MANY_COLUMNS + q */
    unsigned char *present; /* the same layout: 1 where scenario k has column q */
} ss_compare_many;

/* Solves each of the n scenarios (its own mode and solver settings; the
 * answer of ss_solve_any, as `solve` gives it) and lines
 * up their quantities. Returns SS_OK; SS_EINPUT when they have more distinct
 * quantities than SS_COMPARE_MANY_COLUMNS; the status of the first failed solve
 * (err names its file; every row is still filled, each result says its
 * status); or SS_ENOMEM (out is then empty). Free out with
 * ss_compare_many_free. */
ss_status ss_compare_many_solve(const ss_scenario *const *sc, size_t n, ss_compare_many *out,
                                ss_error *err);
void ss_compare_many_free(ss_compare_many *m); /* NULL is harmless */

#endif
