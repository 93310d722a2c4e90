#!/usr/bin/env bash
# MPI sweeps and Monte Carlo runs on 1, 2 and 4 ranks against the serial run, threads within ranks, --resume, and ranks that fail.
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
# shellcheck source=tests/lib.sh
. "$SRC/tests/lib.sh" # (for $wait_seconds; its pass and fail are replaced here)
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
# A sweep exits 1 when some point failed (its row says so); an MPI run must
# exit as the serial run did, so every comparison also compares the status.
sweep=(sweep "$SCENARIO" --vary japan.alliance_pressure=2:3:21
    --vary japan.territorial_stake=0:1:21 --quiet)
"$SANCTIONSIM" "${sweep[@]}" -o "$TMP/serial.tsv"
want=$?
if [ $want -gt 1 ] || [ ! -f "$TMP/serial.tsv" ]; then fail "serial sweep (status $want)"; fi
rows "$TMP/serial.tsv" >"$TMP/serial.rows"
same() { # same STATUS FILE: the status is the serial run's and FILE's rows are its rows
    [ "$1" -eq $want ] && cmp -s <(rows "$2") "$TMP/serial.rows"
}

for r in 1 2 4; do
    mpi "$r" "$SANCTIONSIM" "${sweep[@]}" -o "$TMP/mpi$r.tsv" 2>"$TMP/err"
    if same $? "$TMP/mpi$r.tsv"; then
        pass "sweep: $r ranks, rows equal the serial run's"
    else
        fail "sweep: $r ranks"
        cat "$TMP/err"
    fi
done
mpi 2 "$SANCTIONSIM" "${sweep[@]}" --threads 2 -o "$TMP/mpit.tsv" 2>"$TMP/err"
if same $? "$TMP/mpit.tsv"; then
    pass "sweep: 2 ranks with 2 threads each"
else
    fail "sweep: 2 ranks with 2 threads each"
    cat "$TMP/err"
fi
lhs=(sweep "$SCENARIO" --vary japan.alliance_pressure=2:3 --vary japan.territorial_stake=0:1
    --design lhs --samples 300 --seed 11 --quiet)
"$SANCTIONSIM" "${lhs[@]}" -o "$TMP/lhs.tsv"
lhs_want=$?
mpi 4 "$SANCTIONSIM" "${lhs[@]}" -o "$TMP/lhs4.tsv" 2>"$TMP/err"
if [ $? -eq $lhs_want ] && [ -f "$TMP/lhs4.tsv" ] &&
    cmp -s <(rows "$TMP/lhs4.tsv") <(rows "$TMP/lhs.tsv"); then
    pass "sweep: Latin hypercube on 4 ranks"
else
    fail "sweep: Latin hypercube on 4 ranks"
    cat "$TMP/err"
fi

# ---- standard output: only rank 0 writes it (rows without -o, --help)
mpi 3 "$SANCTIONSIM" "${sweep[@]}" >"$TMP/stdout.tsv" 2>"$TMP/err"
if same $? "$TMP/stdout.tsv" &&
    [ "$(mpi 3 "$SANCTIONSIM" sweep --help | grep -c '^usage')" -eq 1 ]; then
    pass "sweep: 3 ranks without -o: the rows once on standard output, --help once"
else
    fail "sweep: 3 ranks writing to standard output"
    cat "$TMP/err"
fi

# ---- --shard with mpirun: MPI shards on different rank counts merge into
# the serial run's rows
mpi 2 "$SANCTIONSIM" "${sweep[@]}" --shard 0/2 -o "$TMP/sh0.tsv" 2>"$TMP/err"
mpi 3 "$SANCTIONSIM" "${sweep[@]}" --shard 1/2 -o "$TMP/sh1.tsv" 2>>"$TMP/err"
if "$SANCTIONSIM" merge "$TMP/sh0.tsv" "$TMP/sh1.tsv" -o "$TMP/merged.tsv" 2>>"$TMP/err" &&
    cmp -s <(rows "$TMP/merged.tsv") "$TMP/serial.rows"; then
    pass "sweep: shards 0/2 on 2 ranks and 1/2 on 3 ranks merge into the serial rows"
