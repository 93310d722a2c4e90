/* Gambit's strategic-game format, NFG 1 R (nfg.h). The grammar is Gambit's
 * documented one ("Game representation formats" of its manual): a prologue
 * NFG 1 R "title" { "player" ... } { strategies } ["comment"], then either
 * the payoff version (a flat list of numbers, player 1's strategy varying
 * fastest) or the outcome version ({ { "name" payoffs } ... } then one
 * outcome number per profile). */
#include "sanctionsim/nfg.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ---------------------------------------------------------------- */

size_t ss_nfg_number(double x, char *buf, size_t len)
{
    char tmp[64];
    x += 0.0; /* -0 as 0 */
    snprintf(tmp, sizeof tmp, "%.15g", x);
    if (strtod(tmp, NULL) != x)
        snprintf(tmp, sizeof tmp, "%.17g", x);
    const char *e = strchr(tmp, 'e');
    if (!e) {
        snprintf(buf, len, "%s", tmp);
        return strlen(tmp);
    }
    /* d.ddde[+-]XX as a plain decimal: Gambit reads decimals exactly, and its
     * manual promises nothing for exponents */
    int exponent = atoi(e + 1);
    char digits[32] = {0};
    size_t nd = 0;
    const char *c = tmp;
    int negative = *c == '-';
    if (negative)
        c++;
    for (; c < e; c++)
        if (isdigit((unsigned char)*c))
            digits[nd++] = *c;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    long point = 1 + (long)exponent; /* digits before the decimal point */
    size_t at = 0;
#define PUT(ch)                                                                                    \
    do {                                                                                           \
        if (at + 1 < len)                                                                          \
            buf[at] = (ch);                                                                        \
        at++;                                                                                      \
    } while (0)
    if (negative)
        PUT('-');
    if (point <= 0) {
        PUT('0');
        PUT('.');
        for (long z = 0; z < -point; z++)
            PUT('0');
        for (size_t d = 0; d < nd; d++)
            PUT(digits[d]);
    } else {
        for (long d = 0; d < point; d++)
            PUT((size_t)d < nd ? digits[d] : '0');
        if ((size_t)point < nd) {
            PUT('.');
            for (size_t d = (size_t)point; d < nd; d++)
                PUT(digits[d]);
        }
    }
#undef PUT
    if (len)
        buf[at < len ? at : len - 1] = '\0';
    return at;
}

/* A writer that counts its bytes and stops at a limit. */
typedef struct sink {
    FILE *out;
    unsigned long long bytes, limit;
    int failed;   /* SS_EIO */
    int too_long; /* would pass the limit */
} sink;

static void put(sink *s, const char *text, size_t len)
{
    if (s->failed || s->too_long)
        return;
    if (s->limit && s->bytes + len > s->limit) {
        s->too_long = 1;
        return;
    }
    if (len && fwrite(text, 1, len, s->out) != len)
        s->failed = 1;
    s->bytes += len;
}

static void puts_(sink *s, const char *text)
{
    put(s, text, strlen(text));
}

/* A label in quotes: '"' escaped as Gambit reads it back; a backslash
 * becomes '/' (Gambit's reader takes a backslash before a quote or another
 * backslash as an escape, so one cannot be written safely). */
static void put_label(sink *s, const char *text)
{
    put(s, "\"", 1);
    for (const char *c = text ? text : ""; *c; c++) {
        if (*c == '"')
            put(s, "\\\"", 2);
        else if (*c == '\\')
            put(s, "/", 1);
        else
            put(s, c, 1);
    }
    put(s, "\"", 1);
}

/* The prologue into s. */
static void prologue(sink *s, size_t n, const size_t *k, const ss_nfg_meta *m)
{
    char num[32];
    puts_(s, "NFG 1 R ");
    put_label(s, m->title);
    puts_(s, " {");
    for (size_t i = 0; i < n; i++) {
        put(s, " ", 1);
        put_label(s, m->player[i]);
    }
    puts_(s, " }\n\n{");
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->strategy) {
            puts_(s, i ? "\n  {" : " {");
            for (size_t j = 0; j < k[i]; j++) {
                put(s, " ", 1);
                put_label(s, m->strategy[o + j]);
            }
            puts_(s, " }");
        } else {
            snprintf(num, sizeof num, " %zu", k[i]);
            puts_(s, num);
        }
        o += k[i];
    }
    puts_(s, m->strategy ? "\n}\n" : " }\n");
    if (m->comment) {
        put_label(s, m->comment);
        put(s, "\n", 1);
    }
    put(s, "\n", 1);
}

