/* Solvers of finite games (finite.h): the logit QRE by path following, Nash
 * equilibria by polishing the QRE's limit, and support enumeration
 * (docs/solver.md, "Finite games"). The game's values, derivatives and
 * regret are finite.c's (finite_internal.h). */
#include "sanctionsim/finite.h"
#include "finite_internal.h"
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The most strategies in all (sum of k) the path following and the support
 * solver take: their matrices are that size squared. */
#define SS_NFG_MAX_TOTAL 2048u

/* LU factors of an m x m row-major a, in place, and the sign of its
 * determinant into *det_sign (when not NULL). 0, or -1 when a is singular or
 * not finite (GSL is never given a singular matrix: its handler is not ours
 * to trigger). */
static int lu_factor_sign(double *a, size_t m, size_t *perm, int *det_sign)
{
    for (size_t i = 0; i < m * m; i++)
        if (!isfinite(a[i]))
            return -1;
    gsl_matrix_view A = gsl_matrix_view_array(a, m, m);
    gsl_permutation P = {m, perm};
    int sign;
    if (gsl_linalg_LU_decomp(&A.matrix, &P, &sign) != GSL_SUCCESS)
        return -1;
    for (size_t i = 0; i < m; i++) {
        if (!(fabs(a[i * m + i]) > 0))
            return -1;
        if (a[i * m + i] < 0)
            sign = -sign;
    }
    if (det_sign)
        *det_sign = sign;
    return 0;
}

/* As lu_factor_sign, without the sign. */
static int lu_factor(double *a, size_t m, size_t *perm)
{
    return lu_factor_sign(a, m, perm, NULL);
}

/* Solves with lu_factor's factors: x into b. 0, or -1 when not finite. */
static int lu_apply(double *a, size_t m, size_t *perm, double *b)
{
    for (size_t i = 0; i < m; i++)
        if (!isfinite(b[i]))
            return -1;
    gsl_matrix_view A = gsl_matrix_view_array(a, m, m);
    gsl_permutation P = {m, perm};
    gsl_vector_view B = gsl_vector_view_array(b, m);
    if (gsl_linalg_LU_svx(&A.matrix, &P, &B.vector) != GSL_SUCCESS)
        return -1;
    for (size_t i = 0; i < m; i++)
        if (!isfinite(b[i]))
            return -1;
    return 0;
}

/* Solves a x = b (a destroyed), x into b; 0 or -1 as lu_factor and lu_apply. */
static int lu_solve(double *a, size_t m, size_t *perm, double *b)
{
    return lu_factor(a, m, perm) == 0 ? lu_apply(a, m, perm, b) : -1;
}

/* Work space for the path and the support solver. */
typedef struct work {
    const ss_nfg *g;     /* the game the path follows */
    const ss_nfg *exact; /* the game whose equilibria are solved for (support_solve) */
    size_t M;
    size_t off[SS_NFG_MAX_PLAYERS];
    double scale[SS_NFG_MAX_PLAYERS]; /* payoffs of player i count scale[i] times */
    double *sigma, *v, *D, *A, *b, *t, *tprev, *told, *z, *xp, *x, *h, *bk;
    size_t *perm;
    int *in;         /* the support: in[r] = 1 when strategy r is in it */
    int *tried;      /* polish: the supports tried last, 3 x M */
    double *keep;    /* polish: the QRE point */
    size_t polishes; /* polish: attempts so far */
    int orient;      /* the path's orientation: the sign of det [J; t] */
    int det;         /* qre_tangent: that sign at its point */
    double *svd;     /* support_solve's fallback: U, V (m x m each), S, work (m each); NULL
                        until needed */
} work;

static void work_free(work *w)
{
    free(w->sigma);
    free(w->D);
    free(w->A);
    free(w->perm);
    free(w->in);
    free(w->tried);
    free(w->keep);
    free(w->svd);
    w->sigma = w->D = w->A = w->keep = w->svd = NULL;
    w->perm = NULL;
    w->in = w->tried = NULL;
}

