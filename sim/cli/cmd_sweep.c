/* `sanctionsim sweep`: options, the output file (temporary, locked, renamed
 * when complete), --resume, signals and the progress line. */
#include "cli.h"
#include "sanctionsim/report.h"
#include "sanctionsim/sweep.h"
#ifdef SANCTIONSIM_MPI
#include "sweep_mpi.h"
#endif
#include "sanctionsim/provenance.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef _OPENMP
#include <omp.h>
#endif

const char cli_sweep_usage[] =
    "usage: sanctionsim sweep FILE --vary KEY=SPEC... [--design grid|random|lhs|sobol]\n"
    "                         [--samples N] [--seed S] [--mode spe|nash] [--set KEY=VALUE]...\n"
    "                         [--threads T] [-o OUT.tsv] [--format tsv|csv] [--shard K/N]\n"
    "                         [--resume | --force] [--quiet] [--warm-start]\n"
    "\n"
    "Solves the scenario at every point of a design and writes one row per point.\n"
    "\n"
    "  --vary KEY=SPEC    a parameter to vary (repeatable); KEY is any key --set takes.\n"
    "                     SPEC is START:STOP:COUNT (evenly spaced, both ends included),\n"
    "                     log:START:STOP:COUNT, or a list v1,v2,...  Random designs take\n"
    "                     START:STOP (uniform), log:START:STOP, a list, or no SPEC (or\n"
    "                     'prior') for the prior the scenario declares for KEY\n"
    "  --design DESIGN    grid (default: every combination), random, lhs (Latin\n"
    "                     hypercube) or sobol (quasi-random)\n"
    "  --samples N        points of a random, lhs or sobol design\n"
    "  --seed S           seed of random and lhs designs, 0..4294967295 (default 1)\n"
    "  --mode MODE        spe (two stages) or nash (one stage); default: the scenario's\n"
    "  --set KEY=VALUE    override a parameter at every point (repeatable)\n"
    "  --threads T        threads (default: the OpenMP default, OMP_NUM_THREADS)\n"
    "  -o, --output OUT   write to OUT (default: standard output); OUT.tmp holds the\n"
    "                     rows until the sweep is complete\n"
    "  --format FORMAT    tsv (default) or csv\n"
    "  --shard K/N        compute only the points with index % N == K (default:\n"
    "                     SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT when set, else 0/1);\n"
    "                     'sanctionsim merge' joins the shards\n"
    "  --resume           continue an interrupted sweep from OUT.tmp\n"
    "  --force            replace an existing OUT (and OUT.tmp)\n"
    "  -q, --quiet        no progress line (it is shown only on a terminal anyway)\n"
    "  --warm-start       start each point's solve from the equilibrium at the centre\n"
    "                     of its cell (a little faster; where the game has several\n"
    "                     equilibria it may find another than 'solve' does: see\n"
    "                     docs/sweeps.md)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Rows are written in index order and are byte-identical for any --threads and any\n"
    "sharding; without --warm-start each row is what 'solve --set ...' gives. SIGINT\n"
    "or SIGTERM stops cleanly: finished rows stay in OUT.tmp and --resume continues.\n"
    "See docs/sweeps.md for the output format.\n"
    "\n"
    "Exit status: 0 every point solved, 1 some point failed (its row says why) or\n"
    "writing failed, 2 bad usage, scenario or SPEC.\n";

static const char CMD[] = "sweep";

enum {
    OPT_VARY = 0x100,
    OPT_DESIGN,
    OPT_SAMPLES,
    OPT_SEED,
    OPT_MODE,
    OPT_SET,
    OPT_THREADS,
    OPT_FORMAT,
    OPT_SHARD,
    OPT_RESUME,
    OPT_FORCE,
    OPT_WARM,
    OPT_OUTPUT = 'o',
    OPT_QUIET = 'q',
    OPT_HELP = 'h'
};

typedef struct sweep_args {
    const char **vary;
    size_t nvary;
    cli_scenario_opts so;
    const char *design, *samples, *seed, *threads, *format, *shard, *output, *file;
    int resume, force, quiet, warm;
} sweep_args;

