#!/usr/bin/env bash
# Regenerates the seed inputs of the committed fuzz corpus, tests/fuzz/corpus/
# HARNESS/seed-*, from what the other tests hold: every scenario and bad case
# for the loader; every --set and --vary argument of tests/bad/cmdline.tsv
# (plus valid ones) for those parsers. Run it after adding cases there and
# commit the result; tests/fuzz/run.sh replays only what is committed. Other
# files of the corpus (crash-*, leak-*, ... : inputs that once failed) are kept.
#
# usage: tests/fuzz/seeds.sh
set -euo pipefail
# shellcheck source=tests/fuzz/common.sh
source "$(dirname "$0")/common.sh"

put() { # put DIR: stdin into DIR/seed-SHA1 (a name that depends on the bytes only)
    local tmp sum
    tmp=$(mktemp)
    cat >"$tmp"
    sum=$(sha1sum <"$tmp")
    mv "$tmp" "$1/seed-${sum%% *}"
}

args_of() { # args_of OPTION: the values of OPTION in tests/bad/cmdline.tsv, unquoted
    grep -v '^#' tests/bad/cmdline.tsv | cut -f1 | grep -o -- "$1 [^ ]*" |
        sed -e "s/^$1 //" -e "s/^'//" -e "s/'\$//"
}

for h in scenario set vary; do
    mkdir -p "$corpus/$h"
    rm -f "$corpus/$h"/seed-*
done

for f in tests/bad/cases/*.cfg; do cp "$f" "$corpus/scenario/seed-bad-${f##*/}"; done
for f in scenarios/*.cfg; do cp "$f" "$corpus/scenario/seed-scenario-${f##*/}"; done

{
    args_of --set
    printf '%s\n' japan.alliance_pressure=3 russia.reciprocity.japan=0.2 \
        japan.beliefs.target.reciprocity.japan=0.6 japan.beliefs.patron.dependence_gain=1 \
        'china.base_alignment = -0.5' 'g7.linkage=1e-3'
} | sort -u | while IFS= read -r line; do
    printf '%s' "$line" | put "$corpus/set"
done

# fuzz_vary's input: a design byte (0: grid; 29: random, 8 samples), then one
# spec per line
{
    args_of --vary
    printf '%s\n' japan.alliance_pressure=0:3:61 japan.territorial_stake=log:0.01:2:5 \
        russia.reciprocity.japan=0,0.2,0.6 japan.leverage g7.exposure=prior \
        japan.beliefs.patron.dependence_gain=0:1
} | sort -u | while IFS= read -r line; do
    printf '\000%s' "$line" | put "$corpus/vary"
    printf '\035%s\njapan.alliance_pressure=0:3' "$line" | put "$corpus/vary"
done

for h in scenario set vary; do
    seeds=$(find "$corpus/$h" -name 'seed-*' | wc -l)
    others=$(find "$corpus/$h" -type f ! -name 'seed-*' | wc -l)
    echo "$corpus/$h: $seeds seeds, $others other inputs"
done
