/* Internal: the one filter for text that reaches terminals and output files.
 * Scenario strings must pass it; '#' lines, headers and messages write what
 * fails it as a replacement character. */
#ifndef SANCTIONSIM_TEXT_H
#define SANCTIONSIM_TEXT_H

#include <stddef.h>
#include <stdio.h>

/* What is wrong with a string, if anything. */
typedef enum ss_text_problem {
    SS_TEXT_OK,
    SS_TEXT_CONTROL, /* a control character: C0 (U+0000..U+001F, tab and newline
                        included), DEL (U+007F) or C1 (U+0080..U+009F) */
    SS_TEXT_UTF8     /* not well-formed UTF-8: a stray or missing continuation
                        byte, an overlong form, a surrogate, above U+10FFFF */
} ss_text_problem;

/* The length in bytes (1 to 4) of the character that starts s when it is
 * printable: well-formed UTF-8 and not a control character. 0 otherwise, and
 * at the terminating NUL. Never reads past the NUL. */
size_t ss_text_printable(const char *s);

/* The first character of text that is not printable, or SS_TEXT_OK. On a
 * problem, *at (if not NULL) is its byte offset and *code (if not NULL) the
 * code point of the control character, or the byte that is not UTF-8. */
ss_text_problem ss_text_check(const char *text, size_t *at, unsigned long *code);

/* Writes text to out with each character that is not printable (each byte,
 * where the UTF-8 is broken) written as `replacement`. */
void ss_text_put(FILE *out, const char *text, char replacement);

/* The same in place: text shrinks or keeps its length. */
void ss_text_clean(char *text, char replacement);

#endif
