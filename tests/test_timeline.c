/* Tests of timelines (parsing, events, ratchet, partial adjustment), the
 * observed index and Monte Carlo reproducibility (MODEL.md sections 8-9). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctionsim/dynamics.h"
#include "sanctionsim/montecarlo.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/scenario_load.h"
#include "sanctionsim/timeline.h"
#include "test_support.h"

static char scratch[512];

static int make_scratch(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/ss_test_timeline_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    return mkdtemp(scratch) ? 0 : -1;
}

static int drop_scratch(void **state)
{
    (void)state;
    char cmd[600];
    /* only files this test wrote, in its own directory */
    const char *names[] = {"one.cfg",  "two.cfg",     "bad.cfg", "mc.cfg",
                           "base.cfg", "derived.cfg", "obs.cfg"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        snprintf(cmd, sizeof cmd, "%s/%s", scratch, names[k]);
        unlink(cmd);
    }
    return rmdir(scratch);
}

static void write_file(const char *name, const char *text, char *path, size_t len)
{
    snprintf(path, len, "%s/%s", scratch, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_true(fputs(text, f) >= 0);
    assert_int_equal(fclose(f), 0);
}

static ss_scenario *load_text(const char *name, const char *text)
{
    char path[600];
    write_file(name, text, path, sizeof path);
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (!sc) {
        print_error("%s\n", err.message);
        fail();
    }
    return sc;
}

/* Loading text must fail with a message containing every fragment. */
static void expect_error(const char *text, const char *frag1, const char *frag2)
{
    char path[600];
    write_file("bad.cfg", text, path, sizeof path);
    ss_error err;
    ss_error_clear(&err);
    ss_scenario *sc = ss_scenario_load(path, &err);
    if (sc) {
        ss_scenario_free(sc);
        print_error("loaded; expected an error with '%s'\n", frag1);
        fail();
    }
    assert_int_equal(err.status, SS_EINPUT);
    if (!strstr(err.message, frag1) || (frag2 && !strstr(err.message, frag2))) {
        print_error("got \"%s\"; expected '%s' and '%s'\n", err.message, frag1, frag2 ? frag2 : "");
        fail();
    }
    assert_non_null(strstr(err.message, "bad.cfg:")); /* FILE:LINE */
}

/* One sanctioner and a target that never concedes (island_value 10), no
 * patron: U = beta m s - e/2 s^2 + psi s, so BR = (beta m + psi) / e. */
#define ONE_AGENTS                                                                                 \
    "agents = ( { id = \"a\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.5;\n"            \
    "  coalition_weight = 1.0; alliance_pressure = 0.0; norm_value = 1.0;\n"                       \
    "  territorial_stake = 0.0; axis_fear = 0.0; deterrence_stake = 0.0; signal_weight = 1.0;\n"   \
    "  engagement = 0.0; linkage = 0.0; domestic_value = 0.1; adjustment = 0.5; },\n"              \
    " { id = \"r\"; role = \"target\"; island_value = 10.0; audience_cost = 1.0; pivot_cost = "    \
    "1.0;\n"                                                                                       \
    "  substitution = 0.5; isolation_premium = 0.0; hedging_value = 0.0; reciprocity = { a = "     \
    "0.0; "                                                                                        \
    "}; } );\n"

static const char one_cfg[] = ONE_AGENTS
    "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = \"month\"; ratchet = 0.05;\n"
    "  events = (\n"
    "    { date = \"2014-06-02\"; label = \"norm gone\"; source = \"test\";\n"
    "      set = [ \"a.norm_value = 0\" ]; },\n"
    "    { date = \"2013-12-31\"; label = \"before\"; source = \"test\"; }\n"
    "  ); };\n";

static void test_date_parse(void **state)
{
    (void)state;
    ss_date d;
    assert_int_equal(ss_date_parse("2014-03", 0, &d), 0);
    assert_int_equal(d.year, 2014);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 1);
    assert_int_equal(ss_date_parse("2014-03-18", 1, &d), 0);
    assert_int_equal(d.day, 18);
    assert_int_equal(ss_date_parse("2014-03-18", 0, &d), -1);
    assert_int_equal(ss_date_parse("2014-13", 0, &d), -1);
    assert_int_equal(ss_date_parse("2014-02-30", 1, &d), -1);
    assert_int_equal(ss_date_parse("2016-02-29", 1, &d), 0);
    assert_int_equal(ss_date_parse("2014-3", 0, &d), -1);
    assert_int_equal(ss_date_parse("2014-03x", 0, &d), -1);
    ss_date a = {2014, 3, 18}, b = {2014, 4, 1};
    assert_true(ss_date_cmp(&a, &b) < 0);
    assert_true(ss_date_cmp(&b, &a) > 0);
    assert_int_equal(ss_date_cmp(&a, &a), 0);
}

