/* Tests of scenario loading, dotted keys, overrides and the base/set/clear mechanism. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <glob.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctionsim/keys.h"
#include "sanctionsim/scenario.h"
#include "sanctionsim/scenario_load.h"
#include "test_support.h"

static void scenario_path(const char *file, char *buf, size_t len)
{
    snprintf(buf, len, "%s/scenarios/%s", SS_SOURCE_DIR, file);
}

/* Loading `path` must fail with exactly `message`. */
static void expect_load_error(const char *path, ss_status status, const char *message)
{
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (sc) {
        ss_scenario_free(sc);
        print_error("%s: loaded, expected \"%s\"\n", path, message);
        fail();
    }
    assert_int_equal(err.status, status);
    assert_string_equal(err.message, message);
}

static double key_value(ss_scenario *sc, const char *key)
{
    ss_keyref ref;
    ss_error err;
    if (ss_key_parse(sc, key, &ref, &err) != SS_OK) {
        print_error("%s\n", err.message);
        fail();
    }
    return ss_key_get(&sc->params, &ref);
}

/* The baseline as MODEL.md section 10 gives it. */
static void test_load_baseline(void **state)
{
    (void)state;
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    assert_int_equal(sc->params.n, 2);
    assert_int_equal(sc->params.has_patron, 1);
    assert_string_equal(sc->sanctioner[0].id, "japan");
    assert_string_equal(sc->sanctioner[1].id, "g7");
    assert_string_equal(sc->target.id, "russia");
    assert_string_equal(sc->patron.id, "china");
    assert_int_equal(ss_scenario_sanctioner(sc, "japan"), 0);
    assert_int_equal(ss_scenario_sanctioner(sc, "g7"), 1);
    assert_int_equal(ss_scenario_sanctioner(sc, "russia"), -1);
    assert_int_equal(ss_scenario_sanctioner(sc, "usa"), -1);
    assert_string_equal(sc->name, "First calibration 2014 (test fixture)");
    assert_int_equal(sc->solver.mode, SS_MODE_SPE);
    assert_int_equal(strlen(sc->sha256), 64);
    assert_int_equal(strspn(sc->sha256, "0123456789abcdef"), 64);

    const ss_sanctioner *japan = &sc->params.sanctioner[0], *g7 = &sc->params.sanctioner[1];
    const double want_japan[] = {1.0, 0.15, 0.15, 1.2, 0.4, 1.0, 1.0, 0.6, 1.0, 0.6, 0.0, 0.0, 0.5};
    const double want_g7[] = {0.9, 0.85, 0.85, 0.3, 1.0, 0.0, 0.2, 0.2, 1.0, 0.3, 0.0, 0.0, 0.5};
    const double got_japan[] = {
        japan->exposure,          japan->leverage,         japan->coalition_weight,
        japan->alliance_pressure, japan->norm_value,       japan->territorial_stake,
        japan->axis_fear,         japan->deterrence_stake, japan->signal_weight,
        japan->engagement,        japan->linkage,          japan->domestic_value,
        japan->adjustment};
    const double got_g7[] = {g7->exposure,          g7->leverage,         g7->coalition_weight,
                             g7->alliance_pressure, g7->norm_value,       g7->territorial_stake,
                             g7->axis_fear,         g7->deterrence_stake, g7->signal_weight,
                             g7->engagement,        g7->linkage,          g7->domestic_value,
                             g7->adjustment};
    for (size_t k = 0; k < sizeof want_japan / sizeof *want_japan; k++) {
        assert_true(got_japan[k] == want_japan[k]);
        assert_true(got_g7[k] == want_g7[k]);
    }
    const ss_target *t = &sc->params.truth.target;
    assert_true(t->island_value == 0.3 && t->audience_cost == 1.0 && t->pivot_cost == 1.0);
    assert_true(t->substitution == 0.6 && t->isolation_premium == 0.5);
    assert_true(t->hedging_value == 0.2);
    assert_true(t->reciprocity[0] == 0.0 && t->reciprocity[1] == 0.0);
    const ss_patron *c = &sc->params.truth.patron;
    assert_true(c->base_alignment == 0.5 && c->dependence_gain == 0.4 && c->alignment_cost == 1.0);
    assert_true(c->secondary_risk == 0.2 && c->assertive_gain == 0.6 && c->assertive_cost == 1.0);
    assert_true(c->deterrence_sensitivity == 0.4);

    /* Japan's 2014 beliefs, and nobody else's */
    assert_int_equal(sc->params.nbeliefs, 3);
    assert_true(ss_params_has_beliefs(&sc->params, 0));
    assert_false(ss_params_has_beliefs(&sc->params, 1));
    ss_world w;
    ss_params_world_of(&sc->params, 0, &w);
    assert_true(w.target.reciprocity[0] == 0.6);
    assert_true(w.target.hedging_value == 0.6);
    assert_true(w.patron.dependence_gain == 1.0);
    assert_true(w.target.reciprocity[1] == 0.0); /* what Japan does not question stays true */
    assert_true(w.target.substitution == 0.6);
    ss_params_world_of(&sc->params, 1, &w);
    assert_memory_equal(&w, &sc->params.truth, sizeof w);

    /* the same bytes hash the same */
    ss_scenario *again = test_load_fixture("first_calibration_2014.cfg");
    assert_string_equal(again->sha256, sc->sha256);
    ss_scenario_free(again);
    ss_scenario_free(sc);
}

