/* Printable text: the one control-character and UTF-8 filter (text.h). */
#include "text.h"

/* The code point of the well-formed UTF-8 sequence at p in *cp and its
 * length, or 0 (and *cp the first byte) when the sequence is malformed. */
static size_t decode(const unsigned char *p, unsigned long *cp)
{
    unsigned lead = p[0];
    size_t n;
    unsigned long v, min;
    *cp = lead;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        n = 2, v = lead & 0x1f, min = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        n = 3, v = lead & 0x0f, min = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        n = 4, v = lead & 0x07, min = 0x10000;
    } else {
        return 0; /* a continuation byte, C0/C1 (overlong), F5..FF */
    }
    for (size_t k = 1; k < n; k++) {
        if ((p[k] & 0xc0) != 0x80) /* the NUL ends it here too */
            return 0;
        v = v << 6 | (p[k] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

static int is_control(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

size_t ss_text_printable(const char *s)
{
    unsigned long cp;
    size_t n = decode((const unsigned char *)s, &cp);
    return n && !is_control(cp) ? n : 0;
}

ss_text_problem ss_text_check(const char *text, size_t *at, unsigned long *code)
{
    const unsigned char *p = (const unsigned char *)text;
    for (size_t k = 0; p[k];) {
        unsigned long cp;
        size_t n = decode(p + k, &cp);
        if (!n || is_control(cp)) {
            if (at)
                *at = k;
            if (code)
                *code = cp;
            return n ? SS_TEXT_CONTROL : SS_TEXT_UTF8;
        }
        k += n;
    }
    return SS_TEXT_OK;
}

/* How many bytes the character at p spans (a broken sequence: its first byte
 * only), and in *ok whether it is printable. */
static size_t step(const char *p, int *ok)
{
    unsigned long cp;
    size_t n = decode((const unsigned char *)p, &cp);
    *ok = n && !is_control(cp);
    return n ? n : 1;
}

void ss_text_put(FILE *out, const char *text, char replacement)
{
    int ok;
    for (const char *p = text; *p;) {
        size_t n = step(p, &ok);
        if (ok)
            fwrite(p, 1, n, out);
        else
            fputc(replacement, out);
        p += n;
    }
}

void ss_text_clean(char *text, char replacement)
{
    char *to = text;
    int ok;
    for (const char *p = text; *p;) {
        size_t n = step(p, &ok);
        if (ok) {
            for (size_t k = 0; k < n; k++)
                *to++ = p[k];
        } else {
            *to++ = replacement;
        }
        p += n;
    }
    *to = '\0';
}
