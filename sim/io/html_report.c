/* The HTML report (html_report.h): one page, no external resource, every
 * text from a file escaped, every number with its exact value in a
 * data-value attribute (so a test can compare it with `solve --format json`). */
#include "sanctionsim/html_report.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/explain_report.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/timeline.h"
#include "sanctionsim/version.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Below it a sanctioner's sanctions are symbolic (MODEL.md section 10's
 * property 1; the heatmap's contour). */
#define SYMBOLIC 0.4

void ss_html_escape(FILE *out, const char *text)
{
    for (const char *p = text; *p;) {
        size_t n = ss_text_printable(p);
        if (*p == '\n') {
            fputc('\n', out);
            p++;
            continue;
        }
        if (n == 0) {
            fputs("&#xFFFD;", out);
            p++;
            continue;
        }
        switch (*p) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        default:
            fwrite(p, 1, n, out);
        }
        p += n;
    }
}

ss_status ss_html_svg(FILE *out, const char *path)
{
    FILE *in = fopen(path, "r");
    if (!in)
        return SS_EIO;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int started = 0;
    while ((len = getline(&line, &cap, in)) > 0) {
        if (!started) {
            char *at = strstr(line, "<svg");
            if (!at)
                continue; /* the XML declaration, the DOCTYPE */
            started = 1;
            fputs(at, out);
            continue;
        }
        fwrite(line, 1, (size_t)len, out);
    }
    int bad = ferror(in);
    free(line);
    fclose(in);
    if (bad || ferror(out))
        return SS_EIO;
    return started ? SS_OK : SS_EINPUT;
}

/* ---- pieces ---------------------------------------------------------------- */

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;"
    "margin:0 auto;padding:1.5em;color:#1d2330;line-height:1.5;background:#fff}\n"
    "h1{font-size:1.9em;margin-bottom:.2em}h2{border-bottom:2px solid #1f4e9c;padding-bottom:"
    ".15em;margin-top:2em}h3{margin-top:1.6em}\n"
    ".lead{font-size:1.12em}.muted{color:#5a6272}.warn{background:#fff3cd;border-left:4px solid "
    "#e3a400;padding:.5em 1em}\n"
    "nav{background:#f3f5f9;padding:.6em 1em;border-radius:6px}nav a{margin-right:1em;color:"
    "#1f4e9c;text-decoration:none}\n"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{padding:.25em .6em;"
    "border-bottom:1px solid #dde1e8;text-align:left;vertical-align:top}\n"
    "th{background:#f3f5f9}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    "tr.base td{font-weight:600}.up{color:#1a7f37}.down{color:#b42318}\n"
    "code{background:#f3f5f9;padding:0 .25em;border-radius:3px;font-size:.92em}\n"
    "pre{background:#f3f5f9;padding:.8em;overflow-x:auto;font-size:.85em;white-space:pre-wrap;"
    "word-break:break-all}\n"
    "figure{margin:1em 0}figure svg{width:100%;height:auto;border:1px solid #dde1e8}"
    "figcaption{color:#5a6272;font-size:.92em}\n"
    ".scroll{overflow-x:auto}table.wide{font-size:.8em}table.wide td,table.wide th{padding:"
    ".2em .4em}\n"
    "@media print{body{max-width:none;padding:0;font-size:10pt}nav{display:none}\n"
    "h2,h3{break-after:avoid}figure,tr{break-inside:avoid}.scroll{overflow:visible}\n"
    "table.wide{font-size:6.5pt}table.wide td,table.wide th{padding:.1em .25em}\n"
    "table.wide td:first-child{overflow-wrap:anywhere;min-width:7em}\n"
    "table.wide th{white-space:normal;overflow-wrap:anywhere}\n"
    "a{color:inherit;text-decoration:none}\n"
    "@page{margin:1.5cm}}\n";

/* A number as the tables show it (prec decimals), without the sign of a
 * rounding error, and exactly in data-value. */
static void num_prec(FILE *out, const char *key, double v, int prec)
{
    double shown = fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v;
    fputs("<td class=\"num\"", out);
    if (key) {
        fputs(" data-key=\"", out);
        ss_html_escape(out, key);
        fputc('"', out);
    }
    if (isfinite(v))
        fprintf(out, " data-value=\"%.17g\">%.*f</td>", v + 0.0, prec, shown);
    else
        fputs(">&ndash;</td>", out);
}

static void num(FILE *out, const char *key, double v)
{
    num_prec(out, key, v, 6);
}

/* A change, signed and coloured (up: green, down: red), to prec decimals. */
static void change(FILE *out, double v, int prec)
{
    double shown = fabs(v) < 0.5 * pow(10, -prec) ? 0.0 : v;
    fprintf(out, "<td class=\"num %s\" data-value=\"%.17g\">%+.*f</td>",
            shown > 0   ? "up"
            : shown < 0 ? "down"
                        : "",
            v + 0.0, prec, shown);
}

static void cell(FILE *out, const char *text)
{
    fputs("<td>", out);
    ss_html_escape(out, text);
    fputs("</td>", out);
}

static void head_cell(FILE *out, const char *text, int numeric)
{
    fputs(numeric ? "<th class=\"num\">" : "<th>", out);
    ss_html_escape(out, text);
    fputs("</th>", out);
}

/* Header cells from a NULL-ended list; a name starting with '#' is a
 * numeric column (right-aligned), written without the '#'. */
static void head_cells(FILE *out, const char *const *names)
{
    for (; *names; names++)
        head_cell(out, *names + (**names == '#'), **names == '#');
}

static void section(FILE *out, const char *id, const char *title)
{
    fprintf(out, "<section id=\"%s\">\n<h2>", id);
    ss_html_escape(out, title);
    fputs("</h2>\n", out);
}

/* The value of result column name (ss_result_columns), NAN when absent. */
static double column(const ss_column *cols, size_t n, const char *name)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(cols[k].name, name) == 0)
            return cols[k].value;
    return NAN;
}

