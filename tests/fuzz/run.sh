#!/usr/bin/env bash
# The fuzz stage of `scripts/bootstrap test`: builds the libFuzzer harnesses
# (clang, ASan + UBSan) into build-fuzz and, for each harness, all at once:
#   1. replays the committed corpus tests/fuzz/corpus/HARNESS/ (seeds, and every
#      input that ever failed) with leak checks;
#   2. runs a fixed campaign: FUZZ_RUNS executions from seed FUZZ_SEED, with
#      the committed corpus as its start and a fresh temporary directory for
#      what it finds, so no earlier run changes the result;
#   3. replays what that campaign kept with leak checks.
# No step is bounded by time, so the verdict and the numbers it prints are the
# same on every run and machine. Long random campaigns: scripts/fuzz-campaign.
#
# usage: tests/fuzz/run.sh [HARNESS...]       (default: every harness)
#   FUZZ_RUNS   executions of the campaign, for every harness (default: about
#               40 s on one core each: scenario 10000, set 50000, vary 100000)
#   FUZZ_SEED   the campaign's seed (default 1)
#   FUZZ_CC     the compiler (default clang-14, then clang)
#   FUZZ_BUILD  the build directory (default build-fuzz)
# A crash, a leak, undefined behaviour or a hang fails the run; the input is
# left in $FUZZ_BUILD/artifacts/. Copy it into tests/fuzz/corpus/HARNESS/ as
# crash-WHAT, add a test of the cause (tests/bad/ or a cmocka test), fix it.
set -euo pipefail
# shellcheck source=tests/fuzz/common.sh
source "$(dirname "$0")/common.sh"
seed=${FUZZ_SEED:-1}
case "${FUZZ_RUNS:-0}$seed" in *[!0-9]*)
    echo "fuzz: FUZZ_RUNS and FUZZ_SEED must be whole numbers" >&2
    exit 2
    ;;
esac
case "${1:-}" in [0-9]*)
    echo "fuzz: run.sh takes no SECONDS: its campaign is FUZZ_RUNS runs long; for a long" \
        "random campaign use scripts/fuzz-campaign HARNESS SECONDS" >&2
    exit 2
    ;;
esac
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || mapfile -t harnesses < <(fuzz_all_harnesses)
for h in "${harnesses[@]}"; do fuzz_check_harness "$h"; done
fuzz_build "${harnesses[@]}"

# fuzz_scenario's inputs are files in a directory under $TMPDIR, and the
# campaign's course depends on the length of that path: /tmp on every machine.
work=$(mktemp -d /tmp/sanctionsim-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
rm -rf "$build/artifacts" "$build"/fuzz_*.log
mkdir -p "$build/artifacts"
export TMPDIR=$work
# Even so, fuzz_set's campaign took one of two courses from run to run (ft 529
# or 557 after 50000 runs of seed 1) until address-space randomization was
# off: something on its path depends on where things lie in memory. The
# campaign runs with it off (setarch -R) wherever the machine allows that.
fixed_layout=(setarch "$(uname -m)" -R)
if ! "${fixed_layout[@]}" true 2>/dev/null; then
    echo "fuzz: setarch -R is not allowed here; the campaign's course may vary with ASLR" >&2
    fixed_layout=()
fi
pids=()
runs_of() { # runs_of HARNESS: the campaign's length
    if [ -n "${FUZZ_RUNS:-}" ]; then
        echo "$FUZZ_RUNS"
        return
    fi
    case "$1" in
    scenario) echo 10000 ;; # the slowest: a file written and parsed per input
    set) echo 50000 ;;
    *) echo 100000 ;;
    esac
}
for h in "${harnesses[@]}"; do
    mkdir "$work/$h"
    fuzz_dict "$h"
    # Leak checks after every input cost ten times the speed (libconfig leaks on
    # most syntax errors, suppressed but still scanned for), so the campaign
    # runs without them and steps 1 and 3 run every input once with them.
    # Two campaigns of the same seed diverged without -use_cmp=0 (mutations
    # built from the operands of comparisons, some of them addresses, which
    # ASLR changes) and -reload=0 (the corpus reread every second: a slower
    # machine rereads at other runs).
    (cd "$build" &&
        "./fuzz_$h" "${fuzz_opts[@]}" -runs=0 -detect_leaks=1 -artifact_prefix="artifacts/$h-" \
            "$OLDPWD/$corpus/$h" >"fuzz_$h.replay.log" 2>&1 &&
        "${fixed_layout[@]}" "./fuzz_$h" "${fuzz_opts[@]}" -seed="$seed" -runs="$(runs_of "$h")" \
            -use_cmp=0 -reload=0 \
            -detect_leaks=0 -print_final_stats=1 -artifact_prefix="artifacts/$h-" "${dict[@]}" \
            "$work/$h" "$OLDPWD/$corpus/$h" >"fuzz_$h.log" 2>&1 &&
        "./fuzz_$h" "${fuzz_opts[@]}" -runs=0 -detect_leaks=1 -artifact_prefix="artifacts/$h-" \
            "$work/$h" >"fuzz_$h.leaks.log" 2>&1) &
    pids+=($!)
done
status=0
for k in "${!harnesses[@]}"; do
    h=${harnesses[$k]}
    if wait "${pids[$k]}"; then
        n=$(find "$corpus/$h" -type f | wc -l)
        stats=$(grep -E "^#[0-9]+[[:space:]]+DONE" "$build/fuzz_$h.log" | tail -n 1 | grep -oE "(cov|ft|corp): [0-9/A-Za-z]+" | xargs)
        echo "fuzz_$h: replayed $n inputs; $(runs_of "$h") runs from seed $seed ($stats); no failure"
    else
        status=1
        echo "fuzz_$h: FAILED; see $build/fuzz_$h.replay.log, .log and .leaks.log, and $build/artifacts/"
        grep -hE "ERROR|SUMMARY|Test unit written" "$build/fuzz_$h.replay.log" "$build/fuzz_$h.log" \
            "$build/fuzz_$h.leaks.log" 2>/dev/null | head -n 5
    fi
done
exit $status
