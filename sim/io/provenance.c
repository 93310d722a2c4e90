/* The provenance every output records: version, command line, scenario and
 * overrides, as '#' lines or as a JSON object, with the same keys. */
#include "sanctionsim/provenance.h"

#include "sanctionsim/version.h"
#include "text.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void ss_shell_quote(FILE *f, const char *arg)
{
    static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                               "_./:=,+@%-";
    int plain = *arg != '\0', control = ss_text_check(arg, NULL, NULL) != SS_TEXT_OK;
    for (const unsigned char *p = (const unsigned char *)arg; *p; p++)
        if (!strchr(safe, *p))
            plain = 0;
    if (plain) {
        fputs(arg, f);
    } else if (control) { /* bash's $'...' */
        fputs("$'", f);
        for (const char *p = arg; *p;) {
            size_t n = ss_text_printable(p); /* 0: escape the byte */
            if (n == 0)
                fprintf(f, "\\x%02x", (unsigned)(unsigned char)*p);
            else if (*p == '\'' || *p == '\\')
                fprintf(f, "\\%c", *p);
            else
                fwrite(p, 1, n, f);
            p += n ? n : 1;
        }
        fputc('\'', f);
    } else {
        fputc('\'', f);
        for (const char *p = arg; *p; p++) {
            if (*p == '\'')
                fputs("'\\''", f);
            else
                fputc(*p, f);
        }
        fputc('\'', f);
    }
}

char *ss_provenance_command(int argc, char *const *argv)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    fputs("sanctionsim", f);
    for (int k = 0; k < argc; k++) {
        fputc(' ', f);
        ss_shell_quote(f, argv[k]);
    }
    if (fclose(f) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

/* "# KEY: TEXT\n" with TEXT's control characters as '?'. */
static void put_line(FILE *out, const char *key, const char *text)
{
    fprintf(out, "# %s: ", key);
    ss_text_put(out, text, '?');
    fputc('\n', out);
}

ss_status ss_provenance_write(FILE *out, const char *kind, const ss_scenario *const *sc, size_t nsc,
                              const ss_provenance *p)
{
    fprintf(out, "# sanctionsim %s %s\n", SS_VERSION, kind);
    if (p && p->command)
        put_line(out, "command", p->command);
    for (size_t k = 0; k < nsc; k++) {
        put_line(out, "scenario", sc[k]->path);
        put_line(out, "scenario_name", sc[k]->name);
        put_line(out, "scenario_sha256", sc[k]->sha256);
    }
    for (size_t k = 0; p && k < p->nsets; k++)
        put_line(out, "set", p->sets[k]);
    return ferror(out) ? SS_EIO : SS_OK;
}

json_t *ss_json_clean_string(const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return NULL;
    ss_text_clean(copy, '?');
    json_t *s = json_string(copy);
    free(copy);
    return s;
}

enum { FIELD_PATH, FIELD_NAME, FIELD_SHA256 };

static const char *field_of(const ss_scenario *sc, int field)
{
    return field == FIELD_PATH ? sc->path : field == FIELD_NAME ? sc->name : sc->sha256;
}

/* One scenario field: the string itself with one scenario, else an array. */
static json_t *scenario_field(const ss_scenario *const *sc, size_t nsc, int field)
{
    if (nsc == 1)
        return ss_json_clean_string(field_of(sc[0], field));
    json_t *a = json_array();
    for (size_t k = 0; a && k < nsc; k++)
        if (json_array_append_new(a, ss_json_clean_string(field_of(sc[k], field))) != 0) {
            json_decref(a);
            a = NULL;
        }
    return a;
}

json_t *ss_provenance_json(const ss_scenario *const *sc, size_t nsc, const ss_provenance *p)
{
    json_t *sets = json_array();
    for (size_t k = 0; sets && p && k < p->nsets; k++)
        if (json_array_append_new(sets, ss_json_clean_string(p->sets[k])) != 0) {
            json_decref(sets);
            sets = NULL;
        }
    json_t *command = p && p->command ? ss_json_clean_string(p->command) : json_null();
    json_t *path = scenario_field(sc, nsc, FIELD_PATH);
    json_t *name = scenario_field(sc, nsc, FIELD_NAME);
    json_t *sha = scenario_field(sc, nsc, FIELD_SHA256);
    if (!sets || !command || !path || !name || !sha) {
        json_decref(sets);
        json_decref(command);
        json_decref(path);
        json_decref(name);
        json_decref(sha);
        return NULL;
    }
    /* "o" takes the references, and releases them when the pack fails */
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "version", SS_VERSION, "command", command,
                     "scenario", path, "scenario_name", name, "scenario_sha256", sha, "set", sets);
}