/* How a class reads an intensity. */
static const char *intensity_word(double s)
{
    if (s < 0.02)
        return "does not sanction";
    if (s < SYMBOLIC)
        return "symbolic";
    if (s < 0.7)
        return "partial";
    return "firm";
}

static const char *agent_name(const ss_agent_names *a)
{
    return a->name[0] ? a->name : a->id;
}

static void certificate_words(FILE *out, const ss_mixed_result *m)
{
    const ss_result *r = &m->r;
    if (m->kind == SS_ANSWER_MIXED && r->status == SS_OK)
        fprintf(out,
                "This is a <strong>mixed equilibrium</strong>, <strong>certified</strong>: no "
                "pure equilibrium is certified here, so at least one sanctioner randomizes over "
                "the intensities listed below, and none could gain more than %.3g by "
                "changing its mixture alone. The numbers are expected values.",
                r->max_regret);
    else if (m->kind == SS_ANSWER_QRE && r->status == SS_OK)
        fprintf(out,
                "This is a <strong>logit quantal-response equilibrium</strong> (lambda %g), "
                "not a Nash equilibrium: a sanctioner could gain %.3g by moving alone. The "
                "numbers are expected values.",
                m->lambda, r->max_regret);
    else if (r->converged && r->certified)
        fprintf(out,
                "The equilibrium is <strong>certified</strong>: no sanctioner could gain more "
                "than %.3g by changing its intensity alone.",
                r->max_regret);
    else
        fprintf(out,
                "<span class=\"warn\">This is <strong>not a certified equilibrium</strong> "
                "(%s; a sanctioner could gain %.3g by moving alone). Read its numbers as the "
                "solver's last iterate, not as a prediction.</span>",
                r->converged ? "the certificate failed" : "the solver did not converge",
                r->max_regret);
}

/* ---- the story -------------------------------------------------------------- */

/* The channel whose removal moves the agent most in direction sign (+1: its
 * removal raises s, so the channel restrains; -1: it pushes); NULL when none
 * moves it by 0.005. */
static const ss_explain_point *strongest(const ss_explanation *ex, int sign)
{
    const ss_explain_point *best = NULL;
    for (size_t k = 0; k < ex->nchannels; k++) {
        const ss_explain_point *pt = &ex->channel[k];
        if (pt->status == SS_OK && sign * pt->change > 0.005 &&
            (!best || sign * pt->change > sign * best->change))
            best = pt;
    }
    return best;
}

static void story_beliefs(FILE *out, const ss_scenario *sc, const ss_explanation *ex)
{
    const ss_agent_names *who = &sc->sanctioner[ex->agent];
    const ss_misperception *m = &ex->misperception;
    fputs("<p>", out);
    ss_html_escape(out, agent_name(who));
    fprintf(out,
            " sees Russia and China through beliefs that differ from the truth. It "
            "expects a payoff of %.3f and gets %.3f. ",
            ex->base.payoff_perceived, ex->base.payoff_realized);
    if (ex->ngroups > 0) {
        const ss_explain_point *all = &ex->group[ex->ngroups - 1];
        fprintf(out, "With every belief corrected it would sanction at %.3f instead of %.3f; ",
                all->s[ex->agent], ex->base.s[ex->agent]);
    }
    if (m->cost > 5e-7)
        fprintf(out, "its misperception costs it %.3f of realized payoff.", m->cost);
    else if (m->cost < -5e-7)
        fprintf(out, "oddly, its misperception helps it, by %.3f of realized payoff.", -m->cost);
    else
        fputs("its misperception costs it nothing.", out);
    const ss_explain_point *hold = strongest(ex, +1), *push = strongest(ex, -1);
    if (hold || push) {
        fputs(" Of its motives, ", out);
        if (hold)
            fprintf(out, "<code>%s</code> holds it back most (without it: %.3f)", hold->label,
                    hold->s[ex->agent]);
        if (hold && push)
            fputs(" and ", out);
        if (push)
            fprintf(out, "<code>%s</code> pushes it most (without it: %.3f)", push->label,
                    push->s[ex->agent]);
        fputs(".", out);
    }
    fputs(" <a href=\"#explain-", out);
    ss_html_escape(out, who->id);
    fputs("\">The explanation below</a> takes it apart.</p>\n", out);
}

/* " (mixes: 0.120 with probability 0.400, ...)" for a sanctioner that
 * randomizes in a mixed answer; nothing for a pure one. */
