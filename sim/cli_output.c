/* Output files that are never half-written: write to a temporary file in the
 * same directory, rename over the target only when everything succeeded. */
#include "cli.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_output_open(cli_output *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return 0;
    }
    size_t len = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(len + 16);
    if (!o->path || !o->tmp) {
        cli_output_abort(o);
        return -1;
    }
    snprintf(o->tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        cli_output_abort(o);
        return -1;
    }
    /* mkstemp makes the file private (0600); the output gets the usual
     * permissions, as if created with fopen */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        unlink(o->tmp);
        cli_output_abort(o);
        return -1;
    }
    return 0;
}

int cli_output_commit(cli_output *o)
{
    int failed = fflush(o->fp) != 0 || ferror(o->fp);
    if (o->fp == stdout) {
        o->fp = NULL;
        return failed ? -1 : 0;
    }
    failed |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (!failed)
        failed = rename(o->tmp, o->path) != 0;
    if (failed)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return failed ? -1 : 0;
}

void cli_output_abort(cli_output *o)
{
    if (o->fp && o->fp != stdout) {
        fclose(o->fp);
        unlink(o->tmp);
    }
    o->fp = NULL;
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
}

void cli_put_comment(FILE *out, const char *text)
{
    ss_text_put(out, text, '?');
}
