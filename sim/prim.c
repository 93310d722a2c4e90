/* PRIM: peeling, choosing a box, pasting; and the --where condition. */
#include "sanctionsim/prim.h"

#include "sanctionsim/numbers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the condition -------------------------------------------------------- */

static const char *const op_names[] = {"<", "<=", ">", ">=", "==", "!="};

const char *ss_cmp_op_name(ss_cmp_op op)
{
    return op_names[op];
}

int ss_cond_term_holds(const ss_cond_term *t, double x)
{
    if (isnan(x))
        return 0;
    switch (t->op) {
    case SS_CMP_LT:
        return x < t->value;
    case SS_CMP_LE:
        return x <= t->value;
    case SS_CMP_GT:
        return x > t->value;
    case SS_CMP_GE:
        return x >= t->value;
    case SS_CMP_EQ:
        return x == t->value;
    case SS_CMP_NE:
        return x != t->value;
    }
    return 0;
}

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static int is_op_char(char c)
{
    return c == '<' || c == '>' || c == '=' || c == '!' || c == '&';
}

/* The operator at p: its length, or 0. */
static size_t parse_op(const char *p, ss_cmp_op *op)
{
    static const struct {
        const char *text;
        ss_cmp_op op;
    } ops[] = {{"<=", SS_CMP_LE}, {">=", SS_CMP_GE}, {"==", SS_CMP_EQ},
               {"!=", SS_CMP_NE}, {"<", SS_CMP_LT},  {">", SS_CMP_GT}};
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        size_t len = strlen(ops[k].text);
        if (strncmp(p, ops[k].text, len) == 0 && !(len == 1 && p[1] == '=')) {
            *op = ops[k].op;
            return len;
        }
    }
    return 0;
}

#define WHERE_HINT "(expected COLUMN OP NUMBER [&& ...], OP one of < <= > >= == !=)"

ss_status ss_condition_parse(const char *text, ss_condition *c, ss_error *err)
{
    memset(c, 0, sizeof *c);
    const char *p = skip_space(text);
    for (;;) {
        if (c->n == SS_COND_MAX_TERMS)
            return ss_error_set(err, SS_EINPUT, "--where '%s': at most %d comparisons", text,
                                SS_COND_MAX_TERMS);
        ss_cond_term *t = &c->term[c->n];
        const char *b = p;
        while (*p && *p != ' ' && *p != '\t' && !is_op_char(*p))
            p++;
        size_t len = (size_t)(p - b);
        if (len == 0)
            return ss_error_set(err, SS_EINPUT,
                                "--where '%s': a column name is missing at "
                                "character %zu " WHERE_HINT,
                                text, (size_t)(b - text) + 1);
        if (len >= sizeof t->column)
            return ss_error_set(err, SS_EINPUT, "--where '%s': a column name is too long", text);
        memcpy(t->column, b, len);
        p = skip_space(p);
        size_t oplen = parse_op(p, &t->op);
        if (!oplen)
            return ss_error_set(err, SS_EINPUT,
                                "--where '%s': no comparison after '%s' " WHERE_HINT, text,
                                t->column);
        p = skip_space(p + oplen);
        const char *nb = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '&')
            p++;
        char num[64];
        size_t nlen = (size_t)(p - nb);
        if (nlen == 0 || nlen >= sizeof num)
            return ss_error_set(err, SS_EINPUT,
                                "--where '%s': a number is missing after '%s%s' " WHERE_HINT, text,
                                t->column, ss_cmp_op_name(t->op));
        memcpy(num, nb, nlen);
        num[nlen] = '\0';
        if (ss_parse_double(num, &t->value) != 0)
            return ss_error_set(err, SS_EINPUT, "--where '%s': '%s' is not a finite number", text,
                                num);
        c->n++;
        p = skip_space(p);
        if (!*p)
            return SS_OK;
        if (strncmp(p, "&&", 2) != 0)
            return ss_error_set(err, SS_EINPUT,
                                "--where '%s': '%s' where '&&' or the end was expected " WHERE_HINT,
                                text, p);
        p = skip_space(p + 2);
    }
}

