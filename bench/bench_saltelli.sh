#!/usr/bin/env bash
# The issue-13 speed target: a 10-key Saltelli design of the baseline of
# about 98,304 rows solved and analysed on 2 cores in under a minute. Two
# runs: N = 4096 with --second-order (N(2k+2) = 90,112 rows, S2 analysed)
# and N = 8192 first order (N(k+2) = 98,304 rows).
#
#   bench/bench_saltelli.sh [BUILD_DIR [THREADS]]
#
# Prints, for each, the wall time of the sweep, of `analyze sobol` on two
# outputs, and their sum. A benchmark, not a test: the figures depend on the
# machine and its load (no test asserts a time).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
threads=${2:-2}
bin=$build/sanctionsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ten keys, each about +-50 % around the baseline's value
vary=(--vary japan.alliance_pressure=0:3 --vary russia.substitution=0:1
    --vary japan.territorial_stake=0.8:2.4 --vary japan.axis_fear=1.5:4.5
    --vary japan.engagement=0:1.2 --vary japan.linkage=0:1
    --vary japan.exposure=0.5:1.5 --vary japan.norm_value=0.6:1.8
    --vary g7.alliance_pressure=0:0.6 --vary russia.island_value=0.2:0.7)

now() { date +%s.%N; }

# run N [--second-order]
run() {
    local n=$1 t0 t1 t2 failed rows
    shift
    t0=$(now)
    # exit status 1: some points have no certified equilibrium (counted below)
    "$bin" sweep scenarios/baseline_2014.cfg --design saltelli --samples "$n" "$@" "${vary[@]}" \
        --threads "$threads" --quiet --force -o "$tmp/s.tsv" 2>"$tmp/err" || [ $? -eq 1 ]
    t1=$(now)
    "$bin" analyze sobol "$tmp/s.tsv" --output s.japan --output s.g7 --drop-failed "$@" \
        >"$tmp/a.txt"
    t2=$(now)
    rows=$(grep -vc '^#' "$tmp/s.tsv")
    rows=$((rows - 1))
    failed=$(awk -F'\t' '!/^#/ && $1 != "index" && $NF != "ok" && $NF != "mixed"' "$tmp/s.tsv" |
        wc -l)
    sed -n '1,12p' "$tmp/a.txt"
    awk -v n="$n" -v r="$rows" -v f="$failed" -v th="$threads" -v o="${1:-}" -v a="$t0" \
        -v b="$t1" -v c="$t2" 'BEGIN {
        printf "saltelli N = %d %s, 10 keys: %d rows (%d without a certified equilibrium), %d threads\n", n, o, r, f, th
        printf "  sweep    %7.2f s  (%.0f rows/s)\n", b - a, r / (b - a)
        printf "  analyze  %7.2f s\n", c - b
        printf "  total    %7.2f s  (target: under 60 s on 2 cores)\n\n", c - a
    }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
run 4096 --second-order
run 8192
