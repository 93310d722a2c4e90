/* `sanctionsim merge`: joins the shards of a sweep into one file
 * (ss_sweep_merge), never half-written. */
#include "cli.h"
#include "sanctionsim/sweep.h"
#include "sanctionsim/sweep_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char CMD[] = "merge";

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
    ss_sweep_shard *in = calloc(n, sizeof *in);
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
    cli_args_free(merge_options, &args);
    return code;
}