/* ---- PRIM ----------------------------------------------------------------- */

void ss_prim_opts_default(ss_prim_opts *o)
{
    o->alpha = 0.05;
    o->paste_alpha = 0.05;
    o->mass_min = 0.05;
    o->threshold = 0.8;
    o->box = -1;
}

static void box_free(ss_prim_box *b)
{
    free(b->lo);
    free(b->hi);
    b->lo = b->hi = NULL;
}

void ss_prim_result_free(ss_prim_result *r)
{
    if (!r)
        return;
    for (size_t t = 0; t < r->ntraj; t++)
        box_free(&r->traj[t]);
    free(r->traj);
    box_free(&r->pasted);
    free(r->min);
    free(r->max);
    memset(r, 0, sizeof *r);
}

int ss_prim_restricts(const ss_prim_result *r, const ss_prim_box *b, size_t j)
{
    return (b->lo[j] > r->min[j]) | (b->hi[j] < r->max[j]) << 1;
}

/* Fills the box's counts and shares from its bounds' count and hits. */
static void box_stats(const ss_prim_result *r, ss_prim_box *b)
{
    b->coverage = r->hits ? (double)b->hits / (double)r->hits : 0;
    b->density = b->count ? (double)b->hits / (double)b->count : 0;
    b->mass = (double)b->count / (double)r->n;
    b->restricted = 0;
    for (size_t j = 0; j < r->k; j++)
        b->restricted += ss_prim_restricts(r, b, j) != 0;
}