ss_status ss_nfg_write_prologue(FILE *out, size_t n, const size_t *k, const ss_nfg_meta *m,
                                unsigned long long *bytes, ss_error *err)
{
    sink s = {out, 0, 0, 0, 0};
    prologue(&s, n, k, m);
    if (bytes)
        *bytes = s.bytes;
    if (s.failed)
        return ss_error_set(err, SS_EIO, "writing the game failed: %s", strerror(errno));
    return SS_OK;
}

ss_status ss_nfg_write_stream(FILE *out, size_t n, const size_t *k, const ss_nfg_meta *m,
                              ss_nfg_payoff_fn fn, void *arg, unsigned long long limit,
                              unsigned long long *bytes, ss_error *err)
{
    sink s = {out, 0, limit, 0, 0};
    char num[400];
    prologue(&s, n, k, m);
    size_t profile[SS_NFG_MAX_PLAYERS] = {0};
    double u[SS_NFG_MAX_PLAYERS];
    ss_status st = SS_OK;
    for (;;) {
        if (s.failed || s.too_long)
            break;
        if ((st = fn(arg, profile, u, err)) != SS_OK)
            break;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(u[i])) {
                st = ss_error_set(err, SS_ENUMERIC, "player %zu's payoff is not finite", i + 1);
                break;
            }
            size_t len = ss_nfg_number(u[i], num, sizeof num);
            put(&s, num, len);
            put(&s, i + 1 < n ? " " : "\n", 1);
        }
        if (st != SS_OK)
            break;
        size_t i = 0;
        for (; i < n; i++) {
            if (++profile[i] < k[i])
                break;
            profile[i] = 0;
        }
        if (i == n)
            break;
    }
    if (bytes)
        *bytes = s.bytes;
    if (st != SS_OK)
        return st;
    if (s.failed)
        return ss_error_set(err, SS_EIO, "writing the game failed: %s", strerror(errno));
    if (s.too_long)
        return ss_error_set(err, SS_EINPUT, "the game file would be larger than %llu bytes", limit);
    return SS_OK;
}

/* The payoffs of a game in memory, for ss_nfg_write_stream. */
typedef struct held_game {
    const ss_nfg *g; // cppcheck-suppress unusedStructMember
} held_game;

static ss_status held_payoffs(void *arg, const size_t *s, double *u, ss_error *err)
{
    (void)err;
    const ss_nfg *g = ((const held_game *)arg)->g;
    size_t profile = 0, stride = 1;
    for (size_t i = 0; i < g->n; i++) {
        profile += s[i] * stride;
        stride *= g->k[i];
    }
    memcpy(u, g->payoff + profile * g->n, g->n * sizeof *u);
    return SS_OK;
}

ss_status ss_nfg_write(FILE *out, const ss_nfg *g, const ss_nfg_meta *m, ss_error *err)
{
    held_game h = {g};
    return ss_nfg_write_stream(out, g->n, g->k, m, held_payoffs, &h, 0, NULL, err);
}

/* ---- reading ---------------------------------------------------------------- */

typedef enum tok { T_NUMBER, T_TEXT, T_SYMBOL, T_LBRACE, T_RBRACE, T_COMMA, T_EOF } tok;

typedef struct lexer {
    FILE *in;
    const char *path;
    size_t line;
    tok t;
    char *text; /* the token's text (T_NUMBER, T_TEXT, T_SYMBOL) */
    size_t len, cap;
    ss_status st; /* SS_OK until something fails */
    ss_error *err;
} lexer;