/* Every key form names the right number. */
typedef struct key_case {
    const char *key;
    ss_part part;
    int belief;
    size_t index, index2;
    const char *field;
    double value; /* in the baseline */
} key_case;

static void test_key_forms(void **state)
{
    (void)state;
    static const key_case cases[] = {
        {"japan.alliance_pressure", SS_PART_SANCTIONER, 0, 0, 0, "alliance_pressure", 1.2},
        {"g7.leverage", SS_PART_SANCTIONER, 0, 1, 0, "leverage", 0.85},
        {"russia.reciprocity.japan", SS_PART_RECIPROCITY, 0, 0, 0, "reciprocity", 0.0},
        {"russia.reciprocity.g7", SS_PART_RECIPROCITY, 0, 0, 1, "reciprocity", 0.0},
        {"russia.hedging_value", SS_PART_TARGET, 0, 0, 0, "hedging_value", 0.2},
        {"japan.beliefs.target.reciprocity.japan", SS_PART_RECIPROCITY, 1, 0, 0, "reciprocity",
         0.6},
        {"japan.beliefs.target.hedging_value", SS_PART_TARGET, 1, 0, 0, "hedging_value", 0.6},
        {"japan.beliefs.patron.dependence_gain", SS_PART_PATRON, 1, 0, 0, "dependence_gain", 1.0},
        {"china.dependence_gain", SS_PART_PATRON, 0, 0, 0, "dependence_gain", 0.4},
        /* a belief nobody holds reads as the truth */
        {"g7.beliefs.target.hedging_value", SS_PART_TARGET, 1, 1, 0, "hedging_value", 0.2},
        {"g7.beliefs.patron.dependence_gain", SS_PART_PATRON, 1, 1, 0, "dependence_gain", 0.4},
    };
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const key_case *kc = &cases[k];
        ss_keyref ref;
        ss_error err;
        ss_error_clear(&err);
        if (ss_key_parse(sc, kc->key, &ref, &err) != SS_OK) {
            print_error("%s: %s\n", kc->key, err.message);
            fail();
        }
        assert_int_equal(ref.part, kc->part);
        assert_int_equal(ref.belief, kc->belief);
        if (kc->belief || kc->part == SS_PART_SANCTIONER)
            assert_int_equal(ref.index, kc->index);
        if (kc->part == SS_PART_RECIPROCITY)
            assert_int_equal(ref.index2, kc->index2);
        assert_string_equal(ss_key_info(&ref)->key, kc->field);
        if (ss_key_get(&sc->params, &ref) != kc->value) {
            print_error("%s = %.17g, want %.17g\n", kc->key, ss_key_get(&sc->params, &ref),
                        kc->value);
            fail();
        }
        /* the canonical name is the key itself */
        char name[128];
        ss_key_name(sc, &ref, name, sizeof name);
        assert_string_equal(name, kc->key);
    }
    ss_scenario_free(sc);
}

typedef struct bad_key {
    const char *key;
    const char *message;
} bad_key;

#define SANCTIONER_KEYS                                                                            \
    "exposure, leverage, coalition_weight, alliance_pressure, norm_value, territorial_stake, "     \
    "axis_fear, deterrence_stake, signal_weight, engagement, linkage, domestic_value, "            \
    "adjustment, "                                                                                 \
    "max_intensity"
#define TARGET_KEYS                                                                                \
    "island_value, audience_cost, pivot_cost, substitution, isolation_premium, hedging_value"
#define PATRON_KEYS                                                                                \
    "base_alignment, dependence_gain, alignment_cost, secondary_risk, assertive_gain, "            \
    "assertive_cost, deterrence_sensitivity"
#define MALFORMED "malformed key (expected AGENT.PARAMETER, e.g. japan.alliance_pressure)"