static void free_args(sweep_args *a)
{
    if (!a)
        return;
    free(a->vary);
    free(a->so.sets);
}

static int parse_args(int argc, char **argv, sweep_args *a)
{
    static const struct option longs[] = {{"vary", required_argument, NULL, OPT_VARY},
                                          {"design", required_argument, NULL, OPT_DESIGN},
                                          {"samples", required_argument, NULL, OPT_SAMPLES},
                                          {"seed", required_argument, NULL, OPT_SEED},
                                          {"mode", required_argument, NULL, OPT_MODE},
                                          {"set", required_argument, NULL, OPT_SET},
                                          {"threads", required_argument, NULL, OPT_THREADS},
                                          {"output", required_argument, NULL, OPT_OUTPUT},
                                          {"format", required_argument, NULL, OPT_FORMAT},
                                          {"shard", required_argument, NULL, OPT_SHARD},
                                          {"resume", no_argument, NULL, OPT_RESUME},
                                          {"force", no_argument, NULL, OPT_FORCE},
                                          {"quiet", no_argument, NULL, OPT_QUIET},
                                          {"warm-start", no_argument, NULL, OPT_WARM},
                                          {"help", no_argument, NULL, OPT_HELP},
                                          {NULL, 0, NULL, 0}};
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:qh", longs, NULL)) != -1) {
        switch (opt) {
        case OPT_VARY: {
            const char **grown = realloc(a->vary, (a->nvary + 1) * sizeof *grown);
            if (!grown) {
                fprintf(stderr, "sanctionsim sweep: out of memory\n");
                return 1;
            }
            a->vary = grown;
            a->vary[a->nvary++] = optarg;
            break;
        }
        case OPT_SET:
            if (cli_add_set(&a->so, optarg) != 0) {
                fprintf(stderr, "sanctionsim sweep: out of memory\n");
                return 1;
            }
            break;
        case OPT_MODE:
            a->so.mode = optarg;
            break;
        case OPT_DESIGN:
            a->design = optarg;
            break;
        case OPT_SAMPLES:
            a->samples = optarg;
            break;
        case OPT_SEED:
            a->seed = optarg;
            break;
        case OPT_THREADS:
            a->threads = optarg;
            break;
        case OPT_OUTPUT:
            if (!*optarg)
                return cli_usage_error(CMD, "-o: an empty file name");
            a->output = optarg;
            break;
        case OPT_FORMAT:
            a->format = optarg;
            break;
        case OPT_SHARD:
            a->shard = optarg;
            break;
        case OPT_RESUME:
            a->resume = 1;
            break;
        case OPT_FORCE:
            a->force = 1;
            break;
        case OPT_QUIET:
            a->quiet = 1;
            break;
        case OPT_WARM:
            a->warm = 1;
            break;
        case OPT_HELP:
            return cli_print_usage(CMD);
        default:
            return cli_bad_option(CMD, argv, opt);
        }
    }
    if (optind >= argc)
        return cli_usage_error(CMD, "missing scenario FILE");
    if (optind + 1 < argc)
        return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind + 1]);
    a->file = argv[optind];
    if (a->nvary == 0)
        return cli_usage_error(CMD, "nothing to vary: give --vary KEY=SPEC, e.g. --vary "
                                    "japan.alliance_pressure=0:3:61");
    if (a->resume && a->force)
        return cli_usage_error(CMD, "--resume and --force exclude each other");
    int to_stdout = !a->output || strcmp(a->output, "-") == 0;
    if (a->resume && to_stdout)
        return cli_usage_error(CMD, "--resume needs the output file: -o OUT");
    return -1;
}

/* A whole number in [lo, hi], digits only. */
static int parse_whole(const char *text, unsigned long long lo, unsigned long long hi,
                       unsigned long long *out)
{
    if (!text || !*text)
        return -1;
    unsigned long long v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9' || v > (hi - (unsigned)(*p - '0')) / 10)
            return -1;
        v = v * 10 + (unsigned)(*p - '0');
    }
    if (v < lo)
        return -1;
    *out = v;
    return 0;
}

