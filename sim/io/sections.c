/* The top-level scenario sections read by modules other than the loader:
 * one line per section, read in this order after the agents. */
#include "cfg.h"

const ss_cfg_section ss_cfg_sections[] = {
    {"priors", ss_cfg_read_priors},
    {"timeline", ss_cfg_read_timeline},
    {"observed", ss_cfg_read_observed},
    {NULL, NULL},
};