static void test_key_errors(void **state)
{
    (void)state;
    static const bad_key cases[] = {
        {"", "'': " MALFORMED},
        {"japan", "'japan': " MALFORMED},
        {"japan.", "'japan.': " MALFORMED},
        {".exposure", "'.exposure': " MALFORMED},
        {"japan..exposure", "'japan..exposure': " MALFORMED},
        {"a.b.c.d.e.f.g.h.i", "'a.b.c.d.e.f.g.h.i': " MALFORMED},
        {"usa.exposure", "'usa.exposure': no agent 'usa' (agents: japan, g7, russia, china)"},
        {"Japan.exposure", "'Japan.exposure': no agent 'Japan' (agents: japan, g7, russia, china)"},
        {"japan.exposur",
         "'japan.exposur': unknown parameter 'exposur' (known: " SANCTIONER_KEYS ", beliefs)"},
        {"japan.hedging_value", "'japan.hedging_value': unknown parameter 'hedging_value' "
                                "(known: " SANCTIONER_KEYS ", beliefs)"},
        {"japan.exposure.x", "'japan.exposure.x': nothing may follow 'exposure'"},
        {"russia.exposure", "'russia.exposure': unknown parameter 'exposure' (known: " TARGET_KEYS
                            ", reciprocity.ID)"},
        {"russia.hedging_value.x", "'russia.hedging_value.x': nothing may follow 'hedging_value'"},
        {"russia.reciprocity",
         "'russia.reciprocity': reciprocity takes a sanctioner id (reciprocity.ID)"},
        {"russia.reciprocity.japan.x",
         "'russia.reciprocity.japan.x': reciprocity takes a sanctioner id (reciprocity.ID)"},
        {"russia.reciprocity.usa", "'russia.reciprocity.usa': no sanctioner 'usa'"},
        {"russia.reciprocity.china", "'russia.reciprocity.china': no sanctioner 'china'"},
        {"china.reciprocity.japan", "'china.reciprocity.japan': unknown parameter 'reciprocity' "
                                    "(known: " PATRON_KEYS ")"},
        {"china.exposure",
         "'china.exposure': unknown parameter 'exposure' (known: " PATRON_KEYS ")"},
        {"japan.beliefs", "'japan.beliefs': beliefs are ID.beliefs.target.KEY or "
                          "ID.beliefs.patron.KEY"},
        {"japan.beliefs.target", "'japan.beliefs.target': beliefs are ID.beliefs.target.KEY or "
                                 "ID.beliefs.patron.KEY"},
        {"japan.beliefs.russia.hedging_value",
         "'japan.beliefs.russia.hedging_value': beliefs are ID.beliefs.target.KEY or "
         "ID.beliefs.patron.KEY"},
        {"japan.beliefs.target.exposure",
         "'japan.beliefs.target.exposure': unknown parameter 'exposure' (known: " TARGET_KEYS
         ", reciprocity.ID)"},
        {"japan.beliefs.target.reciprocity",
         "'japan.beliefs.target.reciprocity': reciprocity takes a sanctioner id (reciprocity.ID)"},
        {"japan.beliefs.target.reciprocity.usa",
         "'japan.beliefs.target.reciprocity.usa': no sanctioner 'usa'"},
        {"japan.beliefs.patron.foo",
         "'japan.beliefs.patron.foo': unknown parameter 'foo' (known: " PATRON_KEYS ")"},
        {"japan.beliefs.patron.dependence_gain.x",
         "'japan.beliefs.patron.dependence_gain.x': nothing may follow 'dependence_gain'"},
    };
    ss_scenario *sc = test_load("baseline_2014.cfg");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ss_keyref ref;
        ss_error err;
        ss_error_clear(&err);
        ss_status st = ss_key_parse(sc, cases[k].key, &ref, &err);
        if (st != SS_EINPUT || strcmp(err.message, cases[k].message) != 0) {
            print_error("key '%s': status %d, message\n  \"%s\"\nwant\n  \"%s\"\n", cases[k].key,
                        (int)st, err.message, cases[k].message);
            fail();
        }
        assert_int_equal(err.status, SS_EINPUT);
    }
    /* a key too long for any buffer is refused, not truncated into a valid one */
    char longkey[400];
    memset(longkey, 'x', sizeof longkey - 1);
    longkey[sizeof longkey - 1] = '\0';
    memcpy(longkey, "japan.", 6);
    ss_keyref ref;
    ss_error err;
    assert_int_equal(ss_key_parse(sc, longkey, &ref, &err), SS_EINPUT);
    ss_scenario_free(sc);
}

/* A scratch directory for scenario files this test writes. */
static char scratch[256];

