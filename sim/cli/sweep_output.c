/* The output file of `sanctionsim sweep`: OUT.tmp locked while the rows go
 * in, continued by --resume, renamed to OUT when complete (sweep_output.h). */
#include "sweep_output.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h> /* S_IFLNK, S_IFIFO */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char CMD[] = "sweep";

int sweep_report_failures(const char *where, size_t failed, size_t total)
{
    if (!failed)
        return 0;
    fprintf(stderr,
            "sanctionsim sweep: %zu of %zu points failed; their rows in '%s' give the reason in "
            "the status column (not_converged, not_certified or failed)\n",
            failed, total, where);
    return 1;
}

/* OUT must be something OUT.tmp can be renamed over: no directory, device or
 * FIFO (a rename would replace it). Checked before any work; 0, or 2 after
 * a message. */
static int check_output(const char *out)
{
    struct stat st;
    if (stat(out, &st) != 0 || S_ISREG(st.st_mode))
        return 0;
    if (S_ISDIR(st.st_mode))
        return cli_usage_error(CMD, "-o: '%s' is a directory; give a file name", out);
    return cli_usage_error(CMD, "-o: '%s' is not a regular file (a device or a FIFO?)", out);
}

/* Refuses an OUT.tmp (of that lstat mode) that is not a plain file: a sweep never
 * writes through a symbolic link, nor removes what it did not create. 0, or 2
 * after a message. */
static int check_tmp(const char *tmp, mode_t mode)
{
    if (S_ISLNK(mode))
        return cli_usage_error(CMD,
                               "'%s' is a symbolic link; a sweep never writes through one: "
                               "remove it or choose another -o",
                               tmp);
    if (!S_ISREG(mode))
        return cli_usage_error(CMD, "'%s' is not a regular file; remove it or choose another -o",
                               tmp);
    return 0;
}

/* Opens and locks OUT.tmp (cli_output_open_locked): a new one when create is
 * set, else the existing one. NULL after a message, with *code the exit
 * status. */
static FILE *open_locked(const char *tmp, int create, int *code)
{
    FILE *f;
    *code = 1;
    switch (cli_output_open_locked(tmp, create, &f)) {
    case CLI_LOCKED:
        *code = 0;
        return f;
    case CLI_LOCK_LINK:
        *code = check_tmp(tmp, S_IFLNK);
        break;
    case CLI_LOCK_NOT_FILE:
        *code = check_tmp(tmp, S_IFIFO);
        break;
    case CLI_LOCK_BUSY:
        fprintf(stderr, "sanctionsim sweep: another sweep is writing '%s'\n", tmp);
        break;
    case CLI_LOCK_FAILED:
        fprintf(stderr, "sanctionsim sweep: cannot open '%s': %s\n", tmp, strerror(errno));
        break;
    }
    return NULL;
}

/* Starts OUT.tmp afresh, which this run holds locked: the header goes to a
 * private file next to it (cli_output_mkstemp: OUT.tmp.XXXXXX, removed on any
 * failure or signal), synced, then renamed over OUT.tmp. So OUT.tmp never
 * holds part of a header, whatever stops the run. Returns the new file,
 * locked and positioned after the header, or NULL after a message. */
static FILE *install_header(const char *tmp, const ss_sweep *sw, const ss_sweep_meta *m)
{
    char *priv;
    int fd = cli_output_mkstemp(tmp, &priv);
    if (fd < 0) {
        fprintf(stderr, "sanctionsim sweep: cannot create a file next to '%s': %s\n", tmp,
                strerror(errno));
        return NULL;
    }
    FILE *f = cli_output_lock(fd) == 0 ? fdopen(fd, "r+") : NULL;
    int ok = f && ss_sweep_write_header(sw, f, m) == SS_OK && fflush(f) == 0 && fsync(fd) == 0;
    if (!ok)
        fprintf(stderr, "sanctionsim sweep: writing the header of '%s' failed: %s\n", tmp,
                strerror(errno));
    else if (rename(priv, tmp) != 0) {
        fprintf(stderr, "sanctionsim sweep: cannot rename '%s' to '%s': %s\n", priv, tmp,
                strerror(errno));
        ok = 0;
    }
    if (!ok) {
        if (f)
            fclose(f);
        else
            close(fd);
        unlink(priv);
        f = NULL;
    }
    cli_cleanup_forget(priv);
    free(priv);
    return f;
}

