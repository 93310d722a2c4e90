/* Internal: what the scenario loader shares with the modules that read their
 * own top-level sections (priors, timeline, ...). Only scenario readers include it. */
#ifndef SANCTIONSIM_CFG_H
#define SANCTIONSIM_CFG_H

#include <libconfig.h>
#include <stdarg.h>

#include "sanctionsim/date.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/scenario.h"

/* Where reading stands: the scenario being filled and the file being read. */
typedef struct ss_cfg_ctx {
    ss_scenario *sc;
    const char *file;
    ss_error *err;
} ss_cfg_ctx;

/* The same with a line number (0: none) and a va_list. */
ss_status ss_cfg_vfail(const ss_cfg_ctx *c, unsigned line, const char *fmt, va_list ap);

/* Fills c->err with "FILE:LINE: message" (line of `at`; no line when NULL);
 * returns SS_EINPUT. */
ss_status ss_cfg_fail(const ss_cfg_ctx *c, const config_setting_t *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int ss_cfg_is_number(const config_setting_t *s);
double ss_cfg_number(const config_setting_t *s);
/* "a group", "a string", ...: for messages. */
const char *ss_cfg_type_name(const config_setting_t *s);

/* A string setting copied into out (len bytes); errors name `key`. */
ss_status ss_cfg_string(const ss_cfg_ctx *c, const config_setting_t *s, const char *key, char *out,
                        size_t len);

/* A number checked against [min, max]; errors name `key`. */
ss_status ss_cfg_real(const ss_cfg_ctx *c, const config_setting_t *s, const char *key, double min,
                      double max, double *out);

/* A numeric model parameter checked against its table entry. */
ss_status ss_cfg_param(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                       const ss_param_info *info, double *out);

/* A string holding a dotted parameter key, parsed against the scenario. */
ss_status ss_cfg_key(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                     ss_keyref *ref, char *name, size_t name_len);

/* Fails on the first member of group `grp` not in `allowed` (NULL-terminated);
 * `prefix` names the group in the message. */
ss_status ss_cfg_only(const ss_cfg_ctx *c, const config_setting_t *grp, const char *prefix,
                      const char *const *allowed);

/* A date setting ("YYYY-MM", or also "YYYY-MM-DD" when allow_day); errors name key. */
ss_status ss_cfg_date(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                      int allow_day, ss_date *d);

/* A string naming a sanctioner id; errors name key. */
ss_status ss_cfg_sanctioner(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                            size_t *index);

/* The scenario's timeline, created empty on first use (NULL when out of
 * memory): the `timeline` and `observed` sections both fill it. */
struct ss_timeline *ss_cfg_timeline(const ss_cfg_ctx *c);

/* A top-level section another module reads: `read` fills c->sc (replacing what
 * a base file set). Registered in sim/io/sections.c. */
typedef struct ss_cfg_section {
    const char *key;
    ss_status (*read)(const ss_cfg_ctx *c, const config_setting_t *s);
} ss_cfg_section;

extern const ss_cfg_section ss_cfg_sections[];

/* The section readers (sim/io/read_*.c). */
ss_status ss_cfg_read_priors(const ss_cfg_ctx *c, const config_setting_t *s);
ss_status ss_cfg_read_timeline(const ss_cfg_ctx *c, const config_setting_t *s);
ss_status ss_cfg_read_observed(const ss_cfg_ctx *c, const config_setting_t *s);

#endif
