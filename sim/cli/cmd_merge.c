/* `sanctionsim merge`: joins the shards of a sweep into one file, checking that
 * they come from the same sweep and that every point is there exactly once. */
#include "cli.h"
#include "sanctionsim/sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char CMD[] = "merge";

/* One input: its header and its next row. */
typedef struct shard_in {
    const char *path;
    FILE *f;
    ss_sweep_header h;
    char *line;
    size_t cap;
    size_t len;
    size_t index; /* of the current line */
    size_t lineno;
    int done;
} shard_in;

/* Reads the next row of s; returns 0, or an exit code after a message. */
static int next_row(shard_in *s)
{
    ssize_t len = getline(&s->line, &s->cap, s->f);
    if (len < 0) {
        /* the end of the file, or a failure: getline's ENOMEM need not set
         * the error flag, so only feof tells them apart */
        if (!feof(s->f)) {
            if (errno == ENOMEM)
                fprintf(stderr, "sanctionsim merge: reading '%s': out of memory\n", s->path);
            else
                fprintf(stderr, "sanctionsim merge: reading '%s' failed: %s\n", s->path,
                        strerror(errno));
            return 1;
        }
        s->done = 1;
        return 0;
    }
    s->lineno++;
    if (s->line[len - 1] != '\n') {
        fprintf(stderr, "sanctionsim merge: %s:%zu: the last row is cut short\n", s->path,
                s->lineno);
        return 2;
    }
    s->len = (size_t)len;
    /* the index and the number of fields, without splitting the line */
    size_t fields = 1, index;
    for (size_t k = 0; k + 1 < s->len; k++)
        fields += s->line[k] == s->h.sep;
    char first[32];
    size_t k = 0;
    while (k < sizeof first - 1 && s->line[k] != s->h.sep && s->line[k] != '\n') {
        first[k] = s->line[k];
        k++;
    }
    first[k] = '\0';
    if (fields != s->h.ncolumns || ss_sweep_parse_index(first, &index) != 0) {
        fprintf(stderr,
                "sanctionsim merge: %s:%zu: not a row of this sweep (%zu fields, %zu "
                "expected)\n",
                s->path, s->lineno, fields, s->h.ncolumns);
        return 2;
    }
    if (s->lineno > s->h.nlines + 2 && index <= s->index) {
        fprintf(stderr, "sanctionsim merge: %s:%zu: point %zu after point %zu: rows out of order\n",
                s->path, s->lineno, index, s->index);
        return 2;
    }
    s->index = index;
    return 0;
}

/* A binary heap of inputs by their current index. */
static int heap_less(shard_in **heap, size_t a, size_t b)
{
    return heap[a]->index < heap[b]->index;
}

static void heap_down(shard_in **heap, size_t n, size_t k)
{
    for (;;) {
        size_t l = 2 * k + 1, r = l + 1, m = k;
        if (l < n && heap_less(heap, l, m))
            m = l;
        if (r < n && heap_less(heap, r, m))
            m = r;
        if (m == k)
            return;
        shard_in *t = heap[k];
        heap[k] = heap[m];
        heap[m] = t;
        k = m;
    }
}

/* Writes the merged '#' lines: the first shard's, marked as merged. */
static void write_header(FILE *out, const shard_in *in, size_t n)
{
    const ss_sweep_header *h = &in[0].h;
    for (size_t k = 0; k < h->nlines; k++) {
        if (strncmp(h->lines[k], "shard:", 6) == 0) {
            fprintf(out, "# shard: 0/1\n# merged: %zu shards:", n);
            for (size_t q = 0; q < n; q++) {
                const char *s = ss_sweep_header_get(&in[q].h, "shard");
                fprintf(out, " %s", s ? s : "?");
            }
            fputc('\n', out);
            continue;
        }
        fprintf(out, "# %s\n", h->lines[k]);
    }
    fprintf(out, "%s\n", h->columns);
}

