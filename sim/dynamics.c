/* Dynamics over a timeline (MODEL.md section 8): events, shocks, partial
 * adjustment toward best responses in the declared order, the ratchet, and
 * the series it produces. */
#include "sanctionsim/dynamics.h"

#include "sanctionsim/keys.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/timeline.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

ss_series *ss_series_alloc(const ss_scenario *sc)
{
    size_t np = ss_timeline_periods(sc->timeline);
    if (np == 0)
        return NULL;
    ss_series *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->nperiods = np;
    s->n = sc->params.n;
    s->result = calloc(np, sizeof *s->result);
    s->fired_begin = calloc(np, sizeof *s->fired_begin);
    s->fired_end = calloc(np, sizeof *s->fired_end);
    s->observed = calloc(np * s->n, sizeof *s->observed);
    if (!s->result || !s->fired_begin || !s->fired_end || !s->observed) {
        ss_series_free(s);
        return NULL;
    }
    return s;
}

void ss_series_free(ss_series *s)
{
    if (!s)
        return;
    free(s->result);
    free(s->fired_begin);
    free(s->fired_end);
    free(s->observed);
    free(s);
}

/* A 32-bit generator seed from the user's seed and the run index (splitmix64),
 * so that run k's draws depend on nothing else (not on threads). */
static unsigned long run_seed(unsigned long seed, size_t run)
{
    uint64_t z = (uint64_t)seed + 0x9e3779b97f4a7c15ULL * ((uint64_t)run + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (unsigned long)(z & 0xffffffffUL);
}

static ss_status set_key(ss_params *p, const ss_keyref *ref, double v, ss_error *err)
{
    if (ss_key_set(p, ref, v) != 0)
        return ss_error_set(err, SS_EINPUT, "too many beliefs (at most %d)", SS_MAX_BELIEFS);
    return SS_OK;
}

ss_status ss_run(const ss_scenario *sc, const ss_run_opts *opts, ss_series *out, ss_error *err)
{
    const ss_timeline *t = sc->timeline;
    size_t np = ss_timeline_periods(t);
    if (np == 0)
        return ss_error_set(err, SS_EINPUT, "%s: the scenario has no 'timeline' section", sc->path);
    if (out->nperiods != np || out->n != sc->params.n)
        return ss_error_set(err, SS_EINPUT, "series not sized for this scenario");
    int stochastic = opts && opts->stochastic;
    gsl_rng *rng = NULL;
    if (stochastic) {
        rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!rng)
            return ss_error_set(err, SS_ENOMEM, "out of memory");
        gsl_rng_set(rng, run_seed(opts->seed, opts->run_index));
    }
    ss_status st = SS_OK;
    ss_params base = sc->params, now;
    /* priors first, in the order declared: events dated later override them */
    if (stochastic && sc->priors)
        for (size_t k = 0; k < sc->priors->n && !st; k++) {
            const ss_prior *pr = &sc->priors->items[k];
            st = set_key(&base, &pr->ref, ss_prior_quantile(pr, gsl_rng_uniform_pos(rng)), err);
        }
    double s[SS_MAX_SANCTIONERS];
    for (size_t i = 0; i < sc->params.n; i++)
        s[i] = fmin(ss_intensity_ceiling(&sc->params.sanctioner[i]), t->initial[i]);
    size_t next = 0; /* the first event not yet applied */
    for (size_t k = 0; k < np && !st; k++) {
        ss_date end;
        ss_timeline_period_end(t, k, &end);
        out->fired_begin[k] = next;
        for (; next < t->nevents && ss_date_cmp(&t->events[next].date, &end) <= 0 && !st; next++)
            for (size_t j = 0; j < t->events[next].nchanges && !st; j++) {
                const ss_change *ch = &t->events[next].changes[j];
                st = set_key(&base, &ch->ref, ch->value, err);
            }
        out->fired_end[k] = next;
        now = base;
        for (size_t j = 0; stochastic && j < t->nshocks && !st; j++) {
            const ss_shock *sh = &t->shocks[j];
            double v = ss_key_get(&base, &sh->ref) + gsl_ran_gaussian(rng, sh->sd);
            st = set_key(&now, &sh->ref, ss_param_clamp(ss_key_info(&sh->ref), v), err);
        }
        if (st)
            break;
        /* Gauss-Seidel in the declared order: a cue-taker sees its leaders' new levels */
        for (size_t o = 0; o < t->norder && !st; o++) {
            size_t i = t->order[o];
            double br;
            st = ss_best_response(&now, &sc->solver, s, i, &br, NULL, err);
            double x = s[i] + now.sanctioner[i].adjustment * (br - s[i]);
            if (x < s[i] - t->ratchet[i])
                x = s[i] - t->ratchet[i];
            s[i] = fmin(ss_intensity_ceiling(&now.sanctioner[i]), fmax(0, x)); /* [0, s_max_i] */
        }
        if (st)
            break;
        ss_evaluate(&now, &sc->solver, s, &out->result[k]);
        if (out->result[k].status == SS_ENOMEM) {
            st = ss_error_set(err, SS_ENOMEM, "out of memory");
        } else if (out->result[k].status != SS_OK) {
            char label[16];
            ss_timeline_period_label(t, k, label, sizeof label);
            st = ss_error_set(err, SS_ENUMERIC, "%s: a non-finite value in period %s", sc->path,
                              label);
        }
        for (size_t i = 0; i < sc->params.n; i++)
            out->observed[k * out->n + i] = ss_observed_index(t, i, &end);
    }
    out->events_after_end = t->nevents - next;
    gsl_rng_free(rng);
    return st;
}

double ss_series_rmse(const ss_scenario *sc, const ss_series *s, size_t i)
{
    if (!ss_observed_covers(sc->timeline, i) || s->nperiods == 0)
        return NAN;
    double sum = 0;
    for (size_t k = 0; k < s->nperiods; k++) {
        double d = s->result[k].s[i] - s->observed[k * s->n + i];
        sum += d * d;
    }
    return sqrt(sum / (double)s->nperiods);
}
