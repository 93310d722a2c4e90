/* Tests of Gambit's .nfg format (sim/io/nfg.c): the writer checked against
 * the documented grammar by a separate small parser here, files read back,
 * Gambit's own sample games read, and bad files refused with their line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sanctionsim/nfg.h"

/* McKelvey and McLennan's 2x2x2 game (as in test_finite.c). */
static void mm_game(ss_nfg *g)
{
    size_t k[3] = {2, 2, 2};
    assert_int_equal(ss_nfg_init(g, 3, k, NULL), SS_OK);
    const double u[24] = {9, 8, 12, 0, 0, 0, 0, 0, 0, 9, 8, 2, 0, 0, 0, 3, 4, 6, 3, 4, 6, 0, 0, 0};
    memcpy(g->payoff, u, sizeof u);
}

static char *write_to_string(const ss_nfg *g, const ss_nfg_meta *m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    ss_error err = {SS_OK, ""};
    assert_int_equal(ss_nfg_write(f, g, m, &err), SS_OK);
    fclose(f);
    return text;
}

static ss_status read_string(const char *text, ss_nfg_file *out, ss_error *err)
{
    char *copy = strdup(text);
    assert_non_null(copy);
    FILE *f = fmemopen(copy, strlen(copy), "r");
    assert_non_null(f);
    ss_status st = ss_nfg_read(f, "game.nfg", out, err);
    fclose(f);
    free(copy);
    return st;
}

/* ---- an independent reading of the documented grammar ------------------------
 * Gambit's manual: whitespace is not significant outside quotes; labels are
 * in double quotes with \" for a quote; the payoff version is
 *   NFG 1 R "title" { "player" ... } { strategies } ["comment"] payoffs...
 * where strategies are either one count per player or one { "label" ... }
 * per player, and the payoffs a flat list of numbers, player 1's strategy
 * changing fastest. This checker also holds our writer to plain decimals. */
typedef struct scan {
    const char *p;
    char word[512];
} scan;

/* 'q' a quoted label, '{', '}', 'n' a plain decimal, 'w' another word, 0 the end */
static int token(scan *s)
{
    while (isspace((unsigned char)*s->p))
        s->p++;
    if (!*s->p)
        return 0;
    if (*s->p == '{' || *s->p == '}')
        return *s->p++;
    size_t n = 0;
    if (*s->p == '"') {
        for (s->p++; *s->p && *s->p != '"'; s->p++) {
            if (*s->p == '\\' && s->p[1] == '"')
                s->p++;
            if (n + 1 < sizeof s->word)
                s->word[n++] = *s->p;
        }
        assert_true(*s->p == '"'); /* closed */
        s->p++;
        s->word[n] = '\0';
        return 'q';
    }
    while (*s->p && !isspace((unsigned char)*s->p) && *s->p != '{' && *s->p != '}')
        if (n + 1 < sizeof s->word)
            s->word[n++] = *s->p++;
    s->word[n] = '\0';
    const char *c = s->word + (s->word[0] == '-');
    int digits = 0, point = 0, ok = isdigit((unsigned char)*c);
    for (; *c && ok; c++) {
        if (isdigit((unsigned char)*c))
            digits++;
        else if (*c == '.' && !point)
            point = 1;
        else
            ok = 0;
    }
    return ok && digits ? 'n' : 'w';
}

/* Checks text against the grammar and that its payoffs are g's, exactly. */
static void check_grammar(const char *text, const ss_nfg *g, int labelled)
{
    scan s = {text, {0}};
    assert_int_equal(token(&s), 'w');
    assert_string_equal(s.word, "NFG");
    assert_int_equal(token(&s), 'n');
    assert_string_equal(s.word, "1");
    assert_int_equal(token(&s), 'w');
    assert_string_equal(s.word, "R");
    assert_int_equal(token(&s), 'q'); /* title */
    assert_int_equal(token(&s), '{');
    for (size_t i = 0; i < g->n; i++)
        assert_int_equal(token(&s), 'q');
    assert_int_equal(token(&s), '}');
    assert_int_equal(token(&s), '{');
    for (size_t i = 0; i < g->n; i++) {
        if (labelled) {
            assert_int_equal(token(&s), '{');
            for (size_t j = 0; j < g->k[i]; j++)
                assert_int_equal(token(&s), 'q');
            assert_int_equal(token(&s), '}');
        } else {
            assert_int_equal(token(&s), 'n');
            assert_int_equal(strtoul(s.word, NULL, 10), g->k[i]);
        }
    }
    assert_int_equal(token(&s), '}');
    int t = token(&s);
    if (t == 'q') /* the optional comment */
        t = token(&s);
    for (size_t r = 0; r < g->profiles * g->n; r++) {
        assert_int_equal(t, 'n');
        assert_true(strtod(s.word, NULL) == g->payoff[r]);
        t = token(&s);
    }
    assert_int_equal(t, 0);
}

