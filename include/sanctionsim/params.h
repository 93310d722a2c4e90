/* The model's parameters (MODEL.md section 10) and the table that names them. */
#ifndef SANCTIONSIM_PARAMS_H
#define SANCTIONSIM_PARAMS_H

#include <stddef.h>

#define SS_MAX_SANCTIONERS 64
#define SS_MAX_BELIEFS     256
#define SS_ID_MAX          32
/* The smallest non-zero size of a parameter: below it, quotients such as
 * substitution * X / pivot_cost overflow (ss_param_check refuses it). */
#define SS_PARAM_TINY 1e-100

/* One sanctioner's parameters (role "sanctioner"). */
typedef struct ss_sanctioner {
    double exposure;          /* e: cost of own sanctions, > 0 */
    double leverage;          /* m: damage per unit intensity on the target */
    double coalition_weight;  /* w: weight in the others' reference level */
    double alliance_pressure; /* kappa: cost of falling short of the coalition */
    double norm_value;        /* beta: value of effective pressure */
    double territorial_stake; /* tau: value of the target's concession */
    double axis_fear;         /* iota: harm from the axis a p */
    double deterrence_stake;  /* delta: harm from the patron's assertiveness */
    double signal_weight;     /* d: weight in the deterrence signal */
    double engagement;        /* I: engagement offered while not sanctioning */
    double linkage;           /* l: share of engagement conditional on concession */
    double domestic_value;    /* psi: domestic value per unit intensity */
    double adjustment;        /* alpha: partial-adjustment speed (dynamics) */
    double max_intensity;     /* s_max: ceiling on s_i, (0, 1] (MODEL.md section 2) */
} ss_sanctioner;

/* The target's parameters (role "target"); reciprocity is per sanctioner. */
typedef struct ss_target {
    double island_value;                    /* v */
    double audience_cost;                   /* lambda, > 0 */
    double pivot_cost;                      /* mu, > 0 */
    double substitution;                    /* sigma, [0, 1] */
    double isolation_premium;               /* omega */
    double hedging_value;                   /* eta */
    double reciprocity[SS_MAX_SANCTIONERS]; /* r_i */
} ss_target;

/* The patron's parameters (role "patron"). */
typedef struct ss_patron {
    double base_alignment;         /* chi0 */
    double dependence_gain;        /* chi */
    double alignment_cost;         /* nu, > 0 */
    double secondary_risk;         /* zeta */
    double assertive_gain;         /* gamma */
    double assertive_cost;         /* eps, > 0 */
    double deterrence_sensitivity; /* rho */
} ss_patron;

/* What one player believes, or what is true, about the followers. */
typedef struct ss_world {
    ss_target target;
    ss_patron patron;
} ss_world;

/* Which block a parameter lives in. */
typedef enum ss_part {
    SS_PART_SANCTIONER,
    SS_PART_TARGET,
    SS_PART_RECIPROCITY, /* target reciprocity toward sanctioner `index2` */
    SS_PART_PATRON,
    SS_PART_QRE /* the game's logit QRE: `qre.lambda` (mixed.h) */
} ss_part;

/* One belief: sanctioner `holder` takes a target or patron parameter to be `value`. */
typedef struct ss_belief {
    size_t holder;
    ss_part part;  /* SS_PART_TARGET, SS_PART_RECIPROCITY or SS_PART_PATRON */
    size_t field;  /* index into the part's ss_param_info table */
    size_t index2; /* sanctioner index for reciprocity */
    double value;
} ss_belief;

/* The numeric state of a game: plain data, safe to copy by value. */
typedef struct ss_params {
    size_t n; /* number of sanctioners, 1..SS_MAX_SANCTIONERS */
    int has_patron;
    ss_sanctioner sanctioner[SS_MAX_SANCTIONERS];
    ss_world truth;
    size_t nbeliefs;
    ss_belief belief[SS_MAX_BELIEFS];
    /* `qre.lambda`: when qre_on, a solve computes the logit QRE at qre_lambda
     * instead of an equilibrium (mixed.h); set through ss_key_set. Zero: off. */
    int qre_on;
    double qre_lambda;
} ss_params;

/* Description of one numeric parameter: its scenario key and valid range. */
typedef struct ss_param_info {
    const char *key;    /* scenario key, option word and column name */
    const char *symbol; /* MODEL.md symbol */
    size_t offset;      /* offsetof in its struct */
    double min, max;    /* range; min_open / max_open make a bound strict */
    int min_open, max_open;
    int required;    /* 1: a scenario must give it */
    double fallback; /* value used when optional and absent */
    const char *meaning;
} ss_param_info;

/* The tables, one per part (reciprocity is a single entry). */
extern const ss_param_info ss_sanctioner_info[];
extern const size_t ss_sanctioner_ninfo;
extern const ss_param_info ss_target_info[];
extern const size_t ss_target_ninfo;
extern const ss_param_info ss_reciprocity_info;
extern const ss_param_info ss_patron_info[];
extern const size_t ss_patron_ninfo;
extern const ss_param_info ss_qre_info; /* `qre.lambda` */

/* Looks a key up in a part's table; returns its index or -1. */
int ss_param_find(ss_part part, const char *key);

/* The table entry of (part, field). */
const ss_param_info *ss_param_get(ss_part part, size_t field);

/* Address of a parameter inside p: sanctioner `index`'s field, the truth's
 * target or patron field, or the target's reciprocity toward sanctioner `index`. */
double *ss_param_addr(ss_params *p, ss_part part, size_t index, size_t field);

/* The value at that place, read without changing p. */
double ss_param_value(const ss_params *p, ss_part part, size_t index, size_t field);

/* Checks value against info's range. Returns 1 when valid; otherwise 0 and
 * writes "must be ..." into why (why_len bytes). */
int ss_param_check(const ss_param_info *info, double value, char *why, size_t why_len);

/* The parameter's valid range as a closed interval: open bounds nudged inward,
 * and an open lower bound of 0 raised to SS_PARAM_TINY, the smallest valid size. */
void ss_param_closed_range(const ss_param_info *info, double *lo, double *hi);

/* The valid value nearest to v (finite v): below SS_PARAM_TINY in size it
 * counts as 0, then it is clamped to ss_param_closed_range. The result always
 * passes ss_param_check. */
double ss_param_clamp(const ss_param_info *info, double v);

/* The upper end of sanctioner a's strategies, s_max (max_intensity). A value
 * outside (0, 1], which ss_param_check refuses, counts as 1 (no ceiling): a
 * zeroed ss_sanctioner built by hand, or NaN, solves as before the key
 * existed. */
double ss_intensity_ceiling(const ss_sanctioner *a);

/* Builds the world that sanctioner i believes in: the truth with i's beliefs applied. */
void ss_params_world_of(const ss_params *p, size_t i, ss_world *out);

/* Whether sanctioner i holds any belief. */
int ss_params_has_beliefs(const ss_params *p, size_t i);

/* Removes every belief of sanctioner i. */
void ss_params_clear_beliefs(ss_params *p, size_t i);

/* Sets (adds or replaces) a belief; returns 0, or -1 when the table is full. */
int ss_params_set_belief(ss_params *p, const ss_belief *b);

#endif