static int make_scratch(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/ss_test_scenario_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(scratch) ? 0 : -1;
}

static void write_file(const char *name, const char *text, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", scratch, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* Copies scenarios/baseline_2014.cfg into the scratch directory (bases must be
 * in a scenario's own directory). */
static void copy_baseline(void)
{
    char from[512];
    scenario_path("baseline_2014.cfg", from, sizeof from);
    test_copy_file(from, scratch, "baseline_2014.cfg");
}

static const char no_patron_cfg[] =
    "agents = (\n"
    "  { id = \"usa\"; role = \"sanctioner\"; exposure = 1; leverage = 1; coalition_weight = 1;\n"
    "    alliance_pressure = 0; norm_value = 1; territorial_stake = 0; axis_fear = 0;\n"
    "    deterrence_stake = 0; signal_weight = 1; engagement = 0.2; linkage = 0; },\n"
    "  { id = \"russia\"; role = \"target\"; island_value = 0.3; audience_cost = 1;\n"
    "    pivot_cost = 1; substitution = 0.5; isolation_premium = 0; hedging_value = 0.1; }\n"
    ");\n";

/* Keys about a patron in a scenario that has none. */
static void test_key_errors_without_patron(void **state)
{
    (void)state;
    char path[512];
    write_file("no_patron.cfg", no_patron_cfg, path, sizeof path);
    ss_scenario *sc = test_load_path(path);
    assert_int_equal(sc->params.has_patron, 0);
    assert_string_equal(sc->patron.id, "");
    /* optional keys take their documented fallbacks */
    assert_true(sc->params.sanctioner[0].domestic_value == 0);
    assert_true(sc->params.sanctioner[0].adjustment == 0.5);
    ss_keyref ref;
    ss_error err;
    assert_int_equal(ss_key_parse(sc, "usa.beliefs.patron.dependence_gain", &ref, &err), SS_EINPUT);
    assert_string_equal(err.message,
                        "'usa.beliefs.patron.dependence_gain': the scenario has no patron");
    assert_int_equal(ss_key_parse(sc, "china.dependence_gain", &ref, &err), SS_EINPUT);
    assert_string_equal(err.message,
                        "'china.dependence_gain': no agent 'china' (agents: usa, russia)");
    assert_int_equal(ss_key_parse(sc, "usa.beliefs.target.hedging_value", &ref, &err), SS_OK);
    ss_scenario_free(sc);
}

typedef struct assign_case {
    const char *assignment;
    const char *message; /* NULL: accepted */
    const char *key;     /* what to read back */
    double value;        /* its value afterwards */
} assign_case;

/* --set: every check of the scenario file applies to overrides too. */
static void test_assign(void **state)
{
    (void)state;
    static const assign_case cases[] = {
        /* accepted, boundaries included */
        {"japan.alliance_pressure=3", NULL, "japan.alliance_pressure", 3},
        {" japan.exposure = 2 ", NULL, "japan.exposure", 2},
        {"japan.linkage=1", NULL, "japan.linkage", 1},
        {"japan.linkage=0", NULL, "japan.linkage", 0},
        {"japan.adjustment=1", NULL, "japan.adjustment", 1},
        {"russia.substitution=1", NULL, "russia.substitution", 1},
        {"russia.reciprocity.japan=0.2", NULL, "russia.reciprocity.japan", 0.2},
        {"china.base_alignment=-0.5", NULL, "china.base_alignment", -0.5},
        {"china.dependence_gain=1e0", NULL, "china.dependence_gain", 1},
        {"japan.beliefs.target.reciprocity.japan=0.25", NULL,
         "japan.beliefs.target.reciprocity.japan", 0.25},
        /* out of range: the value is kept */
        {"japan.exposure=0", "--set: 'japan.exposure': must be in (0, 1000000] (got 0)",
         "japan.exposure", 2},
        {"japan.exposure=-1", "--set: 'japan.exposure': must be in (0, 1000000] (got -1)",
         "japan.exposure", 2},
        {"japan.exposure=1234567", "--set: 'japan.exposure': must be in (0, 1000000] (got 1234567)",
         "japan.exposure", 2},
        {"japan.linkage=1.5", "--set: 'japan.linkage': must be in [0, 1] (got 1.5)",
         "japan.linkage", 0},
        {"japan.leverage=-0.5", "--set: 'japan.leverage': must be in [0, 1000000] (got -0.5)",
         "japan.leverage", 0.15},
        {"japan.adjustment=0", "--set: 'japan.adjustment': must be in (0, 1] (got 0)",
         "japan.adjustment", 1},
        {"russia.audience_cost=0", "--set: 'russia.audience_cost': must be in (0, 1000000] (got 0)",
         "russia.audience_cost", 1},
        {"russia.substitution=-0.5", "--set: 'russia.substitution': must be in [0, 1] (got -0.5)",
         "russia.substitution", 1},
        {"russia.reciprocity.g7=-1",
         "--set: 'russia.reciprocity.g7': must be in [0, 1000000] (got -1)",
         "russia.reciprocity.g7", 0},
        {"china.alignment_cost=-2",
         "--set: 'china.alignment_cost': must be in (0, 1000000] (got -2)", "china.alignment_cost",
         1},
        {"japan.beliefs.target.substitution=2",
         "--set: 'japan.beliefs.target.substitution': must be in [0, 1] (got 2)",
         "japan.beliefs.target.substitution", 1},
        {"japan.beliefs.patron.alignment_cost=0",
         "--set: 'japan.beliefs.patron.alignment_cost': must be in (0, 1000000] (got 0)",
         "japan.beliefs.patron.alignment_cost", 1},
        /* not numbers */
        {"japan.exposure=abc", "--set: 'japan.exposure': value 'abc' is not a finite number",
         "japan.exposure", 2},
        {"japan.exposure=", "--set: 'japan.exposure': value '' is not a finite number",
         "japan.exposure", 2},
        {"japan.exposure=1.5x", "--set: 'japan.exposure': value '1.5x' is not a finite number",
         "japan.exposure", 2},
        {"japan.exposure=nan", "--set: 'japan.exposure': value 'nan' is not a finite number",
         "japan.exposure", 2},
        {"japan.exposure=inf", "--set: 'japan.exposure': value 'inf' is not a finite number",
         "japan.exposure", 2},
        {"japan.exposure=1e999", "--set: 'japan.exposure': value '1e999' is not a finite number",
         "japan.exposure", 2},
        /* not assignments, unknown keys */
        {"japan.exposure", "--set: 'japan.exposure': expected KEY=VALUE", "japan.exposure", 2},
        {"japan.nosuch=1",
         "--set: 'japan.nosuch': unknown parameter 'nosuch' (known: " SANCTIONER_KEYS ", beliefs)",
         "japan.exposure", 2},
        {"=1", "--set: '': " MALFORMED, "japan.exposure", 2},
    };
    ss_scenario *sc = test_load_fixture("first_calibration_2014.cfg");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const assign_case *ac = &cases[k];
        size_t nbeliefs = sc->params.nbeliefs;
        ss_error err;
        ss_error_clear(&err);
        ss_status st = ss_scenario_assign(sc, ac->assignment, "--set", &err);
        if (ac->message) {
            if (st != SS_EINPUT || strcmp(err.message, ac->message) != 0) {
                print_error("'%s': status %d, message\n  \"%s\"\nwant\n  \"%s\"\n", ac->assignment,
                            (int)st, err.message, ac->message);
                fail();
            }
            assert_int_equal(sc->params.nbeliefs, nbeliefs);
        } else if (st != SS_OK) {
            print_error("'%s' refused: %s\n", ac->assignment, err.message);
            fail();
        }
        if (key_value(sc, ac->key) != ac->value) {
            print_error("after '%s': %s = %.17g, want %.17g\n", ac->assignment, ac->key,
                        key_value(sc, ac->key), ac->value);
            fail();
        }
    }
    /* a belief changes only the holder's world */
    assert_int_equal(sc->params.nbeliefs, 3); /* reciprocity.japan replaced, not added */
    ss_error err;
    assert_int_equal(ss_scenario_assign(sc, "g7.beliefs.target.hedging_value=0.5", "--set", &err),
                     SS_OK);
    assert_int_equal(sc->params.nbeliefs, 4);
    ss_world w;
    ss_params_world_of(&sc->params, 1, &w);
    assert_true(w.target.hedging_value == 0.5);
    ss_params_world_of(&sc->params, 0, &w);
    assert_true(w.target.hedging_value == 0.6);
    assert_true(sc->params.truth.target.hedging_value == 0.2);
    /* the origin prefixes the message */
    assert_int_equal(ss_scenario_assign(sc, "japan.linkage=2", "sweep.cfg:7", &err), SS_EINPUT);
    assert_string_equal(err.message, "sweep.cfg:7: 'japan.linkage': must be in [0, 1] (got 2)");
    ss_scenario_free(sc);
}