static void test_parse_timeline(void **state)
{
    (void)state;
    ss_scenario *sc = load_text("one.cfg", one_cfg);
    const ss_timeline *t = sc->timeline;
    assert_non_null(t);
    assert_true(t->has_periods);
    assert_int_equal(ss_timeline_periods(t), 12);
    assert_int_equal(t->norder, 1);
    assert_true(t->ratchet[0] == 0.05);
    assert_int_equal(t->nevents, 2);
    /* sorted by date */
    assert_string_equal(t->events[0].label, "before");
    assert_string_equal(t->events[1].label, "norm gone");
    assert_int_equal(t->events[1].nchanges, 1);
    assert_true(t->events[1].changes[0].value == 0);
    char label[16];
    ss_timeline_period_label(t, 11, label, sizeof label);
    assert_string_equal(label, "2014-12");
    ss_date end;
    ss_timeline_period_end(t, 1, &end);
    assert_int_equal(end.month, 2);
    assert_int_equal(end.day, 28);

    /* a deep copy survives the original */
    ss_scenario *copy = ss_scenario_copy(sc);
    assert_non_null(copy);
    ss_scenario_free(sc);
    assert_string_equal(copy->timeline->events[1].changes[0].key, "a.norm_value");
    ss_scenario_free(copy);

    /* quarters */
    sc = load_text("two.cfg", ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2018-10\"; "
                                         "step = \"quarter\"; };\n");
    assert_int_equal(ss_timeline_periods(sc->timeline), 20);
    ss_timeline_period_label(sc->timeline, 1, label, sizeof label);
    assert_string_equal(label, "2014-04");
    ss_scenario_free(sc);
}

static void test_derived_replaces_sections(void **state)
{
    (void)state;
    char path[600];
    write_file("base.cfg", one_cfg, path, sizeof path);
    ss_scenario *sc =
        load_text("derived.cfg", "base = \"base.cfg\";\n"
                                 "timeline = { start = \"2015-01\"; end = \"2015-06\"; "
                                 "step = \"month\"; };\n");
    assert_int_equal(ss_timeline_periods(sc->timeline), 6);
    assert_int_equal(sc->timeline->nevents, 0);
    assert_true(isinf(sc->timeline->ratchet[0]));
    ss_scenario_free(sc);
}

