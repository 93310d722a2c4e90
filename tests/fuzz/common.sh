# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source it
# Sourced by tests/fuzz/run.sh, tests/fuzz/seeds.sh and scripts/fuzz-campaign:
# the harness list, the clang build of the harnesses into $build, and the
# libFuzzer options every run shares. Runs from the top of the source tree.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
build=${FUZZ_BUILD:-build-fuzz}
corpus=tests/fuzz/corpus
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all"
# -timeout only catches hangs: it is far above any input's time, so that a
# slow or busy machine cannot change the verdict.
fuzz_opts=(-timeout=60 -rss_limit_mb=2048 -max_len=65536)
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

fuzz_all_harnesses() { # the names X of every tests/fuzz/fuzz_X.c
    local f
    for f in tests/fuzz/fuzz_*.c; do
        f=${f##*/fuzz_}
        echo "${f%.c}"
    done
}

fuzz_check_harness() { # fuzz_check_harness NAME
    [ -f "tests/fuzz/fuzz_$1.c" ] && return 0
    echo "fuzz: no harness '$1' (tests/fuzz/fuzz_$1.c); there are: $(fuzz_all_harnesses | xargs)" >&2
    exit 2
}

fuzz_build() { # fuzz_build HARNESS...: the core library and $build/fuzz_HARNESS
    local cc h libs
    cc=${FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
    [ -n "$cc" ] || {
        echo "fuzz: no clang found (Debian: apt-get install clang-14 libclang-rt-14-dev)" >&2
        exit 1
    }
    cmake -S . -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_C_FLAGS="$flags -fsanitize=fuzzer-no-link" \
        -DSANCTIONSIM_TESTS=OFF -DSANCTIONSIM_BENCH=OFF >/dev/null
    cmake --build "$build" --target sanctionsim_io -j "$(nproc)" >/dev/null
    read -r -a libs <<<"$(pkg-config --libs gsl libconfig jansson nettle)"
    for h in "$@"; do
        # shellcheck disable=SC2086
        "$cc" $flags -fsanitize=fuzzer -Iinclude "tests/fuzz/fuzz_$h.c" \
            "$build/sim/io/libsanctionsim_io.a" "$build/sim/libsanctionsim_core.a" "${libs[@]}" -lm -o "$build/fuzz_$h"
    done
}

fuzz_dict() { # fuzz_dict HARNESS: sets the array dict to the -dict option, if any
    dict=()
    if [ -f "tests/fuzz/$1.dict" ]; then dict=("-dict=$PWD/tests/fuzz/$1.dict"); fi
}
