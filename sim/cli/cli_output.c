/* The output module: files that are never half-written (a temporary file in
 * the same directory, renamed over the target only when everything
 * succeeded), the one temporary-file scheme every output uses, and the
 * locks of files a run keeps writing (a sweep's OUT.tmp, sweep_output.c). */
#include "cli.h"

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
    o->path = strdup(path);
    size_t len = strlen(path) + 5;
    char *prefix = malloc(len);
    if (!o->path || !prefix) {
        free(prefix);
        cli_output_abort(o);
        errno = ENOMEM;
        return -1;
    }
    snprintf(prefix, len, "%s.tmp", path);
    int fd = cli_output_mkstemp(prefix, &o->tmp);
    free(prefix);
    if (fd < 0) {
        int e = errno;
        cli_output_abort(o);
        errno = e;
        return -1;
    }
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

int cli_output_mkstemp(const char *prefix, char **path)
{
    size_t len = strlen(prefix) + 8;
    char *name = malloc(len);
    if (!name) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(name, len, "%s.XXXXXX", prefix);
    int fd = cli_cleanup_mkstemp(name);
    if (fd < 0) {
        int e = errno;
        free(name);
        errno = e;
        return -1;
    }
    /* mkstemp makes the file private (0600); an output gets the usual
     * permissions, as if created with fopen */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    *path = name;
    return fd;
}

int cli_output_lock(int fd)
{
    struct flock lk;
    memset(&lk, 0, sizeof lk);
    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    return fcntl(fd, F_SETLK, &lk);
}

cli_lock_result cli_output_open_locked(const char *path, int create, FILE **f)
{
    int flags = O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    int fd = open(path, flags | (create ? O_CREAT | O_EXCL : 0), 0666);
    struct stat st, named;
    *f = NULL;
    if (fd < 0)
        return errno == ELOOP ? CLI_LOCK_LINK : errno == EEXIST ? CLI_LOCK_BUSY : CLI_LOCK_FAILED;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return CLI_LOCK_FAILED;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return CLI_LOCK_NOT_FILE;
    }
    /* locked, and still the file at that name (not one a rename replaced) */
    if (cli_output_lock(fd) != 0 || lstat(path, &named) != 0 || named.st_ino != st.st_ino ||
        named.st_dev != st.st_dev) {
        close(fd);
        return CLI_LOCK_BUSY;
    }
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(*f = fdopen(fd, "r+"))) {
        int e = errno;
        /* a file this call just created holds nothing: it is not left behind */
        if (create)
            unlink(path);
        close(fd);
        errno = e;
        return CLI_LOCK_FAILED;
    }
    return CLI_LOCKED;
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
