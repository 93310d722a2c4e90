/* Tests of sweep files in io (sweep_file.c, sweep_merge.c): the '# vary:' and
 * '# agent:' lines read back, rows read one at a time, and shards merged into
 * the file of an unsharded run, or refused with a message. */
#define _POSIX_C_SOURCE 200809L /* fmemopen, open_memstream */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"
#include "test_support.h"

/* the first calibration (tests/fixtures): the values the header records are fixed */
static ss_scenario *baseline;

static int setup(void **state)
{
    (void)state;
    ss_error err;
    baseline = ss_scenario_load(SS_SOURCE_DIR "/tests/fixtures/first_calibration_2014.cfg", &err);
    return baseline ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ss_scenario_free(baseline);
    return 0;
}

/* The whole file of shard K/N of a 2 x 3 grid, with --set japan.linkage=1. */
static char *sweep_text(size_t shard, size_t nshards)
{
    static const char *const specs[] = {"japan.alliance_pressure=0:3:2",
                                        "japan.territorial_stake=0:2:3"};
    static const char *const sets[] = {"japan.linkage=1"};
    ss_error err;
    ss_design d;
    ss_design_init(&d, SS_DESIGN_GRID);
    for (size_t k = 0; k < 2; k++)
        assert_int_equal(ss_design_vary(&d, baseline, specs[k], &err), SS_OK);
    assert_int_equal(ss_design_finish(&d, 0, 1, &err), SS_OK);
    ss_sweep_opts o = {.sep = '\t', .warm_starts = 0};
    ss_sweep *sw = ss_sweep_alloc(baseline, &d, &o, &err);
    assert_non_null(sw);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ss_sweep_meta m = {{"sanctionsim sweep x", sets, 1}, "--design grid", shard, nshards};
    assert_int_equal(ss_sweep_write_header(sw, f, &m), SS_OK);
    ss_sweep_run_opts ro = {shard, nshards, 0, 1, 0, NULL, NULL, NULL};
    ss_run_stats st;
    assert_int_equal(ss_sweep_run(sw, f, &ro, &st, &err), SS_OK);
    fclose(f);
    ss_sweep_free(sw);
    ss_design_free(&d);
    return buf;
}

static void test_vary_agent_rows(void **state)
{
    (void)state;
    char *text = sweep_text(0, 1);
    FILE *f = fmemopen(text, strlen(text), "r");
    ss_sweep_header h;
    ss_error err;
    assert_int_equal(ss_sweep_header_read(f, "mem", &h, &err), SS_OK);
    assert_string_equal(ss_sweep_header_get(&h, "set"), "japan.linkage=1");
    assert_string_equal(ss_sweep_header_get(&h, "command"), "sanctionsim sweep x");
    assert_int_equal(h.nvary, 2);
    assert_string_equal(h.vary[0].key, "japan.alliance_pressure");
    assert_string_equal(h.vary[0].spec, "0:3:2");
    assert_string_equal(h.vary[0].value, "1.2");
    assert_non_null(strstr(h.vary[0].label, "alliance pressure"));
    assert_ptr_equal(ss_sweep_header_vary(&h, "japan.territorial_stake"), &h.vary[1]);
    assert_null(ss_sweep_header_vary(&h, "japan.linkage"));
    assert_string_equal(ss_sweep_header_agent(&h, "sanctioner", "japan"), "Japan");
    assert_string_equal(ss_sweep_header_agent(&h, "target", NULL), "Russia");
    assert_string_equal(ss_sweep_header_agent(&h, "nobody", NULL), "nobody");

    ss_sweep_rows r;
    int got;
    size_t n = 0;
    assert_int_equal(ss_sweep_rows_open(&r, f, "mem", &h, &err), SS_OK);
    while (ss_sweep_rows_next(&r, &got, &err) == SS_OK && got) {
        size_t index;
        assert_int_equal(ss_sweep_parse_index(r.field[0], &index), 0);
        assert_int_equal(index, n++);
        assert_string_equal(r.field[h.ncolumns - 1], "ok");
    }
    assert_int_equal(n, 6);
    ss_sweep_rows_free(&r);
    fclose(f);

    /* a row of the wrong width: the file and its line */
    char *bad = strdup(text);
    char *row2 = strstr(bad, "\n2\t");
    assert_non_null(row2);
    *strchr(row2 + 1, '\t') = ' ';
    f = fmemopen(bad, strlen(bad), "r");
    ss_sweep_header h2;
    assert_int_equal(ss_sweep_header_read(f, "bad.tsv", &h2, &err), SS_OK);
    assert_int_equal(ss_sweep_rows_open(&r, f, "bad.tsv", &h2, &err), SS_OK);
    ss_status st;
    while ((st = ss_sweep_rows_next(&r, &got, &err)) == SS_OK && got)
        ;
    assert_int_equal(st, SS_EINPUT);
    char want[64];
    snprintf(want, sizeof want, "bad.tsv:%zu: ", h2.nlines + 4);
    assert_non_null(strstr(err.message, want));
    ss_sweep_rows_free(&r);
    ss_sweep_rows_free(NULL);
    ss_sweep_header_free(&h2);
    fclose(f);
    free(bad);
    ss_sweep_header_free(&h);
    free(text);
}