static void support_words(FILE *out, const ss_mixed_result *m, size_t i)
{
    if (m->kind == SS_ANSWER_PURE || m->k[i] < 2)
        return;
    fputs(" (in expectation; it mixes ", out);
    for (size_t j = 0; j < m->k[i]; j++)
        fprintf(out, "%s%.3f with probability %.3f", j ? ", " : "", m->support_s[i][j],
                m->support_p[i][j]);
    fputs(")", out);
}

static void write_story(FILE *out, const ss_html_report *rp)
{
    const ss_scenario *sc = rp->sc;
    const ss_mixed_result *m = rp->result;
    const ss_result *r = &m->r;
    section(out, "story", "The story");
    if (sc->description[0]) {
        fputs("<p class=\"lead\">", out);
        ss_html_escape(out, sc->description);
        fputs("</p>\n", out);
    }
    fputs("<p>", out);
    if (sc->solver.mode == SS_MODE_SPE)
        fputs("The sanctioners move first, each knowing how the target and its patron will "
              "answer; then the target and the patron answer (a two-stage game, mode "
              "<code>spe</code>). ",
              out);
    else
        fputs("Everyone moves at once, each taking the others' choices as given (a one-stage "
              "game, mode <code>nash</code>). ",
              out);
    fputs("An intensity of 1 is the full US/EU package; below 0.4 sanctions are symbolic.</p>\n"
          "<ul>\n",
          out);
    for (size_t i = 0; i < r->n; i++) {
        double ceiling = ss_intensity_ceiling(&sc->params.sanctioner[i]);
        fputs("<li><strong>", out);
        ss_html_escape(out, agent_name(&sc->sanctioner[i]));
        fprintf(out, "</strong> sanctions at <strong>%.3f</strong>: %s", r->s[i],
                intensity_word(r->s[i]));
        support_words(out, m, i);
        if (ceiling < 1 && r->s[i] >= ceiling - 1e-9)
            fprintf(out, ", held at its ceiling (<code>max_intensity</code> = %g)", ceiling);
        fputs(".</li>\n", out);
    }
    fputs("<li><strong>", out);
    ss_html_escape(out, agent_name(&sc->target));
    fputs("</strong> ", out);
    if (r->followers.c < 0.005)
        fputs("concedes nothing on the islands (c = 0)", out);
    else
        fprintf(out, "concedes c = %.3f on the islands", r->followers.c);
    if (sc->params.has_patron) {
        fprintf(out, " and pivots toward %s by p = %.3f.</li>\n<li><strong>",
                r->followers.p < 0.005 ? "nobody" : "its patron", r->followers.p);
        ss_html_escape(out, agent_name(&sc->patron));
        fprintf(out,
                "</strong> aligns with the target at a = %.3f and asserts itself in its own seas "
                "at q = %.3f.</li>\n",
                r->followers.a, r->followers.q);
    } else {
        fputs(".</li>\n", out);
    }
    fputs("</ul>\n", out);
    if (rp->timeline)
        fputs("<p class=\"muted\">These are the equilibrium at the scenario's own values, "
              "before any event of its timeline; <a href=\"#timeline\">the timeline</a> "
              "follows the months after.</p>\n",
              out);
    fputs("<p>", out);
    certificate_words(out, m);
    fputs("</p>\n", out);
    for (size_t k = 0; k < rp->nexplain; k++)
        story_beliefs(out, sc, &rp->explain[k]);
    fputs("</section>\n", out);
}

/* ---- the equilibrium -------------------------------------------------------- */

/* The support of a mixed answer: each intensity a sanctioner plays and its
 * probability. Nothing for a pure answer. */
static void write_support(FILE *out, const ss_scenario *sc, const ss_mixed_result *m)
{
    if (m->kind == SS_ANSWER_PURE)
        return;
    fprintf(out,
            "<p>This is a %s: each sanctioner plays the intensities below with these "
            "probabilities; the tables above show expected values.</p>\n"
            "<table id=\"equilibrium-support\"><thead><tr>",
            m->kind == SS_ANSWER_MIXED ? "mixed equilibrium"
                                       : "logit quantal-response equilibrium");
    head_cells(out, (const char *const[]){"sanctioner", "#intensity s", "#probability", NULL});
    fputs("</tr></thead><tbody>\n", out);
    for (size_t i = 0; i < m->r.n; i++)
        for (size_t j = 0; j < m->k[i]; j++) {
            fputs("<tr>", out);
            cell(out, sc->sanctioner[i].id);
            num(out, NULL, m->support_s[i][j]);
            num(out, NULL, m->support_p[i][j]);
            fputs("</tr>\n", out);
        }
    fputs("</tbody></table>\n", out);
}

