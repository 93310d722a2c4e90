/* Timelines: periods and dated events (MODEL.md section 8). */
#include "sanctionsim/timeline.h"

#include <stdlib.h>

ss_timeline *ss_timeline_copy(const ss_timeline *t)
{
    ss_timeline *c = malloc(sizeof *c);
    if (c)
        *c = *t;
    return c;
}

void ss_timeline_free(ss_timeline *t)
{
    free(t);
}
