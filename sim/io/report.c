/* Result writers: table for people, JSON for tools, TSV/CSV rows for sweeps. */
#include "sanctionsim/report.h"

#include "sanctionsim/numbers.h"
#include "sanctionsim/provenance.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int ss_format_parse(const char *name, ss_format *f)
{
    static const struct {
        const char *name;
        ss_format f;
    } formats[] = {{"table", SS_FORMAT_TABLE},
                   {"json", SS_FORMAT_JSON},
                   {"tsv", SS_FORMAT_TSV},
                   {"csv", SS_FORMAT_CSV}};
    for (size_t k = 0; k < sizeof formats / sizeof *formats; k++)
        if (strcmp(name, formats[k].name) == 0) {
            *f = formats[k].f;
            return 0;
        }
    return -1;
}

json_t *ss_answer_support_json(const ss_mixed_result *m, size_t i)
{
    json_t *a = json_array();
    for (size_t j = 0; a && j < m->k[i]; j++)
        if (json_array_append_new(a, json_pack("{s:f, s:f}", "s", m->support_s[i][j], "p",
                                               m->support_p[i][j])) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

/* One sanctioner's object; a mixed answer (m not NULL and not pure) adds
 * its support. */
static json_t *sanctioner_json(const ss_scenario *sc, const ss_result *r, const ss_mixed_result *m,
                               size_t i)
{
    json_t *o = json_pack("{s:s, s:s, s:f, s:f, s:f}", "id", sc->sanctioner[i].id, "name",
                          sc->sanctioner[i].name, "s", r->s[i], "payoff_perceived",
                          r->payoff_perceived[i], "payoff_realized", r->payoff_realized[i]);
    if (o && m && m->kind != SS_ANSWER_PURE &&
        json_object_set_new(o, "support", ss_answer_support_json(m, i)) != 0) {
        json_decref(o);
        o = NULL;
    }
    return o;
}

static json_t *result_json(const ss_scenario *sc, const ss_result *r, const ss_mixed_result *m)
{
    /* NULL when memory runs out: a sanctioner silently left out would be a
     * wrong answer */
    json_t *sanc = json_array();
    for (size_t i = 0; sanc && i < r->n; i++)
        if (json_array_append_new(sanc, sanctioner_json(sc, r, m, i)) != 0) {
            json_decref(sanc);
            sanc = NULL;
        }
    json_t *patron = json_null();
    if (sc->params.has_patron)
        patron = json_pack("{s:s, s:f, s:f, s:f}", "id", sc->patron.id, "a", r->followers.a, "q",
                           r->followers.q, "payoff", r->payoff_patron);
    if (!sanc || !patron) {
        json_decref(sanc);
        json_decref(patron);
        return NULL;
    }
    json_t *j = json_pack(
        "{s:s, s:s, s:s, s:b, s:I, s:f, s:b, s:s, s:o, s:{s:s, s:f, s:f, s:f}, "
        "s:o, s:{s:f, s:f, s:f}}",
        "scenario", sc->name, "path", sc->path, "mode", ss_mode_name(sc->solver.mode), "converged",
        r->converged, "iterations", (json_int_t)r->iterations, "max_regret", r->max_regret,
        "followers_multiple", r->followers.multiple, "status",
        m ? ss_mixed_status_word(m) : ss_result_status_word(r), "sanctioners", sanc, "target", "id",
        sc->target.id, "c", r->followers.c, "p", r->followers.p, "payoff", r->payoff_target,
        "patron", patron, "derived", "X", r->derived.X, "D", r->derived.D, "H", r->derived.H);
    /* a QRE says its lambda */
    if (j && m && m->kind == SS_ANSWER_QRE &&
        json_object_set_new(j, "qre_lambda", json_real(m->lambda)) != 0) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* Writes jansson's text with each real number (a number token outside a
 * string with '.', 'e' or 'E' in it: jansson writes reals so) as its
 * shortest exact text (numbers.h), kept a real by ".0" where it would read as
 * an integer. Integers (seeds, counts) are copied as they are. */
static void put_json_short(FILE *out, const char *text, size_t len)
{
    int in_string = 0;
    for (size_t k = 0; k < len;) {
        char ch = text[k];
        if (in_string) {
            fputc(ch, out);
            if (ch == '\\' && k + 1 < len)
                fputc(text[++k], out);
            else if (ch == '"')
                in_string = 0;
            k++;
            continue;
        }
        if (ch == '"')
            in_string = 1;
        if (ch != '-' && (ch < '0' || ch > '9')) {
            fputc(ch, out);
            k++;
            continue;
        }
        size_t end = k;
        while (end < len && strchr("+-.eE0123456789", text[end]))
            end++;
        char token[64] = "";
        size_t n = end - k;
        if (n < sizeof token) {
            memcpy(token, text + k, n);
            token[n] = '\0';
        }
        if (n >= sizeof token || !strpbrk(token, ".eE")) {
            fwrite(text + k, 1, n, out); /* an integer, or not jansson's */
        } else {
            char buf[SS_NUMBER_MAX];
            ss_format_double(strtod(token, NULL), buf, sizeof buf);
            fputs(buf, out);
            if (!strpbrk(buf, ".eE"))
                fputs(".0", out);
        }
        k = end;
    }
}

json_t *ss_json_number(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

ss_status ss_json_write_new(FILE *out, json_t *j)
{
    /* The whole text first, into a buffer of ours: running out of memory
     * half-way through json_dumpf would leave half a document, and
     * json_dumps (jansson 2.14) then drops an object key without failing.
     * json_dumpb into a buffer of the right size allocates nothing but its
     * loop check, whose failure it does report. */
    size_t flags = JSON_INDENT(2) | JSON_REAL_PRECISION(17);
    size_t len = j ? json_dumpb(j, NULL, 0, flags) : 0;
    char *text = len ? malloc(len) : NULL;
    if (text && json_dumpb(j, text, len, flags) != len) {
        free(text);
        text = NULL;
    }
    json_decref(j);
    if (!text)
        return SS_ENOMEM;
    put_json_short(out, text, len);
    free(text);
    return ferror(out) || fputc('\n', out) == EOF ? SS_EIO : SS_OK;
}

/* The solution line of a mixed answer or a QRE, and the note on what its
 * numbers are. */
static void write_mixed_head(FILE *out, const ss_mixed_result *m)
{
    const ss_result *r = &m->r;
    if (m->kind == SS_ANSWER_QRE)
        fprintf(out,
                "solution   logit QRE at lambda %g (a %zu-point grid of each [0, s_max]), "
                "max_regret %.3g\n",
                m->lambda, ss_qre_grid_points(r->n), r->max_regret);
    else
        fprintf(out, "solution   %s after %zu rounds, max_regret %.3g\n",
                r->certified ? "MIXED equilibrium" : "mixed equilibrium NOT CERTIFIED",
                r->iterations, r->max_regret);
    fprintf(out, "           (s, payoffs, followers and X D H are expected values over the "
                 "supports;\n            max_regret: the largest gain of a pure deviation "
                 "against the mixture)\n");
}

/* Sanctioner i's support, a few pairs a line. */
static void write_support(FILE *out, const ss_mixed_result *m, size_t i)
{
    for (size_t j = 0; j < m->k[i]; j++)
        fprintf(out, "%s%.6f (p %.4f)%s", j % 4 == 0 ? "  support       " : "  ",
                m->support_s[i][j], m->support_p[i][j], j % 4 == 3 || j + 1 == m->k[i] ? "\n" : "");
}

static void write_table(FILE *out, const ss_scenario *sc, const ss_result *r,
                        const ss_mixed_result *m)
{
    int mixed = m && m->kind != SS_ANSWER_PURE;
    fprintf(out, "scenario   %s (%s)\n", sc->name, sc->path);
    fprintf(out, "mode       %s\n", ss_mode_name(sc->solver.mode));
    if (mixed)
        write_mixed_head(out, m);
    else
        fprintf(out, "solution   %s after %zu iterations, max_regret %.3g\n",
                r->converged ? "converged" : "NOT CONVERGED", r->iterations, r->max_regret);
    fprintf(out, "\n%-16s %10s %18s %18s\n", "sanctioner", "s", "payoff_perceived",
            "payoff_realized");
    for (size_t i = 0; i < r->n; i++) {
        fprintf(out, "%-16s %10.6f %18.6f %18.6f%s\n", sc->sanctioner[i].id, r->s[i],
                r->payoff_perceived[i], r->payoff_realized[i],
                ss_params_has_beliefs(&sc->params, i) ? "   (holds beliefs)" : "");
        if (mixed)
            write_support(out, m, i);
    }
    fprintf(out, "\n%-16s %10s %10s %18s\n", "target", "c", "p", "payoff");
    fprintf(out, "%-16s %10.6f %10.6f %18.6f\n", sc->target.id, r->followers.c, r->followers.p,
            r->payoff_target);
    if (sc->params.has_patron) {
        fprintf(out, "\n%-16s %10s %10s %18s\n", "patron", "a", "q", "payoff");
        fprintf(out, "%-16s %10.6f %10.6f %18.6f\n", sc->patron.id, r->followers.a, r->followers.q,
                r->payoff_patron);
    }
    fprintf(out, "\nderived    X = %.6f   D = %.6f   H = %.6f\n", r->derived.X, r->derived.D,
            r->derived.H);
    if (r->followers.multiple)
        fprintf(out, "followers  multiple equilibria: the least (from a = 0) is shown\n");
}

/* The result's JSON with a "provenance" object when p is not NULL; NULL when
 * out of memory. */
static json_t *solve_json(const ss_scenario *sc, const ss_result *r, const ss_mixed_result *m,
                          const ss_provenance *p)
{
    json_t *j = result_json(sc, r, m);
    if (j && p && json_object_set_new(j, "provenance", ss_provenance_json(&sc, 1, p)) != 0) {
        json_decref(j);
        j = NULL;
    }
    return j;
}

/* The writer of ss_report_solve and ss_report_answer: m NULL for a pure result. */
static ss_status report(FILE *out, const ss_scenario *sc, const ss_result *r,
                        const ss_mixed_result *m, ss_format fmt, const ss_provenance *p)
{
    switch (fmt) {
    case SS_FORMAT_TABLE:
        write_table(out, sc, r, m);
        break;
    case SS_FORMAT_JSON: {
        ss_status st = ss_json_write_new(out, solve_json(sc, r, m, p));
        if (st != SS_OK)
            return st;
        break;
    }
    case SS_FORMAT_TSV:
    case SS_FORMAT_CSV: {
        char sep = fmt == SS_FORMAT_TSV ? '\t' : ',';
        if (p)
            ss_provenance_write(out, "solve", &sc, 1, p);
        if (m) {
            ss_answer_header(out, sc, sep);
            fputc('\n', out);
            ss_answer_row(out, sc, m, sep);
        } else {
            ss_result_header(out, sc, sep);
            fputc('\n', out);
            ss_result_row(out, sc, r, sep);
        }
        fputc('\n', out);
        break;
    }
    }
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_report_solve(FILE *out, const ss_scenario *sc, const ss_result *r, ss_format fmt,
                          const ss_provenance *p)
{
    return report(out, sc, r, NULL, fmt, p);
}

ss_status ss_report_answer(FILE *out, const ss_scenario *sc, const ss_mixed_result *m,
                           ss_format fmt, const ss_provenance *p)
{
    return report(out, sc, &m->r, m, fmt, p);
}
