/* `sanctionsim show`: every resolved number of a scenario with its range,
 * meaning and origin, as a table or JSON (the cfg form is
 * ss_scenario_write_cfg in scenario_write.h). */
#ifndef SANCTIONSIM_SHOW_REPORT_H
#define SANCTIONSIM_SHOW_REPORT_H

#include <stdio.h>

#include "sanctionsim/provenance.h"
#include "sanctionsim/report.h"
#include "sanctionsim/scenario.h"

/* Writes every number of sc: each sanctioner's parameters (defaults
 * included) and the beliefs it holds, the target's with its reciprocity per
 * sanctioner, the patron's, the mode and the solver settings.
 * SS_FORMAT_TABLE: the provenance lines, then one row per number: key,
 * value, range, origin ("FILE:LINE", "--set", "--mode" or "default"),
 * meaning. SS_FORMAT_JSON: {"sanctioners":[{"id","name","params":{KEY:V},
 * "beliefs":{"target":{KEY:V,"reciprocity":{ID:V}},"patron":{KEY:V}}}],
 * "target":{"id","name","params":{KEY:V,"reciprocity":{ID:V}}},
 * "patron":{"id","name","params":{KEY:V}}|null,"solver":{"mode",KEY:V},
 * "origins":{DOTTED_KEY:ORIGIN},"provenance":{...}}. Returns SS_OK, SS_EINPUT
 * (another format), SS_ENOMEM or SS_EIO. */
ss_status ss_report_show(FILE *out, const ss_scenario *sc, ss_format fmt,
                         const ss_provenance *prov);

#endif