/* Whether two parameter sets hold the same numbers (by the key tables). */
static void expect_same_params(ss_params *a, ss_params *b, const char *what)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->has_patron, b->has_patron);
    for (size_t i = 0; i < a->n; i++) {
        for (size_t f = 0; f < ss_sanctioner_ninfo; f++)
            if (*ss_param_addr(a, SS_PART_SANCTIONER, i, f) !=
                *ss_param_addr(b, SS_PART_SANCTIONER, i, f)) {
                print_error("%s: sanctioner %zu %s differs\n", what, i, ss_sanctioner_info[f].key);
                fail();
            }
        assert_true(*ss_param_addr(a, SS_PART_RECIPROCITY, i, 0) ==
                    *ss_param_addr(b, SS_PART_RECIPROCITY, i, 0));
    }
    for (size_t f = 0; f < ss_target_ninfo; f++)
        if (*ss_param_addr(a, SS_PART_TARGET, 0, f) != *ss_param_addr(b, SS_PART_TARGET, 0, f)) {
            print_error("%s: target %s differs\n", what, ss_target_info[f].key);
            fail();
        }
    for (size_t f = 0; f < ss_patron_ninfo; f++)
        if (*ss_param_addr(a, SS_PART_PATRON, 0, f) != *ss_param_addr(b, SS_PART_PATRON, 0, f)) {
            print_error("%s: patron %s differs\n", what, ss_patron_info[f].key);
            fail();
        }
    assert_int_equal(a->nbeliefs, b->nbeliefs);
    for (size_t i = 0; i < a->n; i++) {
        ss_world wa, wb;
        ss_params_world_of(a, i, &wa);
        ss_params_world_of(b, i, &wb);
        if (memcmp(&wa, &wb, sizeof wa) != 0) {
            print_error("%s: sanctioner %zu's beliefs differ\n", what, i);
            fail();
        }
    }
}