static ss_status work_init(work *w, const ss_nfg *g, ss_error *err)
{
    memset(w, 0, sizeof *w);
    w->g = w->exact = g;
    w->M = ss_nfg_total(g);
    ss_nfg_offsets(g, w->off);
    for (size_t i = 0; i < g->n; i++)
        w->scale[i] = 1;
    if (w->M > SS_NFG_MAX_TOTAL)
        return ss_error_set(err, SS_EINPUT,
                            "the finite solver takes at most %u strategies in all (this game "
                            "has %zu)",
                            SS_NFG_MAX_TOTAL, w->M);
    size_t M = w->M, m1 = M + 1;
    /* sigma, v, b, t, tprev, told, z, xp, x, h, bk: vectors of M + 1 */
    w->sigma = calloc(11 * m1, sizeof *w->sigma);
    w->D = calloc(M * M, sizeof *w->D);
    w->A = calloc(2 * m1 * m1, sizeof *w->A); /* and a copy (support_solve) */
    w->perm = calloc(m1, sizeof *w->perm);
    w->in = calloc(M, sizeof *w->in);
    w->tried = calloc(3 * M, sizeof *w->tried);
    w->keep = calloc(M, sizeof *w->keep);
    if (!w->sigma || !w->D || !w->A || !w->perm || !w->in || !w->tried || !w->keep) {
        work_free(w);
        return ss_error_set(err, SS_ENOMEM, "out of memory for a finite game's solver");
    }
    w->v = w->sigma + m1;
    w->b = w->v + m1;
    w->t = w->b + m1;
    w->tprev = w->t + m1;
    w->told = w->tprev + m1;
    w->z = w->told + m1;
    w->xp = w->z + m1;
    w->x = w->xp + m1;
    w->h = w->x + m1;
    w->bk = w->h + m1;
    return SS_OK;
}

/* ---- the logit QRE path: x = (y, lambda), y = log sigma ------------------
 * H(x): for each player i, sum_j exp(y_ij) - 1 = 0 and, for j >= 1,
 * y_ij - y_i0 - lambda scale_i (v_ij - v_i0) = 0. */

/* H(x) into w->h (M values) and, when jac, its M x (M + 1) Jacobian into the
 * first M rows of w->A (row stride M + 1). */
static void qre_eval(work *w, const double *x, int jac)
{
    const ss_nfg *g = w->g;
    size_t M = w->M, m1 = M + 1;
    double lambda = x[M];
    for (size_t r = 0; r < M; r++)
        w->sigma[r] = exp(x[r]);
    ss_nfg_cross(g, w->sigma, w->v, w->D);
    if (jac)
        memset(w->A, 0, M * m1 * sizeof *w->A);
    for (size_t i = 0; i < g->n; i++) {
        size_t o = w->off[i];
        double c = w->scale[i], sum = 0;
        for (size_t j = 0; j < g->k[i]; j++) {
            sum += w->sigma[o + j];
            if (jac)
                w->A[o * m1 + o + j] = w->sigma[o + j];
        }
        w->h[o] = sum - 1;
        for (size_t j = 1; j < g->k[i]; j++) {
            size_t r = o + j;
            w->h[r] = x[r] - x[o] - lambda * c * (w->v[r] - w->v[o]);
            if (!jac)
                continue;
            double *row = w->A + r * m1;
            row[r] = 1;
            row[o] = -1;
            row[M] = -c * (w->v[r] - w->v[o]);
            for (size_t col = 0; col < M; col++)
                if (col < o || col >= o + g->k[i])
                    row[col] =
                        -lambda * c * (w->D[r * M + col] - w->D[o * M + col]) * w->sigma[col];
        }
    }
}

