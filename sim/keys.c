/* Dotted parameter keys (`japan.beliefs.target.reciprocity.japan`): the one
 * grammar shared by --set, sweeps, scenario `set` lists and events. */
#include "sanctionsim/keys.h"

#include "sanctionsim/numbers.h"

#include <stdio.h>
#include <string.h>

/* Splits key at dots into at most `max` parts (in buf); returns the count, or
 * -1 when a part is empty or there are too many. */
static int split_key(const char *key, char *buf, size_t buflen, char **parts, int max)
{
    size_t len = strlen(key);
    if (len == 0 || len >= buflen)
        return -1;
    memcpy(buf, key, len + 1);
    int n = 0;
    char *p = buf;
    for (;;) {
        if (n == max)
            return -1;
        parts[n++] = p;
        char *dot = strchr(p, '.');
        if (!dot)
            break;
        *dot = '\0';
        p = dot + 1;
    }
    for (int k = 0; k < n; k++)
        if (parts[k][0] == '\0')
            return -1;
    return n;
}

static void list_keys(ss_part part, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t f = 0; ss_param_get(part, f); f++) {
        int w = snprintf(buf + used, len - used, "%s%s", f ? ", " : "", ss_param_get(part, f)->key);
        if (w < 0 || (size_t)w >= len - used)
            break;
        used += (size_t)w;
    }
}

static ss_status unknown_field(const char *key, const char *field, ss_part part, const char *extra,
                               ss_error *err)
{
    char known[600];
    list_keys(part, known, sizeof known);
    return ss_error_set(err, SS_EINPUT, "'%s': unknown parameter '%.40s%s' (known: %s%s)", key,
                        field, strlen(field) > 40 ? "..." : "", known, extra);
}

/* Resolves FIELD or reciprocity.SANCTIONER within the target's or patron's part. */
static ss_status follower_field(const ss_scenario *sc, const char *key, int is_target, char **rest,
                                int nrest, ss_keyref *ref, ss_error *err)
{
    if (nrest < 1)
        return ss_error_set(err, SS_EINPUT, "'%s': incomplete key", key);
    if (is_target && strcmp(rest[0], "reciprocity") == 0) {
        if (nrest != 2)
            return ss_error_set(err, SS_EINPUT,
                                "'%s': reciprocity takes a sanctioner id (reciprocity.ID)", key);
        int j = ss_scenario_sanctioner(sc, rest[1]);
        if (j < 0)
            return ss_error_set(err, SS_EINPUT, "'%s': no sanctioner '%s'", key, rest[1]);
        ref->part = SS_PART_RECIPROCITY;
        ref->field = 0;
        ref->index2 = (size_t)j;
        return SS_OK;
    }
    ss_part part = is_target ? SS_PART_TARGET : SS_PART_PATRON;
    int f = ss_param_find(part, rest[0]);
    if (f < 0)
        return unknown_field(key, rest[0], part, is_target ? ", reciprocity.ID" : "", err);
    if (nrest != 1)
        return ss_error_set(err, SS_EINPUT, "'%s': nothing may follow '%s'", key, rest[0]);
    ref->part = part;
    ref->field = (size_t)f;
    ref->index2 = 0;
    return SS_OK;
}

ss_status ss_key_parse(const ss_scenario *sc, const char *key, ss_keyref *ref, ss_error *err)
{
    char buf[256];
    char *parts[8];
    int n = split_key(key, buf, sizeof buf, parts, 8);
    if (n < 2)
        return ss_error_set(err, SS_EINPUT,
                            "'%s': malformed key (expected AGENT.PARAMETER, e.g. "
                            "japan.alliance_pressure)",
                            key);
    memset(ref, 0, sizeof *ref);
    int i = ss_scenario_sanctioner(sc, parts[0]);
    if (i >= 0) {
        ref->index = (size_t)i;
        if (strcmp(parts[1], "beliefs") == 0) {
            if (n < 4 || (strcmp(parts[2], "target") != 0 && strcmp(parts[2], "patron") != 0))
                return ss_error_set(err, SS_EINPUT,
                                    "'%s': beliefs are ID.beliefs.target.KEY or "
                                    "ID.beliefs.patron.KEY",
                                    key);
            int is_target = strcmp(parts[2], "target") == 0;
            if (!is_target && !sc->params.has_patron)
                return ss_error_set(err, SS_EINPUT, "'%s': the scenario has no patron", key);
            ref->belief = 1;
            return follower_field(sc, key, is_target, parts + 3, n - 3, ref, err);
        }
        int f = ss_param_find(SS_PART_SANCTIONER, parts[1]);
        if (f < 0)
            return unknown_field(key, parts[1], SS_PART_SANCTIONER, ", beliefs", err);
        if (n != 2)
            return ss_error_set(err, SS_EINPUT, "'%s': nothing may follow '%s'", key, parts[1]);
        ref->part = SS_PART_SANCTIONER;
        ref->field = (size_t)f;
        return SS_OK;
    }
    if (strcmp(parts[0], sc->target.id) == 0)
        return follower_field(sc, key, 1, parts + 1, n - 1, ref, err);
    if (strcmp(parts[0], "qre") == 0 &&
        !(sc->params.has_patron && strcmp(sc->patron.id, "qre") == 0)) {
        if (n != 2 || strcmp(parts[1], ss_qre_info.key) != 0)
            return ss_error_set(err, SS_EINPUT, "'%s': the QRE's one key is qre.lambda", key);
        ref->part = SS_PART_QRE;
        return SS_OK;
    }
    if (sc->params.has_patron && strcmp(parts[0], sc->patron.id) == 0)
        return follower_field(sc, key, 0, parts + 1, n - 1, ref, err);

    char agents[400];
    size_t used = 0;
    agents[0] = '\0';
    for (size_t k = 0; k < sc->params.n + 2; k++) {
        const char *id = k < sc->params.n    ? sc->sanctioner[k].id
                         : k == sc->params.n ? sc->target.id
                                             : sc->patron.id;
        if (id[0] == '\0')
            continue;
        int w = snprintf(agents + used, sizeof agents - used, "%s%s", used ? ", " : "", id);
        if (w < 0 || (size_t)w >= sizeof agents - used)
            break;
        used += (size_t)w;
    }
    return ss_error_set(err, SS_EINPUT, "'%s': no agent '%s' (agents: %s)", key, parts[0], agents);
}

