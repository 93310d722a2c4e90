/* `sanctionsim observed`: the observed intensity index (MODEL.md section 9)
 * of every sanctioner with measures, per period or at each change. */
#include "cli.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"
#include "sanctionsim/timeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SET = 's', OPT_OUTPUT = 'o', OPT_HELP = 'h', OPT_CHANGES = 256 };

static int parse_options(int argc, char **argv, cli_scenario_opts *so, const char **output,
                         int *changes, const char **file)
{
    static const struct option longs[] = {{"set", required_argument, NULL, OPT_SET},
                                          {"output", required_argument, NULL, OPT_OUTPUT},
                                          {"changes", no_argument, NULL, OPT_CHANGES},
                                          {"help", no_argument, NULL, OPT_HELP},
                                          {NULL, 0, NULL, 0}};
    optind = 0;
    opterr = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":ho:", longs, NULL)) != -1) {
        switch (opt) {
        case OPT_SET:
            if (cli_add_set(so, optarg) != 0) {
                fprintf(stderr, "sanctionsim observed: out of memory\n");
                return 1;
            }
            break;
        case OPT_OUTPUT:
            if (!*optarg)
                return cli_usage_error("observed", "-o: an empty file name");
            *output = optarg;
            break;
        case OPT_CHANGES:
            *changes = 1;
            break;
        case OPT_HELP:
            return cli_print_usage("observed");
        default:
            return cli_bad_option("observed", argv, opt);
        }
    }
    if (optind >= argc)
        return cli_usage_error("observed", "missing scenario FILE");
    if (optind + 1 < argc)
        return cli_usage_error("observed", "unexpected argument '%s'", argv[optind + 1]);
    *file = argv[optind];
    return -1;
}

static void write_row(FILE *out, const ss_scenario *sc, const char *date, const ss_date *d)
{
    fputs(date, out);
    for (size_t i = 0; i < sc->params.n; i++)
        if (ss_observed_covers(sc->timeline, i)) {
            fputc('\t', out);
            ss_write_double(out, ss_observed_index(sc->timeline, i, d));
        }
    fputc('\n', out);
}

/* One row per date on which some measure starts or ends. Returns -1 when out
 * of memory. */
static int write_changes(FILE *out, const ss_scenario *sc)
{
    ss_date *d;
    size_t n;
    if (ss_observed_changes(sc->timeline, &d, &n) != SS_OK)
        return -1;
    for (size_t k = 0; k < n; k++) {
        char label[16];
        snprintf(label, sizeof label, "%04d-%02d-%02d", d[k].year, d[k].month, d[k].day);
        write_row(out, sc, label, &d[k]);
    }
    free(d);
    return 0;
}

/* Writes the observed index of sc; returns an exit code. */
static int observed(const ss_scenario *sc, const char *command, const cli_scenario_opts *so,
                    const char *output, int changes)
{
    const ss_timeline *t = sc->timeline;
    if (!t || !t->has_observed) {
        fprintf(stderr, "sanctionsim observed: %s: no 'observed' section (see docs/dynamics.md)\n",
                sc->path);
        return 2;
    }
    if (!changes && !t->has_periods)
        changes = 1; /* without periods, the dates the index changes on */
    cli_output out;
    if (cli_output_open(&out, output) != 0) {
        fprintf(stderr, "sanctionsim observed: cannot write '%s': %s\n", output, strerror(errno));
        return 1;
    }
    ss_provenance prov = {command, so->sets, so->nsets};
    ss_provenance_write(out.fp, "observed", &sc, 1, &prov);
    fprintf(out.fp, "# measures: %zu\n", t->nmeasures);
    fputs("# weights:", out.fp);
    for (size_t k = 0; k < SS_NMEASURE_TYPES; k++)
        fprintf(out.fp, " %s=%g", ss_measure_type_names[k], t->weights[k]);
    fprintf(out.fp, "\n# rows: %s\ndate",
            changes ? "each date a measure starts or ends"
                    : "each period, measures in force at its end");
    for (size_t i = 0; i < sc->params.n; i++)
        if (ss_observed_covers(t, i))
            fprintf(out.fp, "\tobserved.%s", sc->sanctioner[i].id);
    fputc('\n', out.fp);
    if (changes && write_changes(out.fp, sc) != 0) {
        fprintf(stderr, "sanctionsim observed: out of memory\n");
        cli_output_abort(&out);
        return 1;
    } else if (!changes) {
        for (size_t k = 0; k < ss_timeline_periods(t); k++) {
            char label[16];
            ss_date end;
            ss_timeline_period_label(t, k, label, sizeof label);
            ss_timeline_period_end(t, k, &end);
            write_row(out.fp, sc, label, &end);
        }
    }
    int code = 0;
    if (cli_output_commit(&out) != 0) {
        fprintf(stderr, "sanctionsim observed: writing '%s' failed\n", output ? output : "stdout");
        code = 1;
    }
    return code;
}

int cmd_observed(int argc, char **argv)
{
    cli_scenario_opts so = {NULL, 0, NULL};
    const char *output = NULL, *file = NULL;
    int changes = 0;
    /* the command line as typed: getopt_long reorders argv */
    char *command = ss_provenance_command(argc, argv);
    if (!command) {
        fprintf(stderr, "sanctionsim observed: out of memory\n");
        return 1;
    }
    int code = parse_options(argc, argv, &so, &output, &changes, &file);
    ss_scenario *sc = code >= 0 ? NULL : cli_load_scenario("observed", file, &so, &code);
    if (sc)
        code = observed(sc, command, &so, output, changes);
    free(command);
    free(so.sets);
    ss_scenario_free(sc);
    return code;
}