static void test_bad_timelines(void **state)
{
    (void)state;
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"week\"; };\n",
                 "'timeline.step': unknown step 'week'", NULL);
    expect_error(ONE_AGENTS "timeline = { start = \"2014-1\"; end = \"2014-12\"; step = "
                            "\"month\"; };\n",
                 "'timeline.start'", "not a date");
    expect_error(ONE_AGENTS "timeline = { start = \"2014-05\"; end = \"2014-01\"; step = "
                            "\"month\"; };\n",
                 "'timeline.end'", NULL);
    expect_error(ONE_AGENTS "timeline = { end = \"2014-01\"; step = \"month\"; };\n",
                 "'timeline.start': missing", NULL);
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\"; order = [\"zz\"]; };\n",
                 "'timeline.order': no sanctioner 'zz'", NULL);
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\"; ratchet = -1.0; };\n",
                 "'timeline.ratchet'", NULL);
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\"; speed = 1; };\n",
                 "speed", NULL);
    /* event changes go through the --set checks */
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\";\n events = ( { date = \"2014-03-01\"; label = \"x\"; "
                            "source = \"s\";\n set = [ \"a.exposure = -1\" ]; } ); };\n",
                 "a.exposure", "must be");
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\";\n events = ( { date = \"2014-03-01\"; label = \"x\"; "
                            "source = \"s\";\n set = [ \"a.nonsense = 1\" ]; } ); };\n",
                 "timeline.events[0].set", "nonsense");
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\";\n events = ( { date = \"2014-03-01\"; label = \"x\"; } "
                            "); };\n",
                 "'timeline.events[0].source': missing", NULL);
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\";\n events = ( { date = \"2014-03-01\"; label = \"a\\tb\"; "
                            "source = \"s\"; } ); };\n",
                 "'timeline.events[0].label'", "control");
    expect_error(ONE_AGENTS "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = "
                            "\"month\";\n shocks = ( { key = \"a.exposure\"; sd = 0.1; dist = "
                            "\"cauchy\"; } ); };\n",
                 "unknown shock distribution 'cauchy'", NULL);
    expect_error(ONE_AGENTS "observed = { measures = ( { sanctioner = \"a\"; type = \"boycott\"; "
                            "start = \"2014-03-01\"; } ); };\n",
                 "'observed.measures[0].type': unknown measure type 'boycott'", NULL);
    expect_error(ONE_AGENTS "observed = { measures = ( { sanctioner = \"a\"; type = "
                            "\"travel_ban\"; start = \"2014-03-01\"; scope = 1.5; } ); };\n",
                 "'observed.measures[0].scope'", NULL);
    expect_error(ONE_AGENTS "observed = { measures = ( { sanctioner = \"a\"; type = "
                            "\"travel_ban\"; start = \"2014-03-01\"; end = \"2014-02-01\"; } ); "
                            "};\n",
                 "'observed.measures[0].end': must be after the start", NULL);
    expect_error(ONE_AGENTS "observed = { weights = { travel_ban = 0.5; }; measures = (); };\n",
                 "'observed.weights': must sum to 1", NULL);
    expect_error(ONE_AGENTS "observed = { measures = ( { sanctioner = \"b\"; type = "
                            "\"travel_ban\"; start = \"2014-03-01\"; } ); };\n",
                 "no sanctioner 'b'", NULL);
}

/* Partial adjustment and the ratchet against a hand computation: BR = 0.6
 * until the event of 2 Jun 2014 (period 5, June) takes the norm away; then
 * BR = 0.1 and the ratchet allows 0.05 a period. */
static void test_adjustment_and_ratchet(void **state)
{
    (void)state;
    ss_scenario *sc = load_text("one.cfg", one_cfg);
    ss_series *s = ss_series_alloc(sc);
    assert_non_null(s);
    ss_error err;
    assert_int_equal(ss_run(sc, NULL, s, &err), SS_OK);
    double expect[12], x = 0;
    for (size_t k = 0; k < 12; k++) {
        double br = k < 5 ? 0.6 : 0.1;
        double next = x + 0.5 * (br - x);
        if (next < x - 0.05)
            next = x - 0.05;
        expect[k] = x = next;
    }
    for (size_t k = 0; k < 12; k++)
        assert_true(fabs(s->result[k].s[0] - expect[k]) < 1e-7);
    /* the early event fires in the first period, the June one in June */
    assert_int_equal(s->fired_begin[0], 0);
    assert_int_equal(s->fired_end[0], 1);
    assert_int_equal(s->fired_begin[5], 1);
    assert_int_equal(s->fired_end[5], 2);
    assert_int_equal(s->fired_end[4] - s->fired_begin[4], 0);
    assert_int_equal(s->events_after_end, 0);
    ss_series_free(s);
    ss_scenario_free(sc);
}

/* The same run under a ceiling s_max = 0.3 (max_intensity): the best
 * response 0.6 of the first five periods is 0.3 on [0, 0.3] (the payoff is
 * single-peaked), and partial adjustment never takes s above 0.3. */
static void test_ceiling_in_dynamics(void **state)
{
    (void)state;
    ss_scenario *sc = load_text("one.cfg", one_cfg);
    sc->params.sanctioner[0].max_intensity = 0.3;
    ss_series *s = ss_series_alloc(sc);
    assert_non_null(s);
    ss_error err;
    assert_int_equal(ss_run(sc, NULL, s, &err), SS_OK);
    double x = 0;
    for (size_t k = 0; k < 12; k++) {
        double br = k < 5 ? 0.3 : 0.1;
        double next = x + 0.5 * (br - x);
        if (next < x - 0.05)
            next = x - 0.05;
        x = next;
        assert_true(s->result[k].s[0] <= 0.3);
        assert_true(fabs(s->result[k].s[0] - x) < 1e-7);
    }
    ss_series_free(s);
    ss_scenario_free(sc);
}