/* The unit tangent at x into w->t, oriented along w->tprev. -1 when singular. */
static int qre_tangent(work *w, const double *x)
{
    size_t M = w->M, m1 = M + 1;
    qre_eval(w, x, 1);
    memcpy(w->A + M * m1, w->tprev, m1 * sizeof *w->A);
    for (size_t r = 0; r < M; r++)
        w->t[r] = 0;
    w->t[M] = 1;
    int det;
    if (lu_factor_sign(w->A, m1, w->perm, &det) != 0 || lu_apply(w->A, m1, w->perm, w->t) != 0)
        return -1;
    double norm = 0;
    for (size_t r = 0; r < m1; r++)
        norm += w->t[r] * w->t[r];
    norm = sqrt(norm);
    if (!(norm > 0) || !isfinite(norm))
        return -1;
    /* oriented along the last tangent: a path crossing a bifurcation point
     * goes straight on. With A = [J; tprev] and A tau = e, det [J; t] has
     * the sign of det A times t's sign against tau: that is the path's
     * orientation, constant along a regular path (Allgower and Georg 1990),
     * kept in w->det for the caller's check. */
    double dot = 0;
    for (size_t r = 0; r < m1; r++)
        dot += w->t[r] * w->tprev[r];
    if (dot < 0)
        norm = -norm;
    w->det = norm > 0 ? det : -det;
    for (size_t r = 0; r < m1; r++)
        w->t[r] /= norm;
    return 0;
}

/* The chord method (Newton's with the matrix refactored only when the steps
 * stop shrinking fast) on H(z) = 0 plus one more equation: with fix_lambda,
 * lambda = target; otherwise (z - xp) . t = 0 (the hyperplane through the
 * predicted point, across the tangent). z starts at w->xp. Returns the
 * iterations used, or -1 without convergence (or when z strays further than
 * `reach` from xp). */
static int qre_correct(work *w, int fix_lambda, double target, double reach)
{
    size_t M = w->M, m1 = M + 1;
    memcpy(w->z, w->xp, m1 * sizeof *w->z);
    int factored = 0;
    double last = INFINITY;
    for (int it = 1; it <= 30; it++) {
        qre_eval(w, w->z, !factored);
        for (size_t r = 0; r < M; r++)
            w->b[r] = -w->h[r];
        if (fix_lambda)
            w->b[M] = target - w->z[M];
        else {
            double d = 0;
            for (size_t r = 0; r < m1; r++)
                d += w->t[r] * (w->z[r] - w->xp[r]);
            w->b[M] = -d;
        }
        if (!factored) {
            double *row = w->A + M * m1;
            for (size_t r = 0; r < m1; r++)
                row[r] = fix_lambda ? (r == M) : w->t[r];
            if (lu_factor(w->A, m1, w->perm) != 0)
                return -1;
            factored = 1;
        }
        if (lu_apply(w->A, m1, w->perm, w->b) != 0)
            return -1;
        double size = 0, dist = 0;
        for (size_t r = 0; r < m1; r++) {
            w->z[r] += w->b[r];
            size = fmax(size, fabs(w->b[r]) / (1 + fabs(w->z[r])));
            double e = w->z[r] - w->xp[r];
            dist += e * e;
        }
        if (sqrt(dist) > reach)
            return -1;
        /* converged; or stuck below 1e-8, at the rounding floor of a large lambda */
        if (size <= 1e-11 || (size <= 1e-8 && size >= 0.5 * last))
            return it;
        if (size > 0.25 * last)
            factored = 0;
        last = size;
    }
    return -1;
}

/* ---- exact equilibria on a support -----------------------------------------
 * Unknowns: the probabilities of the strategies in the support (w->in). For
 * each player: they sum to 1, and each has the value of the first. */

/* The least-norm solution of a x = b (a m x m, row-major, destroyed) by
 * singular values, those below 1e-12 of the largest taken as 0: the Newton
 * step of a support whose equations are degenerate (a continuum of
 * solutions, as in games with ties). x into b. 0, or -1. */
static int svd_solve(work *w, double *a, size_t m, double *b)
{
    if (!w->svd && !(w->svd = malloc((2 * w->M * w->M + 2 * w->M + 2) * sizeof *w->svd)))
        return -1;
    for (size_t i = 0; i < m * m; i++)
        if (!isfinite(a[i]))
            return -1;
    double *v = w->svd, *sv = v + m * m, *wk = sv + m, *tmp = wk + m;
    gsl_matrix_view U = gsl_matrix_view_array(a, m, m), V = gsl_matrix_view_array(v, m, m);
    gsl_vector_view S = gsl_vector_view_array(sv, m), W = gsl_vector_view_array(wk, m);
    if (gsl_linalg_SV_decomp(&U.matrix, &V.matrix, &S.vector, &W.vector) != GSL_SUCCESS)
        return -1;
    double cut = 1e-12 * sv[0];
    for (size_t j = 0; j < m; j++) { /* tmp = S^+ U^T b */
        double d = 0;
        for (size_t i = 0; i < m; i++)
            d += a[i * m + j] * b[i];
        tmp[j] = sv[j] > cut ? d / sv[j] : 0;
    }
    for (size_t i = 0; i < m; i++) { /* b = V tmp */
        double d = 0;
        for (size_t j = 0; j < m; j++)
            d += v[i * m + j] * tmp[j];
        b[i] = d;
    }
    for (size_t i = 0; i < m; i++)
        if (!isfinite(b[i]))
            return -1;
    return 0;
}

