/* Scenario files: the loader, its `base` chain and the agents; the other
 * top-level sections are read by sim/io/read_*.c (sections.c lists them).
 * libconfig is seen only here, in sim/io/. Strict validation, every error as
 * "FILE:LINE: 'KEY': problem" (STYLE.md). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "sanctionsim/scenario_load.h"
#include "cfg.h"
#include "sanctionsim/keys.h"
#include "sanctionsim/priors.h"
#include "sanctionsim/timeline.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct loader {
    ss_cfg_ctx c; /* the scenario, the file being read, the error */
    struct sha256_ctx sha;
    struct {
        dev_t dev;
        ino_t ino;
    } chain[SS_MAX_BASE_DEPTH + 1]; /* the files being read, outermost first: cycles */
    int nchain;
} loader;

#define FAIL(ld, line, ...) fail_at(ld, line, __VA_ARGS__)

static ss_status fail_at(loader *ld, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ss_status fail_at(loader *ld, unsigned line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ss_status st = ss_cfg_vfail(&ld->c, line, fmt, ap);
    va_end(ap);
    return st;
}

static unsigned line_of(const config_setting_t *s)
{
    return config_setting_source_line(s);
}

/* libconfig 1.5 reads an integer literal with atoi/strtoul and keeps the low
 * bits: 4294967295 becomes -1, a valid value for some keys. It also recurses
 * (bison stack, then teardown) on nesting. So before parsing, a lexical pass
 * over the text (strings and comments skipped) rejects integers that do not
 * fit, nesting deeper than SS_MAX_NESTING and over-long setting names. */
#define SS_MAX_NESTING  32
#define SS_MAX_NAME_LEN 64

static int is_name_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '-' || ch == '*';
}

/* Checks one number starting at *pp (a digit, or a sign then a digit), moves
 * *pp past it; returns 0, or -1 when it is an integer libconfig would wrap. */
static int scan_number(const char **pp)
{
    const char *start = *pp, *p = start;
    if (*p == '-' || *p == '+')
        p++;
    int hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2]);
    if (hex) {
        p += 2;
        while (isxdigit((unsigned char)*p))
            p++;
    } else {
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.' || *p == 'e' || *p == 'E') { /* a float: strtod, checked later */
            while (isalnum((unsigned char)*p) || *p == '.' ||
                   ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
                p++;
            *pp = p;
            return 0;
        }
    }
    int wide = *p == 'L';
    while (*p == 'L')
        p++;
    *pp = p;
    errno = 0;
    if (hex) {
        unsigned long long v = strtoull(start, NULL, 16);
        return errno == ERANGE || v > (wide ? (unsigned long long)LLONG_MAX : INT_MAX) ? -1 : 0;
    }
    long long v = strtoll(start, NULL, 10);
    if (errno == ERANGE)
        return -1;
    return !wide && (v < INT_MIN || v > INT_MAX) ? -1 : 0;
}

static ss_status prescan(loader *ld, const char *path, const char *text)
{
    unsigned line = 1;
    int depth = 0;
    for (const char *p = text; *p;) {
        if (*p == '\n') {
            line++;
            p++;
        } else if (*p == '"') { /* a string; libconfig reports an unterminated one */
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && p[1])
                    p++;
                line += *p == '\n';
            }
            p += *p == '"';
        } else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
                line += *p == '\n';
            p += *p ? 2 : 0;
        } else if (isalpha((unsigned char)*p) || *p == '*') {
            const char *start = p;
            while (is_name_char(*p))
                p++;
            if (p - start > SS_MAX_NAME_LEN)
                return ss_error_set(ld->c.err, SS_EINPUT,
                                    "%s:%u: setting name '%.20s...' too long (at most %d "
                                    "characters)",
                                    path, line, start, SS_MAX_NAME_LEN);
        } else if (isdigit((unsigned char)*p) ||
                   ((*p == '-' || *p == '+') && isdigit((unsigned char)p[1]))) {
            const char *start = p;
            if (scan_number(&p) != 0)
                return ss_error_set(ld->c.err, SS_EINPUT,
                                    "%s:%u: integer '%.*s' out of range (at most %d, or %lld "
                                    "with an L suffix; write larger numbers as 1e10)",
                                    path, line, (int)(p - start > 40 ? 40 : p - start), start,
                                    INT_MAX, LLONG_MAX);
        } else if (*p == '.' && isdigit((unsigned char)p[1])) {
            p++;
            while (isalnum((unsigned char)*p) || *p == '.' ||
                   ((*p == '-' || *p == '+') && (p[-1] == 'e' || p[-1] == 'E')))
                p++;
        } else {
            if (*p == '{' || *p == '(' || *p == '[') {
                if (++depth > SS_MAX_NESTING)
                    return ss_error_set(ld->c.err, SS_EINPUT,
                                        "%s:%u: nesting deeper than %d levels", path, line,
                                        SS_MAX_NESTING);
            } else if (*p == '}' || *p == ')' || *p == ']') {
                depth--;
            }
            p++;
        }
    }
    return SS_OK;
}