const ss_param_info *ss_key_info(const ss_keyref *ref)
{
    return ss_param_get(ref->part, ref->field);
}

double ss_key_get(const ss_params *p, const ss_keyref *ref)
{
    if (ref->belief) {
        for (size_t k = 0; k < p->nbeliefs; k++) {
            const ss_belief *b = &p->belief[k];
            if (b->holder == ref->index && b->part == ref->part && b->field == ref->field &&
                b->index2 == ref->index2)
                return b->value;
        }
        return ss_param_value(p, ref->part, ref->index2, ref->field);
    }
    size_t index = ref->part == SS_PART_RECIPROCITY ? ref->index2 : ref->index;
    return ss_param_value(p, ref->part, index, ref->field);
}

int ss_key_set(ss_params *p, const ss_keyref *ref, double value)
{
    if (ref->part == SS_PART_QRE)
        p->qre_on = 1;
    if (ref->belief) {
        ss_belief b = {ref->index, ref->part, ref->field, ref->index2, value};
        return ss_params_set_belief(p, &b);
    }
    size_t index = ref->part == SS_PART_RECIPROCITY ? ref->index2 : ref->index;
    *ss_param_addr(p, ref->part, index, ref->field) = value;
    return 0;
}

ss_status ss_key_check(const ss_keyref *ref, const char *key, double value, ss_error *err)
{
    char why[128];
    if (ss_param_check(ss_key_info(ref), value, why, sizeof why))
        return SS_OK;
    char got[32];
    ss_format_double(value, got, sizeof got);
    return ss_error_set(err, SS_EINPUT, "'%s': %s (got %s)", key, why, got);
}

void ss_key_name(const ss_scenario *sc, const ss_keyref *ref, char *buf, size_t len)
{
    const char *field = ss_key_info(ref)->key;
    if (ref->part == SS_PART_QRE) {
        snprintf(buf, len, "qre.%s", field);
        return;
    }
    const char *owner = ref->part == SS_PART_SANCTIONER ? sc->sanctioner[ref->index].id
                        : ref->part == SS_PART_PATRON   ? sc->patron.id
                                                        : sc->target.id;
    const char *group = ref->part == SS_PART_PATRON ? "patron" : "target";
    if (ref->belief && ref->part == SS_PART_RECIPROCITY)
        snprintf(buf, len, "%s.beliefs.target.reciprocity.%s", sc->sanctioner[ref->index].id,
                 sc->sanctioner[ref->index2].id);
    else if (ref->belief)
        snprintf(buf, len, "%s.beliefs.%s.%s", sc->sanctioner[ref->index].id, group, field);
    else if (ref->part == SS_PART_RECIPROCITY)
        snprintf(buf, len, "%s.reciprocity.%s", owner, sc->sanctioner[ref->index2].id);
    else
        snprintf(buf, len, "%s.%s", owner, field);
}

ss_status ss_scenario_parse_assignment(const ss_scenario *sc, const char *assignment,
                                       const char *origin, ss_keyref *ref, double *value,
                                       ss_error *err)
{
    const char *eq = strchr(assignment, '=');
    char key[128]; /* the longest valid key is about 100 characters */
    if (!eq)
        return ss_error_set(err, SS_EINPUT, "%s: '%.*s%s': expected KEY=VALUE", origin, 60,
                            assignment, strlen(assignment) > 60 ? "..." : "");
    const char *k0 = assignment, *k1 = eq;
    while (*k0 == ' ' || *k0 == '\t')
        k0++;
    while (k1 > k0 && (k1[-1] == ' ' || k1[-1] == '\t'))
        k1--;
    if ((size_t)(k1 - k0) >= sizeof key)
        return ss_error_set(err, SS_EINPUT,
                            "%s: '%.40s...': key too long (%zu characters; at most %zu)", origin,
                            k0, (size_t)(k1 - k0), sizeof key - 1);
    memcpy(key, k0, (size_t)(k1 - k0));
    key[k1 - k0] = '\0';

    ss_error e;
    if (ss_key_parse(sc, key, ref, &e) != SS_OK)
        return ss_error_set(err, SS_EINPUT, "%s: %s", origin, e.message);
    if (ss_parse_double(eq + 1, value) != 0) {
        const char *v0 = eq + 1 + strspn(eq + 1, " \t");
        size_t vlen = strlen(v0);
        while (vlen > 0 && (v0[vlen - 1] == ' ' || v0[vlen - 1] == '\t'))
            vlen--;
        return ss_error_set(err, SS_EINPUT, "%s: '%s': value '%.*s%s' is not a finite number",
                            origin, key, vlen > 40 ? 40 : (int)vlen, v0, vlen > 40 ? "..." : "");
    }
    if (ss_key_check(ref, key, *value, &e) != SS_OK)
        return ss_error_set(err, SS_EINPUT, "%s: %s", origin, e.message);
    return SS_OK;
}
