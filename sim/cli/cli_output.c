/* Output files that are never half-written: write to a temporary file in the
 * same directory, rename over the target only when everything succeeded. */
#include "cli.h"
#include "text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An unnamed file under TMPDIR (else /tmp) for the text bound for stdout. */
static FILE *spool_file(void)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || dir[0] != '/')
        dir = "/tmp";
    size_t len = strlen(dir) + 32;
    char *path = malloc(len);
    if (!path)
        return NULL;
    snprintf(path, len, "%s/sanctionsim-out.XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd >= 0)
        unlink(path); /* no name: nothing is left whatever ends the process */
    free(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w+");
    if (!f)
        close(fd);
    return f;
}

static int open_output(cli_output *o, const char *path, int whole)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        if (whole) {
            if (!(o->fp = spool_file()))
                return -1;
            o->spooled = 1;
        }
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* never renamed over: a directory is refused, a device or a FIFO
         * written in place, as standard output is */
        if (S_ISDIR(st.st_mode)) {
            errno = EISDIR;
            return -1;
        }
        if (whole) {
            if (!(o->fp = spool_file()) || !(o->path = strdup(path))) {
                cli_output_abort(o);
                return -1;
            }
            o->spooled = 1;
            return 0;
        }
        o->fp = fopen(path, "w");
        return o->fp ? 0 : -1;
    }
    size_t len = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(len + 16);
    if (!o->path || !o->tmp) {
        free(o->tmp);
        o->tmp = NULL; /* (no file yet) */
        cli_output_abort(o);
        return -1;
    }
    snprintf(o->tmp, len + 16, "%s.tmp.XXXXXX", path);
    int fd = cli_cleanup_mkstemp(o->tmp);
    if (fd < 0) {
        int e = errno;
        free(o->tmp);
        o->tmp = NULL;
        cli_output_abort(o);
        errno = e;
        return -1;
    }
    /* mkstemp makes the file private (0600); the output gets the usual
     * permissions, as if created with fopen */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        int e = errno;
        close(fd);
        cli_output_abort(o);
        errno = e;
        return -1;
    }
    return 0;
}

int cli_output_open(cli_output *o, const char *path)
{
    return open_output(o, path, 0);
}

int cli_output_open_whole(cli_output *o, const char *path)
{
    return open_output(o, path, 1);
}

/* Copies the spooled text to its destination (stdout, or a device). */
static int copy_spool(FILE *from, const char *path)
{
    if (fflush(from) != 0 || fseeko(from, 0, SEEK_SET) != 0)
        return -1;
    FILE *to = path ? fopen(path, "w") : stdout;
    if (!to)
        return -1;
    char buf[65536];
    size_t n;
    int failed = 0;
    while (!failed && (n = fread(buf, 1, sizeof buf, from)) > 0)
        failed = fwrite(buf, 1, n, to) != n;
    failed |= ferror(from) != 0;
    if (to == stdout)
        failed |= fflush(to) != 0 || ferror(to) != 0;
    else
        failed |= fclose(to) != 0;
    return failed ? -1 : 0;
}

int cli_output_commit(cli_output *o)
{
    int failed = fflush(o->fp) != 0 || ferror(o->fp);
    if (o->fp == stdout) {
        o->fp = NULL;
        return failed ? -1 : 0;
    }
    if (o->spooled) {
        if (!failed)
            failed = copy_spool(o->fp, o->path) != 0;
        fclose(o->fp);
        o->fp = NULL;
        free(o->path);
        o->path = NULL;
        return failed ? -1 : 0;
    }
    failed |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (o->tmp) {
        if (!failed)
            failed = rename(o->tmp, o->path) != 0;
        if (failed)
            unlink(o->tmp);
        cli_cleanup_forget(o->tmp);
    }
    free(o->tmp);
    free(o->path);
    o->tmp = o->path = NULL;
    return failed ? -1 : 0;
}

void cli_output_abort(cli_output *o)
{
    if (o->fp && o->fp != stdout)
        fclose(o->fp);
    if (o->tmp) {
        unlink(o->tmp);
        cli_cleanup_forget(o->tmp);
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