/* Opens a scenario file: regular files only, so that a FIFO, a device or a
 * directory can neither hang nor flood the loader. Records its identity. */
static ss_status open_regular(loader *ld, const char *path, const char *shown, FILE **out)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return ss_error_set(ld->c.err, SS_EINPUT, "%s: cannot open: %s", shown, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return ss_error_set(ld->c.err, SS_EINPUT, "%s: not a regular file", shown);
    }
    if (st.st_size > (off_t)SS_MAX_FILE_BYTES) {
        close(fd);
        return ss_error_set(ld->c.err, SS_EINPUT, "%s: file too large (over %u bytes)", shown,
                            SS_MAX_FILE_BYTES);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return ss_error_set(ld->c.err, SS_ENOMEM, "%s: out of memory", shown);
    }
    ld->chain[ld->nchain].dev = st.st_dev;
    ld->chain[ld->nchain].ino = st.st_ino;
    *out = f;
    return SS_OK;
}

/* Reads a whole text file (at most SS_MAX_FILE_BYTES) into a NUL-terminated
 * buffer; `path` is opened, `shown` names it in messages. */
static ss_status read_text(loader *ld, const char *path, const char *shown, char **out)
{
    FILE *f = NULL;
    ss_status st = open_regular(ld, path, shown, &f);
    if (st)
        return st;
    /* one byte more than the limit tells a file that grew too large */
    size_t cap = 4096, len = 0, limit = (size_t)SS_MAX_FILE_BYTES + 1;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return ss_error_set(ld->c.err, SS_ENOMEM, "%s: out of memory", shown);
    }
    for (;;) {
        if (len + 1 >= cap && cap < limit + 1) {
            size_t want = cap * 2 < limit + 1 ? cap * 2 : limit + 1;
            char *bigger = realloc(buf, want);
            if (!bigger) {
                free(buf);
                fclose(f);
                return ss_error_set(ld->c.err, SS_ENOMEM, "%s: out of memory", shown);
            }
            buf = bigger;
            cap = want;
        }
        size_t got = cap - 1 > len ? fread(buf + len, 1, cap - 1 - len, f) : 0;
        len += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad || len > SS_MAX_FILE_BYTES) {
        free(buf);
        if (bad)
            return ss_error_set(ld->c.err, SS_EINPUT, "%s: read error", shown);
        return ss_error_set(ld->c.err, SS_EINPUT, "%s: file too large (over %u bytes)", shown,
                            SS_MAX_FILE_BYTES);
    }
    buf[len] = '\0';
    /* The hash covers the chain's files outermost first, each framed by its
     * length (8 bytes, big-endian): without the frame, moving a line from one
     * file to the next, which can change the scenario, would not change it. */
    uint8_t frame[8];
    for (int k = 0; k < 8; k++)
        frame[k] = (uint8_t)((uint64_t)len >> (8 * (7 - k)));
    sha256_update(&ld->sha, sizeof frame, frame);
    sha256_update(&ld->sha, len, (const uint8_t *)buf);
    /* A NUL byte means binary junk; libconfig would silently stop there. */
    if (strlen(buf) != len) {
        unsigned line = 1;
        for (size_t k = 0; k < strlen(buf); k++)
            line += buf[k] == '\n';
        free(buf);
        return ss_error_set(ld->c.err, SS_EINPUT, "%s:%u: not a text file (NUL byte)", shown, line);
    }
    /* @include is off: a scenario may only build on another one in its own
     * directory, through `base` (docs/security.md). */
    unsigned line = 1;
    for (const char *p = buf; *p; line++) {
        const char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (strncmp(q, "@include", 8) == 0) {
            free(buf);
            return ss_error_set(ld->c.err, SS_EINPUT,
                                "%s:%u: '@include': not allowed in scenarios (use base = \"FILE\")",
                                shown, line);
        }
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
    }
    if ((st = prescan(ld, shown, buf)) != SS_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    return SS_OK;
}

static ss_status read_param(loader *ld, const config_setting_t *s, const char *key,
                            const ss_param_info *info, double *out)
{
    return ss_cfg_param(&ld->c, s, key, info, out);
}