/* The header this run would write, read back for comparisons. */
static ss_status expected_header(const ss_sweep *sw, const ss_sweep_meta *m, ss_sweep_header *h,
                                 ss_error *err)
{
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_sweep_write_header(sw, mem, m);
    if (fclose(mem) != 0) {
        free(text);
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    }
    FILE *f = fmemopen(text, strlen(text), "r");
    ss_status st = f ? ss_sweep_header_read(f, "(this sweep)", h, err)
                     : ss_error_set(err, SS_ENOMEM, "out of memory");
    if (f)
        fclose(f);
    free(text);
    return st;
}

/* Checks that an existing file (header h) is this sweep's, same shard. */
static int same_sweep(const char *path, const ss_sweep_header *h, const ss_sweep_header *mine)
{
    char why[600];
    if (!ss_sweep_header_compatible(h, mine, why, sizeof why)) {
        fprintf(stderr,
                "sanctionsim sweep: '%s' comes from another sweep (%s); use --force to start "
                "over\n",
                path, why);
        return 0;
    }
    const char *a = ss_sweep_header_get(h, "shard"), *b = ss_sweep_header_get(mine, "shard");
    if (!a || !b || strcmp(a, b) != 0) {
        fprintf(stderr,
                "sanctionsim sweep: '%s' holds shard %s, this run computes shard %s; use "
                "--force to start over\n",
                path, a ? a : "(none)", b ? b : "(none)");
        return 0;
    }
    return 1;
}

/* --resume on a complete output: nothing to do, its failures still count. */
static int resume_complete(const sweep_output *o, const ss_sweep_header *mine,
                           const ss_sweep_meta *m, size_t points)
{
    const char *out = o->path;
    FILE *f = fopen(out, "r");
    if (!f) {
        fprintf(stderr, "sanctionsim sweep: cannot read '%s': %s\n", out, strerror(errno));
        return 1;
    }
    ss_sweep_header h;
    ss_sweep_scan scan;
    ss_error err;
    ss_status st = ss_sweep_header_read(f, out, &h, &err);
    if (st) {
        fclose(f);
        fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
        return ss_status_exit_code(st);
    }
    int code = 0;
    size_t total = ss_shard_count(points, m->shard, m->nshards, 0);
    if (!same_sweep(out, &h, mine))
        code = 2;
    else if (ss_sweep_scan_rows(f, out, &h, points, m->shard, m->nshards, &scan, &err) != SS_OK) {
        fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
        code = 1;
    } else if (scan.rows != total) {
        fprintf(stderr, "sanctionsim sweep: '%s' has %zu of %zu rows; use --force to start over\n",
                out, scan.rows, total);
        code = 1;
    } else {
        if (!o->quiet && isatty(STDERR_FILENO))
            fprintf(stderr, "sanctionsim sweep: nothing to resume: '%s' is complete\n", out);
        code = sweep_report_failures(out, scan.failed, total);
    }
    ss_sweep_header_free(&h);
    fclose(f);
    return code;
}

/* --resume: reads the rows already in the locked OUT.tmp (held), checks they
 * are this sweep's, and cuts the file after the last whole row. 0, or the
 * exit status after a message. */
static int resume_rows(sweep_output *o, FILE *held, const ss_sweep_header *mine,
                       const ss_sweep_meta *m, size_t points)
{
    ss_sweep_header h;
    ss_sweep_scan scan;
    ss_error err;
    ss_status st = fseeko(held, 0, SEEK_SET) != 0
                       ? ss_error_set(&err, SS_EIO, "%s: cannot seek", o->tmp)
                       : ss_sweep_header_read(held, o->tmp, &h, &err);
    if (st) {
        fprintf(stderr, "sanctionsim sweep: %s; use --force to start over\n", err.message);
        return ss_status_exit_code(st);
    }
    int code = 0;
    if (!same_sweep(o->tmp, &h, mine)) {
        code = 2;
    } else if (ss_sweep_scan_rows(held, o->tmp, &h, points, m->shard, m->nshards, &scan, &err)) {
        fprintf(stderr, "sanctionsim sweep: %s; use --force to start over\n", err.message);
        code = 1;
    } else {
        o->first = scan.next;
        o->rows = scan.rows;
        o->failed = scan.failed;
        if (fflush(held) != 0 || ftruncate(fileno(held), scan.end) != 0 ||
            fseeko(held, 0, SEEK_END) != 0) {
            fprintf(stderr, "sanctionsim sweep: cannot truncate '%s': %s\n", o->tmp,
                    strerror(errno));
            code = 1;
        }
    }
    ss_sweep_header_free(&h);
    return code;
}

