/* Writing scenario files: libconfig text the loader reads back as meant. */
#include "sanctionsim/scenario_write.h"

#include <stdio.h>
#include <string.h>

void ss_scenario_put_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = *p == '\\'   ? "\\\\"
                          : *p == '"'  ? "\\\""
                          : *p == '\n' ? "\\n"
                          : *p == '\r' ? "\\r"
                          : *p == '\t' ? "\\t"
                          : *p == '\f' ? "\\f"
                                       : NULL;
        if (esc)
            fputs(esc, out);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

void ss_scenario_fitted_name(const char *name, char *buf, size_t len)
{
    static const char suffix[] = " (fitted)";
    size_t n = strlen(name), s = sizeof suffix - 1;
    if (n >= s && strcmp(name + n - s, suffix) == 0) {
        snprintf(buf, len, "%s", name);
        return;
    }
    if (n + s >= len) {
        n = len - 1 - s;
        while (n > 0 && ((unsigned char)name[n] & 0xc0) == 0x80)
            n--; /* not inside a UTF-8 sequence */
    }
    snprintf(buf, len, "%.*s%s", (int)n, name, suffix);
}

ss_status ss_scenario_write_fitted(FILE *out, const ss_scenario *sc, const ss_provenance *prov,
                                   const char *mode, const char *const *keys,
                                   const ss_fit_result *r)
{
    const char *slash = strrchr(sc->path, '/');
    char name[SS_NAME_MAX];
    ss_scenario_fitted_name(sc->name, name, sizeof name);
    ss_provenance_write(out, "fit", &sc, 1, prov); /* libconfig reads '#' lines as comments */
    fprintf(out, "# fit: rmse %.6g -> %.6g after %zu iterations\n", r->rmse_before, r->rmse_after,
            r->iterations);
    fputs("base = ", out);
    ss_scenario_put_string(out, slash ? slash + 1 : sc->path);
    fputs(";\nname = ", out);
    ss_scenario_put_string(out, name);
    fputs(";\n", out);
    if (mode) {
        fputs("mode = ", out);
        ss_scenario_put_string(out, mode);
        fputs(";\n", out);
    }
    fputs("set = [\n", out);
    for (size_t j = 0; prov && j < prov->nsets; j++) {
        fputs("  ", out);
        ss_scenario_put_string(out, prov->sets[j]);
        fputs(",  # --set\n", out);
    }
    for (size_t j = 0; j < r->nfree; j++) {
        char assignment[256];
        snprintf(assignment, sizeof assignment, "%s = %.17g", keys[j], r->estimate[j]);
        fputs("  ", out);
        ss_scenario_put_string(out, assignment);
        fputs(j + 1 < r->nfree ? "," : "", out);
        if (r->identified[j])
            fprintf(out, "  # std. error %.3g\n", r->std_error[j]);
        else
            fputs("  # std. error: not identified\n", out);
    }
    fputs("];\n", out);
    return fflush(out) != 0 || ferror(out) ? SS_EIO : SS_OK;
}