/* Records that setting s (in the file being read) set the number o names. */
static ss_status note(loader *ld, const config_setting_t *s, ss_origin_kind kind, ss_part part,
                      size_t index, size_t field, size_t index2)
{
    ss_origin o = {kind, part, index, field, index2, ""};
    char where[SS_WHERE_MAX];
    snprintf(where, sizeof where, "%s:%u", ld->c.file, line_of(s));
    return ss_scenario_set_origin(ld->c.sc, &o, where, ld->c.err);
}

static ss_status read_string(loader *ld, const config_setting_t *s, const char *key, char *out,
                             size_t len)
{
    return ss_cfg_string(&ld->c, s, key, out, len);
}

static int valid_id(const char *id)
{
    static const char *reserved[] = {"beliefs", "reciprocity", "target", "patron", "solver"};
    if (!(id[0] >= 'a' && id[0] <= 'z'))
        return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    for (size_t k = 0; k < sizeof reserved / sizeof *reserved; k++)
        if (strcmp(id, reserved[k]) == 0)
            return 0;
    return 1;
}

typedef enum role { ROLE_SANCTIONER, ROLE_TARGET, ROLE_PATRON } role;

/* Reads a group of follower parameters (target or patron, true or believed). */
static ss_status read_follower_group(loader *ld, const config_setting_t *grp, const char *prefix,
                                     int is_target, int belief_of, ss_world *truth)
{
    ss_scenario *sc = ld->c.sc;
    ss_part part = is_target ? SS_PART_TARGET : SS_PART_PATRON;
    for (int k = 0; k < config_setting_length(grp); k++) {
        const config_setting_t *s = config_setting_get_elem(grp, (unsigned)k);
        const char *name = config_setting_name(s);
        char key[160];
        snprintf(key, sizeof key, "%s.%s", prefix, name);
        if (is_target && strcmp(name, "reciprocity") == 0) {
            if (config_setting_type(s) != CONFIG_TYPE_GROUP)
                return FAIL(ld, line_of(s), "'%s': must be a group { SANCTIONER = VALUE; ... }",
                            key);
            for (int r = 0; r < config_setting_length(s); r++) {
                const config_setting_t *e = config_setting_get_elem(s, (unsigned)r);
                char rkey[200];
                snprintf(rkey, sizeof rkey, "%s.%s", key, config_setting_name(e));
                int j = ss_scenario_sanctioner(sc, config_setting_name(e));
                if (j < 0)
                    return FAIL(ld, line_of(e), "'%s': no sanctioner '%s'", rkey,
                                config_setting_name(e));
                double v;
                ss_status st = read_param(ld, e, rkey, &ss_reciprocity_info, &v);
                if (!st)
                    st = belief_of < 0
                             ? note(ld, e, SS_ORIGIN_PARAM, SS_PART_RECIPROCITY, (size_t)j, 0, 0)
                             : note(ld, e, SS_ORIGIN_BELIEF, SS_PART_RECIPROCITY, (size_t)belief_of,
                                    0, (size_t)j);
                if (st)
                    return st;
                if (belief_of < 0) {
                    truth->target.reciprocity[j] = v;
                } else {
                    ss_belief b = {(size_t)belief_of, SS_PART_RECIPROCITY, 0, (size_t)j, v};
                    if (ss_params_set_belief(&sc->params, &b))
                        return FAIL(ld, line_of(e), "'%s': too many beliefs", rkey);
                }
            }
            continue;
        }
        int f = ss_param_find(part, name);
        if (f < 0) {
            if (belief_of < 0 &&
                (strcmp(name, "id") == 0 || strcmp(name, "role") == 0 || strcmp(name, "name") == 0))
                continue;
            return FAIL(ld, line_of(s), "'%s': unknown parameter for a %s", key,
                        is_target ? "target" : "patron");
        }
        double v;
        ss_status st = read_param(ld, s, key, ss_param_get(part, (size_t)f), &v);
        if (!st)
            st = belief_of < 0
                     ? note(ld, s, SS_ORIGIN_PARAM, part, 0, (size_t)f, 0)
                     : note(ld, s, SS_ORIGIN_BELIEF, part, (size_t)belief_of, (size_t)f, 0);
        if (st)
            return st;
        if (belief_of < 0) {
            *ss_param_addr(&sc->params, part, 0, (size_t)f) = v;
        } else {
            ss_belief b = {(size_t)belief_of, part, (size_t)f, 0, v};
            if (ss_params_set_belief(&sc->params, &b))
                return FAIL(ld, line_of(s), "'%s': too many beliefs", key);
        }
    }
    if (belief_of >= 0)
        return SS_OK;
    /* every follower parameter is required */
    for (size_t f = 0; ss_param_get(part, f); f++)
        if (!config_setting_get_member(grp, ss_param_get(part, f)->key))
            return FAIL(ld, line_of(grp), "'%s.%s': missing required parameter", prefix,
                        ss_param_get(part, f)->key);
    return SS_OK;
}

