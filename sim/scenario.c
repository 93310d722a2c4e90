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
    ss_keyref ref;
    double value;
    ss_status st = ss_scenario_parse_assignment(sc, assignment, origin, &ref, &value, err);
    if (st != SS_OK)
        return st;
    char key[256]; /* the key as typed: its canonical name */
    ss_key_name(sc, &ref, key, sizeof key);
    if (ss_key_set(&sc->params, &ref, value) != 0)
        return ss_error_set(err, SS_EINPUT, "%s: '%s': too many beliefs (at most %d)", origin, key,
                            SS_MAX_BELIEFS);
    return SS_OK;
}
