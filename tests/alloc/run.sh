#!/usr/bin/env bash
# Allocation failures, as SQLite's tests make them: in the
# SANCTIONSIM_ALLOC_FAULTS build (tests/alloc/alloc_faults.c) the n-th
# allocation fails when SS_ALLOC_FAIL_AT=n. For each command below, a first
# run counts its allocations; then every n from 1 to that count (in steps of
# ALLOC_STRIDE, default 1) must end with exit status 1 and a message saying
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
# each of its allocations in turn.
try() {
    local what=$1 n total rc fired
    shift
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
    for ((n = 1; n <= total; n += stride)); do
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

try "check" check "$root/scenarios/baseline_2014.cfg"
try "check with a base" check "$root/scenarios/cf_linkage.cfg"
try "solve" solve "$root/scenarios/baseline_2014.cfg"
try "solve json" solve "$root/scenarios/baseline_2014.cfg" --format json
try "sweep" sweep "$root/scenarios/baseline_2014.cfg" --vary japan.alliance_pressure=0:3:3 \
    -o f.tsv
summary