static void write_equilibrium(FILE *out, const ss_html_report *rp)
{
    const ss_scenario *sc = rp->sc;
    const ss_result *r = &rp->result->r;
    ss_column cols[SS_RESULT_MAX_COLUMNS];
    size_t nc = ss_result_columns(sc, r, cols);
    char key[SS_ID_MAX + 16];
    section(out, "equilibrium", "The equilibrium");
    fputs("<p>Perceived: each sanctioner's payoff in the world it believes in. Realized: the "
          "same choices valued in the true world. They differ only for a sanctioner that "
          "holds beliefs.</p>\n<div class=\"scroll\"><table id=\"equilibrium-sanctioners\">"
          "<thead><tr>",
          out);
    head_cells(out, (const char *const[]){"sanctioner", "name", "#intensity s", "#payoff perceived",
                                          "#payoff realized", "beliefs", NULL});
    fputs("</tr></thead><tbody>\n", out);
    for (size_t i = 0; i < r->n; i++) {
        const char *id = sc->sanctioner[i].id;
        fputs("<tr>", out);
        cell(out, id);
        cell(out, sc->sanctioner[i].name);
        snprintf(key, sizeof key, "s.%s", id);
        num(out, key, column(cols, nc, key));
        snprintf(key, sizeof key, "u.%s", id);
        num(out, key, column(cols, nc, key));
        snprintf(key, sizeof key, "realized.%s", id);
        num(out, key, column(cols, nc, key));
        cell(out, ss_params_has_beliefs(&sc->params, i) ? "holds beliefs" : "sees the truth");
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n<table id=\"equilibrium-followers\"><thead><tr>", out);
    head_cells(out, (const char *const[]){"follower", "strategy", "#value", NULL});
    fputs("</tr></thead><tbody>\n", out);
    static const struct {
        const char *col, *words;
        int patron;
    } rows[] = {
        {"c", "territorial concession c", 0},
        {"p", "pivot toward the patron p", 0},
        {"a", "alignment with the target a", 1},
        {"q", "assertiveness in its own seas q", 1},
    };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++) {
        if (rows[k].patron && !sc->params.has_patron)
            continue;
        fputs("<tr>", out);
        cell(out, rows[k].patron ? sc->patron.id : sc->target.id);
        cell(out, rows[k].words);
        num(out, rows[k].col, column(cols, nc, rows[k].col));
        fputs("</tr>\n", out);
    }
    fputs("<tr>", out);
    cell(out, sc->target.id);
    cell(out, "payoff");
    num(out, "payoff.target", r->payoff_target);
    fputs("</tr>\n", out);
    if (sc->params.has_patron) {
        fputs("<tr>", out);
        cell(out, sc->patron.id);
        cell(out, "payoff");
        num(out, "payoff.patron", r->payoff_patron);
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n<table id=\"equilibrium-derived\"><thead><tr>", out);
    head_cells(out, (const char *const[]){"derived", "#value", NULL});
    fputs("</tr></thead><tbody>\n", out);
    static const char *const derived[][2] = {
        {"X", "X: gross sanction pressure on the target"},
        {"D", "D: the deterrence signal the patron reads"},
        {"H", "H: engagement the target still receives"},
    };
    for (size_t k = 0; k < 3; k++) {
        fputs("<tr>", out);
        cell(out, derived[k][1]);
        num(out, derived[k][0], column(cols, nc, derived[k][0]));
        fputs("</tr>\n", out);
    }
    fputs("<tr>", out);
    cell(out, "max_regret: the certificate (largest gain from moving alone)");
    num(out, "max_regret", r->max_regret);
    fputs("</tr>\n</tbody></table>\n", out);
    write_support(out, sc, rp->result);
    fprintf(out, "<p>Status <code>%s</code> after %zu iterations.",
            ss_mixed_status_word(rp->result), r->iterations);
    if (r->followers.multiple)
        fputs(" The followers have several equilibria here; the least (from a = 0) is shown.", out);
    fputs("</p>\n</section>\n", out);
}

/* ---- explain ---------------------------------------------------------------- */

static void point_head(FILE *out, const ss_scenario *sc, const char *first)
{
    fputs("<thead><tr>", out);
    head_cell(out, first, 0);
    head_cells(out, (const char *const[]){"#from", "#to", NULL});
    for (size_t j = 0; j < sc->params.n; j++) {
        char h[SS_ID_MAX + 3];
        snprintf(h, sizeof h, "s.%s", sc->sanctioner[j].id);
        head_cell(out, h, 1);
    }
    head_cells(out, (const char *const[]){"#change", "#c", "#p", "#a", "#q", "#realized",
                                          "certified", NULL});
    fputs("</tr></thead><tbody>\n", out);
}

/* A row of explain's sections 2 and 3, to 4 decimals (the exact values in
 * data-value) so that a table of every sanctioner fits a printed page. */
static void point_row(FILE *out, const ss_explain_point *pt, const char *label, int base)
{
    fputs(base ? "<tr class=\"base\">" : "<tr>", out);
    cell(out, label);
    num_prec(out, NULL, pt->from, 4);
    num_prec(out, NULL, pt->to, 4);
    for (size_t j = 0; j < pt->n; j++)
        num_prec(out, NULL, pt->s[j], 4);
    change(out, pt->change, 4);
    num_prec(out, NULL, pt->c, 4);
    num_prec(out, NULL, pt->p, 4);
    num_prec(out, NULL, pt->a, 4);
    num_prec(out, NULL, pt->q, 4);
    num_prec(out, NULL, pt->payoff_realized, 4);
    cell(out, pt->status != SS_OK ? (pt->converged ? "NO: not certified" : "NO: not converged")
              : pt->kind == SS_ANSWER_MIXED ? "yes (mixed)"
              : pt->kind == SS_ANSWER_QRE   ? "QRE"
                                            : "yes");
    fputs("</tr>\n", out);
}

