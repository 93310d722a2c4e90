/* Drawing with gnuplot: scripts get their inputs as `gnuplot -c SCRIPT ARG...`
 * arguments, which gnuplot holds as strings and never parses as code, and
 * gnuplot runs through posix_spawnp, never a shell. */
#include "cli.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#ifndef SS_PLOTS_DIR
#define SS_PLOTS_DIR "plots"
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
    const char *dir = getenv("TMPDIR");
    snprintf(path, len, "%s/sanctionsim-%s-XXXXXX", dir && *dir ? dir : "/tmp", suffix);
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        close(fd);
        unlink(path);
    }
    return fp;
}

int cli_gnuplot_script(const char *name, char *path, size_t len)
{
    const char *dir = getenv("SANCTIONSIM_PLOTS_DIR");
    if (!dir || !*dir)
        dir = SS_PLOTS_DIR;
    return snprintf(path, len, "%s/%s", dir, name) < (int)len ? 0 : -1;
}

int cli_gnuplot_run(const char *cmd, const char *script, size_t nargs, const char *const *args)
{
    char *argv[16];
    size_t n = 0;
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
    argv[n++] = "gnuplot";
    argv[n++] = "-c";
    argv[n++] = (char *)script;
    for (size_t k = 0; k < nargs; k++)
        argv[n++] = (char *)args[k];
    argv[n] = NULL;
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
