/* Numbers as text: parsing what a user writes, and writing a double short. */
#ifndef SANCTIONSIM_NUMBERS_H
#define SANCTIONSIM_NUMBERS_H

#include <stddef.h>

/* Parses a whole number with nothing after it; finite values only. Returns 0 or -1. */
int ss_parse_double(const char *text, double *out);

/* Parses a whole number in [lo, hi] written in digits only (no sign, space,
 * or 0x; leading zeros are fine). Returns 0, or -1 with *out untouched. The
 * one parser of counts, indices, seeds and such. */
int ss_parse_whole(const char *text, unsigned long long lo, unsigned long long hi,
                   unsigned long long *out);

/* Writes the shortest text that reads back as v (for messages: 1.0000001, not 1). */
void ss_format_double(double v, char *buf, size_t len);

#endif