/* From sigma (zero outside the support), Newton's method to an exact
 * solution of the support's equations into w->sigma; then checks that it is
 * a profile of probabilities with regret <= tol. 0 on success. */
static int support_solve(work *w, const double *start, double tol)
{
    const ss_nfg *g = w->exact;
    size_t M = w->M;
    size_t idx[SS_NFG_MAX_TOTAL] = {0}, m = 0; /* unknown a is strategy idx[a] */
    size_t first[SS_NFG_MAX_PLAYERS];
    for (size_t i = 0; i < g->n; i++) {
        first[i] = M;
        for (size_t j = 0; j < g->k[i]; j++) {
            size_t r = w->off[i] + j;
            if (w->in[r]) {
                if (first[i] == M)
                    first[i] = r;
                idx[m++] = r;
            }
        }
        if (first[i] == M)
            return -1;
    }
    for (size_t r = 0; r < M; r++)
        w->sigma[r] = w->in[r] ? start[r] : 0;
    int done = 0;
    double last = INFINITY;
    for (int it = 0; it < 40 && !done; it++) {
        ss_nfg_cross(g, w->sigma, w->v, w->D);
        /* equation a for unknown a: the first of a player's block is its sum */
        for (size_t a = 0; a < m; a++) {
            size_t r = idx[a], i = 0;
            while (i + 1 < g->n && r >= w->off[i + 1])
                i++;
            double *row = w->A + a * m;
            memset(row, 0, m * sizeof *row);
            if (r == first[i]) {
                double sum = 0;
                for (size_t c = 0; c < m; c++)
                    if (idx[c] >= w->off[i] && idx[c] < w->off[i] + g->k[i]) {
                        row[c] = 1;
                        sum += w->sigma[idx[c]];
                    }
                w->b[a] = -(sum - 1);
            } else {
                size_t f = first[i];
                double c = w->scale[i];
                for (size_t col = 0; col < m; col++)
                    row[col] = c * (w->D[r * M + idx[col]] - w->D[f * M + idx[col]]);
                w->b[a] = -c * (w->v[r] - w->v[f]);
            }
        }
        memcpy(w->A + m * m, w->A, m * m * sizeof *w->A); /* a copy for the fallback */
        memcpy(w->bk, w->b, m * sizeof *w->b);
        if (lu_solve(w->A, m, w->perm, w->b) != 0) {
            memcpy(w->b, w->bk, m * sizeof *w->b);
            if (svd_solve(w, w->A + m * m, m, w->b) != 0)
                return -1;
        }
        done = 1;
        double size = 0;
        for (size_t a = 0; a < m; a++) {
            w->sigma[idx[a]] += w->b[a];
            if (fabs(w->b[a]) > 1e-15)
                done = 0;
            size = fmax(size, fabs(w->b[a]));
        }
        /* Newton's steps shrink fast near a regular solution; a step that
         * does not halve (past the first few), or leaves the box, gives up */
        if ((it >= 4 && size > 1e-12 && size > 0.5 * last) || size > 1e3)
            return -1;
        last = size;
        if (it >= 3) { /* a last step below rounding counts as converged */
            int tiny = 1;
            for (size_t a = 0; a < m; a++)
                if (fabs(w->b[a]) > 1e-13)
                    tiny = 0;
            if (tiny)
                done = 1;
        }
    }
    if (!done)
        return -1;
    for (size_t i = 0; i < g->n; i++) {
        double sum = 0;
        size_t o = w->off[i];
        for (size_t j = 0; j < g->k[i]; j++) {
            double *q = &w->sigma[o + j];
            if (*q < 0) {
                if (*q < -1e-9)
                    return -1;
                *q = 0;
            }
            sum += *q;
        }
        if (!(sum > 0))
            return -1;
        for (size_t j = 0; j < g->k[i]; j++)
            w->sigma[o + j] /= sum;
    }
    ss_nfg_all_values(g, w->sigma, w->v);
    double r = ss_nfg_regret_of(g, w->sigma, w->v);
    return r <= tol ? 0 : -1;
}