typedef struct cf_case {
    const char *file;
    const char *change; /* an assignment, "clear japan.beliefs", or "mode nash" */
    const char *name;
} cf_case;

/* Each counterfactual file is the baseline with the one change its comment names. */
static void test_counterfactual_files(void **state)
{
    (void)state;
    static const cf_case cases[] = {
        {"cf_alliance_pressure.cfg", "japan.alliance_pressure=3", "2014, alliance pressure 3"},
        {"cf_linkage.cfg", "japan.linkage=1", "2014, Japan links engagement to the islands"},
        {"cf_no_territorial_stake.cfg", "japan.territorial_stake=0",
         "2014, Japan without territorial stake"},
        {"cf_strong_axis.cfg", "china.dependence_gain=1", "2014, a strong axis"},
        {"cf_true_beliefs.cfg", "clear japan.beliefs", "2014, Japan holds true beliefs"},
        {"cf_nash.cfg", "mode nash", "2014, one-stage Nash"},
    };
    ss_scenario *base = test_load("baseline_2014.cfg");
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const cf_case *cc = &cases[k];
        ss_scenario *cf = test_load(cc->file);
        ss_scenario *want = ss_scenario_copy(base);
        assert_non_null(want);
        ss_mode mode = SS_MODE_SPE;
        if (strcmp(cc->change, "clear japan.beliefs") == 0) {
            ss_params_clear_beliefs(&want->params, 0);
        } else if (strcmp(cc->change, "mode nash") == 0) {
            mode = SS_MODE_NASH;
        } else {
            ss_error err;
            assert_int_equal(ss_scenario_assign(want, cc->change, "test", &err), SS_OK);
            /* and the change is a change */
            ss_params *b = &base->params, *w = &want->params;
            assert_true(memcmp(b->sanctioner, w->sanctioner, sizeof b->sanctioner) != 0 ||
                        memcmp(&b->truth, &w->truth, sizeof b->truth) != 0);
        }
        expect_same_params(&cf->params, &want->params, cc->file);
        assert_int_equal(cf->solver.mode, mode);
        assert_string_equal(cf->name, cc->name);
        /* the hash covers the base file and the difference */
        assert_string_not_equal(cf->sha256, base->sha256);
        ss_scenario_free(want);
        ss_scenario_free(cf);
    }
    ss_scenario_free(base);
}