/* Opens OUT.tmp (sweep_output_open, o->path set). */
static int open_file(sweep_output *o, const ss_sweep *sw, const ss_sweep_meta *m, size_t points)
{
    size_t len = strlen(o->path) + 5;
    if (!(o->tmp = malloc(len))) {
        fprintf(stderr, "sanctionsim sweep: out of memory\n");
        return 1;
    }
    snprintf(o->tmp, len, "%s.tmp", o->path);
    struct stat ost, tst;
    int have_out = stat(o->path, &ost) == 0, have_tmp = lstat(o->tmp, &tst) == 0, code;
    if (!o->resume && !o->force) {
        if (have_out)
            return cli_usage_error(CMD, "'%s' exists; use --force to replace it", o->path);
        if (have_tmp)
            return cli_usage_error(CMD,
                                   "'%s' holds an interrupted sweep; continue it with "
                                   "--resume or start over with --force",
                                   o->tmp);
    }
    if ((code = check_output(o->path)) != 0 ||
        (have_tmp && (code = check_tmp(o->tmp, tst.st_mode)) != 0))
        return code;
    ss_sweep_header mine;
    ss_error err;
    if (o->resume && expected_header(sw, m, &mine, &err) != SS_OK) {
        fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
        return 1;
    }
    if (o->resume && !have_tmp && have_out) {
        code = resume_complete(o, &mine, m, points);
        ss_sweep_header_free(&mine);
        return code;
    }
    /* the file this run holds locked: an existing one, or a new empty one
     * created exclusively, removed again if the header cannot be made */
    FILE *held = open_locked(o->tmp, !have_tmp, &code);
    if (held && !have_tmp)
        cli_cleanup_add(o->tmp);
    /* a header cut short (killed or a full disk while an older version wrote
     * it) holds no row: it starts afresh */
    int fresh = !o->resume || !have_tmp || (held && ss_sweep_header_cut(held));
    if (held && !fresh)
        code = resume_rows(o, held, &mine, m, points);
    if (o->resume)
        ss_sweep_header_free(&mine);
    if (!held)
        return code;
    if (code) { /* (only an existing file is read) */
        fclose(held);
        return code;
    }
    if (fresh) {
        o->f = install_header(o->tmp, sw, m);
        if (!o->f && !have_tmp)
            unlink(o->tmp); /* the empty file this run created */
        fclose(held);
    } else {
        o->f = held;
    }
    if (!have_tmp)
        cli_cleanup_forget(o->tmp); /* from here on, OUT.tmp is kept for --resume */
    return o->f ? -1 : 1;
}

int sweep_output_open(sweep_output *o, const ss_sweep *sw, const ss_sweep_meta *m, size_t points)
{
    o->tmp = NULL;
    o->f = NULL;
    o->first = o->rows = o->failed = 0;
    if (o->path && strcmp(o->path, "-") == 0)
        o->path = NULL;
    if (o->path)
        return open_file(o, sw, m, points);
    o->f = stdout;
    if (ss_sweep_write_header(sw, stdout, m) != SS_OK || fflush(stdout) != 0) {
        fprintf(stderr, "sanctionsim sweep: writing standard output failed: %s\n", strerror(errno));
        return 1;
    }
    return -1;
}

int sweep_output_commit(sweep_output *o)
{
    FILE *f = o->f;
    o->f = NULL;
    if (fclose(f) != 0 || rename(o->tmp, o->path) != 0) {
        fprintf(stderr, "sanctionsim sweep: cannot rename '%s' to '%s': %s\n", o->tmp, o->path,
                strerror(errno));
        return 1;
    }
    return 0;
}

void sweep_output_free(sweep_output *o)
{
    if (o->f && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    free(o->tmp);
    o->tmp = NULL;
}