static ss_status read_beliefs(loader *ld, const config_setting_t *s, size_t holder)
{
    ss_scenario *sc = ld->c.sc;
    char key[96];
    snprintf(key, sizeof key, "%s.beliefs", sc->sanctioner[holder].id);
    if (config_setting_type(s) != CONFIG_TYPE_GROUP)
        return FAIL(ld, line_of(s), "'%s': must be a group { target = {...}; patron = {...}; }",
                    key);
    for (int k = 0; k < config_setting_length(s); k++) {
        const config_setting_t *g = config_setting_get_elem(s, (unsigned)k);
        const char *name = config_setting_name(g);
        char sub[128];
        snprintf(sub, sizeof sub, "%s.%s", key, name);
        int is_target = strcmp(name, "target") == 0;
        if (!is_target && strcmp(name, "patron") != 0)
            return FAIL(ld, line_of(g), "'%s': beliefs are about 'target' or 'patron'", sub);
        if (!is_target && !sc->params.has_patron)
            return FAIL(ld, line_of(g), "'%s': the scenario has no patron", sub);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP)
            return FAIL(ld, line_of(g), "'%s': must be a group", sub);
        ss_status st = read_follower_group(ld, g, sub, is_target, (int)holder, NULL);
        if (st)
            return st;
    }
    return SS_OK;
}

static ss_status read_sanctioner(loader *ld, const config_setting_t *grp, size_t i)
{
    ss_scenario *sc = ld->c.sc;
    const char *id = sc->sanctioner[i].id;
    for (size_t f = 0; f < ss_sanctioner_ninfo; f++)
        *ss_param_addr(&sc->params, SS_PART_SANCTIONER, i, f) = ss_sanctioner_info[f].fallback;
    const config_setting_t *beliefs = NULL;
    for (int k = 0; k < config_setting_length(grp); k++) {
        const config_setting_t *s = config_setting_get_elem(grp, (unsigned)k);
        const char *name = config_setting_name(s);
        char key[160];
        snprintf(key, sizeof key, "%s.%s", id, name);
        if (strcmp(name, "id") == 0 || strcmp(name, "role") == 0 || strcmp(name, "name") == 0)
            continue;
        if (strcmp(name, "beliefs") == 0) {
            beliefs = s;
            continue;
        }
        int f = ss_param_find(SS_PART_SANCTIONER, name);
        if (f < 0)
            return FAIL(ld, line_of(s), "'%s': unknown parameter for a sanctioner", key);
        ss_status st = read_param(ld, s, key, &ss_sanctioner_info[f],
                                  ss_param_addr(&sc->params, SS_PART_SANCTIONER, i, (size_t)f));
        if (!st)
            st = note(ld, s, SS_ORIGIN_PARAM, SS_PART_SANCTIONER, i, (size_t)f, 0);
        if (st)
            return st;
    }
    for (size_t f = 0; f < ss_sanctioner_ninfo; f++)
        if (ss_sanctioner_info[f].required &&
            !config_setting_get_member(grp, ss_sanctioner_info[f].key))
            return FAIL(ld, line_of(grp), "'%s.%s': missing required parameter", id,
                        ss_sanctioner_info[f].key);
    return beliefs ? read_beliefs(ld, beliefs, i) : SS_OK;
}

/* First pass over `agents`: ids, roles and names, so that later references
 * (reciprocity, beliefs) may name agents declared further down. */
