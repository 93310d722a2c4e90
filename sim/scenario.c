/* A loaded scenario: its agents, copying and freeing it, and overrides
 * (`--set KEY=VALUE`) checked as the scenario file's own values are. */
#include "sanctionsim/scenario.h"

#include "sanctionsim/keys.h"
#include "sanctionsim/numbers.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/timeline.h"

#include <stdio.h>
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
    free(sc->origin);
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
    c->origin = NULL;
    c->norigins = c->origin_cap = 0;
    if (sc->norigins) {
        c->origin = malloc(sc->norigins * sizeof *c->origin);
        if (c->origin) {
            memcpy(c->origin, sc->origin, sc->norigins * sizeof *c->origin);
            c->norigins = c->origin_cap = sc->norigins;
        }
    }
    c->priors = sc->priors ? ss_priors_copy(sc->priors) : NULL;
    c->timeline = sc->timeline ? ss_timeline_copy(sc->timeline) : NULL;
    if (!c->path || (sc->norigins && !c->origin) || (sc->priors && !c->priors) ||
        (sc->timeline && !c->timeline)) {
        ss_scenario_free(c);
        return NULL;
    }
    return c;
}

static int same_number(const ss_origin *a, const ss_origin *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case SS_ORIGIN_MODE:
        return 1;
    case SS_ORIGIN_SOLVER:
        return a->field == b->field;
    case SS_ORIGIN_PARAM:
        return a->part == b->part && a->index == b->index && a->field == b->field;
    case SS_ORIGIN_BELIEF:
        break;
    }
    return a->part == b->part && a->index == b->index && a->field == b->field &&
           a->index2 == b->index2;
}

ss_status ss_scenario_set_origin(ss_scenario *sc, const ss_origin *o, const char *where,
                                 ss_error *err)
{
    ss_origin *at = NULL;
    for (size_t k = 0; k < sc->norigins && !at; k++)
        if (same_number(&sc->origin[k], o))
            at = &sc->origin[k];
    if (!at) {
        if (sc->norigins == sc->origin_cap) {
            /* doubling: a scenario records some 150 numbers, and one
             * allocation per record made loading slower (and gave the
             * allocation-failure test 150 more cases of the same path) */
            size_t cap = sc->origin_cap ? 2 * sc->origin_cap : 64;
            ss_origin *more = realloc(sc->origin, cap * sizeof *more);
            if (!more)
                return ss_error_set(err, SS_ENOMEM, "out of memory");
            sc->origin = more;
            sc->origin_cap = cap;
        }
        at = &sc->origin[sc->norigins++];
    }
    *at = *o;
    snprintf(at->where, sizeof at->where, "%s", where);
    return SS_OK;
}

const char *ss_scenario_origin(const ss_scenario *sc, const ss_origin *o)
{
    for (size_t k = 0; k < sc->norigins; k++)
        if (same_number(&sc->origin[k], o))
            return sc->origin[k].where;
    return "default";
}

ss_status ss_scenario_assign(ss_scenario *sc, const char *assignment, const char *origin,
                             ss_error *err)
{
    return ss_scenario_assign_at(sc, assignment, origin, origin, err);
}

ss_status ss_scenario_assign_at(ss_scenario *sc, const char *assignment, const char *origin,
                                const char *where, ss_error *err)
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
    ss_origin o = {ref.belief ? SS_ORIGIN_BELIEF : SS_ORIGIN_PARAM, ref.part, 0, ref.field, 0, ""};
    o.index = !ref.belief && ref.part == SS_PART_RECIPROCITY ? ref.index2 : ref.index;
    o.index2 = ref.belief ? ref.index2 : 0;
    return ss_scenario_set_origin(sc, &o, where, err);
}