/* base chains, `clear` before `set`, and the mechanism's errors. */
static void test_base_set_clear(void **state)
{
    (void)state;
    char path[512], a_path[512];
    copy_baseline();
    write_file("a.cfg",
               "base = \"baseline_2014.cfg\";\n"
               "set = [ \"japan.alliance_pressure = 2\", \"china.dependence_gain = 0.9\" ];\n",
               a_path, sizeof a_path);
    write_file("b.cfg",
               "base = \"a.cfg\";\n"
               "name = \"two levels\";\n"
               "mode = \"nash\";\n"
               "clear = [ \"japan.beliefs\" ];\n"
               "set = [ \"japan.alliance_pressure = 2.5\",\n"
               "        \"japan.beliefs.target.hedging_value = 0.3\" ];\n",
               path, sizeof path);
    ss_scenario *sc = test_load_path(path);
    assert_string_equal(sc->name, "two levels");
    assert_int_equal(sc->solver.mode, SS_MODE_NASH);
    assert_true(key_value(sc, "japan.alliance_pressure") == 2.5); /* the nearer file wins */
    assert_true(key_value(sc, "china.dependence_gain") == 0.9);   /* kept from a.cfg */
    assert_true(key_value(sc, "g7.leverage") == 0.85);            /* kept from the baseline */
    assert_int_equal(sc->params.nbeliefs, 1);                     /* cleared, then set */
    assert_true(key_value(sc, "japan.beliefs.target.hedging_value") == 0.3);
    assert_true(key_value(sc, "japan.beliefs.patron.dependence_gain") == 0.9); /* = truth */
    ss_scenario *a = test_load_path(a_path);
    assert_string_not_equal(a->sha256, sc->sha256);
    ss_scenario_free(a);
    ss_scenario_free(sc);

    /* errors name the file and line of the derived scenario */
    char want[1024];
    write_file("set_range.cfg",
               "base = \"baseline_2014.cfg\";\n"
               "set = [ \"japan.exposure = -1\" ];\n",
               path, sizeof path);
    snprintf(want, sizeof want, "%s:2: 'set': 'japan.exposure': must be in (0, 1000000] (got -1)",
             path);
    expect_load_error(path, SS_EINPUT, want);

    write_file("set_key.cfg",
               "base = \"baseline_2014.cfg\";\n"
               "\n"
               "set = [ \"usa.exposure = 1\" ];\n",
               path, sizeof path);
    snprintf(want, sizeof want,
             "%s:3: 'set': 'usa.exposure': no agent 'usa' (agents: japan, g7, russia, china)",
             path);
    expect_load_error(path, SS_EINPUT, want);

    write_file("clear_who.cfg",
               "base = \"baseline_2014.cfg\";\n"
               "clear = [ \"usa.beliefs\" ];\n",
               path, sizeof path);
    snprintf(want, sizeof want, "%s:2: 'clear': 'usa.beliefs': no sanctioner 'usa'", path);
    expect_load_error(path, SS_EINPUT, want);

    write_file("clear_what.cfg",
               "base = \"baseline_2014.cfg\";\n"
               "clear = [ \"japan.exposure\" ];\n",
               path, sizeof path);
    snprintf(want, sizeof want, "%s:2: 'clear': 'japan.exposure': only ID.beliefs can be cleared",
             path);
    expect_load_error(path, SS_EINPUT, want);

    write_file("base_dir.cfg", "base = \"../baseline_2014.cfg\";\n", path, sizeof path);
    snprintf(want, sizeof want,
             "%s:1: 'base': '../baseline_2014.cfg' must be a file name in the scenario's own "
             "directory (letters, digits, '.', '_', '-', '+'; not starting with '.' or '-')",
             path);
    expect_load_error(path, SS_EINPUT, want);

    write_file("base_missing.cfg", "base = \"nowhere.cfg\";\n", path, sizeof path);
    snprintf(want, sizeof want,
             "%s:1: 'base': cannot open 'nowhere.cfg': No such file or directory", path);
    expect_load_error(path, SS_EINPUT, want);

    /* a cycle of bases is an error at the line that closes it, not a hang */
    char y_path[512];
    write_file("x.cfg", "base = \"y.cfg\";\n", path, sizeof path);
    write_file("y.cfg", "base = \"x.cfg\";\n", y_path, sizeof y_path);
    snprintf(want, sizeof want, "%s:1: 'base': 'x.cfg' is already being read (a cycle of bases)",
             y_path);
    expect_load_error(path, SS_EINPUT, want);

    /* a scenario with a base changes it; it does not redefine the agents */
    write_file("base_agents.cfg",
               "base = \"baseline_2014.cfg\";\n"
               "agents = ();\n",
               path, sizeof path);
    snprintf(want, sizeof want,
             "%s:2: 'agents': a scenario with a base changes it with 'set' and 'clear'", path);
    expect_load_error(path, SS_EINPUT, want);
}