static void write_one_explanation(FILE *out, const ss_scenario *sc, const ss_explanation *ex)
{
    const char *id = sc->sanctioner[ex->agent].id;
    const ss_explain_point *b = &ex->base;
    fputs("<h3 id=\"explain-", out);
    ss_html_escape(out, id);
    fputs("\">Why ", out);
    ss_html_escape(out, agent_name(&sc->sanctioner[ex->agent]));
    fprintf(out, " sanctions at %.6f</h3>\n", b->s[ex->agent]);
    if (b->status != SS_OK)
        fprintf(out, "<p class=\"warn\">The equilibrium is %s (max_regret %.3g).</p>\n",
                b->converged ? "not certified" : "not converged", b->max_regret);
    else if (b->kind != SS_ANSWER_PURE) {
        fprintf(out,
                "<p>The equilibrium is %s: %.6f is the expected intensity, and so are the "
                "rows marked \"yes (mixed)\" below. A payoff term by term belongs to one "
                "profile, so section 1 decomposes the pure candidate (",
                b->kind == SS_ANSWER_MIXED ? "<strong>mixed</strong>" : "a logit QRE",
                b->s[ex->agent]);
        for (size_t i = 0; i < b->n; i++) {
            fputs(i ? ", " : "", out);
            ss_html_escape(out, sc->sanctioner[i].id);
            fprintf(out, " %.6f", ex->terms_at[i]);
        }
        fputs("), which is not an equilibrium.</p>\n", out);
    }
    fputs("<p><strong>1. Its payoff, term by term</strong> (MODEL.md section 4). d/ds is what "
          "one more unit of sanctions would change; at an interior equilibrium the perceived "
          "d/ds add up to 0.</p>\n<div class=\"scroll\"><table class=\"terms\"><thead><tr>",
          out);
    head_cells(out, (const char *const[]){"term", "formula", "#perceived", "#realized",
                                          "#d/ds perceived", "#d/ds realized", NULL});
    fputs("</tr></thead><tbody>\n", out);
    for (int k = 0; k < SS_NTERMS; k++) {
        fputs("<tr>", out);
        cell(out, ss_term_title[k]);
        fputs("<td><code>", out);
        ss_html_escape(out, ss_term_formula[k]);
        fputs("</code></td>", out);
        num(out, NULL, ex->perceived.value[k]);
        num(out, NULL, ex->realized.value[k]);
        num(out, NULL, ex->perceived.marginal[k]);
        num(out, NULL, ex->realized.marginal[k]);
        fputs("</tr>\n", out);
    }
    fputs("<tr class=\"base\">", out);
    cell(out, "total");
    fputs("<td><code>U</code></td>", out);
    num(out, NULL, ex->perceived.payoff);
    num(out, NULL, ex->realized.payoff);
    num(out, NULL, ex->perceived.slope);
    num(out, NULL, ex->realized.slope);
    fputs("</tr>\n</tbody></table></div>\n", out);

    fputs("<p><strong>2. Its channels switched off</strong>, one at a time (the parameter set "
          "to 0): how the whole equilibrium moves without that motive.</p>\n"
          "<div class=\"scroll\"><table class=\"channels wide\">",
          out);
    point_head(out, sc, "channel");
    point_row(out, b, "(none: the equilibrium)", 1);
    for (size_t k = 0; k < ex->nchannels; k++)
        point_row(out, &ex->channel[k], ex->channel[k].label, 0);
    fputs("</tbody></table></div>\n", out);

    fputs("<p><strong>3. Its beliefs corrected</strong> (set to the truth), one at a time and "
          "by group.</p>\n<div class=\"scroll\"><table class=\"beliefs wide\">",
          out);
    point_head(out, sc, "belief");
    point_row(out, b, "(none: the equilibrium)", 1);
    for (size_t k = 0; k < ex->nbeliefs; k++)
        point_row(out, &ex->belief[k], ex->belief[k].label, 0);
    for (size_t k = 0; k < ex->ngroups; k++) {
        char label[SS_EXPLAIN_LABEL + 24];
        snprintf(label, sizeof label, "%s beliefs together", ex->group[k].label);
        point_row(out, &ex->group[k], label, 0);
    }
    fputs("</tbody></table></div>\n", out);
    const ss_misperception *m = &ex->misperception;
    fprintf(out,
            "<p><strong>4. The cost of misperception</strong> (MODEL.md section 7): realized "
            "payoff %.6f with its beliefs (s = %.6f), %.6f with true beliefs (s = %.6f): cost "
            "<strong data-key=\"misperception.",
            m->realized_stated, m->s_stated, m->realized_true, m->s_true);
    ss_html_escape(out, id);
    fprintf(out, "\" data-value=\"%.17g\">%.6f</strong>.</p>\n", m->cost, m->cost);
}

static void write_explain(FILE *out, const ss_html_report *rp)
{
    section(out, "explain", "Why each sanctioner with beliefs sanctions as it does");
    if (rp->nexplain == 0)
        fputs("<p>No sanctioner holds beliefs in this scenario: each sees the target and the "
              "patron as they are, so there is no misperception to explain "
              "(<code>sanctionsim explain</code> still takes any sanctioner apart).</p>\n",
              out);
    for (size_t k = 0; k < rp->nexplain; k++)
        write_one_explanation(out, rp->sc, &rp->explain[k]);
    fputs("</section>\n", out);
}

