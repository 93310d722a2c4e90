/* What the fuzz harnesses share: loading their fixed scenario from text. */
#ifndef SANCTIONSIM_FUZZ_COMMON_H
#define SANCTIONSIM_FUZZ_COMMON_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sanctionsim/scenario.h"

/* Loads a scenario written as text (through a temporary file, as a user's
 * would be read); aborts when it does not load, since the harness is broken then. */
static ss_scenario *fuzz_load_text(const char *text, const char *tag)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/ssfuzz-%s.XXXXXX", tag);
    int fd = mkstemp(path);
    size_t len = strlen(text);
    if (fd < 0 || write(fd, text, len) != (ssize_t)len)
        abort();
    close(fd);
    ss_error err;
    ss_scenario *sc = ss_scenario_load(path, &err);
    unlink(path);
    if (!sc)
        abort();
    return sc;
}

#endif
