/* Gambit's strategic-game format (.nfg, "NFG 1 R", payoff version): the
 * writer export uses, and a reader for both the payoff and the outcome
 * versions (docs/file-formats.md, "Gambit games"). */
#ifndef SANCTIONSIM_NFG_H
#define SANCTIONSIM_NFG_H

#include <stdio.h>

#include "sanctionsim/error.h"
#include "sanctionsim/finite.h"

/* The text of a game: its title, comment (NULL: none), player names and
 * strategy labels. Strings may hold any character; quotes and backslashes
 * are escaped as Gambit reads them back. */
typedef struct ss_nfg_meta {
    const char *title;
    const char *comment;
    const char *const *player;   /* n names */
    const char *const *strategy; /* the labels in player blocks (ss_nfg_offset); NULL:
                                    the strategies are given by count only */
} ss_nfg_meta;

/* Fills u (n payoffs) for the profile whose strategies are s[0..n-1]. */
typedef ss_status (*ss_nfg_payoff_fn)(void *arg, const size_t *s, double *u, ss_error *err);

/* Writes a game of n players with k[i] strategies as NFG 1 R: the prologue
 * (title, players, strategies, comment), then the payoffs of every profile
 * in Gambit's order (player 1's strategy fastest), each payoff a plain
 * decimal (no exponent) that reads back as the same double, asked of fn one
 * profile at a time. Stops with SS_EINPUT, naming limit, as soon as more than
 * limit bytes would be written (0: no limit); *bytes (when not NULL) is what
 * was written. SS_EIO when writing fails; fn's status when it fails. */
ss_status ss_nfg_write_stream(FILE *out, size_t n, const size_t *k, const ss_nfg_meta *m,
                              ss_nfg_payoff_fn fn, void *arg, unsigned long long limit,
                              unsigned long long *bytes, ss_error *err);

/* Writes only the prologue ss_nfg_write_stream writes (everything before
 * the payoffs); *bytes (when not NULL) is its size. SS_EIO. */
ss_status ss_nfg_write_prologue(FILE *out, size_t n, const size_t *k, const ss_nfg_meta *m,
                                unsigned long long *bytes, ss_error *err);

/* ss_nfg_write_stream for a game held in memory, no limit. */
ss_status ss_nfg_write(FILE *out, const ss_nfg *g, const ss_nfg_meta *m, ss_error *err);

/* The text ss_nfg_write_stream writes for x (finite) into buf (at least 400
 * bytes for any double); returns its length. */
size_t ss_nfg_number(double x, char *buf, size_t len);

/* A game read back: the game and its text, every string malloc'ed. */
typedef struct ss_nfg_file {
    ss_nfg game;
    char *title, *comment; /* comment "" when the file has none */
    char **player;         /* game.n names */
    char **strategy;       /* ss_nfg_total labels; Gambit's "1", "2", ... for counts */
} ss_nfg_file;

/* Reads an NFG 1 R (or D) file in the payoff or the outcome version. Numbers
 * may be integers, decimals (with an exponent) or rationals a/b. SS_EINPUT
 * with "PATH:LINE: problem" for anything the grammar does not allow, a game
 * over ss_nfg_init's limits, or a payoff count that does not match; SS_EIO,
 * SS_ENOMEM. On failure f holds nothing to free (ss_nfg_file_free is safe). */
ss_status ss_nfg_read(FILE *in, const char *path, ss_nfg_file *f, ss_error *err);

/* Frees everything f holds; f NULL does nothing. */
void ss_nfg_file_free(ss_nfg_file *f);

#endif
