/* The explorer's WebAssembly entry points (explorer/build.sh compiles this
 * with the sanctionsim_core sources and sim/io's JSON writers). The page
 * builds a scenario key by key from `sanctionsim show --format json` output,
 * with the same checks --set makes, and solves it with ss_solve_any: the numbers
 * it shows are the command line's, computed by the same code. Every text
 * returned lives until the next call that returns text. */
#include "sanctionsim/explain.h"
#include "sanctionsim/explain_report.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/mixed.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/params.h"
#include "sanctionsim/report.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/solver.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ss_scenario *scen;      /* the scenario being explored */
static ss_error last;          /* the last refusal or failure, for ex_error */
static char *text;             /* the last text handed out */
static ss_explanation explain; /* large: kept out of the stack */

/* Runs write into a fresh memory stream and keeps what it wrote as `text`;
 * returns it, or NULL (last filled) when writing fails. */
static const char *capture(ss_status (*write)(FILE *, const void *), const void *arg)
{
    free(text);
    text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) {
        ss_error_set(&last, SS_ENOMEM, "out of memory");
        return NULL;
    }
    ss_status st = write(f, arg);
    if (fclose(f) != 0 && st == SS_OK)
        st = SS_EIO;
    if (st != SS_OK) {
        free(text);
        text = NULL;
        ss_error_set(&last, st, "writing the result failed");
    }
    return text;
}

/* The last error's message ("" when the last call succeeded). */
const char *ex_error(void)
{
    return last.message;
}

/* Starts a new, empty scenario called `name`, read from `path` (for the
 * result's "scenario" and "path"), with the solver's defaults and mode spe.
 * Returns 0, or 5 when out of memory. */
int ex_new(const char *name, const char *path)
{
    ss_error_clear(&last);
    ss_scenario_free(scen);
    scen = calloc(1, sizeof *scen);
    if (scen)
        scen->path = strdup(path);
    if (!scen || !scen->path) {
        ss_scenario_free(scen);
        scen = NULL;
        return ss_error_set(&last, SS_ENOMEM, "out of memory");
    }
    snprintf(scen->name, sizeof scen->name, "%s", name);
    ss_solver_defaults(&scen->solver);
    return 0;
}

/* Adds an agent: role "sanctioner" (appended), "target" or "patron", with
 * its id and name. Its numbers are then given by ex_set. Returns 0, or 2
 * (last says why). */
int ex_agent(const char *role, const char *id, const char *name)
{
    ss_error_clear(&last);
    if (!scen)
        return ss_error_set(&last, SS_EINPUT, "no scenario (ex_new first)");
    if (strlen(id) == 0 || strlen(id) > SS_ID_MAX)
        return ss_error_set(&last, SS_EINPUT, "'%.40s': an id has 1 to %d characters", id,
                            SS_ID_MAX);
    ss_agent_names *a;
    if (strcmp(role, "sanctioner") == 0) {
        if (scen->params.n == SS_MAX_SANCTIONERS)
            return ss_error_set(&last, SS_EINPUT, "too many sanctioners (at most %d)",
                                SS_MAX_SANCTIONERS);
        a = &scen->sanctioner[scen->params.n++];
        /* the optional parameters' defaults, as the loader gives them */
        for (size_t f = 0; f < ss_sanctioner_ninfo; f++)
            *ss_param_addr(&scen->params, SS_PART_SANCTIONER, scen->params.n - 1, f) =
                ss_sanctioner_info[f].fallback;
    } else if (strcmp(role, "target") == 0) {
        a = &scen->target;
    } else if (strcmp(role, "patron") == 0) {
        a = &scen->patron;
        scen->params.has_patron = 1;
    } else {
        return ss_error_set(&last, SS_EINPUT, "'%.40s': unknown role", role);
    }
    snprintf(a->id, sizeof a->id, "%s", id);
    snprintf(a->name, sizeof a->name, "%s", name);
    return 0;
}

/* Applies "KEY=VALUE" as --set does (a parameter or a belief, checked
 * against its range), or "mode=spe|nash", or "solver.SETTING=VALUE".
 * Returns 0, or 2 with last saying why the value is refused. */
int ex_set(const char *assignment)
{
    ss_error_clear(&last);
    if (!scen)
        return ss_error_set(&last, SS_EINPUT, "no scenario (ex_new first)");
    const char *eq = strchr(assignment, '=');
    if (eq && (size_t)(eq - assignment) == 4 && strncmp(assignment, "mode", 4) == 0) {
        if (ss_mode_parse(eq + 1, &scen->solver.mode) != 0)
            return ss_error_set(&last, SS_EINPUT, "'mode': must be spe or nash (got %.20s)",
                                eq + 1);
        return 0;
    }
    if (eq && strncmp(assignment, "solver.", 7) == 0) {
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(eq - assignment - 7), assignment + 7);
        int k = ss_solver_setting_find(key);
        double v;
        if (k < 0)
            return ss_error_set(&last, SS_EINPUT, "'solver.%s': unknown setting", key);
        if (ss_parse_double(eq + 1, &v) != 0)
            return ss_error_set(&last, SS_EINPUT, "'solver.%s': value is not a finite number", key);
        if (ss_solver_setting_check(&ss_solver_settings[k], v, &last) != SS_OK)
            return SS_EINPUT;
        ss_solver_setting_set(&scen->solver, &ss_solver_settings[k], v);
        return 0;
    }
    ss_status st = ss_scenario_assign(scen, assignment, "explorer", &last);
    return st == SS_OK ? 0 : (int)st;
}

