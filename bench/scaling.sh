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

best() { # best CMD...: "WALL CPU" of the fastest of REPEATS runs, in seconds
    local b="" c="" w
    for ((k = 0; k < repeats; k++)); do
        /usr/bin/time -f "%e %U %S" -o "$tmp/time" "$@" >/dev/null 2>&1 || true
        read -r w u s <"$tmp/time"
        if [ -z "$b" ] || [ "$(echo "$w < $b" | bc -l)" = 1 ]; then
            b=$w
            c=$(echo "$u + $s" | bc -l)
        fi
    done
    echo "$b $c"
}
row() { # row LABEL "WALL CPU": the wall-clock rate, and points per CPU-second (all
    # processes, mpirun's included), which other loads on the machine barely change
    awk -v l="$1" -v w="${2% *}" -v c="${2#* }" -v p="$points" -v base="${base% *}" \
        'BEGIN { printf "%-20s %6.2f s %8.0f points/s  speed-up %.2f  %6.2f CPU-s %8.0f points/CPU-s\n",
                 l, w, p / w, base / w, c, p / c }'
}

echo "# $points points (baseline_2014, ${n}x$n grid), $cores cores, best of $repeats; load: $(cut -d' ' -f1-3 /proc/loadavg)"
base=$(best "$bin" "${sweep[@]}" --threads 1 -o "$tmp/serial.tsv")
"$bin" "${sweep[@]}" --threads 1 -o "$tmp/serial.tsv" 2>/dev/null || true
row "serial, 1 thread" "$base"
t=$(best "$bin" "${sweep[@]}" --threads 2 -o "$tmp/t2.tsv")
row "serial, 2 threads" "$t"
for r in 1 2 4; do
    t=$(best mpirun -n "$r" "$bin" "${sweep[@]}" --threads 1 -o "$tmp/mpi$r.tsv")
    row "mpirun -n $r" "$t"
    cmp -s <(grep -v '^#' "$tmp/serial.tsv") <(grep -v '^#' "$tmp/mpi$r.tsv") ||
        echo "  (rows differ from the serial run's!)"
done

# The farm alone, with points that wait instead of compute (60 us on
# average: 420 us every 7th point), so that the cores are not the limit:
# what is left is hand-out, messages and ordering.
farm=$build/tests/farm_check
if [ -x "$farm" ]; then
    echo "# the farm alone: 40000 points of 60 us that sleep rather than compute"
    for r in 1 2 4 8; do
        mpirun -n "$r" "$farm" 40000 0 0 300 420 2>&1 >/dev/null |
            awk -v r="$r" '{ sub(/^farm_check: /, ""); printf "mpirun -n %-2d %s\n", r, $0 }'
    done
fi
