/* A loaded scenario: its agents, copying and freeing it, and overrides
 * (`--set KEY=VALUE`) checked as the scenario file's own values are. */
#include "sanctionsim/scenario.h"

#include "sanctionsim/keys.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/timeline.h"

#include <stdlib.h>
#include <string.h>

int ss_scenario_sanctioner(const ss_scenario *sc, const char *id)
{
    for (size_t i = 0; i < sc->params.n; i++)
        if (strcmp(sc->sanctioner[i].id, id) == 0)
            return (int)i;
    return -1;
}

void ss_scenario_free(ss_scenario *sc)
{
    if (!sc)
        return;
    free(sc->path);
    ss_priors_free(sc->priors);
    ss_timeline_free(sc->timeline);
    free(sc);
}

ss_scenario *ss_scenario_copy(const ss_scenario *sc)
{
    ss_scenario *c = malloc(sizeof *c);
    if (!c)
        return NULL;
    *c = *sc;
    c->path = strdup(sc->path);
    c->priors = sc->priors ? ss_priors_copy(sc->priors) : NULL;
    c->timeline = sc->timeline ? ss_timeline_copy(sc->timeline) : NULL;
    if (!c->path || (sc->priors && !c->priors) || (sc->timeline && !c->timeline)) {
        ss_scenario_free(c);
        return NULL;
    }
    return c;
}

ss_status ss_scenario_assign(ss_scenario *sc, const char *assignment, const char *origin,
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

    ss_keyref ref;
    ss_error e;
    double value;
    if (ss_key_parse(sc, key, &ref, &e) != SS_OK)
        return ss_error_set(err, SS_EINPUT, "%s: %s", origin, e.message);
    if (ss_parse_double(eq + 1, &value) != 0) {
        const char *v0 = eq + 1 + strspn(eq + 1, " \t");
        size_t vlen = strlen(v0);
        while (vlen > 0 && (v0[vlen - 1] == ' ' || v0[vlen - 1] == '\t'))
            vlen--;
        return ss_error_set(err, SS_EINPUT, "%s: '%s': value '%.*s%s' is not a finite number",
                            origin, key, vlen > 40 ? 40 : (int)vlen, v0, vlen > 40 ? "..." : "");
    }
    if (ss_key_check(&ref, key, value, &e) != SS_OK)
        return ss_error_set(err, SS_EINPUT, "%s: %s", origin, e.message);
    if (ss_key_set(&sc->params, &ref, value) != 0)
        return ss_error_set(err, SS_EINPUT, "%s: '%s': too many beliefs (at most %d)", origin, key,
                            SS_MAX_BELIEFS);
    return SS_OK;
}
