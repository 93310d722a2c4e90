/* The helpers every reader of a scenario section shares (sim/io/cfg.h): typed
 * settings, range checks, and messages that name file, line and key. */
#include "cfg.h"
#include "text.h"
#include "sanctionsim/numbers.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

ss_status ss_cfg_vfail(const ss_cfg_ctx *c, unsigned line, const char *fmt, va_list ap)
{
    char text[SS_ERRMSG_MAX];
    vsnprintf(text, sizeof text, fmt, ap);
    if (line > 0)
        return ss_error_set(c->err, SS_EINPUT, "%s:%u: %s", c->file, line, text);
    return ss_error_set(c->err, SS_EINPUT, "%s: %s", c->file, text);
}

ss_status ss_cfg_fail(const ss_cfg_ctx *c, const config_setting_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ss_status st = ss_cfg_vfail(c, at ? config_setting_source_line(at) : 0, fmt, ap);
    va_end(ap);
    return st;
}

int ss_cfg_is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

double ss_cfg_number(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        return (double)config_setting_get_int(s);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(s);
    default:
        return config_setting_get_float(s);
    }
}

const char *ss_cfg_type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "nothing";
    }
}

ss_status ss_cfg_param(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                       const ss_param_info *info, double *out)
{
    if (!ss_cfg_is_number(s))
        return ss_cfg_fail(c, s, "'%s': must be a number, not %s", key, ss_cfg_type_name(s));
    double v = ss_cfg_number(s);
    char why[128];
    if (!ss_param_check(info, v, why, sizeof why)) {
        char got[32];
        ss_format_double(v, got, sizeof got);
        return ss_cfg_fail(c, s, "'%s': %s (got %s)", key, why, got);
    }
    *out = v;
    return SS_OK;
}

ss_status ss_cfg_real(const ss_cfg_ctx *c, const config_setting_t *s, const char *key, double min,
                      double max, double *out)
{
    if (!ss_cfg_is_number(s))
        return ss_cfg_fail(c, s, "'%s': must be a number, not %s", key, ss_cfg_type_name(s));
    double v = ss_cfg_number(s);
    if (!(v >= min && v <= max)) {
        char got[32];
        ss_format_double(v, got, sizeof got);
        return ss_cfg_fail(c, s, "'%s': must be in [%g, %g] (got %s)", key, min, max, got);
    }
    *out = v;
    return SS_OK;
}

ss_status ss_cfg_string(const ss_cfg_ctx *c, const config_setting_t *s, const char *key, char *out,
                        size_t len)
{
    if (config_setting_type(s) != CONFIG_TYPE_STRING)
        return ss_cfg_fail(c, s, "'%s': must be a string, not %s", key, ss_cfg_type_name(s));
    const char *v = config_setting_get_string(s);
    if (strlen(v) >= len)
        return ss_cfg_fail(c, s, "'%s': too long (at most %zu characters)", key, len - 1);
    /* strings reach terminals, JSON and '#' lines: UTF-8 without control characters */
    unsigned long code;
    switch (ss_text_check(v, NULL, &code)) {
    case SS_TEXT_CONTROL:
        if (code < 0x80)
            return ss_cfg_fail(c, s, "'%s': control character (byte 0x%02lx) in a string", key,
                               code);
        return ss_cfg_fail(c, s, "'%s': control character (U+%04lX) in a string", key, code);
    case SS_TEXT_UTF8:
        return ss_cfg_fail(c, s, "'%s': invalid UTF-8 (byte 0x%02lx) in a string", key, code);
    case SS_TEXT_OK:
        break;
    }
    memcpy(out, v, strlen(v) + 1);
    return SS_OK;
}

ss_status ss_cfg_key(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                     ss_keyref *ref, char *name, size_t name_len)
{
    ss_status st = ss_cfg_string(c, s, key, name, name_len);
    if (st)
        return st;
    ss_error e;
    if (ss_key_parse(c->sc, name, ref, &e) != SS_OK)
        return ss_cfg_fail(c, s, "'%s': %s", key, e.message);
    return SS_OK;
}

ss_status ss_cfg_only(const ss_cfg_ctx *c, const config_setting_t *grp, const char *prefix,
                      const char *const *allowed)
{
    for (int k = 0; k < config_setting_length(grp); k++) {
        const config_setting_t *s = config_setting_get_elem(grp, (unsigned)k);
        const char *name = config_setting_name(s);
        size_t q = 0;
        while (allowed[q] && (!name || strcmp(allowed[q], name) != 0))
            q++;
        if (allowed[q])
            continue;
        char known[400];
        size_t used = 0;
        known[0] = '\0';
        for (size_t a = 0; allowed[a]; a++) {
            int w = snprintf(known + used, sizeof known - used, "%s%s", a ? ", " : "", allowed[a]);
            if (w < 0 || (size_t)w >= sizeof known - used)
                break;
            used += (size_t)w;
        }
        return ss_cfg_fail(c, s, "'%s%s%s': unknown setting (known: %s)", prefix,
                           prefix[0] ? "." : "", name ? name : "?", known);
    }
    return SS_OK;
}

ss_status ss_cfg_date(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                      int allow_day, ss_date *d)
{
    char text[32];
    ss_status st = ss_cfg_string(c, s, key, text, sizeof text);
    if (st)
        return st;
    if (ss_date_parse(text, allow_day, d) != 0)
        return ss_cfg_fail(c, s, "'%s': '%s' is not a date (%s)", key, text,
                           allow_day ? "YYYY-MM or YYYY-MM-DD" : "YYYY-MM");
    return SS_OK;
}

ss_status ss_cfg_sanctioner(const ss_cfg_ctx *c, const config_setting_t *s, const char *key,
                            size_t *index)
{
    char id[SS_ID_MAX + 8];
    ss_status st = ss_cfg_string(c, s, key, id, sizeof id);
    if (st)
        return st;
    int i = ss_scenario_sanctioner(c->sc, id);
    if (i < 0)
        return ss_cfg_fail(c, s, "'%s': no sanctioner '%s'", key, id);
    *index = (size_t)i;
    return SS_OK;
}