static ss_status box_copy(ss_prim_box *to, const ss_prim_box *from, size_t k)
{
    *to = *from;
    to->lo = malloc(k * sizeof *to->lo);
    to->hi = malloc(k * sizeof *to->hi);
    if (!to->lo || !to->hi) {
        box_free(to);
        return SS_ENOMEM;
    }
    memcpy(to->lo, from->lo, k * sizeof *to->lo);
    memcpy(to->hi, from->hi, k * sizeof *to->hi);
    return SS_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One candidate change of the box: input j's bound on side (0 lower, 1 upper)
 * moved to value; the box then holds count points, hits of them hits. */
typedef struct move {
    size_t j;
    int side;
    double value;
    size_t count, hits;
} move;

/* Whether move a is better than the best so far (none when best->count is 0). */
static int better(const move *a, const move *best)
{
    if (!best->count)
        return 1;
    /* a->hits / a->count > best->hits / best->count, without rounding */
    return (double)a->hits * (double)best->count > (double)best->hits * (double)a->count;
}

/* Box b after move mv: its side moved to mv's value, its counts mv's. */
static void apply_move(const ss_prim_result *r, ss_prim_box *b, const move *mv)
{
    if (mv->side == 0)
        b->lo[mv->j] = mv->value;
    else
        b->hi[mv->j] = mv->value;
    b->count = mv->count;
    b->hits = mv->hits;
    box_stats(r, b);
}

/* Peeling from r->traj[0] until no peel keeps mass_min of the points. */
static ss_status peel(const double *x, const unsigned char *y, const ss_prim_opts *o,
                      ss_prim_result *r, size_t *in, double *buf)
{
    size_t n = r->n, k = r->k, nb = n;
    for (size_t i = 0; i < n; i++)
        in[i] = i;
    double least = o->mass_min * (double)n;
    for (;;) {
        size_t m = (size_t)floor(o->alpha * (double)nb);
        if (m < 1)
            m = 1;
        move best = {0};
        for (size_t j = 0; j < k; j++) {
            for (size_t i = 0; i < nb; i++)
                buf[i] = x[in[i] * k + j];
            qsort(buf, nb, sizeof *buf, cmp_double);
            for (int side = 0; side < 2; side++) {
                double v;
                if (side == 0) {
                    size_t a = m < nb ? m : nb - 1;
                    while (a < nb && buf[a] == buf[0])
                        a++;
                    if (a == nb)
                        continue; /* one value left: nothing to peel */
                    v = buf[a];
                } else {
                    size_t a = nb - 1 - (m < nb ? m : nb - 1);
                    while (a > 0 && buf[a] == buf[nb - 1])
                        a--;
                    if (buf[a] == buf[nb - 1])
                        continue;
                    v = buf[a];
                }
                move mv = {j, side, v, 0, 0};
                for (size_t i = 0; i < nb; i++) {
                    double xv = x[in[i] * k + j];
                    if (side == 0 ? xv >= v : xv <= v) {
                        mv.count++;
                        mv.hits += y[in[i]] != 0;
                    }
                }
                if ((double)mv.count >= least && better(&mv, &best))
                    best = mv;
            }
        }
        if (!best.count)
            return SS_OK;
        ss_prim_box *grown = realloc(r->traj, (r->ntraj + 1) * sizeof *grown);
        if (!grown)
            return SS_ENOMEM;
        r->traj = grown;
        ss_prim_box *b = &r->traj[r->ntraj];
        if (box_copy(b, &r->traj[r->ntraj - 1], k))
            return SS_ENOMEM;
        r->ntraj++;
        apply_move(r, b, &best);
        size_t kept = 0;
        for (size_t i = 0; i < nb; i++) {
            double xv = x[in[i] * k + best.j];
            if (best.side == 0 ? xv >= best.value : xv <= best.value)
                in[kept++] = in[i];
        }
        nb = kept;
    }
}

/* Whether point i lies in box b, input skip aside. */
static int inside_but(const double *x, size_t k, size_t i, const ss_prim_box *b, size_t skip)
{
    for (size_t j = 0; j < k; j++)
        if (j != skip && !(x[i * k + j] >= b->lo[j] && x[i * k + j] <= b->hi[j]))
            return 0;
    return 1;
}

/* Pasting r->pasted while a paste keeps its density. */
static void paste(const double *x, const unsigned char *y, const ss_prim_opts *o, ss_prim_result *r,
                  double *buf)
{
    size_t n = r->n, k = r->k;
    ss_prim_box *b = &r->pasted;
    for (size_t step = 0; step < n; step++) {
        size_t m = (size_t)floor(o->paste_alpha * (double)b->count);
        if (m < 1)
            m = 1;
        move best = {0};
        for (size_t j = 0; j < k; j++)
            for (int side = 0; side < 2; side++) {
                /* the points just outside this side, nearest first */
                size_t nc = 0;
                for (size_t i = 0; i < n; i++) {
                    double xv = x[i * k + j];
                    if ((side == 0 ? xv < b->lo[j] : xv > b->hi[j]) && inside_but(x, k, i, b, j))
                        buf[nc++] = side == 0 ? -xv : xv;
                }
                if (!nc)
                    continue;
                qsort(buf, nc, sizeof *buf, cmp_double);
                double edge = buf[(m < nc ? m : nc) - 1];
                move mv = {j, side, side == 0 ? -edge : edge, b->count, b->hits};
                for (size_t i = 0; i < n; i++) {
                    double xv = x[i * k + j];
                    int added = side == 0 ? xv < b->lo[j] && xv >= mv.value
                                          : xv > b->hi[j] && xv <= mv.value;
                    if (added && inside_but(x, k, i, b, j)) {
                        mv.count++;
                        mv.hits += y[i] != 0;
                    }
                }
                if (better(&mv, &best) || (!better(&best, &mv) && mv.count > best.count))
                    best = mv; /* the densest; of equal ones, the largest */
            }
        /* taken when it keeps the density: hits/count >= b->hits/b->count */
        if (!best.count ||
            (double)best.hits * (double)b->count < (double)b->hits * (double)best.count)
            return;
        apply_move(r, b, &best);
        r->pastes++;
    }
}

static ss_status check_opts(const ss_prim_opts *o, ss_error *err)
{
    if (!(o->alpha > 0 && o->alpha < 0.5))
        return ss_error_set(err, SS_EINPUT, "--alpha: must be above 0 and below 0.5 (got %g)",
                            o->alpha);
    if (!(o->paste_alpha > 0 && o->paste_alpha < 1))
        return ss_error_set(err, SS_EINPUT, "--paste-alpha: must be above 0 and below 1 (got %g)",
                            o->paste_alpha);
    if (!(o->mass_min >= 0 && o->mass_min < 1))
        return ss_error_set(err, SS_EINPUT, "--mass-min: must be at least 0 and below 1 (got %g)",
                            o->mass_min);
    if (!(o->threshold >= 0 && o->threshold <= 1))
        return ss_error_set(err, SS_EINPUT, "--threshold: must be from 0 to 1 (got %g)",
                            o->threshold);
    return SS_OK;
}

ss_status ss_prim_run(const double *x, const unsigned char *y, size_t n, size_t k,
                      const ss_prim_opts *o, ss_prim_result *r, ss_error *err)
{
    memset(r, 0, sizeof *r);
    ss_status st = check_opts(o, err);
    if (st)
        return st;
    if (n == 0 || k == 0)
        return ss_error_set(err, SS_EINPUT, "PRIM needs at least one point and one input");
    for (size_t i = 0; i < n * k; i++)
        if (!isfinite(x[i]))
            return ss_error_set(err, SS_EINPUT, "point %zu: input %zu is not a finite number",
                                i / k, i % k + 1);
    r->n = n;
    r->k = k;
    size_t *in = malloc(n * sizeof *in);
    double *buf = malloc(n * sizeof *buf);
    r->min = malloc(k * sizeof *r->min);
    r->max = malloc(k * sizeof *r->max);
    r->traj = calloc(1, sizeof *r->traj);
    if (!in || !buf || !r->min || !r->max || !r->traj)
        goto nomem;
    r->ntraj = 1;
    ss_prim_box *all = &r->traj[0];
    all->lo = malloc(k * sizeof *all->lo);
    all->hi = malloc(k * sizeof *all->hi);
    if (!all->lo || !all->hi)
        goto nomem;
    for (size_t j = 0; j < k; j++) {
        r->min[j] = r->max[j] = x[j];
        for (size_t i = 1; i < n; i++) {
            double v = x[i * k + j];
            r->min[j] = v < r->min[j] ? v : r->min[j];
            r->max[j] = v > r->max[j] ? v : r->max[j];
        }
        all->lo[j] = r->min[j];
        all->hi[j] = r->max[j];
    }
    for (size_t i = 0; i < n; i++)
        r->hits += y[i] != 0;
    all->count = n;
    all->hits = r->hits;
    box_stats(r, all);
    if (peel(x, y, o, r, in, buf))
        goto nomem;
    if (o->box >= 0) {
        if ((size_t)o->box >= r->ntraj) {
            st = ss_error_set(err, SS_EINPUT,
                              "--box %ld: the peeling trajectory has %zu boxes (0 to %zu)", o->box,
                              r->ntraj, r->ntraj - 1);
            goto fail;
        }
        r->chosen = (size_t)o->box;
    } else {
        size_t densest = 0;
        r->chosen = r->ntraj;
        for (size_t t = 0; t < r->ntraj; t++) {
            if (r->chosen == r->ntraj && r->traj[t].density >= o->threshold)
                r->chosen = t;
            if (r->traj[t].density > r->traj[densest].density)
                densest = t;
        }
        r->by_threshold = r->chosen < r->ntraj;
        if (!r->by_threshold)
            r->chosen = densest;
    }
    if (box_copy(&r->pasted, &r->traj[r->chosen], k))
        goto nomem;
    paste(x, y, o, r, buf);
    free(in);
    free(buf);
    return SS_OK;
nomem:
    st = ss_error_set(err, SS_ENOMEM, "out of memory");
fail:
    free(in);
    free(buf);
    ss_prim_result_free(r);
    return st;
}
