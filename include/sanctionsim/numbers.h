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

/* Room for any number ss_format_double writes ("-2.2250738585072014e-308"). */
#define SS_NUMBER_MAX 32

/* Writes into buf (len >= SS_NUMBER_MAX) v with the fewest significant
 * digits that strtod reads back bit-identical to v: 0.3, not
 * 0.29999999999999999; 1/3 as 0.3333333333333333; -0.0 as "-0"; 1e7 as
 * "1e+07" and 100 as "100" (printf's %g for that many digits, or the plain
 * digits of a whole number when they are no longer). It tries %.16g,
 * then %.15g or %.17g (digits beyond what reads back are trailing zeros,
 * which %g cuts); a subnormal tries every count from 1. Finite values always read back exactly; inf
 * and nan are written as printf writes them. The same v gives the same bytes everywhere (the C
 * locale's decimal point: the program never calls setlocale). The one writer of numbers in TSV,
 * JSON, cfg and messages (ss_write_double in columns.h writes it to a stream). */
void ss_format_double(double v, char *buf, size_t len);

#endif