static ss_status read_roster(loader *ld, const config_setting_t *agents, role *roles)
{
    ss_scenario *sc = ld->c.sc;
    int targets = 0, patrons = 0;
    size_t n = 0;
    if (config_setting_type(agents) != CONFIG_TYPE_LIST)
        return FAIL(ld, line_of(agents), "'agents': must be a list of groups ( {...}, {...} )");
    int count = config_setting_length(agents);
    char seen[SS_MAX_SANCTIONERS + 2][SS_ID_MAX + 1];
    int nseen = 0;
    for (int k = 0; k < count; k++) {
        const config_setting_t *g = config_setting_get_elem(agents, (unsigned)k);
        char where[48];
        snprintf(where, sizeof where, "agents[%d]", k);
        if (config_setting_type(g) != CONFIG_TYPE_GROUP)
            return FAIL(ld, line_of(g), "'%s': must be a group { id = ...; role = ...; }", where);
        const config_setting_t *id = config_setting_get_member(g, "id");
        const config_setting_t *rl = config_setting_get_member(g, "role");
        if (!id)
            return FAIL(ld, line_of(g), "'%s.id': missing", where);
        char idbuf[SS_ID_MAX + 1], rolebuf[32], key[80];
        snprintf(key, sizeof key, "%s.id", where);
        ss_status st = read_string(ld, id, key, idbuf, sizeof idbuf);
        if (st)
            return st;
        if (!valid_id(idbuf))
            return FAIL(ld, line_of(id),
                        "'%s': id '%s' must be lower-case letters, digits and '_', start with a "
                        "letter, and not be a reserved word",
                        key, idbuf);
        for (int q = 0; q < nseen; q++)
            if (strcmp(seen[q], idbuf) == 0)
                return FAIL(ld, line_of(id), "'%s': duplicate id '%s' (also agents[%d])", key,
                            idbuf, q);
        if (!rl)
            return FAIL(ld, line_of(g), "'%s.role': missing", idbuf);
        snprintf(key, sizeof key, "%s.role", idbuf);
        st = read_string(ld, rl, key, rolebuf, sizeof rolebuf);
        if (st)
            return st;
        role r;
        ss_agent_names *names;
        if (strcmp(rolebuf, "sanctioner") == 0) {
            if (n >= SS_MAX_SANCTIONERS)
                return FAIL(ld, line_of(g), "'%s': too many sanctioners (at most %d)", idbuf,
                            SS_MAX_SANCTIONERS);
            r = ROLE_SANCTIONER;
            names = &sc->sanctioner[n++];
        } else if (strcmp(rolebuf, "target") == 0) {
            if (targets++)
                return FAIL(ld, line_of(rl), "'%s': a second target (there must be exactly one)",
                            key);
            r = ROLE_TARGET;
            names = &sc->target;
        } else if (strcmp(rolebuf, "patron") == 0) {
            if (patrons++)
                return FAIL(ld, line_of(rl), "'%s': a second patron (there may be at most one)",
                            key);
            r = ROLE_PATRON;
            names = &sc->patron;
        } else {
            return FAIL(ld, line_of(rl),
                        "'%s': unknown role '%s' (roles: sanctioner, target, patron)", key,
                        rolebuf);
        }
        roles[k] = r;
        memcpy(seen[nseen++], idbuf, sizeof idbuf);
        memcpy(names->id, idbuf, sizeof idbuf);
        const config_setting_t *nm = config_setting_get_member(g, "name");
        snprintf(key, sizeof key, "%s.name", idbuf);
        if (nm) {
            st = read_string(ld, nm, key, names->name, sizeof names->name);
            if (st)
                return st;
        } else {
            memcpy(names->name, idbuf, sizeof idbuf);
        }
    }
    if (n == 0)
        return FAIL(ld, line_of(agents), "'agents': no sanctioner (there must be at least one)");
    if (!targets)
        return FAIL(ld, line_of(agents), "'agents': no target (there must be exactly one)");
    sc->params.n = n;
    sc->params.has_patron = patrons;
    return SS_OK;
}

static ss_status read_agents(loader *ld, const config_setting_t *agents)
{
    role roles[SS_MAX_SANCTIONERS + 2];
    ss_scenario *sc = ld->c.sc;
    if (config_setting_type(agents) == CONFIG_TYPE_LIST &&
        config_setting_length(agents) > SS_MAX_SANCTIONERS + 2)
        return FAIL(ld, line_of(agents), "'agents': too many agents (%d; at most %d)",
                    config_setting_length(agents), SS_MAX_SANCTIONERS + 2);
    ss_status st = read_roster(ld, agents, roles);
    if (st)
        return st;
    size_t i = 0;
    for (int k = 0; k < config_setting_length(agents); k++) {
        const config_setting_t *g = config_setting_get_elem(agents, (unsigned)k);
        if (roles[k] == ROLE_SANCTIONER)
            st = read_sanctioner(ld, g, i++);
        else
            st = read_follower_group(ld, g, roles[k] == ROLE_TARGET ? sc->target.id : sc->patron.id,
                                     roles[k] == ROLE_TARGET, -1, &sc->params.truth);
        if (st)
            return st;
    }
    return SS_OK;
}

