/* `sanctionsim show`'s table and JSON: one walk over every number of a
 * scenario, each with its dotted key, range, meaning and origin. */
#include "sanctionsim/show_report.h"

#include "sanctionsim/keys.h"
#include "sanctionsim/numbers.h"

#include <jansson.h>
#include <string.h>

/* Where a number sits in the JSON layout. */
typedef enum place {
    PLACE_SANCTIONER,    /* sanctioners[i].params */
    PLACE_BELIEF_TARGET, /* sanctioners[i].beliefs.target (reciprocity: .reciprocity) */
    PLACE_BELIEF_PATRON, /* sanctioners[i].beliefs.patron */
    PLACE_TARGET,        /* target.params (reciprocity: .reciprocity) */
    PLACE_PATRON,        /* patron.params */
    PLACE_SOLVER         /* solver */
} place;

/* One number of the scenario. */
typedef struct row {
    place where;
    size_t i;         /* the sanctioner (PLACE_SANCTIONER, PLACE_BELIEF_*) */
    const char *name; /* key within its group; a sanctioner id for reciprocity */
    int reciprocity;  /* 1: a reciprocity entry */
    int integer;      /* 1: a whole-number solver setting */
    const char *text; /* the mode's value (then value is unused), else NULL */
    double value;
    char key[256]; /* the dotted key (--set's) */
    char range[64];
    const char *meaning;
    const char *origin;
} row;

typedef ss_status (*row_fn)(void *ctx, const row *r);

static void range_of(const ss_param_info *info, char *buf, size_t len)
{
    snprintf(buf, len, "%s%g, %g%s", info->min_open ? "(" : "[", info->min, info->max,
             info->max_open ? ")" : "]");
}

/* A row for a number of ss_params (true or believed) named by ref. */
static ss_status param_row(const ss_scenario *sc, const ss_keyref *ref, place where, size_t i,
                           row_fn fn, void *ctx)
{
    row r;
    memset(&r, 0, sizeof r);
    const ss_param_info *info = ss_key_info(ref);
    r.where = where;
    r.i = i;
    r.reciprocity = ref->part == SS_PART_RECIPROCITY;
    r.name = r.reciprocity ? sc->sanctioner[ref->index2].id : info->key;
    r.value = ss_key_get(&sc->params, ref);
    if (ref->belief) { /* the believed value, not the truth */
        for (size_t k = 0; k < sc->params.nbeliefs; k++) {
            const ss_belief *b = &sc->params.belief[k];
            if (b->holder == ref->index && b->part == ref->part && b->field == ref->field &&
                b->index2 == ref->index2)
                r.value = b->value;
        }
    }
    ss_key_name(sc, ref, r.key, sizeof r.key);
    range_of(info, r.range, sizeof r.range);
    r.meaning = info->meaning;
    ss_origin o = {ref->belief ? SS_ORIGIN_BELIEF : SS_ORIGIN_PARAM,
                   ref->part,
                   ref->index,
                   ref->field,
                   ref->belief ? ref->index2 : 0,
                   ""};
    if (!ref->belief && r.reciprocity)
        o.index = ref->index2;
    r.origin = ss_scenario_origin(sc, &o);
    return fn(ctx, &r);
}

/* Calls fn on every number of sc, in the order of the JSON layout. */
static ss_status each_row(const ss_scenario *sc, row_fn fn, void *ctx)
{
    const ss_params *p = &sc->params;
    ss_status st = SS_OK;
    for (size_t i = 0; i < p->n && !st; i++) {
        for (size_t f = 0; f < ss_sanctioner_ninfo && !st; f++) {
            ss_keyref ref = {SS_PART_SANCTIONER, i, f, 0, 0};
            st = param_row(sc, &ref, PLACE_SANCTIONER, i, fn, ctx);
        }
        for (size_t k = 0; k < p->nbeliefs && !st; k++) {
            const ss_belief *b = &p->belief[k];
            if (b->holder != i)
                continue;
            ss_keyref ref = {b->part, i, b->field, b->index2, 1};
            st = param_row(sc, &ref,
                           b->part == SS_PART_PATRON ? PLACE_BELIEF_PATRON : PLACE_BELIEF_TARGET, i,
                           fn, ctx);
        }
    }
    for (size_t f = 0; f < ss_target_ninfo && !st; f++) {
        ss_keyref ref = {SS_PART_TARGET, 0, f, 0, 0};
        st = param_row(sc, &ref, PLACE_TARGET, 0, fn, ctx);
    }
    for (size_t j = 0; j < p->n && !st; j++) {
        ss_keyref ref = {SS_PART_RECIPROCITY, 0, 0, j, 0};
        st = param_row(sc, &ref, PLACE_TARGET, 0, fn, ctx);
    }
    for (size_t f = 0; p->has_patron && f < ss_patron_ninfo && !st; f++) {
        ss_keyref ref = {SS_PART_PATRON, 0, f, 0, 0};
        st = param_row(sc, &ref, PLACE_PATRON, 0, fn, ctx);
    }
    if (st)
        return st;
    row r;
    memset(&r, 0, sizeof r);
    r.where = PLACE_SOLVER;
    r.name = "mode";
    r.text = ss_mode_name(sc->solver.mode);
    snprintf(r.key, sizeof r.key, "mode");
    snprintf(r.range, sizeof r.range, "spe, nash");
    r.meaning = "two stages (spe) or one (nash)";
    ss_origin mode = {SS_ORIGIN_MODE, SS_PART_SANCTIONER, 0, 0, 0, ""};
    r.origin = ss_scenario_origin(sc, &mode);
    st = fn(ctx, &r);
    for (size_t k = 0; k < ss_solver_nsettings && !st; k++) {
        const ss_solver_setting *set = &ss_solver_settings[k];
        memset(&r, 0, sizeof r);
        r.where = PLACE_SOLVER;
        r.name = set->key;
        r.integer = set->integer;
        r.value = ss_solver_setting_get(&sc->solver, set);
        snprintf(r.key, sizeof r.key, "solver.%s", set->key);
        snprintf(r.range, sizeof r.range, "[%g, %g]", set->min, set->max);
        r.meaning = set->meaning;
        ss_origin o = {SS_ORIGIN_SOLVER, SS_PART_SANCTIONER, 0, k, 0, ""};
        r.origin = ss_scenario_origin(sc, &o);
        st = fn(ctx, &r);
    }
    return st;
}