/* "K/N" with 0 <= K < N. */
static int parse_shard(const char *text, size_t *k, size_t *n)
{
    const char *slash = strchr(text, '/');
    if (!slash || slash == text)
        return -1;
    char kbuf[32];
    size_t klen = (size_t)(slash - text);
    if (klen >= sizeof kbuf)
        return -1;
    memcpy(kbuf, text, klen);
    kbuf[klen] = '\0';
    unsigned long long kv, nv;
    if (parse_whole(kbuf, 0, SS_MAX_POINTS, &kv) != 0 ||
        parse_whole(slash + 1, 1, SS_MAX_POINTS, &nv) != 0 || kv >= nv)
        return -1;
    *k = (size_t)kv;
    *n = (size_t)nv;
    return 0;
}

/* ---- the command line, for the '#' lines ----------------------------------- */

typedef struct strbuf {
    char *text;
    size_t len;
    FILE *f;
} strbuf;

static int sb_open(strbuf *b)
{
    b->text = NULL;
    b->len = 0;
    b->f = open_memstream(&b->text, &b->len);
    return b->f ? 0 : -1;
}

static char *sb_close(strbuf *b)
{
    if (fclose(b->f) != 0) {
        free(b->text);
        return NULL;
    }
    return b->text;
}

/* The whole canonical text of a --vary spec (ss_vary_spec_text cuts what
 * does not fit with "..."); NULL when out of memory. */
static char *spec_text(const ss_vary *v)
{
    for (size_t len = 256; len <= ((size_t)1 << 30); len *= 2) {
        char *buf = malloc(len);
        if (!buf)
            return NULL;
        ss_vary_spec_text(v, buf, len);
        if (strlen(buf) + 1 < len)
            return buf;
        free(buf);
    }
    return NULL;
}

/* The options the rows depend on, in one canonical form: merge and --resume
 * compare it (the scenario itself is compared by its SHA-256). Nothing is cut
 * short: two sweeps that differ anywhere in a spec or a value differ here. */
static char *signature(const sweep_args *a, const ss_scenario *sc, const ss_design *d,
                       const char *format)
{
    strbuf b;
    if (sb_open(&b) != 0)
        return NULL;
    int oom = 0;
    fprintf(b.f, "--design %s", ss_design_kind_name(d->kind));
    if (d->kind != SS_DESIGN_GRID)
        fprintf(b.f, " --samples %zu", d->samples);
    fprintf(b.f, " --seed %lu --mode %s --format %s", d->seed, ss_mode_name(sc->solver.mode),
            format);
    for (size_t k = 0; k < d->nvary; k++) {
        char *spec = spec_text(&d->vary[k]);
        oom |= !spec;
        fprintf(b.f, " --vary %s=%s", d->vary[k].key, spec ? spec : "");
        free(spec);
    }
    for (size_t k = 0; k < a->so.nsets; k++) {
        /* canonical KEY=VALUE (cli_load_scenario has checked it) */
        const char *set = a->so.sets[k], *eq = strchr(set, '=');
        char key[256];
        ss_keyref ref;
        ss_error err;
        double v;
        size_t klen = eq ? (size_t)(eq - set) : 0;
        while (klen > 0 && (set[klen - 1] == ' ' || set[klen - 1] == '\t'))
            klen--;
        const char *k0 = set;
        while (klen > 0 && (*k0 == ' ' || *k0 == '\t'))
            k0++, klen--;
        if (eq && klen < sizeof key) {
            memcpy(key, k0, klen);
            key[klen] = '\0';
            const char *vt = eq + 1;
            while (*vt == ' ' || *vt == '\t')
                vt++;
            char *vbuf = strdup(vt); /* the whole value, as cli_load_scenario read it */
            if (!vbuf) {
                oom = 1;
                break;
            }
            for (size_t q = strlen(vbuf); q > 0 && (vbuf[q - 1] == ' ' || vbuf[q - 1] == '\t');)
                vbuf[--q] = '\0';
            int parsed =
                ss_key_parse(sc, key, &ref, &err) == SS_OK && ss_parse_double(vbuf, &v) == 0;
            free(vbuf);
            if (parsed) {
                char name[SS_KEY_MAX];
                ss_key_name(sc, &ref, name, sizeof name);
                fprintf(b.f, " --set %s=%.17g", name, v);
                continue;
            }
        }
        fputs(" --set ", b.f);
        ss_shell_quote(b.f, set);
    }
    if (a->warm)
        fputs(" --warm-start", b.f);
    char *text = sb_close(&b);
    if (oom) {
        free(text);
        return NULL;
    }
    return text;
}

