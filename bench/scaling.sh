#!/usr/bin/env bash
# Points per second of `sanctionsim sweep` serial, on threads and on 1, 2 and 4 MPI ranks (docs/scaling.md).
#
#   bench/scaling.sh [BUILD_DIR [POINTS_PER_AXIS [REPEATS]]]
#
# BUILD_DIR is a build with -DSANCTIONSIM_MPI=ON (default build-mpi). Each
# configuration runs REPEATS times (default 3) and the best wall time counts,
# mpirun's start-up included; rows are checked against the serial run's.
# A benchmark, not a test: the figures depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-mpi}
n=${2:-201}
repeats=${3:-3}
bin=$build/sanctionsim
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl=self,vader
[ "$(id -u)" -ne 0 ] || export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
sweep=(sweep scenarios/baseline_2014.cfg --vary "japan.alliance_pressure=2:3:$n"
    --vary "japan.territorial_stake=0:1:$n" --quiet --force)
points=$((n * n))
cores=$(nproc)

best() { # best CMD...: the shortest wall time of REPEATS runs, in seconds
    local b="" t0 t1 t
    for ((k = 0; k < repeats; k++)); do
        t0=$(date +%s.%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s.%N)
        t=$(echo "$t1 - $t0" | bc -l)
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi
    done
    echo "$b"
}
row() { # row LABEL CORES_USED SECONDS
    awk -v l="$1" -v c="$2" -v s="$3" -v p="$points" -v base="$base" \
        'BEGIN { printf "%-22s %6.2f s %9.0f points/s %9.0f per core  speed-up %.2f\n",
                 l, s, p / s, p / s / c, base / s }'
}

echo "# $points points (baseline_2014, ${n}x$n grid), $cores cores, best of $repeats; load: $(cut -d' ' -f1-3 /proc/loadavg)"
base=$(best "$bin" "${sweep[@]}" --threads 1 -o "$tmp/serial.tsv")
"$bin" "${sweep[@]}" --threads 1 -o "$tmp/serial.tsv" 2>/dev/null || true
row "serial, 1 thread" 1 "$base"
t=$(best "$bin" "${sweep[@]}" --threads 2 -o "$tmp/t2.tsv")
row "serial, 2 threads" $((cores < 2 ? cores : 2)) "$t"
for r in 1 2 4; do
    t=$(best mpirun -n "$r" "$bin" "${sweep[@]}" --threads 1 -o "$tmp/mpi$r.tsv")
    used=$((r < cores ? r : cores))
    row "mpirun -n $r" "$used" "$t"
    cmp -s <(grep -v '^#' "$tmp/serial.tsv") <(grep -v '^#' "$tmp/mpi$r.tsv") ||
        echo "  (rows differ from the serial run's!)"
done