/* Tries to turn a QRE point p (probabilities) into an exact equilibrium on
 * the support of its larger probabilities; 0 with w->sigma filled. */
static int polish(work *w, const double *p, double tol)
{
    static const double cut[] = {1e-3, 1e-6, 1e-10};
    const ss_nfg *g = w->g;
    size_t M = w->M;
    memcpy(w->keep, p, M * sizeof *w->keep);
    w->polishes++;
    int ok = -1;
    for (size_t c = 0; c < 3 && ok != 0; c++) {
        /* the support of the probabilities above cut[c] times the player's largest */
        int *in = w->tried + c * M, same = w->polishes > 1;
        for (size_t i = 0; i < g->n; i++) {
            size_t o = w->off[i];
            double top = 0;
            for (size_t j = 0; j < g->k[i]; j++)
                top = fmax(top, w->keep[o + j]);
            for (size_t j = 0; j < g->k[i]; j++) {
                int now = w->keep[o + j] >= cut[c] * top;
                same = same && now == in[o + j];
                in[o + j] = now;
            }
        }
        /* a support that failed at the last step is tried again only now and then */
        if (same && w->polishes % 4 != 0)
            continue;
        if (c > 0 && memcmp(in, in - M, M * sizeof *in) == 0)
            continue;
        memcpy(w->in, in, M * sizeof *in);
        ok = support_solve(w, w->keep, tol);
    }
    return ok;
}

/* Sets every player's scale to 1 / (range of its payoffs) (1 for a constant
 * player): Nash equilibria do not change, and the path's lambda is in units
 * of each player's range. */
static void normalize(work *w)
{
    const ss_nfg *g = w->g;
    for (size_t i = 0; i < g->n; i++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t p = 0; p < g->profiles; p++) {
            double u = g->payoff[p * g->n + i];
            lo = fmin(lo, u);
            hi = fmax(hi, u);
        }
        w->scale[i] = hi > lo ? 1 / (hi - lo) : 1;
    }
}

/* Follows the principal branch from uniform play at lambda = 0. With
 * target >= 0 stops at lambda = target, leaving the QRE's probabilities in
 * out. With target < 0 (a Nash solve) tries to polish each point on the way
 * into an equilibrium with regret <= tol, leaving it in out. 0, or -1 with
 * err filled. */
