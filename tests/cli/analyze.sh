#!/usr/bin/env bash
# Command-line tests of `design` and `analyze` (docs/analysis.md): a design
# for a model outside the tool, evaluated with awk and analysed:
#   - Ishigami (a = 7, b = 0.1, x_i uniform on [-pi, pi]) at N = 8192, seed 1:
#     S1 = 0.3139, 0.4424, 0 and ST = 0.5576, 0.4424, 0.2437 (analytic), each
#     to within its bootstrap half-width;
#   - a linear function: Morris mu = slope * range, sigma = 0;
# then a small saltelli sweep of the baseline; rows without a certified
# equilibrium (refused with a count, or dropped by block); a design that is
# not the method's; unknown and non-numeric columns; the output formats and
# the plot.
# Usage: analyze.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup analyze "$@"
sc=$root/scenarios
pi=3.141592653589793

# appends column NAME = EXPR (awk, of $2, $3, ... the design's values) to FILE
append() {
    awk -F'\t' -v OFS='\t' -v name="$2" '
        /^#/ { print; next }
        $1 == "index" { print $0, name; next }
        { print $0, sprintf("%.17g", '"$3"') }' "$1"
}

# field FILE OUTPUT KEY COLUMN: a column of analyze's TSV
field() {
    awk -F'\t' -v o="$2" -v k="$3" -v c="$4" '
        /^#/ { next }
        $1 == "output" { for (i = 1; i <= NF; i++) col[$i] = i; next }
        $1 == o && $2 == k { print $col[c] }' "$1"
}

# within WHAT FILE KEY INDEX WANT: |INDEX - WANT| <= INDEX_conf (and the
# half-width below 0.05: the check says something)
within() {
    local got conf
    got=$(field "$2" y "$3" "$4")
    conf=$(field "$2" y "$3" "$4_conf")
    near "$1" "$got" "$5" "$conf"
    below "$1 half-width" "$conf" 0.05
}

# ---- Ishigami ----
t "design saltelli" 0 design --vary x1=-$pi:$pi --vary x2=-$pi:$pi --vary x3=-$pi:$pi \
    --design saltelli --samples 8192 -o "$tmp/ish.tsv"
has "$tmp/ish.tsv" "^# design: saltelli"
has "$tmp/ish.tsv" "^# samples: 8192"
has "$tmp/ish.tsv" "^# second_order: no"
holds "design: N(k+2) rows" test "$(grep -vc '^#' "$tmp/ish.tsv")" -eq $((8192 * 5 + 1))
append "$tmp/ish.tsv" y 'sin($2) + 7 * sin($3)^2 + 0.1 * $4^4 * sin($2)' >"$tmp/ishy.tsv"
t "analyze sobol ishigami" 0 analyze sobol "$tmp/ishy.tsv" --output y --format tsv
cp "$tmp/out" "$tmp/ish_result.tsv"
has "$tmp/ish_result.tsv" "^# method: sobol"
has "$tmp/ish_result.tsv" "^# seed: 1"
within "S1 x1" "$tmp/ish_result.tsv" x1 S1 0.3139
within "S1 x2" "$tmp/ish_result.tsv" x2 S1 0.4424
within "S1 x3" "$tmp/ish_result.tsv" x3 S1 0
within "ST x1" "$tmp/ish_result.tsv" x1 ST 0.5576
within "ST x2" "$tmp/ish_result.tsv" x2 ST 0.4424
within "ST x3" "$tmp/ish_result.tsv" x3 ST 0.2437
# the same seed, the same bytes; the table and JSON say the same
t "analyze again" 0 analyze sobol "$tmp/ishy.tsv" --output y --format tsv
grep -v '^# command' "$tmp/out" >"$tmp/a" && grep -v '^# command' "$tmp/ish_result.tsv" >"$tmp/b"
same "analyze is reproducible" "$tmp/a" "$tmp/b"
t "analyze json" 0 analyze sobol "$tmp/ishy.tsv" --output y --format json
holds "json: S1 of x2" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
k = j["outputs"][0]["keys"][1]
assert j["method"] == "sobol" and k["key"] == "x2" and abs(k["S1"] - 0.4424) < 0.02, k
assert j["design"]["samples"] == 8192 and j["dropped"] == 0' "$tmp/out"
t "analyze table" 0 analyze sobol "$tmp/ishy.tsv" --output y
has "$tmp/out" "^x2 .*0\.44"
# S2 needs a design made for it
t "second order without its design" 2 analyze sobol "$tmp/ishy.tsv" --output y --second-order
has "$tmp/err" "made without --second-order"

# ---- Morris on a linear function: mu = slope * range ----
t "design morris" 0 design --vary a=0:1 --vary b=0:2 --vary c=-1:1 --design morris \
    --trajectories 10 --levels 4 --seed 7 -o "$tmp/m.tsv"
holds "morris: R(k+1) rows" test "$(grep -vc '^#' "$tmp/m.tsv")" -eq $((10 * 4 + 1))
append "$tmp/m.tsv" y '3 * $2 - 2 * $3 + 0.5 * $4' >"$tmp/my.tsv"
t "analyze morris" 0 analyze morris "$tmp/my.tsv" --output y --format tsv
near "mu a" "$(field "$tmp/out" y a mu)" 3 1e-9
near "mu b" "$(field "$tmp/out" y b mu)" -4 1e-9
near "mu_star b" "$(field "$tmp/out" y b mu_star)" 4 1e-9
near "mu c" "$(field "$tmp/out" y c mu)" 1 1e-9
near "sigma a" "$(field "$tmp/out" y a sigma)" 0 1e-9
t "morris file to sobol" 2 analyze sobol "$tmp/my.tsv" --output y
has "$tmp/err" "a morris design; 'analyze sobol' needs a saltelli design"