/* A missing file, a copy that owns its memory, and free(NULL). */
static void test_load_missing_copy_free(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/does_not_exist.cfg", scratch);
    char want[600];
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    expect_load_error(path, SS_EINPUT, want);

    ss_scenario *sc = test_load("baseline_2014.cfg");
    ss_scenario *copy = ss_scenario_copy(sc);
    assert_non_null(copy);
    assert_ptr_not_equal(copy->path, sc->path);
    assert_string_equal(copy->path, sc->path);
    ss_error err;
    assert_int_equal(ss_scenario_assign(copy, "japan.exposure=3", "--set", &err), SS_OK);
    assert_true(sc->params.sanctioner[0].exposure == 1.0);
    ss_scenario_free(sc);
    assert_string_equal(copy->sanctioner[0].id, "japan"); /* still valid */
    ss_scenario_free(copy);
    ss_scenario_free(NULL);
}

/* Every scenario shipped in scenarios/ loads: every .cfg file there, found
 * by glob, so that a new file cannot be left out (there were 9 when the list
 * was written by hand and missed 2). */
static void test_all_shipped_scenarios_load(void **state)
{
    (void)state;
    char pattern[512];
    scenario_path("*.cfg", pattern, sizeof pattern);
    glob_t g;
    assert_int_equal(glob(pattern, 0, NULL, &g), 0);
    assert_true(g.gl_pathc >= 9);
    for (size_t k = 0; k < g.gl_pathc; k++) {
        print_message("%s\n", g.gl_pathv[k]);
        ss_scenario_free(test_load_path(g.gl_pathv[k]));
    }
    globfree(&g);
}

/* Which file of a chain holds a line changes the scenario: here the base sets
 * a belief that a `clear` in the outer file removes, or, with the `clear`
 * moved into the base, runs before the base's `set` and keeps it. The files'
 * bytes, joined, are the same; the hashes must differ. */
static void test_hash_frames_each_file(void **state)
{
    (void)state;
    char path[512], base_path[512];
    static const char outer[] = "base = \"h_base.cfg\";\n";
    static const char clear[] = "clear = [ \"japan.beliefs\" ];\n";
    static const char set[] = "set = [ \"japan.beliefs.target.hedging_value = 0.3\" ];\n";
    char baseline[16384]; /* the shipped baseline, with its reasons: ~11 kB */
    {
        char from[512];
        scenario_path("baseline_2014.cfg", from, sizeof from);
        FILE *in = fopen(from, "rb");
        assert_non_null(in);
        size_t got = fread(baseline, 1, sizeof baseline - 1, in);
        assert_true(got > 0 && got < sizeof baseline - 1);
        baseline[got] = '\0';
        fclose(in);
    }
    char text[sizeof baseline + 256];
    char hash[2][65];
    size_t nbeliefs[2];
    for (int where = 0; where < 2; where++) {
        /* where 0: the clear in the outer file; 1: at the start of the base */
        snprintf(text, sizeof text, "%s%s%s", where ? clear : "", set, baseline);
        write_file("h_base.cfg", text, base_path, sizeof base_path);
        snprintf(text, sizeof text, "%s%s", outer, where ? "" : clear);
        write_file("h_outer.cfg", text, path, sizeof path);
        ss_scenario *sc = test_load_path(path);
        snprintf(hash[where], sizeof hash[where], "%s", sc->sha256);
        nbeliefs[where] = sc->params.nbeliefs;
        ss_scenario_free(sc);
        /* the same files again: the same hash */
        sc = test_load_path(path);
        assert_string_equal(sc->sha256, hash[where]);
        ss_scenario_free(sc);
    }
    assert_int_not_equal(nbeliefs[0], nbeliefs[1]); /* they do solve differently */
    assert_string_not_equal(hash[0], hash[1]);
}

static int remove_scratch(void **state)
{
    (void)state;
    static const char *files[] = {
        "baseline_2014.cfg", "a.cfg",         "b.cfg",          "set_range.cfg",
        "set_key.cfg",       "clear_who.cfg", "clear_what.cfg", "base_dir.cfg",
        "base_missing.cfg",  "x.cfg",         "y.cfg",          "base_agents.cfg",
        "no_patron.cfg",     "h_base.cfg",    "h_outer.cfg"};
    char path[512];
    for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
        snprintf(path, sizeof path, "%s/%s", scratch, files[k]);
        unlink(path);
    }
    return rmdir(scratch);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_baseline),
        cmocka_unit_test(test_key_forms),
        cmocka_unit_test(test_key_errors),
        cmocka_unit_test(test_key_errors_without_patron),
        cmocka_unit_test(test_assign),
        cmocka_unit_test(test_counterfactual_files),
        cmocka_unit_test(test_base_set_clear),
        cmocka_unit_test(test_load_missing_copy_free),
        cmocka_unit_test(test_all_shipped_scenarios_load),
        cmocka_unit_test(test_hash_frames_each_file),
    };
    return cmocka_run_group_tests(tests, make_scratch, remove_scratch);
}
