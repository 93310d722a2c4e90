/* `sanctionsim merge`: joins the shards of a sweep into one file
 * (ss_sweep_merge), never half-written. */
#include "cli.h"
#include "sanctionsim/sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cli_merge_usage[] =
    "usage: sanctionsim merge SHARD.tsv... [-o OUT.tsv]\n"
    "\n"
    "Joins the shards of one sweep (sanctionsim sweep --shard K/N, or a Slurm job\n"
    "array) into one file whose rows equal an unsharded run's. The shards must come\n"
    "from the same scenario (SHA-256) and the same sweep options (apart from\n"
    "--shard, --threads and -o); every point must be in exactly one of them.\n"
    "OUT is written to a temporary file and renamed when complete; nothing is\n"
    "written (to OUT or to standard output) unless the shards make one sweep.\n"
    "\n"
    "  -o, --output OUT   the merged file (default: standard output)\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 merged, 1 reading or writing failed, 2 bad usage or shards that\n"
    "do not make one sweep (the message names the file and the point).\n";

static const char CMD[] = "merge";

int cmd_merge(int argc, char **argv)
{
    static const struct option longs[] = {{"output", required_argument, NULL, 'o'},
                                          {"help", no_argument, NULL, 'h'},
                                          {NULL, 0, NULL, 0}};
    const char *output = NULL;
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:h", longs, NULL)) != -1) {
        switch (opt) {
        case 'o':
            if (!*optarg)
                return cli_usage_error(CMD, "-o: an empty file name");
            output = optarg;
            break;
        case 'h':
            return cli_print_usage(CMD);
        default:
            return cli_bad_option(CMD, argv, opt);
        }
    }
    size_t n = (size_t)(argc - optind);
    if (n == 0)
        return cli_usage_error(CMD, "missing the shard files to merge");
    ss_sweep_shard *in = calloc(n, sizeof *in);
    if (!in) {
        fprintf(stderr, "sanctionsim merge: out of memory\n");
        return 1;
    }
    int code = 0;
    for (size_t k = 0; k < n && !code; k++) {
        in[k].path = argv[optind + (int)k];
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
        ss_error err;
        ss_status st = ss_sweep_merge(in, n, o.fp, &err);
        if (st)
            fprintf(stderr, "sanctionsim merge: %s\n", err.message);
        code = ss_status_exit_code(st);
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
    }
    free(in);
    return code;
}
