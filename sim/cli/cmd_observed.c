/* `sanctionsim observed`: the observed intensity index (MODEL.md section 9)
 * of every sanctioner with measures, per period or at each change. */
#include "cli.h"
#include "sanctionsim/observed.h"
#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"
#include "sanctionsim/timeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct observed_args {
    cli_common c; /* first: the shared options */
    int changes;
} observed_args;

static const cli_option opt_changes = {
    .name = "changes",
    .kind = CLI_OPT_FLAG,
    .offset = offsetof(observed_args, changes),
    .help = "one row per date the index changes",
};

static const cli_opt_use observed_options[] = {
    {&cli_opt_output, NULL, "write the TSV here (temporary file, then rename)", NULL},
    {&opt_changes, NULL, NULL, NULL},
    {&cli_opt_set, NULL, "override a parameter (repeatable)", NULL},
    {&cli_opt_help, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL},
};

const cli_command cli_cmd_observed = {
    .name = "observed",
    .summary = "print the observed sanction intensity index",
    .synopsis = "usage: sanctionsim observed FILE [-o FILE] [--changes] [--set KEY=VALUE]...\n",
    .description = "Prints the observed sanction intensity index (MODEL.md section 9) of every\n"
                   "sanctioner with measures in the scenario's 'observed' section: the weighted\n"
                   "sum of the measure types in force, each type's scopes added and capped at 1.\n"
                   "One row per timeline period (measures in force at the period's end), or with\n"
                   "--changes (or without a timeline) one row per date a measure starts or ends.\n",
    .options = observed_options,
    .operands = "scenario",
    .run = cmd_observed,
};

/* Parses into a (cli_args_free frees it) and hands the body of cmd_observed
 * what it uses; -1 to go on, else an exit status. */
static int parse_options(int argc, char **argv, cli_scenario_opts *so, const char **output,
                         int *changes, const char **file, observed_args *a)
{
    int code = cli_parse("observed", observed_options, argc, argv, &a->c);
    if (code >= 0)
        return code;
    if (!(*file = cli_one_operand("observed", &a->c, "missing scenario FILE")))
        return 2;
    *so = cli_scenario_of(&a->c);
    *output = a->c.output;
    *changes = a->changes;
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
    observed_args a = {0};
    int code = parse_options(argc, argv, &so, &output, &changes, &file, &a);
    char *command = code >= 0 ? NULL : ss_provenance_command(argc, argv);
    if (code < 0 && !command) {
        fprintf(stderr, "sanctionsim observed: out of memory\n");
        code = 1;
    }
    ss_scenario *sc = code >= 0 ? NULL : cli_load_scenario("observed", file, &so, &code);
    if (sc)
        code = observed(sc, command, &so, output, changes);
    free(command);
    cli_args_free(observed_options, &a.c); /* so's overrides are a's */
    ss_scenario_free(sc);
    return code;
}
