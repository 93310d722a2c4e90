/* Allocation-failure injection for the SANCTIONSIM_ALLOC_FAULTS build: the
 * linker redirects the tool's own calls of the allocating functions here
 * (-Wl,--wrap=NAME), and the n-th of them fails as if memory had run out,
 * n = SS_ALLOC_FAIL_AT. tests/alloc/run.sh tries every n (docs/security.md).
 *
 *   SS_ALLOC_FAIL_AT=n     fail the n-th allocation (1, 2, ...); 0 or unset: none
 *   SS_ALLOC_FAULTS_LOG=F  append "fail N NAME" to F when the n-th one fails,
 *                          and "count N" at exit (how many allocations ran)
 *
 * Only calls made from the tool's own object files are counted: libconfig,
 * GSL and libc allocate inside their shared libraries, where --wrap does not
 * reach. jansson is routed through here with json_set_alloc_funcs, and GSL's
 * allocators that the tool calls (gsl_*_alloc) are wrapped as wholes: they
 * fail as GSL does with its error handler off, by returning NULL. */
#define _GNU_SOURCE /* getdelim */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_vector.h>
#include <jansson.h>

/* The real functions (the linker binds __real_NAME to NAME). */
void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
ssize_t __real_getline(char **line, size_t *cap, FILE *f);
ssize_t __real_getdelim(char **line, size_t *cap, int delim, FILE *f);
char *__real_realpath(const char *path, char *resolved);
FILE *__real_open_memstream(char **buf, size_t *len);
FILE *__real_fmemopen(void *buf, size_t size, const char *mode);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fdopen(int fd, const char *mode);
gsl_rng *__real_gsl_rng_alloc(const gsl_rng_type *T);
gsl_qrng *__real_gsl_qrng_alloc(const gsl_qrng_type *T, unsigned int dimension);
gsl_root_fsolver *__real_gsl_root_fsolver_alloc(const gsl_root_fsolver_type *T);
gsl_vector *__real_gsl_vector_alloc(size_t n);
gsl_matrix *__real_gsl_matrix_alloc(size_t n1, size_t n2);
gsl_multifit_nlinear_workspace *
__real_gsl_multifit_nlinear_alloc(const gsl_multifit_nlinear_type *T,
                                  const gsl_multifit_nlinear_parameters *params, size_t n,
                                  size_t p);

/* The wrappers' own prototypes (-Wmissing-prototypes). */
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f);
ssize_t __wrap_getdelim(char **line, size_t *cap, int delim, FILE *f);
char *__wrap_realpath(const char *path, char *resolved);
FILE *__wrap_open_memstream(char **buf, size_t *len);
FILE *__wrap_fmemopen(void *buf, size_t size, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *__wrap_fdopen(int fd, const char *mode);
gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *T);
gsl_qrng *__wrap_gsl_qrng_alloc(const gsl_qrng_type *T, unsigned int dimension);
gsl_root_fsolver *__wrap_gsl_root_fsolver_alloc(const gsl_root_fsolver_type *T);
gsl_vector *__wrap_gsl_vector_alloc(size_t n);
gsl_matrix *__wrap_gsl_matrix_alloc(size_t n1, size_t n2);
gsl_multifit_nlinear_workspace *
__wrap_gsl_multifit_nlinear_alloc(const gsl_multifit_nlinear_type *T,
                                  const gsl_multifit_nlinear_parameters *params, size_t n,
                                  size_t p);

static long fail_at; /* the allocation to fail; 0: none */
static long count;   /* allocations so far (atomically: OpenMP threads allocate too) */
static const char *log_path;

/* Appends one line to the log with plain system calls: no allocation here. */
static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
    if (!log_path)
        return;
    char text[96];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0 || len < 0)
        return;
    ssize_t ignored = write(fd, text, (size_t)len < sizeof text ? (size_t)len : sizeof text - 1);
    (void)ignored;
    close(fd);
}

static void log_count(void)
{
    log_line("count %ld\n", __atomic_load_n(&count, __ATOMIC_SEQ_CST));
}

/* Before main: read the settings once, while there is one thread. */
__attribute__((constructor)) static void alloc_faults_init(void)
{
    const char *at = getenv("SS_ALLOC_FAIL_AT");
    fail_at = at ? strtol(at, NULL, 10) : 0;
    log_path = getenv("SS_ALLOC_FAULTS_LOG");
    if (log_path && !*log_path)
        log_path = NULL;
    atexit(log_count);
    json_set_alloc_funcs(__wrap_malloc, free);
}

/* Counts one allocation; 1 when it is the one to fail (errno is then ENOMEM). */
static int fails(const char *name)
{
    long n = __atomic_add_fetch(&count, 1, __ATOMIC_SEQ_CST);
    if (n != fail_at)
        return 0;
    log_line("fail %ld %s\n", n, name);
    errno = ENOMEM;
    return 1;
}

void *__wrap_malloc(size_t size)
{
    return fails("malloc") ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return fails("calloc") ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return fails("realloc") ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
    return fails("strdup") ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
    return fails("strndup") ? NULL : __real_strndup(s, n);
}

/* getline and getdelim (re)allocate the line; their failure is -1 with errno. */
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f)
{
    return fails("getline") ? -1 : __real_getline(line, cap, f);
}

ssize_t __wrap_getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    return fails("getdelim") ? -1 : __real_getdelim(line, cap, delim, f);
}

/* realpath(path, NULL) allocates the result; with a buffer it does not. */
char *__wrap_realpath(const char *path, char *resolved)
{
    return !resolved && fails("realpath") ? NULL : __real_realpath(path, resolved);
}

/* A stream allocates its FILE and buffer. */
FILE *__wrap_open_memstream(char **buf, size_t *len)
{
    return fails("open_memstream") ? NULL : __real_open_memstream(buf, len);
}

FILE *__wrap_fmemopen(void *buf, size_t size, const char *mode)
{
    return fails("fmemopen") ? NULL : __real_fmemopen(buf, size, mode);
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
    return fails("fopen") ? NULL : __real_fopen(path, mode);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
    return fails("fdopen") ? NULL : __real_fdopen(fd, mode);
}

gsl_rng *__wrap_gsl_rng_alloc(const gsl_rng_type *T)
{
    return fails("gsl_rng_alloc") ? NULL : __real_gsl_rng_alloc(T);
}

gsl_qrng *__wrap_gsl_qrng_alloc(const gsl_qrng_type *T, unsigned int dimension)
{
    return fails("gsl_qrng_alloc") ? NULL : __real_gsl_qrng_alloc(T, dimension);
}

gsl_root_fsolver *__wrap_gsl_root_fsolver_alloc(const gsl_root_fsolver_type *T)
{
    return fails("gsl_root_fsolver_alloc") ? NULL : __real_gsl_root_fsolver_alloc(T);
}

gsl_vector *__wrap_gsl_vector_alloc(size_t n)
{
    return fails("gsl_vector_alloc") ? NULL : __real_gsl_vector_alloc(n);
}

gsl_matrix *__wrap_gsl_matrix_alloc(size_t n1, size_t n2)
{
    return fails("gsl_matrix_alloc") ? NULL : __real_gsl_matrix_alloc(n1, n2);
}

gsl_multifit_nlinear_workspace *
__wrap_gsl_multifit_nlinear_alloc(const gsl_multifit_nlinear_type *T,
                                  const gsl_multifit_nlinear_parameters *params, size_t n, size_t p)
{
    return fails("gsl_multifit_nlinear_alloc") ? NULL
                                               : __real_gsl_multifit_nlinear_alloc(T, params, n, p);
}