/* `solver = {...}`: the settings, names and ranges of ss_solver_settings. */
static ss_status read_solver(loader *ld, const config_setting_t *grp)
{
    ss_solver_opts *o = &ld->c.sc->solver;
    if (config_setting_type(grp) != CONFIG_TYPE_GROUP)
        return FAIL(ld, line_of(grp), "'solver': must be a group { tolerance = ...; ... }");
    const char *known[32];
    size_t nknown = 0;
    while (nknown < ss_solver_nsettings && nknown + 1 < sizeof known / sizeof *known) {
        known[nknown] = ss_solver_settings[nknown].key;
        nknown++;
    }
    known[nknown] = NULL;
    ss_status st = ss_cfg_only(&ld->c, grp, "solver", known);
    if (st)
        return st;
    for (int k = 0; k < config_setting_length(grp); k++) {
        const config_setting_t *s = config_setting_get_elem(grp, (unsigned)k);
        const char *name = config_setting_name(s);
        int q = ss_solver_setting_find(name);
        if (q < 0)
            return FAIL(ld, line_of(s), "'solver.%s': unknown setting", name);
        const ss_solver_setting *set = &ss_solver_settings[q];
        int t = config_setting_type(s);
        if (!ss_cfg_is_number(s) || (set->integer && t == CONFIG_TYPE_FLOAT))
            return FAIL(ld, line_of(s), "'solver.%s': must be %s, not %s", name,
                        set->integer ? "an integer" : "a number", ss_cfg_type_name(s));
        double v = ss_cfg_number(s);
        ss_error e;
        if (ss_solver_setting_check(set, v, &e) != SS_OK)
            return FAIL(ld, line_of(s), "%s", e.message);
        ss_solver_setting_set(o, set, v);
        if ((st = note(ld, s, SS_ORIGIN_SOLVER, SS_PART_SANCTIONER, 0, (size_t)q, 0)) != SS_OK)
            return st;
    }
    return SS_OK;
}

/* `clear = ["japan.beliefs"]`: drop what a base file set. */
static ss_status read_clear(loader *ld, const config_setting_t *list)
{
    if (config_setting_type(list) != CONFIG_TYPE_ARRAY &&
        config_setting_type(list) != CONFIG_TYPE_LIST)
        return FAIL(ld, line_of(list), "'clear': must be a list of strings [\"ID.beliefs\", ...]");
    for (int k = 0; k < config_setting_length(list); k++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)k);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return FAIL(ld, line_of(e), "'clear': entries must be strings, not %s",
                        ss_cfg_type_name(e));
        const char *what = config_setting_get_string(e);
        const char *dot = strchr(what, '.');
        char id[SS_ID_MAX + 1];
        size_t len = dot ? (size_t)(dot - what) : 0;
        if (!dot || strcmp(dot, ".beliefs") != 0 || len == 0 || len > SS_ID_MAX)
            return FAIL(ld, line_of(e), "'clear': '%s': only ID.beliefs can be cleared", what);
        memcpy(id, what, len);
        id[len] = '\0';
        int i = ss_scenario_sanctioner(ld->c.sc, id);
        if (i < 0)
            return FAIL(ld, line_of(e), "'clear': '%s': no sanctioner '%s'", what, id);
        ss_params_clear_beliefs(&ld->c.sc->params, (size_t)i);
    }
    return SS_OK;
}

/* `set = ["japan.alliance_pressure = 3"]`: the same assignments as --set. */
static ss_status read_set(loader *ld, const config_setting_t *list)
{
    if (config_setting_type(list) != CONFIG_TYPE_ARRAY &&
        config_setting_type(list) != CONFIG_TYPE_LIST)
        return FAIL(ld, line_of(list), "'set': must be a list of strings [\"KEY = VALUE\", ...]");
    for (int k = 0; k < config_setting_length(list); k++) {
        const config_setting_t *e = config_setting_get_elem(list, (unsigned)k);
        if (config_setting_type(e) != CONFIG_TYPE_STRING)
            return FAIL(ld, line_of(e), "'set': entries must be strings, not %s",
                        ss_cfg_type_name(e));
        char origin[SS_ERRMSG_MAX / 2], where[SS_WHERE_MAX];
        snprintf(origin, sizeof origin, "%s:%u: 'set'", ld->c.file, line_of(e));
        snprintf(where, sizeof where, "%s:%u", ld->c.file, line_of(e));
        ss_status st =
            ss_scenario_assign_at(ld->c.sc, config_setting_get_string(e), origin, where, ld->c.err);
        if (st)
            return st;
    }
    return SS_OK;
}

static const char *const top_keys[] = {"base",   "name",   "description", "mode",
                                       "solver", "agents", "set",         "clear"};