static ss_status trace(work *w, double target, double tol, double *out, ss_error *err)
{
    const ss_nfg *g = w->g;
    size_t M = w->M, m1 = M + 1;
    double *x = malloc(m1 * sizeof *x), *p = malloc(M * sizeof *p);
    if (!x || !p) {
        free(x);
        free(p);
        return ss_error_set(err, SS_ENOMEM, "out of memory for a finite game's solver");
    }
    for (size_t i = 0; i < g->n; i++)
        for (size_t j = 0; j < g->k[i]; j++)
            x[w->off[i] + j] = -log((double)g->k[i]);
    x[M] = 0;
    memset(w->tprev, 0, m1 * sizeof *w->tprev);
    w->tprev[M] = 1;
    double h = 0.05, lambda_max = 1e10;
    size_t steps = 0, max_steps = 20000;
    ss_status st = SS_ENUMERIC;
    double last_regret = INFINITY;
    if (qre_tangent(w, x) != 0) {
        ss_error_set(err, SS_ENUMERIC, "the logit path is singular at lambda = 0");
        goto done;
    }
    w->orient = w->det;
    for (; steps < max_steps; steps++) {
        /* w->t: the tangent at x; a step is kept when its corrector
         * converges, lambda stays >= 0 (the principal branch never goes
         * below), and the tangent at its end turns by less than about 25
         * degrees (a sharper turn may have jumped to another branch) */
        memcpy(w->told, w->t, m1 * sizeof *w->told);
        int it = -1;
        while (h > 1e-12) {
            memcpy(w->t, w->told, m1 * sizeof *w->t);
            for (size_t r = 0; r < m1; r++)
                w->xp[r] = x[r] + h * w->t[r];
            if (target >= 0 && w->xp[M] >= target && w->t[M] > 0) {
                /* the last step lands on lambda = target */
                double hl = (target - x[M]) / w->t[M];
                for (size_t r = 0; r < m1; r++)
                    w->xp[r] = x[r] + hl * w->t[r];
                it = qre_correct(w, 1, target, fmax(h, 1e-3));
                if (it >= 0) {
                    for (size_t r = 0; r < M; r++)
                        out[r] = exp(w->z[r]);
                    st = SS_OK;
                    goto done;
                }
            } else
                it = qre_correct(w, 0, 0, 0.5 * h + 1e-9);
            if (it >= 0 && w->z[M] >= 0) {
                memcpy(w->tprev, w->told, m1 * sizeof *w->tprev);
                if (qre_tangent(w, w->z) == 0) {
                    double turn = 0;
                    for (size_t r = 0; r < m1; r++)
                        turn += w->t[r] * w->told[r];
                    /* the orientation flips when the corrector lands on the
                     * path's way back past a sharp fold (a smaller step
                     * avoids it), or at a bifurcation point the path crosses
                     * (it flips however small the step: go on) */
                    if ((turn >= 0.9 && w->det == w->orient) || h <= 1e-9) {
                        w->orient = w->det;
                        break;
                    }
                }
            }
            it = -1;
            h *= 0.5;
        }
        if (it < 0) {
            ss_error_set(err, SS_ENUMERIC,
                         "the logit path cannot be followed past lambda = %.17g (step %zu)", x[M],
                         steps);
            goto done;
        }
        memcpy(x, w->z, m1 * sizeof *x);
        if (it <= 4)
            h *= 2;
        else if (it <= 8)
            h *= 1.25;
        if (target < 0) {
            for (size_t r = 0; r < M; r++)
                p[r] = exp(x[r]);
            /* polish once the QRE is near an equilibrium (regret in units of
             * each player's range) */
            ss_nfg_all_values(g, p, w->v);
            double worst = 0;
            for (size_t i = 0; i < g->n; i++) {
                size_t o = w->off[i];
                double mean = 0, best = -INFINITY;
                for (size_t j = 0; j < g->k[i]; j++) {
                    mean += p[o + j] * w->v[o + j];
                    best = fmax(best, w->v[o + j]);
                }
                worst = fmax(worst, (best - mean) * w->scale[i]);
            }
            last_regret = worst;
            if (worst < 0.01 && polish(w, p, tol) == 0) {
                /* an equilibrium near the QRE: the branch's limit, not
                 * another equilibrium the support happens to hold */
                double far = 0;
                for (size_t r = 0; r < M; r++)
                    far = fmax(far, fabs(w->sigma[r] - p[r]));
                if (far <= 0.1) {
                    memcpy(out, w->sigma, M * sizeof *out);
                    st = SS_OK;
                    goto done;
                }
            }
            /* no exact equilibrium at hand (a degenerate game's supports),
             * but the QRE point itself may already be one within tol */
            if (worst < 1e-6) {
                ss_nfg_all_values(w->exact, p, w->v);
                if (ss_nfg_regret_of(w->exact, p, w->v) <= tol) {
                    memcpy(out, p, M * sizeof *out);
                    st = SS_OK;
                    goto done;
                }
            }
            if (x[M] > lambda_max)
                break;
        }
    }
    if (target < 0)
        ss_error_set(err, SS_ENUMERIC,
                     "no equilibrium with regret <= %g on the logit path up to lambda = %.6g "
                     "(%zu steps; the QRE's relative regret there is %.3g)",
                     tol, x[M], steps, last_regret);
    else
        ss_error_set(err, SS_ENUMERIC, "the logit path did not reach lambda = %.17g in %zu steps",
                     target, steps);
done:
    free(x);
    free(p);
    return st;
}