/* Order matters: b follows a's new level in the same period. With
 * kappa_b = 1, e_b = 1 and b's own norm term 0.25 * 0.2, BR_b = (0.05 + s_a) / 2
 * while below s_a, and 0.05 when a is at 0. */
static void test_update_order(void **state)
{
    (void)state;
    static const char two[] =
        "agents = ( { id = \"a\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.5;\n"
        "  coalition_weight = 1.0; alliance_pressure = 0.0; norm_value = 1.0;\n"
        "  territorial_stake = 0.0; axis_fear = 0.0; deterrence_stake = 0.0; signal_weight = 1.0;\n"
        "  engagement = 0.0; linkage = 0.0; domestic_value = 0.1; adjustment = 1.0; },\n"
        " { id = \"b\"; role = \"sanctioner\"; exposure = 1.0; leverage = 0.2;\n"
        "  coalition_weight = 0.0; alliance_pressure = 1.0; norm_value = 0.25;\n"
        "  territorial_stake = 0.0; axis_fear = 0.0; deterrence_stake = 0.0; signal_weight = 1.0;\n"
        "  engagement = 0.0; linkage = 0.0; domestic_value = 0.0; adjustment = 1.0; },\n"
        " { id = \"r\"; role = \"target\"; island_value = 10.0; audience_cost = 1.0; "
        "pivot_cost = 1.0;\n"
        "  substitution = 0.5; isolation_premium = 0.0; hedging_value = 0.0;\n"
        "  reciprocity = { a = 0.0; b = 0.0; }; } );\n"
        "timeline = { start = \"2014-01\"; end = \"2014-02\"; step = \"month\"; order = %s; };\n";
    char text[2048];
    double b_first[2];
    const char *orders[2] = {"[\"a\", \"b\"]", "[\"b\", \"a\"]"};
    for (int k = 0; k < 2; k++) {
        snprintf(text, sizeof text, two, orders[k]);
        ss_scenario *sc = load_text("two.cfg", text);
        ss_series *s = ss_series_alloc(sc);
        ss_error err;
        assert_int_equal(ss_run(sc, NULL, s, &err), SS_OK);
        assert_true(fabs(s->result[0].s[0] - 0.6) < 1e-7);
        b_first[k] = s->result[0].s[1];
        ss_series_free(s);
        ss_scenario_free(sc);
    }
    assert_true(fabs(b_first[0] - (0.05 + 0.6) / 2) < 1e-7); /* sees a = 0.6 */
    assert_true(fabs(b_first[1] - 0.05) < 1e-7);             /* sees a = 0: no shortfall */
}

static const char obs_cfg[] = ONE_AGENTS
    "timeline = { start = \"2014-01\"; end = \"2014-12\"; step = \"month\"; };\n"
    "observed = { measures = (\n"
    "  { sanctioner = \"a\"; type = \"diplomatic\"; start = \"2014-03-18\"; },\n"
    "  { sanctioner = \"a\"; type = \"travel_ban\"; start = \"2014-04-29\"; scope = 0.2; },\n"
    "  { sanctioner = \"a\"; type = \"travel_ban\"; start = \"2014-08-01\"; scope = 0.9; },\n"
    "  { sanctioner = \"a\"; type = \"asset_freeze\"; start = \"2014-05-01\"; end = "
    "\"2014-07-01\"; scope = 0.5; }\n"
    "); };\n";