static int merge(shard_in *in, size_t n, FILE *out)
{
    char why[600];
    for (size_t k = 1; k < n; k++)
        if (!ss_sweep_header_compatible(&in[0].h, &in[k].h, why, sizeof why)) {
            fprintf(stderr, "sanctionsim merge: '%s' and '%s' are not shards of one sweep: %s\n",
                    in[0].path, in[k].path, why);
            return 2;
        }
    const char *ptext = ss_sweep_header_get(&in[0].h, "points");
    size_t points;
    if (!ptext || ss_sweep_parse_index(ptext, &points) != 0) {
        fprintf(stderr, "sanctionsim merge: '%s': no '# points:' line\n", in[0].path);
        return 2;
    }
    write_header(out, in, n);

    shard_in **heap = malloc(n * sizeof *heap);
    if (!heap) {
        fprintf(stderr, "sanctionsim merge: out of memory\n");
        return 1;
    }
    size_t live = 0;
    int code = 0;
    for (size_t k = 0; k < n && !code; k++) {
        in[k].lineno = in[k].h.nlines + 1;
        if ((code = next_row(&in[k])) == 0 && !in[k].done)
            heap[live++] = &in[k];
    }
    for (size_t k = live / 2; k-- > 0;)
        heap_down(heap, live, k);

    size_t expect = 0;
    const char *last_path = NULL;
    while (!code && live > 0) {
        shard_in *s = heap[0];
        if (s->index < expect) {
            fprintf(stderr, "sanctionsim merge: point %zu is in '%s' and in '%s'\n", s->index,
                    last_path, s->path);
            code = 2;
            break;
        }
        if (s->index > expect || s->index >= points) {
            if (s->index >= points)
                fprintf(stderr, "sanctionsim merge: %s:%zu: point %zu, but the sweep has %zu\n",
                        s->path, s->lineno, s->index, points);
            else
                fprintf(stderr,
                        "sanctionsim merge: point %zu is missing (no shard has it; the next is "
                        "%zu in '%s')\n",
                        expect, s->index, s->path);
            code = 2;
            break;
        }
        if (fwrite(s->line, 1, s->len, out) != s->len) {
            fprintf(stderr, "sanctionsim merge: writing failed: %s\n", strerror(errno));
            code = 1;
            break;
        }
        expect++;
        last_path = s->path;
        if ((code = next_row(s)) != 0)
            break;
        if (s->done)
            heap[0] = heap[--live];
        heap_down(heap, live, 0);
    }
    if (!code && expect < points) {
        fprintf(stderr, "sanctionsim merge: points %zu to %zu are missing (%zu of %zu)\n", expect,
                points - 1, points - expect, points);
        code = 2;
    }
    free(heap);
    return code;
}

static const cli_opt_use merge_options[] = {
    {&cli_opt_output, "OUT", "the merged file (default: standard output)", NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_merge = {
    .name = "merge",
    .summary = "join the shards of a sweep",
    .synopsis = "usage: sanctionsim merge SHARD.tsv... [-o OUT.tsv]\n",
    .description =
        "Joins the shards of one sweep (sanctionsim sweep --shard K/N, or a Slurm job\n"
        "array) into one file whose rows equal an unsharded run's. The shards must come\n"
        "from the same scenario (SHA-256) and the same sweep options (apart from\n"
        "--shard, --threads and -o); every point must be in exactly one of them.\n"
        "OUT is written to a temporary file and renamed when complete; nothing is\n"
        "written (to OUT or to standard output) unless the shards make one sweep.\n",
    .options = merge_options,
    .epilogue = "Exit status: 0 merged, 1 reading or writing failed, 2 bad usage or shards that\n"
                "do not make one sweep (the message names the file and the point).\n",
    .operands = "file",
    .run = cmd_merge,
};

int cmd_merge(int argc, char **argv)
{
    cli_common args = {0};
    int code = cli_parse(CMD, merge_options, argc, argv, &args);
    const char *output = args.output;
    size_t n = args.noperands;
    if (code < 0 && n == 0)
        code = cli_usage_error(CMD, "missing the shard files to merge");
    if (code >= 0) {
        cli_args_free(merge_options, &args);
        return code;
    }
    shard_in *in = calloc(n, sizeof *in);
    if (!in) {
        fprintf(stderr, "sanctionsim merge: out of memory\n");
        cli_args_free(merge_options, &args);
        return 1;
    }
    code = 0;
    for (size_t k = 0; k < n && !code; k++) {
        in[k].path = args.operand[k];
        if (!(in[k].f = fopen(in[k].path, "r"))) {
            fprintf(stderr, "sanctionsim merge: cannot open '%s': %s\n", in[k].path,
                    strerror(errno));
            code = errno == ENOENT ? 2 : 1;
            break;
        }
        ss_error err;
        ss_status st = ss_sweep_header_read(in[k].f, in[k].path, &in[k].h, &err);
        if (st) {
            fprintf(stderr, "sanctionsim merge: %s\n", err.message);
            code = ss_status_exit_code(st);
        }
    }
    /* every row is checked before standard output sees any: it waits in a
     * temporary file, as OUT's rows do */
    cli_output o;
    if (!code && cli_output_open_whole(&o, output) != 0) {
        fprintf(stderr, "sanctionsim merge: cannot write '%s': %s\n",
                output ? output : "standard output", strerror(errno));
        code = errno == EISDIR ? 2 : 1;
    }
    if (!code) {
        code = merge(in, n, o.fp);
        if (code)
            cli_output_abort(&o);
        else if (cli_output_commit(&o) != 0) {
            fprintf(stderr, "sanctionsim merge: writing '%s' failed\n",
                    output ? output : "standard output");
            code = 1;
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (in[k].f)
            fclose(in[k].f);
        ss_sweep_header_free(&in[k].h);
        free(in[k].line);
    }
    free(in);
    cli_args_free(merge_options, &args);
    return code;
}