/* ---- signals and progress ----------------------------------------------- */

static volatile sig_atomic_t stop_signal = 0;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void catch_signals(int on)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on ? on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* past a file size limit, a write fails (EFBIG) instead of killing the
     * process: the error is reported and the rows so far are kept */
    sa.sa_handler = on ? SIG_IGN : SIG_DFL;
    sigaction(SIGXFSZ, &sa, NULL);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct progress {
    int show; /* a terminal and no --quiet */
    double start, last_print, last_sync;
    size_t before; /* rows already in the file (--resume) */
    size_t total;  /* rows of the shard */
    int fd;        /* the temporary file, synced now and then; -1 for stdout */
} progress;

static void format_duration(char *buf, size_t len, double s)
{
    if (!(s >= 0) || s > 1e8) {
        snprintf(buf, len, "?");
        return;
    }
    unsigned long t = (unsigned long)(s + 0.5);
    snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
}

static void on_progress(void *arg, size_t done, size_t todo)
{
    progress *p = arg;
    double t = now();
    if (p->fd >= 0 && t - p->last_sync > 60) {
        fsync(p->fd); /* a crash of the machine then loses at most a minute */
        p->last_sync = t;
    }
    if (!p->show || (t - p->last_print < 0.25 && done < todo))
        return;
    p->last_print = t;
    double rate = (double)done / (t - p->start > 1e-9 ? t - p->start : 1e-9);
    char eta[32];
    format_duration(eta, sizeof eta, rate > 0 ? (double)(todo - done) / rate : -1);
    size_t have = p->before + done;
    fprintf(stderr, "\rsweep: %zu/%zu points (%.1f%%), %.0f points/s, ETA %s\033[K", have, p->total,
            p->total ? 100.0 * (double)have / (double)p->total : 100.0, rate, eta);
    fflush(stderr);
}

/* ---- the output file ------------------------------------------------------ */

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
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

/* Locks fd for writing; 0, or -1 when another process holds the lock. */
static int lock_fd(int fd)
{
    struct flock lk;
    memset(&lk, 0, sizeof lk);
    lk.l_type = F_WRLCK;
    lk.l_whence = SEEK_SET;
    return fcntl(fd, F_SETLK, &lk);
}

/* Opens and locks the temporary file, never through a symbolic link: a new
 * one (created exclusively, empty) when create is set, else the existing
 * regular file. NULL after a message, with *code the exit status. */
static FILE *open_locked(const char *tmp, int create, int *code)
{
    int flags = O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
    int fd = open(tmp, flags | (create ? O_CREAT | O_EXCL : 0), 0666);
    struct stat st, named;
    *code = 1;
    if (fd < 0) {
        if (errno == ELOOP)
            *code = check_tmp(tmp, S_IFLNK);
        else if (errno == EEXIST)
            fprintf(stderr, "sanctionsim sweep: another sweep is writing '%s'\n", tmp);
        else
            fprintf(stderr, "sanctionsim sweep: cannot open '%s': %s\n", tmp, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) != 0 || (*code = check_tmp(tmp, st.st_mode)) != 0) {
        close(fd);
        return NULL;
    }
    *code = 1;
    /* locked, and still the file at that name (not one a rename replaced) */
    if (lock_fd(fd) != 0 || lstat(tmp, &named) != 0 || named.st_ino != st.st_ino ||
        named.st_dev != st.st_dev) {
        fprintf(stderr, "sanctionsim sweep: another sweep is writing '%s'\n", tmp);
        close(fd);
        return NULL;
    }
    FILE *f = NULL;
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(f = fdopen(fd, "r+"))) {
        int why = errno;
        /* a file this run just created holds no sweep: it is not left behind */
        if (create)
            unlink(tmp);
        fprintf(stderr, "sanctionsim sweep: cannot open '%s': %s\n", tmp, strerror(why));
        close(fd);
        return NULL;
    }
    *code = 0;
    return f;
}