static void value_text(const row *r, char *buf, size_t len)
{
    if (r->text)
        snprintf(buf, len, "%s", r->text);
    else if (r->integer)
        snprintf(buf, len, "%.0f", r->value);
    else
        ss_format_double(r->value, buf, len);
}

static ss_status table_row(void *ctx, const row *r)
{
    FILE *out = ctx;
    char v[40];
    value_text(r, v, sizeof v);
    fprintf(out, "%-44s %-22s %-18s %-32s %s\n", r->key, v, r->range, r->origin, r->meaning);
    return SS_OK;
}

/* The JSON being built. */
typedef struct tree {
    json_t *root, *sanctioners, *target, *patron, *solver, *origins;
} tree;

/* The object at `name` in obj, created empty when absent (NULL: no memory). */
static json_t *member(json_t *obj, const char *name)
{
    json_t *m = json_object_get(obj, name);
    if (m)
        return m;
    m = json_object();
    return m && json_object_set_new(obj, name, m) == 0 ? m : NULL;
}

static ss_status json_row(void *ctx, const row *r)
{
    tree *t = ctx;
    json_t *at = NULL;
    switch (r->where) {
    case PLACE_SANCTIONER:
        at = member(json_array_get(t->sanctioners, r->i), "params");
        break;
    case PLACE_BELIEF_TARGET:
    case PLACE_BELIEF_PATRON:
        at = member(member(json_array_get(t->sanctioners, r->i), "beliefs"),
                    r->where == PLACE_BELIEF_TARGET ? "target" : "patron");
        break;
    case PLACE_TARGET:
        at = member(t->target, "params");
        break;
    case PLACE_PATRON:
        at = member(t->patron, "params");
        break;
    case PLACE_SOLVER:
        at = t->solver;
        break;
    }
    if (at && r->reciprocity)
        at = member(at, "reciprocity");
    json_t *v = r->text      ? json_string(r->text)
                : r->integer ? json_integer((json_int_t)r->value)
                             : json_real(r->value);
    if (!at || !v || json_object_set_new(at, r->name, v) != 0 ||
        json_object_set_new(t->origins, r->key, json_string(r->origin)) != 0)
        return SS_ENOMEM;
    return SS_OK;
}

static json_t *show_json(const ss_scenario *sc, const ss_provenance *prov)
{
    tree t;
    t.sanctioners = json_array();
    t.target = json_pack("{s:s, s:s}", "id", sc->target.id, "name", sc->target.name);
    t.patron = sc->params.has_patron
                   ? json_pack("{s:s, s:s}", "id", sc->patron.id, "name", sc->patron.name)
                   : json_null();
    t.solver = json_object();
    t.origins = json_object();
    t.root = json_pack("{s:o, s:o, s:o, s:o, s:o}", "sanctioners", t.sanctioners, "target",
                       t.target, "patron", t.patron, "solver", t.solver, "origins", t.origins);
    if (!t.root)
        return NULL;
    for (size_t i = 0; i < sc->params.n; i++) {
        json_t *s = json_pack("{s:s, s:s, s:{}, s:{}}", "id", sc->sanctioner[i].id, "name",
                              sc->sanctioner[i].name, "params", "beliefs");
        if (!s || json_array_append_new(t.sanctioners, s) != 0) {
            json_decref(t.root);
            return NULL;
        }
    }
    if (each_row(sc, json_row, &t) != SS_OK ||
        (prov &&
         json_object_set_new(t.root, "provenance", ss_provenance_json(&sc, 1, prov)) != 0)) {
        json_decref(t.root);
        return NULL;
    }
    return t.root;
}

ss_status ss_report_show(FILE *out, const ss_scenario *sc, ss_format fmt, const ss_provenance *prov)
{
    if (fmt == SS_FORMAT_JSON)
        return ss_json_write_new(out, show_json(sc, prov));
    if (fmt != SS_FORMAT_TABLE)
        return SS_EINPUT;
    ss_status st = ss_provenance_write(out, "show", &sc, 1, prov);
    if (st)
        return st;
    fprintf(out, "%-44s %-22s %-18s %-32s %s\n", "key", "value", "range", "origin", "meaning");
    st = each_row(sc, table_row, out);
    if (st)
        return st;
    return fflush(out) != 0 || ferror(out) ? SS_EIO : SS_OK;
}