static void test_write_grammar_and_read_back(void **state)
{
    (void)state;
    ss_nfg g;
    mm_game(&g);
    g.payoff[0] = 1.0 / 3; /* 17 digits */
    g.payoff[1] = -2.5e-7; /* an exponent in %g, plain here */
    g.payoff[2] = 1.25e20; /* a large one */
    g.payoff[3] = -0.0;    /* written 0 */
    const char *players[] = {"Japan \"JP\"", "G7", "back\\slash"};
    const char *labels[] = {"0", "0.5", "0", "1", "0.25", "0.75"};
    ss_nfg_meta m = {"A \"quoted\" title", "line one\nline two", players, labels};
    char *text = write_to_string(&g, &m);
    check_grammar(text, &g, 1);
    ss_nfg_file f;
    ss_error err = {SS_OK, ""};
    if (read_string(text, &f, &err) != SS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(f.game.n, 3);
    assert_int_equal(f.game.profiles, 8);
    for (size_t r = 0; r < 24; r++)
        assert_true(f.game.payoff[r] == g.payoff[r] || (r == 3 && f.game.payoff[r] == 0));
    assert_string_equal(f.title, "A \"quoted\" title");
    assert_string_equal(f.comment, "line one\nline two");
    assert_string_equal(f.player[0], "Japan \"JP\"");
    assert_string_equal(f.player[2], "back/slash"); /* a backslash cannot be written */
    for (size_t r = 0; r < 6; r++)
        assert_string_equal(f.strategy[r], labels[r]);
    ss_nfg_file_free(&f);
    free(text);
    /* without labels or comment: counts */
    ss_nfg_meta bare = {"bare", NULL, players, NULL};
    text = write_to_string(&g, &bare);
    check_grammar(text, &g, 0);
    assert_int_equal(read_string(text, &f, &err), SS_OK);
    assert_string_equal(f.strategy[1], "2");
    assert_string_equal(f.comment, "");
    ss_nfg_file_free(&f);
    free(text);
    ss_nfg_free(&g);
}

static void test_numbers(void **state)
{
    (void)state;
    char buf[400];
    const struct {
        double x;
        const char *text;
    } known[] = {{0.1, "0.1"},
                 {-0.0, "0"},
                 {1e-7, "0.0000001"},
                 {-2.5e-7, "-0.00000025"},
                 {1.25e20, "125000000000000000000"},
                 {3, "3"},
                 {-12.5, "-12.5"},
                 {5e-324, NULL}};
    for (size_t c = 0; c < sizeof known / sizeof *known; c++) {
        size_t len = ss_nfg_number(known[c].x, buf, sizeof buf);
        assert_int_equal(len, strlen(buf));
        assert_null(strchr(buf, 'e'));
        if (known[c].text)
            assert_string_equal(buf, known[c].text);
        assert_true(strtod(buf, NULL) == known[c].x);
    }
    unsigned long long s = 2026; /* fixed seed */
    for (int t = 0; t < 2000; t++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        double x = ldexp((double)(s >> 11) * 0x1p-53 - 0.5, (int)(s % 80) - 40);
        ss_nfg_number(x, buf, sizeof buf);
        assert_null(strchr(buf, 'e'));
        assert_true(strtod(buf, NULL) == x);
    }
}

/* Gambit's own sample files: e02.nfg of its manual (payoff version, counts)
 * and contrib/games/2x2x2.nfg (outcome version). */
static void test_gambit_samples(void **state)
{
    (void)state;
    const char *e02 = "NFG 1 R \"Selten (IJGT, 75), Figure 2, normal form\"\n"
                      "{ \"Player 1\" \"Player 2\" } { 3 2 }\n\n1 1 0 2 0 2 1 1 0 3 2 0\n";
    ss_nfg_file f;
    ss_error err = {SS_OK, ""};
    if (read_string(e02, &f, &err) != SS_OK)
        fail_msg("%s", err.message);
    assert_int_equal(f.game.k[0], 3);
    assert_int_equal(f.game.k[1], 2);
    /* profile (3, 2) is the last: 2 0 */
    assert_true(f.game.payoff[10] == 2 && f.game.payoff[11] == 0);
    /* profile (2, 1): 0 2 */
    assert_true(f.game.payoff[2] == 0 && f.game.payoff[3] == 2);
    ss_nfg_file_free(&f);
    const char *mm = "NFG 1 R \"2x2x2 Example from McKelvey-McLennan, with 9 Nash equilibria, 2 "
                     "totally mixed\" { \"Player 1\" \"Player 2\" \"Player 3\" }\n\n"
                     "{ { \"1\" \"2\" }\n{ \"1\" \"2\" }\n{ \"1\" \"2\" }\n}\n\"\"\n\n"
                     "{\n{ \"\" 9, 8, 12 }\n{ \"\" 0, 0, 0 }\n{ \"\" 0, 0, 0 }\n{ \"\" 9, 8, 2 }\n"
                     "{ \"\" 0, 0, 0 }\n{ \"\" 3, 4, 6 }\n{ \"\" 3, 4, 6 }\n{ \"\" 0, 0, 0 }\n}\n"
                     "1 2 3 4 5 6 7 8 \n";
    if (read_string(mm, &f, &err) != SS_OK)
        fail_msg("%s", err.message);
    ss_nfg g;
    mm_game(&g);
    assert_memory_equal(f.game.payoff, g.payoff, 24 * sizeof(double));
    ss_nfg_free(&g);
    ss_nfg_file_free(&f);
    /* rationals, decimals with exponents, and the null outcome 0 */
    const char *odd =
        "NFG 1 R \"odd\" { \"a\" \"b\" } { 2 1 } \"\"\n{ { \"x\" 1/4, -2.5e1 } }\n1 0";
    assert_int_equal(read_string(odd, &f, &err), SS_OK);
    assert_true(f.game.payoff[0] == 0.25 && f.game.payoff[1] == -25);
    assert_true(f.game.payoff[2] == 0 && f.game.payoff[3] == 0);
    ss_nfg_file_free(&f);
}

static void test_bad_files(void **state)
{
    (void)state;
    const struct {
        const char *text, *says;
    } bad[] = {
        {"EFG 2 R \"x\" { \"a\" }", "game.nfg:1: not a Gambit strategic game"},
        {"NFG 2 R \"x\" { \"a\" } { 1 }\n0", "game.nfg:1: only NFG version 1"},
        {"NFG 1 R \"x\" { \"a\" \"b\" } { 2 2 }\n\n1 2 3 4\n5 6 7",
         "game.nfg:4: the file ends after 7 of 8 payoffs"},
        {"NFG 1 R \"x\" { \"a\" } { 2 }\n1 2 3", "game.nfg:2: more after the last payoff"},
        {"NFG 1 R \"x\" { \"a\" } { 2 }\n1 zwei", "game.nfg:2: payoff 2 of 2 is not a number"},
        {"NFG 1 R \"x { \"a\" } { 2 }\n1 2", "expected '{' before the players"},
        {"NFG 1 R \"x\" { \"a\" } { 0 }\n", "number of strategies"},
        {"NFG 1 R \"x\" { \"a\" } { 2 } { { \"o\" 1 } }\n1 2", "outcome number"},
        {"NFG 1 R \"x\" { \"a\" } { 2 }\n1 1/0", "payoff 2 of 2 is not a number"},
        {"NFG 1 R \"unclosed", "ends inside a quoted label"},
    };
    for (size_t c = 0; c < sizeof bad / sizeof *bad; c++) {
        ss_nfg_file f;
        ss_error err = {SS_OK, ""};
        ss_error_clear(&err);
        assert_int_equal(read_string(bad[c].text, &f, &err), SS_EINPUT);
        if (!strstr(err.message, bad[c].says))
            fail_msg("case %zu: '%s' lacks '%s'", c, err.message, bad[c].says);
        assert_null(f.game.payoff);
        ss_nfg_file_free(&f);
    }
}

/* Every payoff 1/3: 17 digits each. */
static ss_status thirds(void *arg, const size_t *s, double *u, ss_error *err)
{
    (void)s;
    (void)err;
    size_t *calls = arg;
    (*calls)++;
    for (size_t i = 0; i < 2; i++)
        u[i] = 1.0 / 3;
    return SS_OK;
}

/* The writer stops at its byte limit, says so, and has not passed it. */
static void test_limit(void **state)
{
    (void)state;
    const size_t k[2] = {10, 10};
    const char *players[] = {"a", "b"};
    ss_nfg_meta m = {"t", NULL, players, NULL};
    char *text = NULL;
    size_t len = 0, calls = 0;
    FILE *f = open_memstream(&text, &len);
    ss_error err = {SS_OK, ""};
    unsigned long long bytes;
    assert_int_equal(ss_nfg_write_stream(f, 2, k, &m, thirds, &calls, 0, &bytes, &err), SS_OK);
    fclose(f);
    assert_int_equal(calls, 100);
    assert_int_equal(bytes, len);
    /* header + 100 lines of "0.33333333333333331 0.33333333333333331\n" */
    const char *body = strstr(strstr(text, "}\n\n{") + 3, "}\n\n") + 3;
    assert_int_equal(len, (size_t)(body - text) + 100 * 40);
    free(text);
    text = NULL;
    f = open_memstream(&text, &len);
    calls = 0;
    assert_int_equal(ss_nfg_write_stream(f, 2, k, &m, thirds, &calls, 1000, &bytes, &err),
                     SS_EINPUT);
    fclose(f);
    assert_non_null(strstr(err.message, "larger than 1000 bytes"));
    assert_true(len <= 1000 && bytes <= 1000);
    assert_true(calls < 30);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_grammar_and_read_back),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_gambit_samples),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