/* A one-player game: pure best (the first maximum). */
static void one_player_best(const ss_nfg *g, double *sigma)
{
    size_t best = 0;
    for (size_t j = 1; j < g->k[0]; j++)
        if (g->payoff[j] > g->payoff[best])
            best = j;
    for (size_t j = 0; j < g->k[0]; j++)
        sigma[j] = j == best;
}

ss_status ss_nfg_nash(const ss_nfg *g, double tol, double *sigma, ss_error *err)
{
    if (!(tol > 0))
        return ss_error_set(err, SS_EINPUT, "the finite solver's tolerance must be > 0 (got %g)",
                            tol);
    if (g->n == 1) {
        one_player_best(g, sigma);
        return SS_OK;
    }
    work w;
    ss_status st = work_init(&w, g, err);
    if (st != SS_OK)
        return st;
    normalize(&w);
    /* The path follows the game with every payoff moved by at most 10^-7 of
     * its player's range (a fixed pseudo-random pattern): in a symmetric or
     * otherwise degenerate game the principal branch can meet a bifurcation
     * point, where it cannot be followed; a generic game's does not. The
     * equilibrium is solved for, and its regret checked, in the game itself. */
    ss_nfg moved = *g;
    moved.payoff = malloc(g->profiles * g->n * sizeof *moved.payoff);
    if (!moved.payoff) {
        work_free(&w);
        return ss_error_set(err, SS_ENOMEM, "out of memory for a finite game's solver");
    }
    uint64_t x = 0x2545f4914f6cdd1du; /* fixed: the same path every run */
    for (size_t r = 0; r < g->profiles * g->n; r++) {
        x = x * 6364136223846793005u + 1442695040888963407u;
        double u = (double)(x >> 11) * 0x1p-53 - 0.5;
        moved.payoff[r] = g->payoff[r] + 2e-7 * u / w.scale[r % g->n];
    }
    w.g = &moved;
    st = trace(&w, -1, tol, sigma, err);
    free(moved.payoff);
    work_free(&w);
    return st;
}

ss_status ss_nfg_qre(const ss_nfg *g, double lambda, double *sigma, ss_error *err)
{
    if (!(lambda >= 0) || !isfinite(lambda))
        return ss_error_set(err, SS_EINPUT, "'qre.lambda': must be >= 0 and finite (got %g)",
                            lambda);
    size_t M = ss_nfg_total(g), off[SS_NFG_MAX_PLAYERS];
    ss_nfg_offsets(g, off);
    if (lambda == 0) {
        for (size_t i = 0; i < g->n; i++)
            for (size_t j = 0; j < g->k[i]; j++)
                sigma[off[i] + j] = 1.0 / (double)g->k[i];
        return SS_OK;
    }
    if (g->n == 1) { /* no one else: the logit choice itself */
        double top = -INFINITY, sum = 0;
        for (size_t j = 0; j < M; j++)
            top = fmax(top, g->payoff[j]);
        for (size_t j = 0; j < M; j++)
            sum += sigma[j] = exp(lambda * (g->payoff[j] - top));
        for (size_t j = 0; j < M; j++)
            sigma[j] /= sum;
        return SS_OK;
    }
    work w;
    ss_status st = work_init(&w, g, err);
    if (st != SS_OK)
        return st;
    st = trace(&w, lambda, 0, sigma, err);
    work_free(&w);
    return st;
}

/* ---- support enumeration ---------------------------------------------------- */

static double binomial(size_t n, size_t k)
{
    double b = 1;
    for (size_t a = 1; a <= k; a++)
        b = b * (double)(n - k + a) / (double)a;
    return b;
}

/* Appends w->sigma to the list unless within 1e-6 of one already there. */
static ss_status keep_unique(work *w, double **list, size_t *count, size_t *cap)
{
    size_t M = w->M;
    for (size_t e = 0; e < *count; e++) {
        double d = 0;
        for (size_t r = 0; r < M; r++)
            d = fmax(d, fabs((*list)[e * M + r] - w->sigma[r]));
        if (d < 1e-6)
            return SS_OK;
    }
    if (*count == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        double *nl = realloc(*list, nc * M * sizeof **list);
        if (!nl)
            return SS_ENOMEM;
        *list = nl;
        *cap = nc;
    }
    memcpy(*list + *count * M, w->sigma, M * sizeof **list);
    (*count)++;
    return SS_OK;
}