# ---- a sweep of the baseline ----
t "sweep saltelli" 0 sweep "$sc/baseline_2014.cfg" --design saltelli --samples 8 \
    --vary japan.alliance_pressure=0:3 --vary russia.substitution=0:1 -o "$tmp/sw.tsv" -q
holds "sweep: N(k+2) rows" test "$(grep -vc '^#' "$tmp/sw.tsv")" -eq $((8 * 4 + 1))
has "$tmp/sw.tsv" "^# sweep: --design saltelli --samples 8 "
t "analyze sweep" 0 analyze sobol "$tmp/sw.tsv" --output s.japan --output s.g7 --format tsv
holds "two outputs, two keys each" test "$(grep -c '^s\.' "$tmp/out")" -eq 4
t "sweep second order" 0 sweep "$sc/baseline_2014.cfg" --design saltelli --samples 4 \
    --second-order --vary japan.alliance_pressure=0:3 --vary russia.substitution=0:1 -q
holds "second order: N(2k+2) rows" test "$(grep -vc '^#' "$tmp/out")" -eq $((4 * 6 + 1))
t "sweep samples not a power of two" 2 sweep "$sc/baseline_2014.cfg" --design saltelli \
    --samples 6 --vary japan.alliance_pressure=0:3
has "$tmp/err" "a power of two (e.g. 4 or 8)"
t "sweep morris" 0 sweep "$sc/baseline_2014.cfg" --design morris --trajectories 3 \
    --vary japan.alliance_pressure=0:3 --vary russia.substitution=0:1 -q
has "$tmp/out" "^# levels: 4"
holds "sweep morris: R(k+1) rows" test "$(grep -vc '^#' "$tmp/out")" -eq $((3 * 3 + 1))

# shards of a morris design merge into the unsharded file (a saltelli
# design's random access: tests/test_sensitivity.c)
for d in "morris --trajectories 3"; do
    # shellcheck disable=SC2086 # $d is several words
    for k in 0 1; do
        t "shard $k/2 $d" 0 sweep "$sc/baseline_2014.cfg" --design $d --shard "$k/2" -q \
            --vary japan.alliance_pressure=0:3 --vary russia.substitution=0:1 -o "$tmp/sh$k.tsv"
    done
    t "whole $d" 0 sweep "$sc/baseline_2014.cfg" --design $d -q --force \
        --vary japan.alliance_pressure=0:3 --vary russia.substitution=0:1 -o "$tmp/whole.tsv"
    t "merge $d" 0 merge "$tmp/sh0.tsv" "$tmp/sh1.tsv" -o "$tmp/merged.tsv"
    grep -v '^# \(command\|merged\|shard\)' "$tmp/whole.tsv" >"$tmp/a"
    grep -v '^# \(command\|merged\|shard\)' "$tmp/merged.tsv" >"$tmp/b"
    same "$d: shards merge into the whole" "$tmp/a" "$tmp/b"
    rm -f "$tmp/sh0.tsv" "$tmp/sh1.tsv" "$tmp/merged.tsv"
done

# rows without a certified equilibrium: refused with a count, or their block dropped
awk -F'\t' -v OFS='\t' '!/^#/ && $1 == 5 { $NF = "not_certified" } { print }' "$tmp/sw.tsv" \
    >"$tmp/bad.tsv"
t "failed rows refused" 2 analyze sobol "$tmp/bad.tsv" --output s.japan
has "$tmp/err" "1 rows have no certified equilibrium (status not ok or mixed), in 1 of the 8 blocks"
t "failed rows dropped" 0 analyze sobol "$tmp/bad.tsv" --output s.japan --drop-failed --format json
holds "dropped one block" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
assert j["dropped"] == 1 and j["used"] == 7, j' "$tmp/out"

# designs and columns that do not fit
t "grid to sobol" 0 sweep "$sc/baseline_2014.cfg" --vary japan.alliance_pressure=0:3:4 \
    -o "$tmp/grid.tsv" -q
t "grid refused" 2 analyze sobol "$tmp/grid.tsv" --output s.japan
has "$tmp/err" "a grid design; 'analyze sobol' needs a saltelli design"
t "unknown column" 2 analyze sobol "$tmp/sw.tsv" --output s.nobody
has "$tmp/err" "--output 's.nobody':.*has no such column"
t "non-numeric column" 2 analyze sobol "$tmp/sw.tsv" --output status
has "$tmp/err" "column 'status': 'ok' is not a finite number"
# the '#' lines, the column line and 10 rows
head -n "$(($(grep -c '^#' "$tmp/sw.tsv") + 11))" "$tmp/sw.tsv" >"$tmp/short.tsv"
t "unfinished file" 2 analyze sobol "$tmp/short.tsv" --output s.japan
has "$tmp/err" "rows where the design has 32"
t "unknown method" 2 analyze prim "$tmp/sw.tsv" --output s.japan
has "$tmp/err" "unknown method 'prim'"

# the plot
if command -v gnuplot >/dev/null; then
    t "plot morris" 0 analyze morris "$tmp/my.tsv" --output y --plot "$tmp/m.svg"
    has "$tmp/m.svg" "<svg"
fi

summary
