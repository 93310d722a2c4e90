/* Drawing with gnuplot: scripts get their inputs as `gnuplot -c SCRIPT ARG...`
 * arguments, which gnuplot holds as strings and never parses as code, and
 * gnuplot runs through posix_spawnp, never a shell.
 *
 * gnuplot itself hands a file name that begins with '<' (data) or '|' (output)
 * to a shell, and reads '-', '+' and '++' as special files. So it never sees
 * a name the user typed: it reads and writes only files the tool made under
 * an absolute temporary directory, and the picture reaches its place through
 * cli_output (a temporary file of its own in the picture's directory, renamed
 * when complete). */
#include "cli.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Where the gnuplot scripts lie relative to the directory of the binary once
 * installed (CMake computes it from GNUInstallDirs: docs/install.md). */
#ifndef SS_PLOTS_FROM_BINDIR
#define SS_PLOTS_FROM_BINDIR "../share/sanctionsim/plots"
#endif

int cli_gnuplot_available(void)
{
    const char *path = getenv("PATH");
    char buf[4096];
    for (const char *p = path ? path : ""; path;) {
        const char *colon = strchr(p, ':');
        int len = colon ? (int)(colon - p) : (int)strlen(p);
        snprintf(buf, sizeof buf, "%.*s%sgnuplot", len, p, len ? "/" : "./");
        if (access(buf, X_OK) == 0)
            return 1;
        if (!colon)
            break;
        p = colon + 1;
    }
    return 0;
}

FILE *cli_temp_file(char *path, size_t len, const char *suffix)
{
    /* only an absolute TMPDIR: a relative one could begin with '<' or '|' */
    const char *dir = getenv("TMPDIR");
    if (!dir || dir[0] != '/')
        dir = "/tmp";
    if (snprintf(path, len, "%s/sanctionsim-%s-XXXXXX", dir, suffix) >= (int)len) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    int fd = cli_cleanup_mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        int saved = errno;
        close(fd);
        cli_temp_remove(path);
        errno = saved;
    }
    return fp;
}

void cli_temp_remove(const char *path)
{
    if (!path[0])
        return;
    unlink(path);
    cli_cleanup_forget(path);
}

/* The directory of the running binary, symbolic links resolved, into dir
 * (len bytes): 0, or -1 when the system does not say (no /proc). */
static int binary_dir(char *dir, size_t len)
{
    ssize_t n = readlink("/proc/self/exe", dir, len);
    if (n <= 0 || (size_t)n >= len)
        return -1;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    return 0;
}

int cli_gnuplot_script(const char *name, char *path, size_t len)
{
    const char *dir = getenv("SANCTIONSIM_PLOTS_DIR");
    if (dir && *dir) {
        /* `gnuplot -c <cmd` would run cmd: a relative directory gets "./" */
        int n = snprintf(path, len, "%s%s/%s", dir[0] == '/' ? "" : "./", dir, name);
        return n < (int)len ? 0 : -1;
    }
    /* the installed binary's share/ directory; in the build tree, the link
     * plots/ that CMake puts beside the binary */
    static const char *const beside[] = {SS_PLOTS_FROM_BINDIR, "plots"};
    char bin[4096];
    if (binary_dir(bin, sizeof bin) != 0)
        return snprintf(path, len, "./plots/%s", name) < (int)len ? 0 : -1;
    for (size_t k = 0; k < sizeof beside / sizeof *beside; k++)
        if (snprintf(path, len, "%s/%s/%s", bin, beside[k], name) < (int)len &&
            access(path, R_OK) == 0)
            return 0;
    /* neither: the installed place, for the caller's message */
    return snprintf(path, len, "%s/%s/%s", bin, beside[0], name) < (int)len ? 0 : -1;
}

/* Copies s into store (size bytes, used of them taken) and returns the copy,
 * or NULL when it does not fit. */
static char *arg_copy(char *store, size_t size, size_t *used, const char *s)
{
    size_t n = strlen(s) + 1;
    if (n > size - *used)
        return NULL;
    char *copy = memcpy(store + *used, s, n);
    *used += n;
    return copy;
}