/* The members of mask among a player's k strategies; how many. */
static size_t popcount64(uint64_t m)
{
    size_t c = 0;
    for (; m; m &= m - 1)
        c++;
    return c;
}

ss_status ss_nfg_equilibria(const ss_nfg *g, double tol, double **list, size_t *count,
                            ss_error *err)
{
    *list = NULL;
    *count = 0;
    if (!(tol > 0))
        return ss_error_set(err, SS_EINPUT, "the finite solver's tolerance must be > 0 (got %g)",
                            tol);
    double supports = 1;
    if (g->n == 2) {
        size_t lo = g->k[0] < g->k[1] ? g->k[0] : g->k[1];
        supports = 0;
        for (size_t s = 1; s <= lo; s++)
            supports += binomial(g->k[0], s) * binomial(g->k[1], s);
    } else
        for (size_t i = 0; i < g->n; i++)
            supports *= g->k[i] < 64 ? ldexp(1, (int)g->k[i]) - 1 : INFINITY;
    for (size_t i = 0; i < g->n; i++)
        if (g->k[i] > 62)
            supports = INFINITY;
    if (supports > SS_NFG_MAX_SUPPORTS)
        return ss_error_set(err, SS_EINPUT,
                            "support enumeration takes at most %u support profiles "
                            "(SS_NFG_MAX_SUPPORTS); this game has %.3g",
                            SS_NFG_MAX_SUPPORTS, supports);
    work w;
    ss_status st = work_init(&w, g, err);
    if (st != SS_OK)
        return st;
    size_t M = w.M, cap = 0;
    double *start = malloc(M * sizeof *start);
    if (!start) {
        work_free(&w);
        return ss_error_set(err, SS_ENOMEM, "out of memory for a finite game's solver");
    }
    uint64_t mask[SS_NFG_MAX_PLAYERS];
    for (size_t i = 0; i < g->n; i++)
        mask[i] = 1;
    uint64_t rng = 0x9e3779b97f4a7c15u; /* fixed: the starting points are the same every run */
    size_t starts = g->n == 2 ? 1 : 12;
    for (;;) {
        int square = g->n != 2 || popcount64(mask[0]) == popcount64(mask[1]);
        if (square) {
            for (size_t i = 0; i < g->n; i++)
                for (size_t j = 0; j < g->k[i]; j++)
                    w.in[w.off[i] + j] = (int)(mask[i] >> j & 1u);
            for (size_t a = 0; a < starts && st == SS_OK; a++) {
                for (size_t i = 0; i < g->n; i++) {
                    double sum = 0;
                    for (size_t j = 0; j < g->k[i]; j++) {
                        size_t r = w.off[i] + j;
                        double u = 1;
                        if (a > 0) {
                            rng = rng * 6364136223846793005u + 1442695040888963407u;
                            u = 0.05 + (double)(rng >> 11) * 0x1p-53;
                        }
                        start[r] = w.in[r] ? u : 0;
                        sum += start[r];
                    }
                    for (size_t j = 0; j < g->k[i]; j++)
                        start[w.off[i] + j] /= sum;
                }
                if (support_solve(&w, start, tol) == 0 &&
                    keep_unique(&w, list, count, &cap) != SS_OK)
                    st = ss_error_set(err, SS_ENOMEM, "out of memory for the equilibria");
                if (popcount64(mask[0]) == 1 && g->n > 2) {
                    int pure = 1;
                    for (size_t i = 1; i < g->n; i++)
                        pure = pure && popcount64(mask[i]) == 1;
                    if (pure)
                        break; /* one point: one start */
                }
            }
        }
        if (st != SS_OK)
            break;
        size_t i = 0;
        for (; i < g->n; i++) {
            if (++mask[i] < ((uint64_t)1 << g->k[i]))
                break;
            mask[i] = 1;
        }
        if (i == g->n)
            break;
    }
    free(start);
    work_free(&w);
    if (st != SS_OK) {
        free(*list);
        *list = NULL;
        *count = 0;
    }
    return st;
}