else
    fail "sweep: MPI shards merged"
    cat "$TMP/err"
fi

# ---- a failing rank ends the run with a clear error, never a hang; the
# finished rows stay in OUT.tmp, and --resume (on other ranks) completes them
for how in 1 1:abort; do
    rm -f "$TMP/fail.tsv" "$TMP/fail.tsv.tmp"
    SANCTIONSIM_MPI_FAIL_RANK=$how mpi 4 "$SANCTIONSIM" "${sweep[@]}" -o "$TMP/fail.tsv" \
        >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ ! -e "$TMP/fail.tsv" ] &&
        { [ "$how" = 1:abort ] || grep -q "rank 1: failure injected" "$TMP/err"; }; then
        pass "sweep: rank 1 failing ($how) ends the run with status $rc, no output"
    else
        fail "sweep: rank 1 failing ($how): status $rc"
        cat "$TMP/err"
    fi
    [ -f "$TMP/fail.tsv.tmp" ] || fail "no $TMP/fail.tsv.tmp"
    mpi 2 "$SANCTIONSIM" "${sweep[@]}" --resume -o "$TMP/fail.tsv" 2>"$TMP/err"
    if same $? "$TMP/fail.tsv"; then
        pass "sweep: --resume on 2 ranks completes it, rows equal the serial run's"
    else
        fail "sweep: --resume after rank 1 failed ($how)"
        cat "$TMP/err"
    fi
done

# A file cut short as a killed serial run leaves it (whole rows, then half a
# row), continued by 4 ranks; and an MPI run's partial file, continued serially.
rows_total=$(wc -l <"$TMP/serial.rows")
keep=$(($(grep -c '^#' "$TMP/serial.tsv") + 1 + rows_total / 3))
{
    head -n "$keep" "$TMP/serial.tsv"
    sed -n "$((keep + 1))p" "$TMP/serial.tsv" | head -c 25
} >"$TMP/cut.tsv.tmp"
mpi 4 "$SANCTIONSIM" "${sweep[@]}" --resume -o "$TMP/cut.tsv" 2>"$TMP/err"
if same $? "$TMP/cut.tsv"; then
    pass "sweep: a serial run cut short, resumed on 4 ranks"
else
    fail "sweep: a serial run cut short, resumed on 4 ranks"
    cat "$TMP/err"
fi
SANCTIONSIM_MPI_FAIL_RANK=2 mpi 3 "$SANCTIONSIM" "${sweep[@]}" -o "$TMP/part.tsv" \
    >/dev/null 2>&1
[ -f "$TMP/part.tsv.tmp" ] || fail "no $TMP/part.tsv.tmp"
"$SANCTIONSIM" "${sweep[@]}" --resume -o "$TMP/part.tsv" 2>"$TMP/err"
if same $? "$TMP/part.tsv"; then
    pass "sweep: an MPI run's partial file, resumed without MPI"
else
    fail "sweep: an MPI run's partial file, resumed without MPI"
    cat "$TMP/err"
fi

# ---- SIGTERM to mpirun (as Slurm sends at a time limit): rank 0 stops
# handing out points, writes what is finished and exits; --resume completes it
big=(sweep "$SCENARIO" --vary japan.alliance_pressure=2:3:201
    --vary japan.territorial_stake=0:1:101 --quiet)
"$SANCTIONSIM" "${big[@]}" -o "$TMP/big.tsv" 2>/dev/null
big_want=$?
mpirun -n 2 "$SANCTIONSIM" "${big[@]}" -o "$TMP/term.tsv" >/dev/null 2>"$TMP/err" &
pid=$!
# (the bound only stops a hang: the check passes whether the signal comes
# before the sweep ends or after; mpirun passes it on to the ranks a moment
# later, so stopping mpirun first, as wait_rows does, would not pin it down)
deadline=$((SECONDS + wait_seconds))
until [ "$(grep -vc '^#' "$TMP/term.tsv.tmp" 2>/dev/null || echo 0)" -gt 500 ] ||
    ! kill -0 $pid 2>/dev/null || ((SECONDS > deadline)); do
    sleep 0.05
