/* Parameter tables (MODEL.md section 10): key, range and meaning of every number. */
#include "sanctionsim/params.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Parameters with no natural upper bound get this sanity bound, so that no
 * product in the payoffs can overflow (the model's scale is of order 1). */
#define BIG 1e6

#define SANC(k, sym, lo, lo_open, hi, req, dflt, text)                                             \
    {                                                                                              \
#k, sym, offsetof(ss_sanctioner, k), lo, hi, lo_open, 0, req, dflt, text                   \
    }
#define TARG(k, sym, lo, lo_open, hi, text)                                                        \
    {                                                                                              \
#k, sym, offsetof(ss_target, k), lo, hi, lo_open, 0, 1, 0, text                            \
    }
#define PATR(k, sym, lo, lo_open, hi, text)                                                        \
    {                                                                                              \
#k, sym, offsetof(ss_patron, k), lo, hi, lo_open, 0, 1, 0, text                            \
    }

const ss_param_info ss_sanctioner_info[] = {
    SANC(exposure, "e", 0, 1, BIG, 1, 0, "cost of own sanctions (trade, energy, investment)"),
    SANC(leverage, "m", 0, 0, BIG, 1, 0, "damage per unit intensity on the target"),
    SANC(coalition_weight, "w", 0, 0, BIG, 1, 0, "weight in the others' reference level"),
    SANC(alliance_pressure, "kappa", 0, 0, BIG, 1, 0, "cost of falling short of the coalition"),
    SANC(norm_value, "beta", 0, 0, BIG, 1, 0, "value of effective pressure"),
    SANC(territorial_stake, "tau", 0, 0, BIG, 1, 0, "value of the target's concession c"),
    SANC(axis_fear, "iota", 0, 0, BIG, 1, 0, "harm from the axis a p"),
    SANC(deterrence_stake, "delta", 0, 0, BIG, 1, 0, "harm from the patron's assertiveness q"),
    SANC(signal_weight, "d", 0, 0, BIG, 1, 0, "weight in the deterrence signal D"),
    SANC(engagement, "I", 0, 0, BIG, 1, 0, "engagement offered while not sanctioning"),
    SANC(linkage, "l", 0, 0, 1, 0, 0, "share of engagement conditional on concession"),
    SANC(domestic_value, "psi", 0, 0, BIG, 0, 0, "domestic value per unit intensity"),
    SANC(adjustment, "alpha", 0, 1, 1, 0, 0.5, "speed of partial adjustment in dynamics"),
    SANC(max_intensity, "s_max", 0, 1, 1, 0, 1,
         "legal or political ceiling on s_i (e.g. no autonomous sanctions law)"),
};
const size_t ss_sanctioner_ninfo = sizeof ss_sanctioner_info / sizeof ss_sanctioner_info[0];

const ss_param_info ss_target_info[] = {
    TARG(island_value, "v", 0, 0, BIG, "strategic value of the islands"),
    TARG(audience_cost, "lambda", 0, 1, BIG, "domestic cost of concessions"),
    TARG(pivot_cost, "mu", 0, 1, BIG, "junior-partner cost of pivoting"),
    TARG(substitution, "sigma", 0, 0, 1, "share of sanction damage the patron offsets"),
    TARG(isolation_premium, "omega", 0, 0, BIG, "value of engagement grows with isolation"),
    TARG(hedging_value, "eta", 0, 0, BIG, "lost hedge when pivoting"),
};
const size_t ss_target_ninfo = sizeof ss_target_info / sizeof ss_target_info[0];

const ss_param_info ss_reciprocity_info = {
    "reciprocity", "r", 0, 0, BIG, 0, 0, 0, 0, "reciprocity for restraint, per sanctioner"};

const ss_param_info ss_qre_info = {
    "lambda", "lambda", 0, 0, BIG, 0, 0, 0, 0, "the logit QRE's precision (off unless set)"};

const ss_param_info ss_patron_info[] = {
    PATR(base_alignment, "chi0", -BIG, 0, BIG, "partnership value of alignment"),
    PATR(dependence_gain, "chi", 0, 0, BIG, "leverage over a dependent target"),
    PATR(alignment_cost, "nu", 0, 1, BIG, "cost of alignment"),
    PATR(secondary_risk, "zeta", 0, 0, BIG, "secondary-sanction risk"),
    PATR(assertive_gain, "gamma", -BIG, 0, BIG, "gain from assertiveness in its own seas"),
    PATR(assertive_cost, "eps", 0, 1, BIG, "cost of assertiveness"),
    PATR(deterrence_sensitivity, "rho", 0, 0, BIG, "response to the deterrence signal"),
};
const size_t ss_patron_ninfo = sizeof ss_patron_info / sizeof ss_patron_info[0];

static const ss_param_info *table_of(ss_part part, size_t *n)
{
    switch (part) {
    case SS_PART_SANCTIONER:
        *n = ss_sanctioner_ninfo;
        return ss_sanctioner_info;
    case SS_PART_TARGET:
        *n = ss_target_ninfo;
        return ss_target_info;
    case SS_PART_RECIPROCITY:
        *n = 1;
        return &ss_reciprocity_info;
    case SS_PART_PATRON:
        *n = ss_patron_ninfo;
        return ss_patron_info;
    case SS_PART_QRE:
        *n = 1;
        return &ss_qre_info;
    }
    *n = 0;
    return NULL;
}

int ss_param_find(ss_part part, const char *key)
{
    size_t n;
    const ss_param_info *t = table_of(part, &n);
    for (size_t k = 0; k < n; k++)
        if (strcmp(t[k].key, key) == 0)
            return (int)k;
    return -1;
}

const ss_param_info *ss_param_get(ss_part part, size_t field)
{
    size_t n;
    const ss_param_info *t = table_of(part, &n);
    return field < n ? &t[field] : NULL;
}

/* Where a parameter sits, in bytes: the tables above give offsetof() of each
 * member within its block, and every member is a double. One place for the
 * arithmetic, shared by the const reader and the writers. world_offset is
 * within an ss_world (target, reciprocity toward sanctioner index2, patron);
 * param_offset within ss_params. */
static size_t world_offset(ss_part part, size_t index2, size_t field)
{
    switch (part) {
    case SS_PART_TARGET:
        return offsetof(ss_world, target) + ss_target_info[field].offset;
    case SS_PART_RECIPROCITY:
        return offsetof(ss_world, target.reciprocity) + index2 * sizeof(double);
    case SS_PART_PATRON:
        return offsetof(ss_world, patron) + ss_patron_info[field].offset;
    case SS_PART_SANCTIONER:
    case SS_PART_QRE:
        break;
    }
    return (size_t)-1;
}

static size_t param_offset(ss_part part, size_t index, size_t field)
{
    if (part == SS_PART_SANCTIONER)
        return offsetof(ss_params, sanctioner) + index * sizeof(ss_sanctioner) +
               ss_sanctioner_info[field].offset;
    if (part == SS_PART_QRE)
        return offsetof(ss_params, qre_lambda);
    size_t at = world_offset(part, index, field);
    return at == (size_t)-1 ? at : offsetof(ss_params, truth) + at;
}

static double *double_at(void *block, size_t offset)
{
    // cppcheck-suppress invalidPointerCast
    return offset == (size_t)-1 ? NULL : (double *)((char *)block + offset);
}

double *ss_param_addr(ss_params *p, ss_part part, size_t index, size_t field)
{
    return double_at(p, param_offset(part, index, field));
}

double ss_param_value(const ss_params *p, ss_part part, size_t index, size_t field)
{
    // cppcheck-suppress invalidPointerCast
    return *(const double *)((const char *)p + param_offset(part, index, field));
}

int ss_param_check(const ss_param_info *info, double value, char *why, size_t why_len)
{
    if (!isfinite(value)) {
        snprintf(why, why_len, "must be a finite number");
        return 0;
    }
    int low = info->min_open ? value <= info->min : value < info->min;
    int high = info->max_open ? value >= info->max : value > info->max;
    if (low || high) {
        snprintf(why, why_len, "must be in %s%.17g, %.17g%s", info->min_open ? "(" : "[", info->min,
                 info->max, info->max_open ? ")" : "]");
        return 0;
    }
    /* a divisor near 0 overflows the follower equilibrium (1e6 / 1e-300 is
     * inf, and inf - inf is NaN): no model number is that small but 0 */
    if (value != 0 && fabs(value) < SS_PARAM_TINY) {
        if (info->min_open && info->min == 0)
            snprintf(why, why_len, "must be at least %g", SS_PARAM_TINY);
        else
            snprintf(why, why_len, "must be 0 or at least %g in absolute value", SS_PARAM_TINY);
        return 0;
    }
    return 1;
}

void ss_param_closed_range(const ss_param_info *info, double *lo, double *hi)
{
    *lo = info->min_open ? nextafter(info->min, INFINITY) : info->min;
    *hi = info->max_open ? nextafter(info->max, -INFINITY) : info->max;
    if (*lo > 0 && *lo < SS_PARAM_TINY) /* (0, ...]: the smallest valid size */
        *lo = SS_PARAM_TINY;
}

double ss_param_clamp(const ss_param_info *info, double v)
{
    double lo, hi;
    ss_param_closed_range(info, &lo, &hi);
    if (fabs(v) < SS_PARAM_TINY)
        v = 0;
    return v < lo ? lo : (v > hi ? hi : v);
}

double ss_intensity_ceiling(const ss_sanctioner *a)
{
    double hi = a->max_intensity;
    return hi > 0 && hi <= 1 ? hi : 1; /* NaN fails both tests */
}

void ss_params_world_of(const ss_params *p, size_t i, ss_world *out)
{
    *out = p->truth;
    for (size_t k = 0; k < p->nbeliefs; k++) {
        const ss_belief *b = &p->belief[k];
        if (b->holder == i)
            *double_at(out, world_offset(b->part, b->index2, b->field)) = b->value;
    }
}

int ss_params_has_beliefs(const ss_params *p, size_t i)
{
    for (size_t k = 0; k < p->nbeliefs; k++)
        if (p->belief[k].holder == i)
            return 1;
    return 0;
}

void ss_params_clear_beliefs(ss_params *p, size_t i)
{
    size_t kept = 0;
    for (size_t k = 0; k < p->nbeliefs; k++)
        if (p->belief[k].holder != i)
            p->belief[kept++] = p->belief[k];
    p->nbeliefs = kept;
}

int ss_params_set_belief(ss_params *p, const ss_belief *b)
{
    for (size_t k = 0; k < p->nbeliefs; k++) {
        ss_belief *o = &p->belief[k];
        if (o->holder == b->holder && o->part == b->part && o->field == b->field &&
            o->index2 == b->index2) {
            o->value = b->value;
            return 0;
        }
    }
    if (p->nbeliefs >= SS_MAX_BELIEFS)
        return -1;
    p->belief[p->nbeliefs++] = *b;
    return 0;
}
