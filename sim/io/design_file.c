/* Design files: the design's '#' lines, the `design` command's file, and the
 * design read back from a header. */
#include "sanctionsim/design_file.h"

#include "sanctionsim/columns.h"
#include "sanctionsim/numbers.h"

#include <stdlib.h>
#include <string.h>

ss_status ss_design_write_lines(FILE *out, const ss_design *d)
{
    if (d->kind == SS_DESIGN_SALTELLI)
        fprintf(out, "# samples: %zu\n# second_order: %s\n", d->samples,
                d->second_order ? "yes" : "no");
    else if (d->kind == SS_DESIGN_MORRIS)
        fprintf(out, "# trajectories: %zu\n# levels: %zu\n", d->samples, d->levels);
    return ferror(out) ? SS_EIO : SS_OK;
}

ss_status ss_design_write(FILE *out, const ss_design *d, const ss_provenance *p, char sep,
                          ss_error *err)
{
    ss_provenance_write(out, "design", NULL, 0, p);
    fprintf(out, "# seed: %lu\n# design: %s\n# points: %zu\n", d->seed,
            ss_design_kind_name(d->kind), d->points);
    ss_design_write_lines(out, d);
    for (size_t a = 0; a < d->nvary; a++) {
        char spec[256];
        ss_vary_spec_text(&d->vary[a], spec, sizeof spec);
        fprintf(out, "# vary: %s\t%s\n", d->vary[a].key, spec);
    }
    fputs("index", out);
    for (size_t a = 0; a < d->nvary; a++)
        fprintf(out, "%c%s", sep, d->vary[a].key);
    fputc('\n', out);
    ss_sampler *s = ss_sampler_alloc(d, err);
    if (!s)
        return err->status;
    double values[SS_MAX_VARY];
    size_t anchor;
    for (size_t i = 0; i < d->points && !ferror(out); i++) {
        ss_sampler_point(s, i, values, &anchor);
        fprintf(out, "%zu", i);
        for (size_t a = 0; a < d->nvary; a++) {
            fputc(sep, out);
            ss_write_double(out, values[a]);
        }
        fputc('\n', out);
    }
    ss_sampler_free(s);
    if (ferror(out))
        return ss_error_set(err, SS_EIO, "writing the design failed");
    return SS_OK;
}

/* A whole number from line "NAME:"; -1 after filling err. */
static int header_count(const ss_sweep_header *h, const char *path, const char *name, size_t *out,
                        ss_error *err)
{
    const char *text = ss_sweep_header_get(h, name);
    unsigned long long v;
    if (!text) {
        ss_error_set(err, SS_EINPUT, "%s: no '# %s:' line", path, name);
        return -1;
    }
    if (ss_parse_whole(text, 0, SS_MAX_POINTS, &v) != 0) {
        ss_error_set(err, SS_EINPUT, "%s: '# %s: %s' is not a whole number", path, name, text);
        return -1;
    }
    *out = (size_t)v;
    return 0;
}

ss_status ss_design_info_read(const ss_sweep_header *h, const char *path, ss_design_info *info,
                              ss_error *err)
{
    memset(info, 0, sizeof *info);
    const char *kind = ss_sweep_header_get(h, "design");
    if (!kind)
        return ss_error_set(err, SS_EINPUT, "%s: no '# design:' line (not a sweep or design file)",
                            path);
    if (ss_design_kind_parse(kind, &info->kind) != 0)
        return ss_error_set(err, SS_EINPUT, "%s: unknown design '%s'", path, kind);
    info->k = h->nvary;
    if (info->k == 0)
        return ss_error_set(err, SS_EINPUT, "%s: no '# vary:' lines", path);
    if (header_count(h, path, "points", &info->points, err))
        return err->status;
    size_t per = 1;
    if (info->kind == SS_DESIGN_SALTELLI) {
        const char *order = ss_sweep_header_get(h, "second_order");
        if (header_count(h, path, "samples", &info->samples, err))
            return err->status;
        if (!order || (strcmp(order, "yes") && strcmp(order, "no")))
            return ss_error_set(err, SS_EINPUT, "%s: no '# second_order: yes|no' line", path);
        info->second_order = strcmp(order, "yes") == 0;
        per = info->k * (info->second_order ? 2 : 1) + 2;
    } else if (info->kind == SS_DESIGN_MORRIS) {
        if (header_count(h, path, "trajectories", &info->samples, err) ||
            header_count(h, path, "levels", &info->levels, err))
            return err->status;
        if (info->levels < 2 || info->levels % 2)
            return ss_error_set(err, SS_EINPUT, "%s: '# levels: %zu' is not even and >= 2", path,
                                info->levels);
        per = info->k + 1;
    } else {
        return SS_OK;
    }
    if (info->samples == 0 || info->samples > SS_MAX_POINTS / per ||
        info->samples * per != info->points)
        return ss_error_set(err, SS_EINPUT,
                            "%s: '# points: %zu' does not match a %s design of %zu keys and %zu %s",
                            path, info->points, kind, info->k, info->samples,
                            info->kind == SS_DESIGN_MORRIS ? "trajectories" : "samples");
    return SS_OK;
}