done
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
mpi 2 "$SANCTIONSIM" "${big[@]}" --resume -o "$TMP/term.tsv" 2>>"$TMP/err"
if [ $? -eq $big_want ] && cmp -s <(rows "$TMP/term.tsv") <(rows "$TMP/big.tsv"); then
    pass "sweep: SIGTERM to mpirun (status $rc), then --resume: rows equal the serial run's"
else
    fail "sweep: SIGTERM to mpirun (status $rc), then --resume"
    cat "$TMP/err"
fi

# ---- Monte Carlo runs (run --runs): the bands of 1, 2 and 4 ranks, and of
# 2 ranks with 2 threads, equal the serial ones; a failing rank ends the run
TIMELINE=$SRC/scenarios/timeline_2014_2018.cfg
"$SANCTIONSIM" run "$TIMELINE" --runs 40 -o "$TMP/mc.tsv" >/dev/null ||
    fail "serial Monte Carlo"
for r in 1 2 4; do
    if mpi "$r" "$SANCTIONSIM" run "$TIMELINE" --runs 40 -o "$TMP/mc$r.tsv" >/dev/null \
        2>"$TMP/err" && cmp -s <(rows "$TMP/mc$r.tsv") <(rows "$TMP/mc.tsv"); then
        pass "run --runs: $r ranks, bands equal the serial run's"
    else
        fail "run --runs: $r ranks"
        cat "$TMP/err"
    fi
done
if mpi 2 "$SANCTIONSIM" run "$TIMELINE" --runs 40 --threads 2 -o "$TMP/mct.tsv" >/dev/null \
    2>"$TMP/err" && cmp -s <(rows "$TMP/mct.tsv") <(rows "$TMP/mc.tsv"); then
    pass "run --runs: 2 ranks with 2 threads each"
else
    fail "run --runs: 2 ranks with 2 threads each"
    cat "$TMP/err"
fi
SANCTIONSIM_MPI_FAIL_RANK=1 mpi 3 "$SANCTIONSIM" run "$TIMELINE" --runs 40 -o "$TMP/mcf.tsv" \
    >/dev/null 2>"$TMP/err"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 124 ] && [ ! -e "$TMP/mcf.tsv" ] &&
    grep -q "rank 1: failure injected" "$TMP/err"; then
    pass "run --runs: rank 1 failing ends the run with status $rc, no output"
else
    fail "run --runs: rank 1 failing: status $rc"
    cat "$TMP/err"
fi

# ---- set-up errors end every rank with one message, and no MPI_Abort
mpi 4 "$SANCTIONSIM" sweep "$SCENARIO" --vary japan.nonsense=0:1:3 -o "$TMP/bad.tsv" \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(grep -c "japan.nonsense" "$TMP/err")" -eq 1 ] &&
    ! grep -q MPI_ABORT "$TMP/err"; then
    pass "sweep: a bad --vary on 4 ranks: status 2, one message"
else
    fail "sweep: a bad --vary on 4 ranks: status $rc"
    cat "$TMP/err"
fi
"$SANCTIONSIM" "${sweep[@]}" -o "$TMP/exists.tsv" 2>/dev/null
mpi 4 "$SANCTIONSIM" "${sweep[@]}" -o "$TMP/exists.tsv" >"$TMP/out" 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && grep -q "exists" "$TMP/err" && ! grep -q MPI_ABORT "$TMP/err"; then
    pass "sweep: an existing output on 4 ranks: status 2, workers released"
else
    fail "sweep: an existing output on 4 ranks: status $rc"
    cat "$TMP/err"
fi

[ $failures -eq 0 ] || {
    echo "$failures MPI checks failed"
    exit 1
}
echo "all MPI checks passed"
