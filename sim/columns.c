/* The result columns: every number of a solve under a fixed name (s.<id>,
 * c p a q X D H, u.<id>, realized.<id>), and their one text form (TSV/CSV
 * rows, doubles that read back exactly). Solves, sweeps, timelines, Monte
 * Carlo and comparisons all name their quantities through it. */
#include "sanctionsim/columns.h"

#include "sanctionsim/numbers.h"

#include <stdio.h>
#include <string.h>

const char *ss_result_status_word(const ss_result *r)
{
    if (r->status == SS_OK)
        return "ok";
    if (!r->converged)
        return "not_converged";
    return r->certified ? "failed" : "not_certified";
}

void ss_write_double(FILE *out, double v)
{
    char buf[SS_NUMBER_MAX];
    ss_format_double(v, buf, sizeof buf);
    fputs(buf, out);
}

size_t ss_result_columns(const ss_scenario *sc, const ss_result *r, ss_column *out)
{
    static const char *const follow[] = {"c", "p", "a", "q", "X", "D", "H"};
    size_t n = sc->params.n, k = 0;
    for (size_t i = 0; i < n; i++, k++) {
        snprintf(out[k].name, sizeof out[k].name, "s.%s", sc->sanctioner[i].id);
        out[k].value = r ? r->s[i] : 0;
    }
    if (r) {
        const double v[] = {r->followers.c, r->followers.p, r->followers.a, r->followers.q,
                            r->derived.X,   r->derived.D,   r->derived.H};
        for (size_t q = 0; q < 7; q++)
            out[k + q].value = v[q];
    }
    for (size_t q = 0; q < 7; q++, k++) {
        snprintf(out[k].name, sizeof out[k].name, "%s", follow[q]);
        if (!r)
            out[k].value = 0;
    }
    for (size_t i = 0; i < n; i++, k++) {
        snprintf(out[k].name, sizeof out[k].name, "u.%s", sc->sanctioner[i].id);
        out[k].value = r ? r->payoff_perceived[i] : 0;
    }
    for (size_t i = 0; i < n; i++, k++) {
        snprintf(out[k].name, sizeof out[k].name, "realized.%s", sc->sanctioner[i].id);
        out[k].value = r ? r->payoff_realized[i] : 0;
    }
    return k;
}

/* The numeric columns of r, each followed by sep. */
static void put_columns(FILE *out, const ss_scenario *sc, const ss_result *r, char sep)
{
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    size_t n = ss_result_columns(sc, r, cols);
    for (size_t k = 0; k < n; k++) {
        ss_write_double(out, cols[k].value);
        fputc(sep, out);
    }
}

/* converged, iterations, max_regret and the status word. */
static void put_tail(FILE *out, const ss_result *r, const char *word, char sep)
{
    fprintf(out, "%d%c%zu%c", r->converged, sep, r->iterations, sep);
    ss_write_double(out, r->max_regret);
    fprintf(out, "%c%s", sep, word);
}

static void put_names(FILE *out, const ss_scenario *sc, char sep)
{
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    size_t n = ss_result_columns(sc, NULL, cols);
    for (size_t k = 0; k < n; k++)
        fprintf(out, "%s%c", cols[k].name, sep);
}

#define TAIL_NAMES "converged%citerations%cmax_regret%cstatus"

void ss_result_header(FILE *out, const ss_scenario *sc, char sep)
{
    put_names(out, sc, sep);
    fprintf(out, TAIL_NAMES, sep, sep, sep);
}

void ss_result_row(FILE *out, const ss_scenario *sc, const ss_result *r, char sep)
{
    put_columns(out, sc, r, sep);
    put_tail(out, r, ss_result_status_word(r), sep);
}

void ss_answer_header(FILE *out, const ss_scenario *sc, char sep)
{
    put_names(out, sc, sep);
    for (size_t i = 0; i < sc->params.n; i++)
        fprintf(out, "support.%s%c", sc->sanctioner[i].id, sep);
    fprintf(out, TAIL_NAMES, sep, sep, sep);
}

void ss_answer_row(FILE *out, const ss_scenario *sc, const ss_mixed_result *m, char sep)
{
    put_columns(out, sc, &m->r, sep);
    for (size_t i = 0; i < sc->params.n; i++)
        fprintf(out, "%zu%c", ss_mixed_support_size(m, i), sep);
    put_tail(out, &m->r, ss_mixed_status_word(m), sep);
}

int ss_status_word_answered(const char *word)
{
    return strcmp(word, "ok") == 0 || strcmp(word, "mixed") == 0 || strcmp(word, "qre") == 0;
}
