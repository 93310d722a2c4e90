/* Temporary files and directories removed when SIGINT, SIGTERM or SIGHUP
 * ends the process: the handler only unlinks and rmdirs what was registered,
 * then dies of the signal by its default action. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h> /* mkstemp, mkdtemp */
#include <string.h>
#include <unistd.h>

/* Enough for the temporaries one command holds at a time. */
#define CLEANUP_SLOTS 32

/* A path is copied into its slot, so registering allocates nothing: running
 * out of memory cannot leave a temporary unregistered. */
typedef struct cleanup_slot {
    atomic_int used; /* 0: free; set after path and is_dir are written */
    int is_dir;
    char path[PATH_MAX];
} cleanup_slot;

static cleanup_slot slots[CLEANUP_SLOTS];
static const int signals[] = {SIGINT, SIGTERM, SIGHUP};

static void on_signal(int sig)
{
    /* the files first, then the directories that held them (newest first) */
    for (int dirs = 0; dirs <= 1; dirs++)
        for (size_t k = CLEANUP_SLOTS; k-- > 0;) {
            if (!atomic_load(&slots[k].used) || slots[k].is_dir != dirs)
                continue;
            const char *path = slots[k].path;
            if (dirs)
                rmdir(path);
            else
                unlink(path);
        }
    /* SA_RESETHAND has restored the default action and SA_NODEFER leaves the
     * signal unblocked: this ends the process as the signal would have */
    raise(sig);
}

/* Installs the handler for each signal whose action is the default: an
 * ignored signal stays ignored (nohup), and a command with a handler of its
 * own (sweep stops cleanly on SIGINT and SIGTERM) keeps it. */
static void install(void)
{
    for (size_t k = 0; k < sizeof signals / sizeof *signals; k++) {
        struct sigaction old, sa;
        if (sigaction(signals[k], NULL, &old) != 0 || old.sa_handler != SIG_DFL ||
            (old.sa_flags & SA_SIGINFO))
            continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sa.sa_flags = SA_RESETHAND | SA_NODEFER;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[k], &sa, NULL);
    }
}

/* Blocks the three signals in this thread while the slots change. */
static void hold(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t k = 0; k < sizeof signals / sizeof *signals; k++)
        sigaddset(&set, signals[k]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* Registers path; the caller holds the signals. -1: too long, or no slot. */
static int add_held(const char *path, int is_dir)
{
    size_t len = strlen(path);
    if (len >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    install();
    for (size_t k = 0; k < CLEANUP_SLOTS; k++) {
        if (atomic_load(&slots[k].used))
            continue;
        memcpy(slots[k].path, path, len + 1);
        slots[k].is_dir = is_dir;
        atomic_store(&slots[k].used, 1);
        return 0;
    }
    errno = EMFILE;
    return -1;
}

static int add(const char *path, int is_dir)
{
    sigset_t old;
    hold(&old);
    int rc = add_held(path, is_dir);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int cli_cleanup_mkstemp(char *template)
{
    sigset_t old;
    hold(&old);
    int fd = mkstemp(template);
    if (fd >= 0 && add_held(template, 0) != 0) {
        unlink(template);
        close(fd);
        fd = -1;
    }
    int saved = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return fd;
}

char *cli_cleanup_mkdtemp(char *template)
{
    sigset_t old;
    hold(&old);
    char *dir = mkdtemp(template);
    if (dir && add_held(dir, 1) != 0) {
        rmdir(dir);
        dir = NULL;
    }
    int saved = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return dir;
}

int cli_cleanup_add(const char *path)
{
    return add(path, 0);
}

int cli_cleanup_add_dir(const char *dir)
{
    return add(dir, 1);
}

void cli_cleanup_forget(const char *path)
{
    sigset_t old;
    hold(&old);
    for (size_t k = CLEANUP_SLOTS; k-- > 0;) {
        if (atomic_load(&slots[k].used) && strcmp(slots[k].path, path) == 0) {
            atomic_store(&slots[k].used, 0);
            break;
        }
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
}