#define NTOP (sizeof top_keys / sizeof *top_keys)

static ss_status load_file(loader *ld, const char *path, const char *shown, int depth);

/* A base is a plain file name: no directories, no leading dot or dash, no
 * control characters (it is echoed in messages). */
static int valid_base_name(const char *base)
{
    if (base[0] == '\0' || base[0] == '.' || base[0] == '-')
        return 0;
    for (const char *p = base; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '.' || *p == '_' || *p == '-' || *p == '+'))
            return 0;
    return 1;
}

/* Whether resolved path `file` lies directly in resolved directory `dir`. */
static int directly_in(const char *file, const char *dir)
{
    size_t n = strlen(dir);
    if (strcmp(dir, "/") == 0)
        n = 0;
    else if (strncmp(file, dir, n) != 0)
        return 0;
    return file[n] == '/' && file[n + 1] != '\0' && !strchr(file + n + 1, '/');
}

/* `base = "FILE"`: FILE must be a file directly in the directory of the file
 * naming it, also once symbolic links are resolved (docs/security.md). */
static ss_status read_base(loader *ld, const config_setting_t *s, int depth)
{
    char base[256];
    ss_status st = read_string(ld, s, "base", base, sizeof base);
    if (st)
        return st;
    if (!valid_base_name(base))
        return FAIL(ld, line_of(s),
                    "'base': '%s' must be a file name in the scenario's own directory (letters, "
                    "digits, '.', '_', '-', '+'; not starting with '.' or '-')",
                    base);
    if (depth + 1 >= SS_MAX_BASE_DEPTH)
        return FAIL(ld, line_of(s), "'base': chain of bases deeper than %d", SS_MAX_BASE_DEPTH);
    const char *slash = strrchr(ld->c.file, '/');
    size_t dirlen = slash ? (size_t)(slash - ld->c.file) + 1 : 0;
    char *full = malloc(dirlen + strlen(base) + 2);
    char *dir = malloc(dirlen + 2);
    if (!full || !dir) {
        free(full);
        free(dir);
        return ss_error_set(ld->c.err, SS_ENOMEM, "out of memory");
    }
    memcpy(full, ld->c.file, dirlen);
    strcpy(full + dirlen, base);
    memcpy(dir, ld->c.file, dirlen);
    strcpy(dir + dirlen, ".");
    char *real_dir = realpath(dir, NULL);
    char *real = real_dir ? realpath(full, NULL) : NULL;
    struct stat info;
    if ((!real_dir || !real) && errno == ENOMEM) {
        st = ss_error_set(ld->c.err, SS_ENOMEM, "out of memory"); /* not the file's fault */
    } else if (!real_dir || !real || stat(real, &info) != 0) {
        st = FAIL(ld, line_of(s), "'base': cannot open '%s': %s", base, strerror(errno));
    } else if (!S_ISREG(info.st_mode)) {
        st = FAIL(ld, line_of(s), "'base': '%s' is not a regular file", base);
    } else if (!directly_in(real, real_dir)) {
        st = FAIL(ld, line_of(s), "'base': '%s' leads outside the scenario's directory", base);
    } else {
        for (int k = 0; k <= depth && !st; k++)
            if (ld->chain[k].dev == info.st_dev && ld->chain[k].ino == info.st_ino)
                st = FAIL(ld, line_of(s), "'base': '%s' is already being read (a cycle of bases)",
                          base);
    }
    if (!st) {
        const char *saved = ld->c.file;
        st = load_file(ld, real, full, depth + 1);
        ld->c.file = saved;
    }
    free(real);
    free(real_dir);
    free(dir);
    free(full);
    return st;
}