static void test_observed_index(void **state)
{
    (void)state;
    ss_scenario *sc = load_text("obs.cfg", obs_cfg);
    const ss_timeline *t = sc->timeline;
    ss_date d;
    assert_int_equal(ss_date_parse("2014-03-17", 1, &d), 0);
    assert_true(ss_observed_index(t, 0, &d) == 0);
    assert_int_equal(ss_date_parse("2014-03-18", 1, &d), 0);
    assert_true(fabs(ss_observed_index(t, 0, &d) - 0.05) < 1e-15);
    /* diplomatic 0.05 + travel_ban 0.10 x 0.2 + asset_freeze 0.15 x 0.5 */
    assert_int_equal(ss_date_parse("2014-06-30", 1, &d), 0);
    assert_true(fabs(ss_observed_index(t, 0, &d) - (0.05 + 0.02 + 0.075)) < 1e-15);
    /* the freeze ended on 1 Jul */
    assert_int_equal(ss_date_parse("2014-07-01", 1, &d), 0);
    assert_true(fabs(ss_observed_index(t, 0, &d) - 0.07) < 1e-15);
    /* travel bans add up, capped at 1: 0.05 + 0.10 x 1 */
    assert_int_equal(ss_date_parse("2014-08-31", 1, &d), 0);
    assert_true(fabs(ss_observed_index(t, 0, &d) - 0.15) < 1e-15);

    ss_date *dates;
    size_t n;
    assert_int_equal(ss_observed_changes(t, &dates, &n), SS_OK);
    assert_int_equal(n, 5);
    assert_int_equal(dates[4].month, 8);
    free(dates);

    /* the series holds the index at each period's end, and the RMSE is its hand sum */
    ss_series *s = ss_series_alloc(sc);
    ss_error err;
    assert_int_equal(ss_run(sc, NULL, s, &err), SS_OK);
    assert_true(fabs(s->observed[2] - 0.05) < 1e-15);  /* March */
    assert_true(fabs(s->observed[5] - 0.145) < 1e-15); /* June */
    assert_true(fabs(s->observed[11] - 0.15) < 1e-15); /* December */
    double sum = 0;
    for (size_t k = 0; k < 12; k++)
        sum += pow(s->result[k].s[0] - s->observed[k], 2);
    assert_true(fabs(ss_series_rmse(sc, s, 0) - sqrt(sum / 12)) < 1e-15);
    ss_series_free(s);
    ss_scenario_free(sc);
}

static const char mc_cfg[] = ONE_AGENTS
    "timeline = { start = \"2014-01\"; end = \"2014-08\"; step = \"month\";\n"
    "  shocks = ( { key = \"a.domestic_value\"; dist = \"normal\"; sd = 0.05; } ); };\n"
    "priors = ( { key = \"a.exposure\"; dist = \"uniform\"; min = 0.8; max = 1.5; } );\n";

static void test_montecarlo_reproducible(void **state)
{
    (void)state;
    ss_scenario *sc = load_text("mc.cfg", mc_cfg);
    ss_mc_bands *b[3];
    ss_error err;
    ss_mc_opts o1 = {24, 42, 1}, o2 = {24, 42, 2}, o3 = {24, 43, 2};
    assert_int_equal(ss_montecarlo(sc, &o1, &b[0], &err), SS_OK);
    assert_int_equal(ss_montecarlo(sc, &o2, &b[1], &err), SS_OK);
    assert_int_equal(ss_montecarlo(sc, &o3, &b[2], &err), SS_OK);
    size_t count = b[0]->ncols * b[0]->nperiods * SS_MC_NPCT;
    /* the same bytes for any thread count; another seed gives other draws */
    assert_memory_equal(b[0]->pct, b[1]->pct, count * sizeof *b[0]->pct);
    assert_memory_not_equal(b[0]->pct, b[2]->pct, count * sizeof *b[0]->pct);
    /* percentiles are ordered, and the priors spread s */
    for (size_t q = 0; q < b[0]->ncols * b[0]->nperiods; q++)
        for (size_t k = 1; k < SS_MC_NPCT; k++)
            assert_true(b[0]->pct[q * SS_MC_NPCT + k - 1] <= b[0]->pct[q * SS_MC_NPCT + k]);
    size_t last = 7; /* column s.a, period 8 */
    assert_true(b[0]->pct[last * SS_MC_NPCT + 4] - b[0]->pct[last * SS_MC_NPCT + 0] > 0.05);

    /* one run, replayed on its own, is the same run */
    ss_series *s1 = ss_series_alloc(sc), *s2 = ss_series_alloc(sc);
    ss_run_opts ro = {1, 42, 5};
    assert_int_equal(ss_run(sc, &ro, s1, &err), SS_OK);
    assert_int_equal(ss_run(sc, &ro, s2, &err), SS_OK);
    for (size_t k = 0; k < s1->nperiods; k++)
        assert_true(s1->result[k].s[0] == s2->result[k].s[0]);
    ss_series_free(s1);
    ss_series_free(s2);
    for (int k = 0; k < 3; k++)
        ss_mc_bands_free(b[k]);
    ss_scenario_free(sc);
}