/* Merges the shard texts; returns the status, the result in *out. */
static ss_status merge(char **texts, size_t n, char **out, ss_error *err)
{
    ss_sweep_shard in[4];
    char path[4][32];
    for (size_t k = 0; k < n; k++) {
        snprintf(path[k], sizeof path[k], "s%zu.tsv", k);
        in[k].path = path[k];
        in[k].f = fmemopen(texts[k], strlen(texts[k]), "r");
        assert_int_equal(ss_sweep_header_read(in[k].f, in[k].path, &in[k].h, err), SS_OK);
    }
    size_t len = 0;
    FILE *f = open_memstream(out, &len);
    ss_status st = ss_sweep_merge(in, n, f, err);
    fclose(f);
    for (size_t k = 0; k < n; k++) {
        fclose(in[k].f);
        ss_sweep_header_free(&in[k].h);
    }
    return st;
}

/* The rows of a sweep file: everything after its column line. */
static const char *rows_of(const char *text)
{
    const char *p = strstr(text, "\nindex\t");
    assert_non_null(p);
    return p + 1;
}

static void test_merge(void **state)
{
    (void)state;
    char *whole = sweep_text(0, 1);
    char *shards[3] = {sweep_text(0, 3), sweep_text(1, 3), sweep_text(2, 3)};
    char *out = NULL;
    ss_error err;
    assert_int_equal(merge(shards, 3, &out, &err), SS_OK);
    assert_string_equal(rows_of(out), rows_of(whole));
    assert_non_null(strstr(out, "\n# shard: 0/1\n# merged: 3 shards: 0/3 1/3 2/3\n"));
    assert_non_null(strstr(out, "\n# set: japan.linkage=1\n"));
    free(out);

    /* a shard missing: the first point it held */
    char *two[2] = {shards[0], shards[2]};
    assert_int_equal(merge(two, 2, &out, &err), SS_EINPUT);
    assert_string_equal(err.message, "point 1 is missing (no shard has it; the next is 2 in "
                                     "'s1.tsv')");
    free(out);

    /* the same shard twice */
    char *twice[2] = {shards[0], shards[0]};
    assert_int_equal(merge(twice, 2, &out, &err), SS_EINPUT);
    assert_string_equal(err.message, "point 0 is in 's0.tsv' and in 's1.tsv'");
    free(out);

    /* another sweep */
    char *other = strdup(shards[1]);
    char *seed = strstr(other, "# seed: 1\n");
    assert_non_null(seed);
    seed[8] = '2';
    char *mixed[2] = {shards[0], other};
    assert_int_equal(merge(mixed, 2, &out, &err), SS_EINPUT);
    assert_non_null(strstr(err.message, "are not shards of one sweep: different seeds"));
    free(out);
    free(other);

    for (size_t k = 0; k < 3; k++)
        free(shards[k]);
    free(whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vary_agent_rows),
        cmocka_unit_test(test_merge),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