/* Reads file `path` (named `shown` in messages) and what it builds on. */
static ss_status load_file(loader *ld, const char *path, const char *shown, int depth)
{
    char *text = NULL;
    ld->c.file = shown;
    ld->nchain = depth;
    ss_status st = read_text(ld, path, shown, &text);
    if (st)
        return st;
    config_t cfg;
    config_init(&cfg);
    if (!config_read_string(&cfg, text)) {
        const char *why = config_error_text(&cfg);
        st = FAIL(ld, (unsigned)config_error_line(&cfg), "%s%s",
                  strcmp(why, "syntax error") == 0 ? "" : "syntax error: ", why);
        goto done;
    }
    const config_setting_t *root = config_root_setting(&cfg);
    for (int k = 0; k < config_setting_length(root); k++) {
        const config_setting_t *s = config_setting_get_elem(root, (unsigned)k);
        const char *name = config_setting_name(s);
        int known = 0;
        for (size_t q = 0; q < NTOP; q++)
            known |= strcmp(top_keys[q], name) == 0;
        for (const ss_cfg_section *sec = ss_cfg_sections; sec->key; sec++)
            known |= strcmp(sec->key, name) == 0;
        if (!known) {
            char list[400];
            size_t used = 0;
            for (size_t q = 0; q < NTOP; q++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", q ? ", " : "",
                                         top_keys[q]);
            for (const ss_cfg_section *sec = ss_cfg_sections; sec->key && used < sizeof list; sec++)
                used += (size_t)snprintf(list + used, sizeof list - used, ", %s", sec->key);
            st = FAIL(ld, line_of(s), "'%s': unknown setting (known: %s)", name, list);
            goto done;
        }
    }
    const config_setting_t *base = config_setting_get_member(root, "base");
    const config_setting_t *agents = config_setting_get_member(root, "agents");
    if (base && agents) {
        st = FAIL(ld, line_of(agents),
                  "'agents': a scenario with a base changes it with 'set' and 'clear'");
        goto done;
    }
    if (base)
        st = read_base(ld, base, depth);
    else if (agents)
        st = read_agents(ld, agents);
    else
        st = FAIL(ld, 0, "'agents': missing (a scenario needs its agents, or a base)");
    if (st)
        goto done;
    ld->c.file = shown;

    const config_setting_t *s;
    if ((s = config_setting_get_member(root, "name")) &&
        (st = read_string(ld, s, "name", ld->c.sc->name, sizeof ld->c.sc->name)))
        goto done;
    if ((s = config_setting_get_member(root, "description")) &&
        (st = read_string(ld, s, "description", ld->c.sc->description,
                          sizeof ld->c.sc->description)))
        goto done;
    if ((s = config_setting_get_member(root, "mode"))) {
        char mode[16];
        if ((st = read_string(ld, s, "mode", mode, sizeof mode)))
            goto done;
        if (ss_mode_parse(mode, &ld->c.sc->solver.mode) != 0) {
            st = FAIL(ld, line_of(s), "'mode': unknown mode '%s' (modes: spe, nash)", mode);
            goto done;
        }
        if ((st = note(ld, s, SS_ORIGIN_MODE, SS_PART_SANCTIONER, 0, 0, 0)))
            goto done;
    }
    if ((s = config_setting_get_member(root, "solver")) && (st = read_solver(ld, s)))
        goto done;
    if ((s = config_setting_get_member(root, "clear")) && (st = read_clear(ld, s)))
        goto done;
    if ((s = config_setting_get_member(root, "set")) && (st = read_set(ld, s)))
        goto done;
    for (const ss_cfg_section *sec = ss_cfg_sections; sec->key; sec++)
        if ((s = config_setting_get_member(root, sec->key)) && (st = sec->read(&ld->c, s)))
            goto done;
done:
    config_destroy(&cfg);
    free(text);
    return st;
}

ss_scenario *ss_scenario_load(const char *path, ss_error *err)
{
    if (path[0] == '\0') {
        ss_error_set(err, SS_EINPUT, "the scenario file name is empty");
        return NULL;
    }
    ss_scenario *sc = calloc(1, sizeof *sc);
    if (!sc) {
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    sc->path = strdup(path);
    if (!sc->path) {
        free(sc);
        ss_error_set(err, SS_ENOMEM, "out of memory");
        return NULL;
    }
    ss_solver_defaults(&sc->solver);
    loader ld;
    memset(&ld, 0, sizeof ld);
    ld.c.sc = sc;
    ld.c.file = path;
    ld.c.err = err;
    sha256_init(&ld.sha);
    if (load_file(&ld, path, path, 0) != SS_OK) {
        ss_scenario_free(sc);
        return NULL;
    }
    /* a base chain is a line: after the load, chain[0..nchain] holds all of it */
    for (int k = 0; k <= ld.nchain; k++) {
        sc->file[k].dev = (unsigned long long)ld.chain[k].dev;
        sc->file[k].ino = (unsigned long long)ld.chain[k].ino;
    }
    sc->nfiles = (size_t)ld.nchain + 1;
    if (sc->name[0] == '\0') {
        const char *slash = strrchr(path, '/');
        snprintf(sc->name, sizeof sc->name, "%s", slash ? slash + 1 : path);
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ld.sha, sizeof digest, digest);
    for (size_t k = 0; k < sizeof digest; k++)
        snprintf(sc->sha256 + 2 * k, 3, "%02x", digest[k]);
    return sc;
}