static void test_shipped_scenarios(void **state)
{
    (void)state;
    char path[600];
    ss_error err;
    snprintf(path, sizeof path, "%s/scenarios/allies_2014.cfg", SS_SOURCE_DIR);
    ss_scenario *sc = ss_scenario_load(path, &err);
    assert_non_null(sc);
    /* the paper's ranking (MODEL.md section 9) */
    ss_result r;
    assert_int_equal(ss_solve(&sc->params, &sc->solver, NULL, &r, &err), SS_OK);
    const char *high[] = {"usa", "eu", "canada", "australia"};
    double s_japan = r.s[ss_scenario_sanctioner(sc, "japan")];
    double s_nz = r.s[ss_scenario_sanctioner(sc, "new_zealand")];
    for (int k = 0; k < 4; k++)
        assert_true(r.s[ss_scenario_sanctioner(sc, high[k])] > s_japan + 0.3);
    assert_true(s_nz < s_japan);
    ss_scenario_free(sc);

    snprintf(path, sizeof path, "%s/scenarios/timeline_2014_2018.cfg", SS_SOURCE_DIR);
    sc = ss_scenario_load(path, &err);
    assert_non_null(sc);
    ss_series *s = ss_series_alloc(sc);
    assert_int_equal(ss_run(sc, NULL, s, &err), SS_OK);
    size_t usa = (size_t)ss_scenario_sanctioner(sc, "usa");
    size_t japan = (size_t)ss_scenario_sanctioner(sc, "japan");
    /* the G7 moves first and high (by June 2014, period 3 from 2014-03),
     * Japan low (when it starts: tests/test_fit.c, MODEL.md section 10, 6) */
    size_t last = s->nperiods - 1;
    assert_true(s->result[3].s[usa] > 0.5);
    assert_true(s->result[3].s[japan] < s->result[3].s[usa] - 0.3);
    assert_true(s->result[last].s[japan] < 0.5);
    assert_true(s->result[last].s[japan] > 0.1);
    ss_series_free(s);
    ss_scenario_free(sc);
}

static void test_days_in_month(void **state)
{
    (void)state;
    assert_int_equal(ss_date_days_in_month(2014, 1), 31);
    assert_int_equal(ss_date_days_in_month(2014, 4), 30);
    assert_int_equal(ss_date_days_in_month(2014, 2), 28);
    assert_int_equal(ss_date_days_in_month(2016, 2), 29);
    assert_int_equal(ss_date_days_in_month(1900, 2), 28);
    assert_int_equal(ss_date_days_in_month(2000, 2), 29);
}

static void test_timeline_new_and_clear(void **state)
{
    (void)state;
    ss_timeline *t = ss_timeline_new();
    assert_non_null(t);
    assert_int_equal(t->has_periods, 0);
    assert_int_equal(ss_timeline_periods(t), 0);
    for (size_t i = 0; i < SS_MAX_SANCTIONERS; i++) {
        assert_true(isinf(t->ratchet[i]));
        assert_true(t->initial[i] == 0);
    }
    ss_timeline_free(t);

    /* clearing the periods drops events and shocks and keeps the measures */
    ss_scenario *sc = test_load("timeline_2014_2018.cfg");
    t = sc->timeline;
    assert_true(t->has_periods && t->nevents > 0 && t->has_observed && t->nmeasures > 0);
    size_t nmeasures = t->nmeasures;
    ss_timeline_clear_periods(t);
    assert_int_equal(t->has_periods, 0);
    assert_int_equal(t->nevents, 0);
    assert_null(t->events);
    assert_int_equal(t->nshocks, 0);
    assert_null(t->shocks);
    assert_int_equal(t->nmeasures, nmeasures);
    ss_scenario_free(sc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_timeline_new_and_clear),
        cmocka_unit_test(test_parse_timeline),
        cmocka_unit_test(test_derived_replaces_sections),
        cmocka_unit_test(test_bad_timelines),
        cmocka_unit_test(test_adjustment_and_ratchet),
        cmocka_unit_test(test_ceiling_in_dynamics),
        cmocka_unit_test(test_update_order),
        cmocka_unit_test(test_observed_index),
        cmocka_unit_test(test_montecarlo_reproducible),
        cmocka_unit_test(test_shipped_scenarios),
    };
    return cmocka_run_group_tests(tests, make_scratch, drop_scratch);
}
