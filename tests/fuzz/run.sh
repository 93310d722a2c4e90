#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) into build-fuzz and runs
# each for a bounded time, all at once, seeded from the bad-input corpus.
#
# usage: tests/fuzz/run.sh [SECONDS] [HARNESS...]     (default: 60 s, every harness)
#   FUZZ_CC     the compiler (default clang-14, then clang)
#   FUZZ_BUILD  the build directory (default build-fuzz)
# A crash, a leak, undefined behaviour or an input slower than 10 s fails the
# run; the input is left in $FUZZ_BUILD/artifacts/. Make it a case of
# tests/bad/cases/ (or a line of tests/bad/cmdline.tsv), then fix the cause.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
    for f in tests/fuzz/fuzz_*.c; do
        f=${f##*/fuzz_}
        harnesses+=("${f%.c}")
    done
fi
cc=${FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
[ -n "$cc" ] || {
    echo "fuzz: no clang found (Debian: apt-get install clang-14 libclang-rt-14-dev)" >&2
    exit 1
}
build=${FUZZ_BUILD:-build-fuzz}
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"

cmake -S . -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="$flags -fsanitize=fuzzer-no-link" \
    -DSANCTIONSIM_TESTS=OFF -DSANCTIONSIM_BENCH=OFF >/dev/null
cmake --build "$build" --target sanctionsim_core -j "$(nproc)" >/dev/null
read -r -a libs <<<"$(pkg-config --libs gsl libconfig jansson nettle)"
for h in "${harnesses[@]}"; do
    "$cc" $flags -fsanitize=fuzzer -Iinclude "tests/fuzz/fuzz_$h.c" \
        "$build/libsanctionsim_core.a" "${libs[@]}" -lm -o "$build/fuzz_$h"
done

# Seeds: every scenario and bad case for the loader; every --set and --vary
# argument of the command-line cases (plus valid ones) for those parsers.
seeds() { # seeds HARNESS DIR
    rm -rf "$2"
    mkdir -p "$2"
    case "$1" in
    scenario)
        cp tests/bad/cases/*.cfg "$2/"
        for f in scenarios/*.cfg; do cp "$f" "$2/scenario_${f##*/}"; done
        ;;
    set)
        local n=0
        {
            cut -f1 tests/bad/cmdline.tsv | grep -o -- "--set [^ ]*" | sed -e 's/^--set //' \
                -e "s/^'//" -e "s/'\$//"
            printf '%s\n' japan.alliance_pressure=3 russia.reciprocity.japan=0.2 \
                japan.beliefs.target.reciprocity.japan=0.6 japan.beliefs.patron.dependence_gain=1 \
                'china.base_alignment = -0.5' 'g7.linkage=1e-3'
        } | while IFS= read -r line; do
            n=$((n + 1))
            printf '%s' "$line" >"$2/set_$n"
        done
        ;;
    vary)
        # a design byte (grid, or random with 8 samples), then one spec per line
        local n=0
        {
            cut -f1 tests/bad/cmdline.tsv | grep -o -- "--vary [^ ]*" | sed -e 's/^--vary //' \
                -e "s/^'//" -e "s/'\$//"
            printf '%s\n' japan.alliance_pressure=0:3:61 japan.territorial_stake=log:0.01:2:5 \
                russia.reciprocity.japan=0,0.2,0.6 japan.leverage g7.exposure=prior \
                japan.beliefs.patron.dependence_gain=0:1
        } | while IFS= read -r line; do
            n=$((n + 1))
            printf '\000%s' "$line" >"$2/grid_$n"
            printf '\035%s\njapan.alliance_pressure=0:3' "$line" >"$2/random_$n"
        done
        ;;
    *)
        [ -d "tests/fuzz/seeds/$1" ] && cp "tests/fuzz/seeds/$1"/* "$2/"
        ;;
    esac
}

mkdir -p "$build/artifacts"
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
pids=()
for h in "${harnesses[@]}"; do
    seeds "$h" "$build/seeds-$h"
    mkdir -p "$build/corpus-$h"
    dict=""
    [ -f "tests/fuzz/$h.dict" ] && dict="-dict=$PWD/tests/fuzz/$h.dict"
    # Leak checks after every input cost ten times the speed (libconfig leaks on
    # most syntax errors, suppressed but still scanned for), so the search runs
    # without them and a second pass runs every input kept once with them.
    (cd "$build" &&
        "./fuzz_$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
            -detect_leaks=0 -print_final_stats=1 -artifact_prefix="artifacts/$h-" $dict \
            "corpus-$h" "seeds-$h" >"fuzz_$h.log" 2>&1 &&
        "./fuzz_$h" -runs=0 -timeout=10 -rss_limit_mb=2048 -max_len=65536 -detect_leaks=1 \
            -artifact_prefix="artifacts/$h-" "corpus-$h" "seeds-$h" >"fuzz_$h.leaks.log" 2>&1) &
    pids+=($!)
done
status=0
for k in "${!harnesses[@]}"; do
    h=${harnesses[$k]}
    if wait "${pids[$k]}"; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz_$h.log")
        echo "fuzz_$h: ${runs:-?} executions in ${secs} s, no failure"
    else
        status=1
        echo "fuzz_$h: FAILED; see $build/fuzz_$h.log (and .leaks.log) and $build/artifacts/"
        grep -hE "ERROR|SUMMARY|Test unit written" "$build/fuzz_$h.log" \
            "$build/fuzz_$h.leaks.log" 2>/dev/null | head -n 5
    fi
done
exit $status