int cli_gnuplot_run(const char *cmd, const char *script, size_t nargs, const char *const *args)
{
    /* posix_spawnp takes char *const argv[]: gnuplot's arguments are copies
     * the tool owns, in store */
    char *argv[16];
    char store[16384];
    size_t n = 0, used = 0;
    if (nargs > 9) {
        fprintf(stderr, "sanctionsim %s: too many arguments for %s\n", cmd, script);
        return 1;
    }
    if (!cli_gnuplot_available()) {
        fprintf(stderr,
                "sanctionsim %s: gnuplot is not installed (Debian: apt-get install gnuplot-nox); "
                "no picture written\n",
                cmd);
        return 1;
    }
    argv[n++] = arg_copy(store, sizeof store, &used, "gnuplot");
    argv[n++] = arg_copy(store, sizeof store, &used, "-c");
    argv[n++] = arg_copy(store, sizeof store, &used, script);
    for (size_t k = 0; k < nargs; k++)
        argv[n++] = arg_copy(store, sizeof store, &used, args[k]);
    argv[n] = NULL;
    for (size_t k = 0; k < n; k++)
        if (!argv[k]) {
            fprintf(stderr, "sanctionsim %s: the arguments for %s are too long\n", cmd, script);
            return 1;
        }
    pid_t pid;
    int rc = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "sanctionsim %s: cannot run gnuplot: %s\n", cmd, strerror(rc));
        return 1;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "sanctionsim %s: waiting for gnuplot: %s\n", cmd, strerror(errno));
            return 1;
        }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "sanctionsim %s: gnuplot failed on %s\n", cmd, script);
        return 1;
    }
    return 0;
}

const char *cli_picture_kind(const char *cmd, const char *opt, const char *path)
{
    static const char *const kinds[] = {"png", "svg", "pdf"};
    const char *dot = strrchr(path, '.');
    if (dot && !strchr(dot, '/'))
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
            if (strcmp(dot + 1, kinds[k]) == 0)
                return kinds[k];
    cli_usage_error(cmd, "%s: '%s': the picture must end in .png, .svg or .pdf", opt, path);
    return NULL;
}

int cli_picture_install(const char *cmd, const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    struct stat st;
    if (!in || fstat(fileno(in), &st) != 0 || st.st_size == 0) {
        fprintf(stderr, "sanctionsim %s: gnuplot wrote no picture\n", cmd);
        if (in)
            fclose(in);
        return 1;
    }
    cli_output o;
    if (cli_output_open(&o, to) != 0) {
        fprintf(stderr, "sanctionsim %s: cannot write '%s': %s\n", cmd, to, strerror(errno));
        fclose(in);
        return 1;
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, o.fp) != n)
            break;
    int bad = ferror(in) || ferror(o.fp);
    fclose(in);
    if (bad) {
        cli_output_abort(&o);
        fprintf(stderr, "sanctionsim %s: writing '%s' failed\n", cmd, to);
        return 1;
    }
    if (cli_output_commit(&o) != 0) {
        fprintf(stderr, "sanctionsim %s: writing '%s' failed: %s\n", cmd, to, strerror(errno));
        return 1;
    }
    return 0;
}

int cli_gnuplot_draw(const char *cmd, const char *script, size_t nargs, const char **args,
                     size_t picture, const char *output)
{
    char tmp[512];
    FILE *fp = cli_temp_file(tmp, sizeof tmp, "picture");
    if (!fp || fclose(fp) != 0) {
        fprintf(stderr, "sanctionsim %s: cannot write a temporary file: %s\n", cmd,
                strerror(errno));
        if (fp)
            cli_temp_remove(tmp);
        return 1;
    }
    args[picture] = tmp;
    int code = cli_gnuplot_run(cmd, script, nargs, args);
    if (code == 0)
        code = cli_picture_install(cmd, tmp, output);
    cli_temp_remove(tmp);
    args[picture] = NULL;
    return code;
}