/* The value KEY has now (a belief not held: the true value), or NaN when
 * KEY names nothing (last says why). */
double ex_get(const char *key)
{
    ss_error_clear(&last);
    ss_keyref ref;
    if (!scen)
        return (double)NAN;
    if (ss_key_parse(scen, key, &ref, &last) != SS_OK)
        return (double)NAN;
    return ss_key_get(&scen->params, &ref);
}

/* 1 when sanctioner `id` holds the belief KEY names (ID.beliefs....). */
int ex_holds(const char *key)
{
    ss_keyref ref;
    ss_error e;
    if (!scen || ss_key_parse(scen, key, &ref, &e) != SS_OK || !ref.belief)
        return 0;
    for (size_t k = 0; k < scen->params.nbeliefs; k++) {
        const ss_belief *b = &scen->params.belief[k];
        if (b->holder == ref.index && b->part == ref.part && b->field == ref.field &&
            b->index2 == ref.index2)
            return 1;
    }
    return 0;
}

static ss_mixed_result answer; /* large: kept out of the stack */

static ss_status write_solve(FILE *out, const void *arg)
{
    (void)arg;
    return ss_report_answer(out, scen, &answer, SS_FORMAT_JSON, NULL);
}

/* Solves the scenario as `sanctionsim solve` does (ss_solve_any: the pure
 * equilibrium from s = 0, a mixed one where no pure one is certified, the
 * QRE when qre.lambda is set) and returns `solve --format json`'s answer
 * object without provenance (a mixed answer with each sanctioner's
 * "support"); NULL when out of memory. A failed solve still returns its
 * JSON, whose "status" says so; ex_error then says why. */
const char *ex_solve(void)
{
    ss_error_clear(&last);
    if (!scen) {
        ss_error_set(&last, SS_EINPUT, "no scenario (ex_new first)");
        return NULL;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_status st = ss_solve_any(&scen->params, &scen->solver, NULL, &answer, &err);
    if (st == SS_ENOMEM) {
        ss_error_set(&last, SS_ENOMEM, "out of memory");
        return NULL;
    }
    const char *t = capture(write_solve, NULL);
    if (t && st != SS_OK)
        last = err;
    return t;
}

static ss_status write_explain(FILE *out, const void *arg)
{
    (void)arg;
    return ss_explain_report(out, scen, &explain, SS_FORMAT_JSON, NULL);
}

/* `sanctionsim explain --agent ID --format json` for sanctioner `agent`
 * (0-based): its payoff's terms, the equilibrium with each channel off and
 * each belief corrected, and its cost of misperception. NULL when agent is
 * out of range or memory runs out (last says why). */
const char *ex_explain(int agent)
{
    ss_error_clear(&last);
    if (!scen || agent < 0 || (size_t)agent >= scen->params.n) {
        ss_error_set(&last, SS_EINPUT, "no sanctioner %d", agent);
        return NULL;
    }
    ss_error err;
    ss_status st = ss_explain(scen, (size_t)agent, &explain, &err);
    if (st == SS_EINPUT || st == SS_ENOMEM) {
        last = err;
        return NULL;
    }
    const char *t = capture(write_explain, NULL);
    if (t && st != SS_OK)
        last = err;
    return t;
}

/* The parameter tables (params.h) and the solver's settings (solver.h) as
 * JSON, so that the page's labels, ranges and meanings are the core's own:
 * {"sanctioner":[INFO...],"target":[...],"reciprocity":INFO,"patron":[...],
 * "solver":[{"key","integer","min","max","default","meaning"}]}, INFO being
 * {"key","symbol","min","max","min_open","max_open","lo","hi","meaning"}
 * where lo and hi are ss_param_closed_range's. NULL when out of memory. */
static json_t *info_json(const ss_param_info *info)
{
    double lo, hi;
    ss_param_closed_range(info, &lo, &hi);
    return json_pack("{s:s, s:s, s:f, s:f, s:b, s:b, s:f, s:f, s:s}", "key", info->key, "symbol",
                     info->symbol, "min", info->min, "max", info->max, "min_open", info->min_open,
                     "max_open", info->max_open, "lo", lo, "hi", hi, "meaning", info->meaning);
}

static json_t *table_json(const ss_param_info *t, size_t n)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; k++)
        if (json_array_append_new(a, info_json(&t[k])) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

static ss_status write_tables(FILE *out, const void *arg)
{
    (void)arg;
    json_t *solver = json_array();
    for (size_t k = 0; solver && k < ss_solver_nsettings; k++) {
        const ss_solver_setting *s = &ss_solver_settings[k];
        if (json_array_append_new(solver,
                                  json_pack("{s:s, s:b, s:f, s:f, s:f, s:s}", "key", s->key,
                                            "integer", s->integer, "min", s->min, "max", s->max,
                                            "default", s->fallback, "meaning", s->meaning)) != 0) {
            json_decref(solver);
            solver = NULL;
        }
    }
    return ss_json_write_new(out, json_pack("{s:o, s:o, s:o, s:o, s:o}", "sanctioner",
                                            table_json(ss_sanctioner_info, ss_sanctioner_ninfo),
                                            "target", table_json(ss_target_info, ss_target_ninfo),
                                            "reciprocity", info_json(&ss_reciprocity_info),
                                            "patron", table_json(ss_patron_info, ss_patron_ninfo),
                                            "solver", solver));
}

const char *ex_tables(void)
{
    ss_error_clear(&last);
    return capture(write_tables, NULL);
}
