/* `sweep --points FILE`: a table of scenario keys into a design of points. */
#include "sanctionsim/points_tsv.h"

#include "sanctionsim/table_tsv.h"

#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SHA-256 of the file at path as hex; SS_EIO when reading fails. */
static ss_status file_sha256(const char *path, char hex[65], ss_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ss_error_set(err, SS_EIO, "%s: cannot open again", path);
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    unsigned char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0)
        sha256_update(&ctx, got, buf);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return ss_error_set(err, SS_EIO, "%s: reading failed", path);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    for (size_t k = 0; k < sizeof digest; k++)
        snprintf(hex + 2 * k, 3, "%02x", digest[k]);
    return SS_OK;
}

ss_status ss_points_read(const char *path, const ss_scenario *sc, ss_design *d, char sha256[65],
                         ss_error *err)
{
    ss_table t;
    ss_status st = ss_table_load(path, &t, err);
    if (st)
        return st;
    double *values = NULL;
    if (t.nrows == 0) {
        st = ss_error_set(err, SS_EINPUT,
                          "%s: no points (a header line of keys, then one row a "
                          "point)",
                          path);
        goto done;
    }
    if (!(values = malloc(t.nrows * t.ncols * sizeof *values))) {
        st = ss_error_set(err, SS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < t.nrows && !st; r++)
        for (size_t c = 0; c < t.ncols && !st; c++)
            st = ss_table_number(&t, r, c, &values[r * t.ncols + c], err);
    if (!st)
        st = ss_design_points(d, sc, (const char *const *)t.name, t.ncols, values, t.nrows, path,
                              t.line, err);
    if (!st)
        st = file_sha256(path, sha256, err);
done:
    free(values);
    ss_table_free(&t);
    return st;
}
