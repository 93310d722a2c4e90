/* Drawing with gnuplot: the script gets its inputs as single-quoted gnuplot
 * strings (no backquote or macro substitution there), run through
 * posix_spawnp, never a shell. */
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

/* Appends NAME='VALUE' to buf as a gnuplot assignment. Inside single quotes
 * gnuplot substitutes nothing; the value can only end the string with a quote,
 * so quotes and backquotes become a typographic apostrophe (U+2019), control
 * characters spaces and '@' (macros) '_'. gnuplot's lexer does not reliably
 * take a doubled quote inside -e, hence no escaping but replacement. */
static int append_var(char **buf, size_t *len, const char *name, const char *value)
{
    size_t need = strlen(name) + 3 * strlen(value) + 8;
    char *grown = realloc(*buf, *len + need);
    if (!grown)
        return -1;
    *buf = grown;
    char *p = grown + *len;
    p += sprintf(p, "%s='", name);
    for (const char *v = value; *v; v++) {
        unsigned char ch = (unsigned char)*v;
        if (ch == '\'' || ch == '`') {
            memcpy(p, "\xe2\x80\x99", 3);
            p += 3;
        } else if (ch < 0x20 || ch == 0x7f)
            *p++ = ' ';
        else if (ch == '@')
            *p++ = '_';
        else
            *p++ = (char)ch;
    }
    p += sprintf(p, "'; ");
    *len = (size_t)(p - grown);
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

int cli_gnuplot_run(const char *cmd, const char *script, size_t nvars, const char *const *names,
                    const char *const *values)
{
    char *code = calloc(1, 1);
    size_t len = 0;
    for (size_t k = 0; code && k < nvars; k++)
        if (append_var(&code, &len, names[k], values[k]) != 0) {
            free(code);
            code = NULL;
        }
    if (!code) {
        fprintf(stderr, "sanctionsim %s: out of memory\n", cmd);
        return 1;
    }
    char *argv[] = {"gnuplot", "-e", code, (char *)script, NULL};
    pid_t pid;
    int rc = posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ);
    free(code);
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