/* ---- counterfactuals ------------------------------------------------------ */

static const ss_compare_row *compare_row(const ss_comparison *c, const char *name)
{
    for (size_t k = 0; k < c->nrows; k++)
        if (strcmp(c->rows[k].name, name) == 0)
            return &c->rows[k];
    return NULL;
}

static void write_counterfactuals(FILE *out, const ss_html_report *rp)
{
    const ss_scenario *sc = rp->sc;
    char name[SS_ID_MAX + 16];
    static const char *const followers[] = {"c", "p", "a", "q"};
    size_t nf = sc->params.has_patron ? 4 : 2;
    section(out, "counterfactuals", "Counterfactuals");
    fputs("<p>Each counterfactual scenario solved beside this one; each cell is its value, "
          "with the change from this scenario below it. The cost of misperception is each "
          "believer's realized payoff with true beliefs minus with its own.</p>\n"
          "<div class=\"scroll\"><table id=\"counterfactual-table\"><thead><tr>",
          out);
    head_cell(out, "scenario", 0);
    for (size_t i = 0; i < sc->params.n; i++) {
        snprintf(name, sizeof name, "s.%s", sc->sanctioner[i].id);
        head_cell(out, name, 1);
    }
    for (size_t k = 0; k < nf; k++)
        head_cell(out, followers[k], 1);
    head_cells(out, (const char *const[]){"cost of misperception", "certified", NULL});
    fputs("</tr></thead><tbody>\n", out);
    for (size_t k = 0; k <= rp->ncf; k++) {
        /* row 0: this scenario (the base of every comparison) */
        const ss_comparison *c = rp->cmp[k ? k - 1 : 0];
        const ss_scenario *alt = k ? rp->cf[k - 1] : sc;
        const ss_mixed_result *r = k ? &c->alt : &c->base;
        char which = k ? 'a' : 'b';
        fputs(k ? "<tr>" : "<tr class=\"base\">", out);
        fputs("<td>", out);
        ss_html_escape(out, alt->name);
        fputs("<br><span class=\"muted\">", out);
        ss_html_escape(out, alt->path);
        fputs("</span></td>", out);
        for (size_t i = 0; i < sc->params.n + nf; i++) {
            if (i < sc->params.n)
                snprintf(name, sizeof name, "s.%s", sc->sanctioner[i].id);
            else
                snprintf(name, sizeof name, "%s", followers[i - sc->params.n]);
            const ss_compare_row *row = compare_row(c, name);
            if (!row || !(k ? row->in_alt : row->in_base)) {
                fputs("<td class=\"num\">&ndash;</td>", out);
                continue;
            }
            double v = k ? row->alt : row->base, d = row->alt - row->base;
            double shown = fabs(d) < 5e-7 ? 0.0 : d;
            fprintf(out, "<td class=\"num\" data-value=\"%.17g\">%.6f", v, v);
            if (k && row->in_base)
                fprintf(out, "<br><span class=\"%s\">%+.6f</span>",
                        shown > 0   ? "up"
                        : shown < 0 ? "down"
                                    : "muted",
                        shown);
            fputs("</td>", out);
        }
        fputs("<td>", out);
        int any = 0;
        for (size_t m = 0; m < c->nmis; m++) {
            if (c->mis[m].scenario != which)
                continue;
            fprintf(out, "%s", any++ ? "<br>" : "");
            ss_html_escape(out, c->mis[m].id);
            fprintf(out, " %+.6f", c->mis[m].cost);
        }
        if (!any)
            fputs("<span class=\"muted\">no beliefs</span>", out);
        fputs("</td>", out);
        cell(out, r->kind == SS_ANSWER_PURE && r->r.converged && r->r.certified
                      ? "yes"
                      : ss_mixed_status_word(r));
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table></div>\n</section>\n", out);
}

/* ---- sweep and timeline ------------------------------------------------------ */

static ss_status figure(FILE *out, const char *svg, const char *caption)
{
    fputs("<figure>\n", out);
    ss_status st = ss_html_svg(out, svg);
    fputs("\n<figcaption>", out);
    ss_html_escape(out, caption);
    fputs("</figcaption>\n</figure>\n", out);
    return st;
}

static ss_status write_sweep(FILE *out, const ss_html_sweep *sw)
{
    section(out, "sweep", "A sweep");
    fputs("<p>The equilibrium solved at every point of a grid over ", out);
    for (size_t k = 0; k < sw->nspecs; k++) {
        fputs(k == 0 ? "" : k + 1 == sw->nspecs ? " and " : ", ", out);
        fputs("<code>", out);
        ss_html_escape(out, sw->specs[k]);
        fputs("</code>", out);
    }
    fprintf(out, " (START:STOP:COUNT), %zu points. ", sw->points);
    if (sw->failed)
        fprintf(out,
                "<strong>%zu of them have no certified equilibrium</strong>: the plot marks "
                "them, and their numbers are not predictions.",
                sw->failed);
    else
        fputs("Every point has a certified equilibrium.", out);
    fputs("</p>\n", out);
    ss_status st =
        figure(out, sw->svg,
               sw->nspecs >= 2 ? "Japan's intensity (or the first sanctioner's) over the "
                                 "two keys; the black line is where it crosses 0.4 "
                                 "(symbolic below)."
                               : "Every strategy against the varied key.");
    fputs("</section>\n", out);
    return st;
}

static ss_status write_timeline(FILE *out, const ss_scenario *sc, const ss_html_timeline *tl)
{
    section(out, "timeline", "The timeline against the observed index");
    const ss_series *s = tl->series;
    fprintf(out,
            "<p>The scenario's timeline run month by month (MODEL.md section 8): events change "
            "parameters, each sanctioner moves part of the way toward its best response. "
            "Solid lines are the model, dashed steps the observed index of measures "
            "(docs/dynamics.md). %zu periods.</p>\n",
            s->nperiods);
    ss_status st = SS_OK;
    if (tl->svg)
        st = figure(out, tl->svg, "The model (solid) against the observed index (dashed).");
    fputs("<table id=\"timeline-fit\"><thead><tr>", out);
    head_cells(out, (const char *const[]){"sanctioner", "#final model s", "#final observed",
                                          "#RMSE", NULL});
    fputs("</tr></thead><tbody>\n", out);
    const ss_result *last = &s->result[s->nperiods - 1];
    for (size_t i = 0; i < s->n; i++) {
        fputs("<tr>", out);
        cell(out, sc->sanctioner[i].id);
        num(out, NULL, last->s[i]);
        if (ss_observed_covers(sc->timeline, i)) {
            num(out, NULL, s->observed[(s->nperiods - 1) * s->n + i]);
            num(out, NULL, ss_series_rmse(sc, s, i));
        } else {
            fputs("<td class=\"num\" colspan=\"2\">no observed measures</td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n</section>\n", out);
    return st;
}

/* ---- glossary and provenance ------------------------------------------------ */

static void glossary_row(FILE *out, const char *key, const char *symbol, const char *range,
                         const char *meaning)
{
    fputs("<tr><td><code>", out);
    ss_html_escape(out, key);
    fputs("</code></td>", out);
    cell(out, symbol);
    cell(out, range);
    cell(out, meaning);
    fputs("</tr>\n", out);
}

static void glossary_params(FILE *out, const char *prefix, const ss_param_info *info, size_t n)
{
    char key[256], range[64];
    for (size_t k = 0; k < n; k++) {
        snprintf(key, sizeof key, "%s%s", prefix, info[k].key);
        snprintf(range, sizeof range, "%s%g, %g%s", info[k].min_open ? "(" : "[", info[k].min,
                 info[k].max, info[k].max_open ? ")" : "]");
        glossary_row(out, key, info[k].symbol, range, info[k].meaning);
    }
}

static void write_glossary(FILE *out, const ss_scenario *sc)
{
    const ss_params *p = &sc->params;
    char prefix[256];
    section(out, "glossary", "Glossary");
    fputs("<p>Every quantity and key this page uses: the result columns (as "
          "<code>solve</code>, <code>sweep</code> and <code>run</code> name them), the "
          "parameters (as <code>--set</code> and <code>--sweep</code> take them), and the "
          "solver's settings. Symbols are MODEL.md's.</p>\n<p>Sanctioners here: ",
          out);
    for (size_t i = 0; i < p->n; i++) {
        fputs(i ? ", <code>" : "<code>", out);
        ss_html_escape(out, sc->sanctioner[i].id);
        fputs("</code>", out);
    }
    fputs(". Target: <code>", out);
    ss_html_escape(out, sc->target.id);
    fputs("</code>", out);
    if (p->has_patron) {
        fputs(". Patron: <code>", out);
        ss_html_escape(out, sc->patron.id);
        fputs("</code>", out);
    }
    fputs(". <code>ID</code> below stands for a sanctioner's id.</p>\n"
          "<div class=\"scroll\"><table id=\"glossary-table\"><thead><tr>",
          out);
    head_cells(out, (const char *const[]){"key or column", "symbol", "range", "meaning", NULL});
    fputs("</tr></thead><tbody>\n", out);
    static const char *const results[][4] = {
        {"s.ID", "s_i", "[0, s_max]", "a sanctioner's intensity: 0 none, 1 the full US/EU package"},
        {"c", "c", "[0, 1]", "the target's territorial concession"},
        {"p", "p", "[0, 1]", "the target's pivot toward the patron"},
        {"a", "a", "[0, 1]", "the patron's alignment with the target"},
        {"q", "q", "[0, 1]", "the patron's assertiveness in its own seas"},
        {"X", "X", "", "gross sanction pressure on the target (MODEL.md section 3)"},
        {"D", "D", "", "the deterrence signal the patron reads"},
        {"H", "H", "", "engagement the target still receives"},
        {"u.ID", "U_i", "", "a sanctioner's payoff as it perceives it (its beliefs)"},
        {"realized.ID", "U_i", "", "a sanctioner's payoff in the true world"},
        {"max_regret", "", "",
         "the certificate: the largest gain a sanctioner could make by "
         "moving alone; certified when at most solver.regret_tolerance"},
        {"cost of misperception", "", "",
         "realized payoff with true beliefs minus with its own (MODEL.md section 7)"},
    };
    for (size_t k = 0; k < sizeof results / sizeof *results; k++)
        glossary_row(out, results[k][0], results[k][1], results[k][2], results[k][3]);
    glossary_params(out, "ID.", ss_sanctioner_info, ss_sanctioner_ninfo);
    snprintf(prefix, sizeof prefix, "%s.", sc->target.id);
    glossary_params(out, prefix, ss_target_info, ss_target_ninfo);
    snprintf(prefix, sizeof prefix, "%s.reciprocity.", sc->target.id);
    char key[sizeof prefix + 8];
    snprintf(key, sizeof key, "%sID", prefix);
    glossary_row(out, key, ss_reciprocity_info.symbol, "[0, 1e+06]", ss_reciprocity_info.meaning);
    if (p->has_patron) {
        snprintf(prefix, sizeof prefix, "%s.", sc->patron.id);
        glossary_params(out, prefix, ss_patron_info, ss_patron_ninfo);
    }
    glossary_row(out, "ID.beliefs.target.KEY", "", "as KEY",
                 "what sanctioner ID believes one of the target's parameters to be "
                 "(reciprocity: ID.beliefs.target.reciprocity.ID2)");
    if (p->has_patron)
        glossary_row(out, "ID.beliefs.patron.KEY", "", "as KEY",
                     "what sanctioner ID believes one of the patron's parameters to be");
    glossary_row(out, "mode", "", "spe, nash", "two stages (spe) or one (nash)");
    for (size_t k = 0; k < ss_solver_nsettings; k++) {
        const ss_solver_setting *s = &ss_solver_settings[k];
        char range[96];
        snprintf(key, sizeof key, "solver.%s", s->key);
        snprintf(range, sizeof range, "[%g, %g], default %g", s->min, s->max, s->fallback);
        glossary_row(out, key, "", range, s->meaning);
    }
    fputs("</tbody></table></div>\n</section>\n", out);
}

static ss_status write_provenance(FILE *out, const ss_html_report *rp)
{
    const ss_scenario **all = malloc((rp->ncf + 1) * sizeof *all);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = all ? open_memstream(&text, &len) : NULL;
    if (!mem) {
        free(all);
        return SS_ENOMEM;
    }
    all[0] = rp->sc;
    for (size_t k = 0; k < rp->ncf; k++)
        all[k + 1] = rp->cf[k];
    ss_status st = ss_provenance_write(mem, "report", all, rp->ncf + 1, rp->prov);
    free(all);
    if (fclose(mem) != 0 || st != SS_OK) {
        free(text);
        return SS_ENOMEM;
    }
    section(out, "provenance", "Provenance");
    fputs("<p>What made this page: the tool's version, the command, and each scenario's path, "
          "name and SHA-256 (of the file and its base files), then the <code>--set</code> "
          "overrides. The same lines head every output of the tool "
          "(docs/file-formats.md).</p>\n<pre>",
          out);
    ss_html_escape(out, text);
    free(text);
    fputs("</pre>\n</section>\n", out);
    return SS_OK;
}

/* ---- the page ---------------------------------------------------------------- */

ss_status ss_html_report_write(FILE *out, const ss_html_report *rp)
{
    const ss_scenario *sc = rp->sc;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"sanctionsim " SS_VERSION "\">\n<title>",
          out);
    ss_html_escape(out, sc->name);
    fprintf(out,
            ": sanctionsim report</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n"
            "<h1>",
            css);
    ss_html_escape(out, sc->name);
    fputs("</h1>\n<p class=\"muted\">A report of <code>sanctionsim " SS_VERSION "</code> on <code>",
          out);
    ss_html_escape(out, sc->path);
    fputs("</code>, a game of sanctions between allies, a target and its patron.</p>\n"
          "<nav aria-label=\"sections\"><a href=\"#story\">Story</a><a href=\"#equilibrium\">"
          "Equilibrium</a><a href=\"#explain\">Explanation</a>",
          out);
    if (rp->ncf)
        fputs("<a href=\"#counterfactuals\">Counterfactuals</a>", out);
    if (rp->sweep)
        fputs("<a href=\"#sweep\">Sweep</a>", out);
    if (rp->timeline)
        fputs("<a href=\"#timeline\">Timeline</a>", out);
    fputs("<a href=\"#glossary\">Glossary</a><a href=\"#provenance\">Provenance</a></nav>\n"
          "</header>\n<main>\n",
          out);
    write_story(out, rp);
    write_equilibrium(out, rp);
    write_explain(out, rp);
    if (rp->ncf)
        write_counterfactuals(out, rp);
    ss_status st = SS_OK;
    if (rp->sweep)
        st = write_sweep(out, rp->sweep);
    if (rp->timeline && st == SS_OK)
        st = write_timeline(out, sc, rp->timeline);
    if (st != SS_OK)
        return st == SS_EINPUT ? SS_EIO : st;
    write_glossary(out, sc);
    if ((st = write_provenance(out, rp)) != SS_OK)
        return st;
    fputs("</main>\n</body>\n</html>\n", out);
    return ferror(out) ? SS_EIO : SS_OK;
}