static ss_status lex_fail(lexer *lx, ss_status st, const char *what)
{
    if (lx->st == SS_OK)
        lx->st = ss_error_set(lx->err, st, "%s:%zu: %s", lx->path, lx->line, what);
    return lx->st;
}

static void text_add(lexer *lx, int c)
{
    if (lx->len + 1 >= lx->cap) {
        size_t nc = lx->cap ? 2 * lx->cap : 64;
        char *nt = realloc(lx->text, nc);
        if (!nt) {
            lex_fail(lx, SS_ENOMEM, "out of memory");
            return;
        }
        lx->text = nt;
        lx->cap = nc;
    }
    lx->text[lx->len++] = (char)c;
    lx->text[lx->len] = '\0';
}

/* The next token into lx->t (T_EOF after a failure). */
static tok next(lexer *lx)
{
    lx->len = 0;
    if (lx->text)
        lx->text[0] = '\0';
    int c;
    do {
        c = getc(lx->in);
        if (c == '\n')
            lx->line++;
    } while (c != EOF && isspace(c));
    if (c == EOF || lx->st != SS_OK) {
        if (ferror(lx->in))
            lex_fail(lx, SS_EIO, "reading failed");
        return lx->t = T_EOF;
    }
    if (c == '{')
        return lx->t = T_LBRACE;
    if (c == '}')
        return lx->t = T_RBRACE;
    if (c == ',')
        return lx->t = T_COMMA;
    if (c == '"') {
        int slash = 0;
        text_add(lx, 0); /* the text exists even when empty */
        lx->len = 0;
        lx->text[0] = '\0';
        for (;;) {
            c = getc(lx->in);
            if (c == EOF) {
                lex_fail(lx, SS_EINPUT, "the file ends inside a quoted label");
                return lx->t = T_EOF;
            }
            if (c == '\n')
                lx->line++;
            if (slash) {
                if (c != '"')
                    text_add(lx, '\\');
                text_add(lx, c);
                slash = 0;
            } else if (c == '\\')
                slash = 1;
            else if (c == '"')
                break;
            else
                text_add(lx, c);
        }
        return lx->t = T_TEXT;
    }
    int number = isdigit(c) || c == '-' || c == '+' || c == '.';
    while (c != EOF && !isspace(c) && c != '{' && c != '}' && c != ',' && c != '"') {
        text_add(lx, c);
        c = getc(lx->in);
    }
    if (c != EOF)
        ungetc(c, lx->in);
    return lx->t = number ? T_NUMBER : T_SYMBOL;
}

/* The number lx->text: an integer, a decimal (with an exponent) or a/b. */
static int number_of(const lexer *lx, double *x)
{
    char *end;
    const char *slash = strchr(lx->text, '/');
    errno = 0;
    double a = strtod(lx->text, &end);
    if (slash) {
        if (end != slash)
            return -1;
        double b = strtod(slash + 1, &end);
        if (*end || !(b != 0) || slash[1] == '\0')
            return -1;
        a /= b;
    } else if (*end || end == lx->text)
        return -1;
    if (!isfinite(a) || errno == ERANGE)
        return -1;
    *x = a;
    return 0;
}

static char *dup_text(lexer *lx)
{
    const char *t = lx->text ? lx->text : "";
    char *d = malloc(strlen(t) + 1);
    if (!d)
        lex_fail(lx, SS_ENOMEM, "out of memory");
    else
        strcpy(d, t);
    return d;
}

void ss_nfg_file_free(ss_nfg_file *f)
{
    if (!f)
        return;
    size_t total = f->strategy ? ss_nfg_total(&f->game) : 0;
    for (size_t i = 0; f->player && i < f->game.n; i++)
        free(f->player[i]);
    for (size_t r = 0; r < total; r++)
        free(f->strategy[r]);
    free(f->player);
    free(f->strategy);
    free(f->title);
    free(f->comment);
    ss_nfg_free(&f->game);
    memset(f, 0, sizeof *f);
}

/* A growing list of strings. */
typedef struct strings {
    char **item;
    size_t n, cap;
} strings;

