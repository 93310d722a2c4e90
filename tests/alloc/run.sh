#!/usr/bin/env bash
# Allocation failures, as SQLite's tests make them: in the
# SANCTIONSIM_ALLOC_FAULTS build (tests/alloc/alloc_faults.c) the n-th
# allocation fails when SS_ALLOC_FAIL_AT=n. For each command below, a first
# run counts its allocations; then every n from 1 to that count (in steps of
# ALLOC_STRIDE, default 1; compare, merge and run, which allocate more, in
# fixed steps of their own plus their last 10: see try) must end with exit
# status 1 and a message saying
# memory ran out: nothing on standard output, no crash, no signal, no
# sanitizer report (build it with SANCTIONSIM_SANITIZE for leaks) and no
# file left behind, but the OUT.tmp of a sweep that says to continue it
# with --resume (which must then give the rows of a clean run).
# usage: run.sh SANCTIONSIM SOURCE_ROOT
set -u
bin=$1
root=$2
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
case "$root" in /*) ;; *) root="$PWD/$root" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sanctionsim-alloc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
. "$root/tests/lib.sh"
stride=${ALLOC_STRIDE:-1}
# One thread, so the n-th allocation is the same one in every run.
export OMP_NUM_THREADS=1
# A sanitizer's report must not pass for the tool's own exit status 1.
export ASAN_OPTIONS="exitcode=86${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export LSAN_OPTIONS="exitcode=86:suppressions=$root/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export UBSAN_OPTIONS="exitcode=86:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
log="$tmp/log"
export SS_ALLOC_FAULTS_LOG="$log"

# try NAME ARGS...: runs `sanctionsim ARGS...` in an empty directory, failing
# each of its allocations in turn. With every=K set (every=K try ...), a
# command with many allocations fails only every K-th one (1, 1+K, ...) and
# each of its last 10, so the stage stays within about a minute; the choice is
# fixed, the same n every run.
every=1
try() {
    local what=$1 n total rc fired step=$every
    every=1
    shift
    [ "$stride" -gt "$step" ] && step=$stride
    rm -f "$log"
    rm -rf "$tmp/cwd" && mkdir "$tmp/cwd"
    (cd "$tmp/cwd" && SS_ALLOC_FAIL_AT=0 "$bin" "$@" >"$tmp/out" 2>"$tmp/err")
    rc=$?
    name="$what: no allocation fails"
    if [ "$rc" -ne 0 ] || ! grep -q '^count ' "$log" 2>/dev/null; then
        fail "exit status $rc without faults (is this the SANCTIONSIM_ALLOC_FAULTS build?)"
        sed 's/^/    | /' "$tmp/err" | head -5
        return
    fi
    pass
    rm -f "$tmp/ref"
    [ -e "$tmp/cwd/f.tsv" ] && grep -v '^#' "$tmp/cwd/f.tsv" >"$tmp/ref"
    total=$(sed -n 's/^count //p' "$log")
    for ((n = 1; n <= total; n++)); do
        if [ $(((n - 1) % step)) -ne 0 ] && [ "$n" -le $((total - 10)) ]; then
            continue
        fi
        rm -f "$log"
        rm -rf "$tmp/cwd" && mkdir "$tmp/cwd"
        (cd "$tmp/cwd" && SS_ALLOC_FAIL_AT=$n "$bin" "$@" >"$tmp/out" 2>"$tmp/err")
        rc=$?
        fired=$(sed -n "s/^fail $n //p" "$log" 2>/dev/null)
        name="$what: allocation $n of $total (${fired:-none})"
        if [ -z "$fired" ]; then
            fail "the allocation was never made"
            continue
        fi
        if [ "$rc" -ne 1 ]; then
            fail "exit status $rc, want 1"
            sed 's/^/    | /' "$tmp/err" | head -8
            continue
        fi
        if grep -qi 'out of memory\|cannot allocate memory' "$tmp/err" &&
            ! grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
            pass
        else
            fail "no message saying so: $(head -c 300 "$tmp/err")"
        fi
        # a sweep keeps the rows it finished in OUT.tmp when it says so;
        # --resume then completes them into the file a clean run writes
        if [ -e "$tmp/cwd/f.tsv.tmp" ] && grep -q -- '--resume' "$tmp/err"; then
            (cd "$tmp/cwd" && SS_ALLOC_FAIL_AT=0 "$bin" "$@" --resume >/dev/null 2>"$tmp/err")
            rc=$?
            if [ "$rc" -ne 0 ]; then
                fail "--resume after it: exit status $rc: $(head -c 300 "$tmp/err")"
            elif ! grep -v '^#' "$tmp/cwd/f.tsv" | cmp -s - "$tmp/ref"; then
                fail "--resume after it: rows differ from a clean run's"
            fi
            rm -f "$tmp/cwd/f.tsv"
        fi
        if [ -n "$(ls -A "$tmp/cwd")" ]; then
            fail "left behind: $(ls -A "$tmp/cwd" | tr '\n' ' ')"
        fi
        # no result made of what was there when memory ran out
        if [ -s "$tmp/out" ]; then
            fail "wrote to standard output: $(head -c 200 "$tmp/out")"
        fi
    done
}

# Inputs the later commands read: two shards of one small sweep (made by the
# same binary with no fault) and a four-month timeline, one event in it.
SS_ALLOC_FAIL_AT=0 "$bin" sweep "$root/scenarios/baseline_2014.cfg" \
    --vary japan.alliance_pressure=0:3:3 --shard 0/2 -o "$tmp/shard0.tsv" 2>/dev/null &&
    SS_ALLOC_FAIL_AT=0 "$bin" sweep "$root/scenarios/baseline_2014.cfg" \
        --vary japan.alliance_pressure=0:3:3 --shard 1/2 -o "$tmp/shard1.tsv" 2>/dev/null ||
    echo "making the shards failed" >&2
cp "$root/scenarios/timeline_2014_2018.cfg" "$root/scenarios/allies_2014.cfg" "$tmp/"
cat >"$tmp/short.cfg" <<CFG
base = "timeline_2014_2018.cfg";
timeline = { start = "2014-01"; end = "2014-04"; step = "month";
  events = ( { date = "2014-03-18"; label = "Crimea"; source = "s";
               set = [ "japan.norm_value = 0.3" ]; } ); };
CFG

try "check" check "$root/scenarios/baseline_2014.cfg"
try "check with a base" check "$root/scenarios/cf_linkage.cfg"
try "solve" solve "$root/scenarios/baseline_2014.cfg"
try "solve json" solve "$root/scenarios/baseline_2014.cfg" --format json
try "sweep" sweep "$root/scenarios/baseline_2014.cfg" --vary japan.alliance_pressure=0:3:3 \
    -o f.tsv
every=3 try "compare" compare "$root/scenarios/baseline_2014.cfg" "$root/scenarios/cf_linkage.cfg"
every=4 try "compare tsv" compare "$root/scenarios/baseline_2014.cfg" "$root/scenarios/cf_linkage.cfg" \
    --format tsv
every=32 try "compare json" compare "$root/scenarios/baseline_2014.cfg" "$root/scenarios/cf_linkage.cfg" \
    --format json
every=16 try "merge" merge "$tmp/shard0.tsv" "$tmp/shard1.tsv" -o f.tsv
every=8 try "run" run "$tmp/short.cfg" -o f.tsv
summary