/* Starts OUT.tmp afresh, which this run holds locked: the header goes to a
 * private file next to it (OUT.tmp.XXXXXX, removed on any failure or signal),
 * synced, then renamed over OUT.tmp. So OUT.tmp never holds part of a header,
 * whatever stops the run. Returns the new file, locked and positioned after
 * the header, or NULL after a message. */
static FILE *install_header(const char *tmp, const ss_sweep *sw, const ss_sweep_meta *m)
{
    size_t len = strlen(tmp) + 8;
    char *priv = malloc(len);
    if (!priv) {
        fprintf(stderr, "sanctionsim sweep: out of memory\n");
        return NULL;
    }
    snprintf(priv, len, "%s.XXXXXX", tmp);
    int fd = cli_cleanup_mkstemp(priv);
    if (fd < 0) {
        fprintf(stderr, "sanctionsim sweep: cannot create '%s': %s\n", priv, strerror(errno));
        free(priv);
        return NULL;
    }
    mode_t mask = umask(0); /* the permissions fopen would give, not mkstemp's 0600 */
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = lock_fd(fd) == 0 ? fdopen(fd, "r+") : NULL;
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
    strbuf b;
    if (sb_open(&b) != 0)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
    ss_sweep_write_header(sw, b.f, m);
    char *text = sb_close(&b);
    if (!text)
        return ss_error_set(err, SS_ENOMEM, "out of memory");
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

static int report_failures(const char *where, size_t failed, size_t total)
{
    if (!failed)
        return 0;
    fprintf(stderr,
            "sanctionsim sweep: %zu of %zu points failed; their rows in '%s' give the reason in "
            "the status column (not_converged, not_certified or failed)\n",
            failed, total, where);
    return 1;
}

/* Everything a run needs once the options are parsed. */
typedef struct sweep_job {
    sweep_args *a;
    ss_scenario *sc;
    ss_design design;
    ss_sweep *sw;
    ss_sweep_meta meta;
    int threads;
    char *tmp;
} sweep_job;

/* --resume on a complete output: nothing to do, its failures still count. */
static int resume_complete(sweep_job *j, const ss_sweep_header *mine)
{
    const char *out = j->a->output;
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
    size_t total = ss_shard_count(j->design.points, j->meta.shard, j->meta.nshards, 0);
    if (!same_sweep(out, &h, mine))
        code = 2;
    else if (ss_sweep_scan_rows(f, out, &h, j->design.points, j->meta.shard, j->meta.nshards, &scan,
                                &err) != SS_OK) {
        fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
        code = 1;
    } else if (scan.rows != total) {
        fprintf(stderr, "sanctionsim sweep: '%s' has %zu of %zu rows; use --force to start over\n",
                out, scan.rows, total);
        code = 1;
    } else {
        if (!j->a->quiet && isatty(STDERR_FILENO))
            fprintf(stderr, "sanctionsim sweep: nothing to resume: '%s' is complete\n", out);
        code = report_failures(out, scan.failed, total);
    }
    ss_sweep_header_free(&h);
    fclose(f);
    return code;
}

static int run_job(sweep_job *j)
{
    sweep_args *a = j->a;
    int to_stdout = !a->output || strcmp(a->output, "-") == 0;
    FILE *out = stdout;
    size_t first = 0, before = 0, failed_before = 0;
    size_t total = ss_shard_count(j->design.points, j->meta.shard, j->meta.nshards, 0);
    ss_error err;
    ss_status st;
    int code;

    catch_signals(1); /* from here on a signal stops the run cleanly */
#ifdef SANCTIONSIM_MPI
    int mpi_code = ss_sweep_mpi_ready(j->sw, j->threads); /* workers compute, then return */
    if (mpi_code >= 0)
        return mpi_code;
#endif
    if (!to_stdout) {
        size_t len = strlen(a->output) + 5;
        if (!(j->tmp = malloc(len))) {
            fprintf(stderr, "sanctionsim sweep: out of memory\n");
            return 1;
        }
        snprintf(j->tmp, len, "%s.tmp", a->output);
        struct stat tst;
        int have_out = file_exists(a->output), have_tmp = lstat(j->tmp, &tst) == 0;
        if (!a->resume && !a->force) {
            if (have_out)
                return cli_usage_error(CMD, "'%s' exists; use --force to replace it", a->output);
            if (have_tmp)
                return cli_usage_error(CMD,
                                       "'%s' holds an interrupted sweep; continue it with "
                                       "--resume or start over with --force",
                                       j->tmp);
        }
        if ((code = check_output(a->output)) != 0 ||
            (have_tmp && (code = check_tmp(j->tmp, tst.st_mode)) != 0))
            return code;
        ss_sweep_header mine;
        if (a->resume && (st = expected_header(j->sw, &j->meta, &mine, &err))) {
            fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
            return 1;
        }
        if (a->resume && !have_tmp && have_out) {
            code = resume_complete(j, &mine);
            ss_sweep_header_free(&mine);
            return code;
        }
        /* the file this run holds locked: an existing one, or a new empty one
         * created exclusively, removed again if the header cannot be made */
        FILE *held = open_locked(j->tmp, !have_tmp, &code);
        if (!held) {
            if (a->resume)
                ss_sweep_header_free(&mine);
            return code;
        }
        if (!have_tmp)
            cli_cleanup_add(j->tmp);
        /* a header cut short (killed or a full disk while an older version
         * wrote it) holds no row: it starts afresh */
        int fresh = !a->resume || !have_tmp || ss_sweep_header_cut(held);
        if (!fresh) {
            ss_sweep_header h;
            ss_sweep_scan scan;
            st = fseeko(held, 0, SEEK_SET) != 0
                     ? ss_error_set(&err, SS_EIO, "%s: cannot seek", j->tmp)
                     : ss_sweep_header_read(held, j->tmp, &h, &err);
            if (st) {
                fprintf(stderr, "sanctionsim sweep: %s; use --force to start over\n", err.message);
                code = ss_status_exit_code(st);
            } else {
                if (!same_sweep(j->tmp, &h, &mine)) {
                    code = 2;
                } else if ((st = ss_sweep_scan_rows(held, j->tmp, &h, j->design.points,
                                                    j->meta.shard, j->meta.nshards, &scan, &err))) {
                    fprintf(stderr, "sanctionsim sweep: %s; use --force to start over\n",
                            err.message);
                    code = 1;
                } else {
                    first = scan.next;
                    before = scan.rows;
                    failed_before = scan.failed;
                    if (fflush(held) != 0 || ftruncate(fileno(held), scan.end) != 0 ||
                        fseeko(held, 0, SEEK_END) != 0) {
                        fprintf(stderr, "sanctionsim sweep: cannot truncate '%s': %s\n", j->tmp,
                                strerror(errno));
                        code = 1;
                    }
                }
                ss_sweep_header_free(&h);
            }
        }
        if (a->resume)
            ss_sweep_header_free(&mine);
        if (code) { /* (only an existing file is read) */
            fclose(held);
            return code;
        }
        if (fresh) {
            out = install_header(j->tmp, j->sw, &j->meta);
            if (!out && !have_tmp)
                unlink(j->tmp); /* the empty file this run created */
            fclose(held);
        } else {
            out = held;
        }
        if (!have_tmp)
            cli_cleanup_forget(j->tmp); /* from here on, OUT.tmp is kept for --resume */
        if (!out)
            return 1;
    } else if (ss_sweep_write_header(j->sw, out, &j->meta) != SS_OK || fflush(out) != 0) {
        fprintf(stderr, "sanctionsim sweep: writing standard output failed: %s\n", strerror(errno));
        return 1;
    }
    progress pg;
    memset(&pg, 0, sizeof pg);
    pg.show = !a->quiet && isatty(STDERR_FILENO);
    pg.start = pg.last_sync = now();
    pg.before = before;
    pg.total = total;
    pg.fd = to_stdout ? -1 : fileno(out);
    ss_sweep_run_opts ro = {.shard = j->meta.shard,
                            .nshards = j->meta.nshards,
                            .first = first,
                            .threads = j->threads,
                            .stop = &stop_signal,
                            .progress = on_progress,
                            .progress_arg = &pg};
    ss_run_stats stats;
#ifdef SANCTIONSIM_MPI
    st = ss_sweep_mpi_or_serial(j->sw, out, &ro, &stats, &err);
#else
    st = ss_sweep_run(j->sw, out, &ro, &stats, &err);
#endif
    if (pg.show)
        fprintf(stderr, "\r\033[K");
    size_t have = before + stats.written, failed = failed_before + stats.failed;

    if (to_stdout) {
        catch_signals(0);
        if (st) {
            fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
            return 1;
        }
        if (stats.stopped) {
            fprintf(stderr, "sanctionsim sweep: interrupted after %zu of %zu points\n", have,
                    total);
            raise(stop_signal);
            return 1;
        }
        return report_failures("standard output", failed, total);
    }

    int synced = fflush(out) == 0 && fsync(fileno(out)) == 0;
    if (st || !synced) {
        /* errno speaks only for a failed write, not for a failed point or rank */
        char why[SS_ERRMSG_MAX + 64];
        if (st)
            snprintf(why, sizeof why, "%s", err.message);
        else
            snprintf(why, sizeof why, "writing failed (%s)", strerror(errno));
        fprintf(stderr,
                "sanctionsim sweep: %s; the %zu rows written so far stay in '%s': "
                "continue with --resume\n",
                why, have, j->tmp);
        fclose(out);
        catch_signals(0);
        return 1;
    }
    if (stats.stopped) {
        fclose(out);
        fprintf(stderr,
                "sanctionsim sweep: stopped after %zu of %zu points; '%s' keeps them: continue "
                "with the same command and --resume\n",
                have, total, j->tmp);
        catch_signals(0);
        raise(stop_signal); /* die of the signal, as the shell expects */
        return 1;
    }
    if (fclose(out) != 0 || rename(j->tmp, a->output) != 0) {
        fprintf(stderr, "sanctionsim sweep: cannot rename '%s' to '%s': %s\n", j->tmp, a->output,
                strerror(errno));
        catch_signals(0);
        return 1;
    }
    catch_signals(0);
    if (pg.show) {
        double t = now() - pg.start;
        fprintf(stderr, "sweep: %zu points in %.1f s -> %s\n", stats.written, t, a->output);
    }
    return report_failures(a->output, failed, total);
}

int cmd_sweep(int argc, char **argv)
{
#ifdef SANCTIONSIM_MPI
    if (ss_mpi_launched() && !ss_sweep_mpi_running())
        return ss_sweep_mpi_main(argc, argv, cmd_sweep); /* one rank of mpirun (sweep_mpi.h) */
#endif
    sweep_args a;
    memset(&a, 0, sizeof a);
    /* the command line as typed: getopt_long reorders argv */
    char *command = ss_provenance_command(argc, argv), *sig = NULL;
    if (!command) {
        fprintf(stderr, "sanctionsim sweep: out of memory\n");
        return 1;
    }
    int code = parse_args(argc, argv, &a);
    if (code >= 0) {
        free(command);
        free_args(&a);
        return code;
    }
    sweep_job j;
    memset(&j, 0, sizeof j);
    j.a = &a;
    ss_design_kind kind = SS_DESIGN_GRID;
    const char *format = a.format ? a.format : "tsv";
    unsigned long long samples = 0, seed = 1, threads = 1;
#ifdef _OPENMP
    threads = (unsigned long long)omp_get_max_threads();
#endif
    size_t shard = 0, nshards = 1;
    const char *slurm_id = getenv("SLURM_ARRAY_TASK_ID");
    const char *slurm_count = getenv("SLURM_ARRAY_TASK_COUNT");

    if (a.design && ss_design_kind_parse(a.design, &kind) != 0)
        code = cli_usage_error(CMD, "--design: unknown design '%s' (grid, random, lhs, sobol)",
                               a.design);
    else if (strcmp(format, "tsv") != 0 && strcmp(format, "csv") != 0)
        code = cli_usage_error(CMD, "--format: unknown format '%s' (tsv, csv)", format);
    else if (a.samples && parse_whole(a.samples, 1, SS_MAX_POINTS, &samples) != 0)
        code =
            cli_usage_error(CMD, "--samples: '%s' is not a whole number from 1 to 2^53", a.samples);
    else if (a.seed && parse_whole(a.seed, 0, 4294967295ULL, &seed) != 0)
        code =
            cli_usage_error(CMD, "--seed: '%s' is not a whole number from 0 to 4294967295", a.seed);
    else if (a.threads && parse_whole(a.threads, 1, 4096, &threads) != 0)
        code =
            cli_usage_error(CMD, "--threads: '%s' is not a whole number from 1 to 4096", a.threads);
    else if (a.shard && parse_shard(a.shard, &shard, &nshards) != 0)
        code = cli_usage_error(CMD, "--shard: '%s' is not K/N with 0 <= K < N", a.shard);
    else if (!a.shard && (slurm_id || slurm_count)) {
        char both[128];
        snprintf(both, sizeof both, "%s/%s", slurm_id ? slurm_id : "",
                 slurm_count ? slurm_count : "");
        if (!slurm_id || !slurm_count || parse_shard(both, &shard, &nshards) != 0)
            code = cli_usage_error(CMD,
                                   "SLURM_ARRAY_TASK_ID=%s and SLURM_ARRAY_TASK_COUNT=%s do not "
                                   "make a shard K/N with 0 <= K < N (number the array from 0, "
                                   "or give --shard K/N)",
                                   slurm_id ? slurm_id : "(unset)",
                                   slurm_count ? slurm_count : "(unset)");
    }
    if (code >= 0) {
        free(command);
        free_args(&a);
        return code;
    }

    if (!(j.sc = cli_load_scenario(CMD, a.file, &a.so, &code))) {
        free(command);
        free_args(&a);
        return code;
    }
    ss_error err;
    ss_error_clear(&err);
    ss_design_init(&j.design, kind);
    ss_status st = SS_OK;
    for (size_t k = 0; k < a.nvary && !st; k++)
        st = ss_design_vary(&j.design, j.sc, a.vary[k], &err);
    if (!st)
        st = ss_design_finish(&j.design, (size_t)samples, (unsigned long)seed, &err);
    ss_sweep_opts so = {strcmp(format, "csv") == 0 ? ',' : '\t', a.warm};
    if (!st && !(j.sw = ss_sweep_alloc(j.sc, &j.design, &so, &err)))
        st = err.status;
    if (!st && !(sig = signature(&a, j.sc, &j.design, format)))
        st = ss_error_set(&err, SS_ENOMEM, "out of memory");
    if (st) {
        if (st == SS_EINPUT)
            code = cli_usage_error(CMD, "%s", err.message);
        else {
            fprintf(stderr, "sanctionsim sweep: %s\n", err.message);
            code = ss_status_exit_code(st);
        }
    } else {
        j.meta = (ss_sweep_meta){{command, a.so.sets, a.so.nsets}, sig, shard, nshards};
        j.threads = (int)threads;
        code = run_job(&j);
    }
    free(command);
    free(sig);
    free(j.tmp);
    ss_sweep_free(j.sw);
    ss_design_free(&j.design);
    ss_scenario_free(j.sc);
    free_args(&a);
    return code;
}