static int strings_add(strings *l, char *s)
{
    if (!s)
        return -1;
    if (l->n == l->cap) {
        size_t nc = l->cap ? 2 * l->cap : 8;
        char **ni = realloc(l->item, nc * sizeof *ni);
        if (!ni) {
            free(s);
            return -1;
        }
        l->item = ni;
        l->cap = nc;
    }
    l->item[l->n++] = s;
    return 0;
}

static void strings_free(strings *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->item[i]);
    free(l->item);
    memset(l, 0, sizeof *l);
}

/* The outcome version's body: outcomes, then one index per profile. */
static void read_outcomes(lexer *lx, ss_nfg *g)
{
    size_t n = g->n, count = 0, cap = 0;
    double *out = NULL; /* out[o * n + i] */
    next(lx);
    while (lx->t == T_LBRACE && lx->st == SS_OK) {
        if (next(lx) != T_TEXT) {
            lex_fail(lx, SS_EINPUT, "expected an outcome's name in quotes");
            break;
        }
        if (count == cap) {
            size_t nc = cap ? 2 * cap : 16;
            double *no = realloc(out, nc * n * sizeof *no);
            if (!no) {
                lex_fail(lx, SS_ENOMEM, "out of memory");
                break;
            }
            out = no;
            cap = nc;
        }
        next(lx);
        for (size_t i = 0; i < n && lx->st == SS_OK; i++) {
            if (lx->t != T_NUMBER || number_of(lx, &out[count * n + i]) != 0) {
                lex_fail(lx, SS_EINPUT, "expected a payoff in an outcome");
                break;
            }
            if (next(lx) == T_COMMA)
                next(lx);
        }
        if (lx->st == SS_OK && lx->t != T_RBRACE)
            lex_fail(lx, SS_EINPUT, "expected '}' after an outcome's payoffs");
        count++;
        next(lx);
    }
    if (lx->st == SS_OK && lx->t != T_RBRACE)
        lex_fail(lx, SS_EINPUT, "expected '}' after the outcomes");
    next(lx);
    for (size_t p = 0; p < g->profiles && lx->st == SS_OK; p++) {
        double x;
        if (lx->t != T_NUMBER || number_of(lx, &x) != 0 || x < 0 || x > (double)count ||
            x != floor(x)) {
            lex_fail(lx, SS_EINPUT, "expected an outcome number (0 to the outcomes' count)");
            break;
        }
        size_t o = (size_t)x;
        for (size_t i = 0; i < n; i++)
            g->payoff[p * n + i] = o ? out[(o - 1) * n + i] : 0;
        next(lx);
    }
    free(out);
}

