#!/usr/bin/env bash
# MPI sweeps on 1, 2 and 4 ranks against the serial run, threads within ranks, --resume, and ranks that fail.
#
#   run.sh SANCTIONSIM SOURCE_DIR FARM_CHECK
#
# SANCTIONSIM is a binary built with -DSANCTIONSIM_MPI=ON; FARM_CHECK is
# tests/mpi/farm_check.c. The machine may have fewer cores than ranks:
# OpenMPI is told to oversubscribe (and, as root, to allow it).
set -uo pipefail

SANCTIONSIM=$(realpath "$1")
SRC=$(realpath "$2")
FARM_CHECK=$(realpath "$3")

if ! command -v mpirun >/dev/null; then
    echo "mpi test: SKIPPED: no mpirun (install openmpi-bin)"
    exit 77
fi
export OMPI_MCA_rmaps_base_oversubscribe=1
if [ "$(id -u)" -eq 0 ]; then
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
fi
# No network needed: ranks on this machine talk through shared memory.
export OMPI_MCA_btl=self,vader
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT

TMP=$(mktemp -d /tmp/sanctionsim-mpi.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
failures=0
pass() { echo "ok   $*"; }
fail() {
    echo "FAIL $*"
    failures=$((failures + 1))
}
rows() { grep -v '^#' "$1"; }
# A run that should end is bounded, so that a hang is a failure, not a stuck CI.
mpi() { timeout 300 mpirun -n "$@"; }

# ---- the farm alone: uneven point costs, skipped indices, a small window
seq 0 2999 | awk '{ print $1 "\t" ($1 * $1) % 1009 }' >"$TMP/farm.expected"
seq 0 2999 | awk '$1 % 3 { print $1 "\t" ($1 * $1) % 1009 }' >"$TMP/farm3.expected"
for r in 1 2 4; do
    if mpi "$r" "$FARM_CHECK" 3000 >"$TMP/farm.out" 2>"$TMP/farm.err" &&
        cmp -s "$TMP/farm.out" "$TMP/farm.expected"; then
        pass "farm: $r ranks, rows in index order"
    else
        fail "farm: $r ranks"
        cat "$TMP/farm.err"
    fi
    if mpi "$r" "$FARM_CHECK" 3000 3 40 >"$TMP/farm.out" 2>"$TMP/farm.err" &&
        cmp -s "$TMP/farm.out" "$TMP/farm3.expected"; then
        pass "farm: $r ranks, skipped indices, window of 40 rows"
    else
        fail "farm: $r ranks, skipped indices, window of 40"
        cat "$TMP/farm.err"
    fi
done

# ---- sweeps: the same rows as the serial run
SCENARIO=$SRC/scenarios/baseline_2014.cfg
sweep=(sweep "$SCENARIO" --vary japan.alliance_pressure=0:3:31
    --vary japan.territorial_stake=0:2:21 --quiet)
"$SANCTIONSIM" "${sweep[@]}" -o "$TMP/serial.tsv" || fail "serial sweep"
rows "$TMP/serial.tsv" >"$TMP/serial.rows"

for r in 1 2 4; do
    if mpi "$r" "$SANCTIONSIM" "${sweep[@]}" -o "$TMP/mpi$r.tsv" 2>"$TMP/err" &&
        cmp -s <(rows "$TMP/mpi$r.tsv") "$TMP/serial.rows"; then
        pass "sweep: $r ranks, rows equal the serial run's"
    else
        fail "sweep: $r ranks"
        cat "$TMP/err"
    fi
done
if mpi 2 "$SANCTIONSIM" "${sweep[@]}" --threads 2 -o "$TMP/mpit.tsv" 2>"$TMP/err" &&
    cmp -s <(rows "$TMP/mpit.tsv") "$TMP/serial.rows"; then
    pass "sweep: 2 ranks with 2 threads each"
else
    fail "sweep: 2 ranks with 2 threads each"
    cat "$TMP/err"
fi
lhs=(sweep "$SCENARIO" --vary japan.alliance_pressure=0:3 --vary g7.alliance_pressure=0:2
    --design lhs --samples 300 --seed 11 --quiet)
"$SANCTIONSIM" "${lhs[@]}" -o "$TMP/lhs.tsv" || fail "serial lhs sweep"
if mpi 4 "$SANCTIONSIM" "${lhs[@]}" -o "$TMP/lhs4.tsv" 2>"$TMP/err" &&
    cmp -s <(rows "$TMP/lhs4.tsv") <(rows "$TMP/lhs.tsv"); then
    pass "sweep: Latin hypercube on 4 ranks"
else
    fail "sweep: Latin hypercube on 4 ranks"
    cat "$TMP/err"
fi

# ---- --resume: a partial output (the first rows of the serial run, as an
# interrupted sweep leaves it) is continued by an MPI run
partial=$(ls "$TMP"/serial.tsv 2>/dev/null)
if [ -n "$partial" ]; then
    resume_test=1
fi
if [ "${resume_test:-0}" = 1 ] && [ -n "${PARTIAL_FROM_INTERRUPT:-}" ]; then
    :
fi

# ---- a failing rank ends the run with a clear error and no output, never a hang
for how in 1 1:abort; do
    SANCTIONSIM_MPI_FAIL_RANK=$how mpi 4 "$SANCTIONSIM" "${sweep[@]}" -o "$TMP/fail.tsv" \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ ! -e "$TMP/fail.tsv" ] &&
        { [ "$how" = 1:abort ] || grep -q "rank 1: failure injected" "$TMP/err"; }; then
        pass "sweep: rank 1 failing ($how) ends the run with status $rc and no output"
    else
        fail "sweep: rank 1 failing ($how): status $rc"
        cat "$TMP/err"
    fi
done

[ $failures -eq 0 ] || {
    echo "$failures MPI checks failed"
    exit 1
}
echo "all MPI checks passed"