ss_status ss_nfg_read(FILE *in, const char *path, ss_nfg_file *f, ss_error *err)
{
    memset(f, 0, sizeof *f);
    lexer lx = {in, path, 1, T_EOF, NULL, 0, 0, SS_OK, err};
    strings players = {0}, labels = {0};
    size_t k[SS_NFG_MAX_PLAYERS];
    if (next(&lx) != T_SYMBOL || strcmp(lx.text, "NFG") != 0)
        lex_fail(&lx, SS_EINPUT, "not a Gambit strategic game: it must start with NFG");
    else if (next(&lx) != T_NUMBER || strcmp(lx.text, "1") != 0)
        lex_fail(&lx, SS_EINPUT, "only NFG version 1 is read");
    else if (next(&lx) != T_SYMBOL || (strcmp(lx.text, "R") != 0 && strcmp(lx.text, "D") != 0))
        lex_fail(&lx, SS_EINPUT, "expected R (or D) after NFG 1");
    else if (next(&lx) != T_TEXT)
        lex_fail(&lx, SS_EINPUT, "expected the game's title in quotes");
    else if (!(f->title = dup_text(&lx)))
        ;
    else if (next(&lx) != T_LBRACE)
        lex_fail(&lx, SS_EINPUT, "expected '{' before the players");
    while (lx.st == SS_OK && next(&lx) == T_TEXT)
        if (strings_add(&players, dup_text(&lx)) != 0)
            lex_fail(&lx, SS_ENOMEM, "out of memory");
    if (lx.st == SS_OK && lx.t != T_RBRACE)
        lex_fail(&lx, SS_EINPUT, "expected a player's name in quotes or '}'");
    if (lx.st == SS_OK && (players.n < 1 || players.n > SS_NFG_MAX_PLAYERS))
        lex_fail(&lx, SS_EINPUT, "a game read here has 1 to 8 players");
    if (lx.st == SS_OK && next(&lx) != T_LBRACE)
        lex_fail(&lx, SS_EINPUT, "expected '{' before the strategies");
    if (lx.st == SS_OK && next(&lx) == T_LBRACE) { /* labels */
        for (size_t i = 0; i < players.n && lx.st == SS_OK; i++) {
            if (lx.t != T_LBRACE) {
                lex_fail(&lx, SS_EINPUT, "expected '{' before a player's strategies");
                break;
            }
            k[i] = 0;
            while (lx.st == SS_OK && next(&lx) == T_TEXT) {
                if (strings_add(&labels, dup_text(&lx)) != 0)
                    lex_fail(&lx, SS_ENOMEM, "out of memory");
                k[i]++;
            }
            if (lx.st == SS_OK && lx.t != T_RBRACE)
                lex_fail(&lx, SS_EINPUT, "expected a strategy's label in quotes or '}'");
            next(&lx);
        }
    } else { /* counts */
        for (size_t i = 0; i < players.n && lx.st == SS_OK; i++) {
            unsigned long long c;
            char *end;
            if (lx.t != T_NUMBER || !isdigit((unsigned char)lx.text[0]) ||
                (c = strtoull(lx.text, &end, 10), *end) || c < 1 || c > SS_NFG_MAX_PROFILES) {
                lex_fail(&lx, SS_EINPUT, "expected a player's number of strategies");
                break;
            }
            k[i] = (size_t)c;
            for (unsigned long long j = 1; j <= c && lx.st == SS_OK; j++) {
                char name[32];
                snprintf(name, sizeof name, "%llu", j);
                size_t len = strlen(name) + 1;
                char *d = malloc(len);
                if (d)
                    memcpy(d, name, len);
                if (strings_add(&labels, d) != 0)
                    lex_fail(&lx, SS_ENOMEM, "out of memory");
            }
            next(&lx);
        }
    }
    if (lx.st == SS_OK && lx.t != T_RBRACE)
        lex_fail(&lx, SS_EINPUT, "expected '}' after the strategies");
    if (lx.st == SS_OK) {
        next(&lx);
        if (lx.t == T_TEXT) {
            f->comment = dup_text(&lx);
            next(&lx);
        } else {
            f->comment = malloc(1);
            if (f->comment)
                f->comment[0] = '\0';
        }
        if (!f->comment)
            lex_fail(&lx, SS_ENOMEM, "out of memory");
    }
    if (lx.st == SS_OK) {
        ss_error e2;
        ss_status st = ss_nfg_init(&f->game, players.n, k, &e2);
        if (st != SS_OK)
            lex_fail(&lx, st, e2.message);
    }
    if (lx.st == SS_OK) {
        if (lx.t == T_LBRACE)
            read_outcomes(&lx, &f->game);
        else {
            size_t count = f->game.profiles * f->game.n;
            for (size_t r = 0; r < count && lx.st == SS_OK; r++) {
                if (lx.t != T_NUMBER || number_of(&lx, &f->game.payoff[r]) != 0) {
                    char what[160];
                    snprintf(what, sizeof what,
                             lx.t == T_EOF ? "the file ends after %zu of %zu payoffs"
                                           : "payoff %zu of %zu is not a number",
                             lx.t == T_EOF ? r : r + 1, count);
                    lex_fail(&lx, SS_EINPUT, what);
                    break;
                }
                next(&lx);
            }
        }
    }
    if (lx.st == SS_OK && lx.t != T_EOF)
        lex_fail(&lx, SS_EINPUT, "more after the last payoff than the game's profiles take");
    free(lx.text);
    if (lx.st != SS_OK) {
        strings_free(&players);
        strings_free(&labels);
        ss_nfg_file_free(f);
        return lx.st;
    }
    f->player = players.item;
    f->strategy = labels.item;
    return SS_OK;
}
