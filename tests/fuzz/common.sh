# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source it
# Sourced by tests/fuzz/run.sh, tests/fuzz/seeds.sh and scripts/fuzz-campaign:
# the harness list, the clang build of the harnesses into $build (CMake's
# SANCTIONSIM_FUZZ, tests/fuzz/CMakeLists.txt), and the
# libFuzzer options every run shares. Runs from the top of the source tree.
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
build=${FUZZ_BUILD:-build-fuzz}
corpus=tests/fuzz/corpus
# with SANCTIONSIM_SANITIZE's ASan + UBSan, which stop at the first error
flags="-g -O1"
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

fuzz_build() { # fuzz_build HARNESS...: $build/fuzz_HARNESS, from CMake (-DSANCTIONSIM_FUZZ=ON)
    local cc h targets=()
    cc=${FUZZ_CC:-$(command -v clang-14 || command -v clang || true)}
    [ -n "$cc" ] || {
        echo "fuzz: no clang found (Debian: apt-get install clang-14 libclang-rt-14-dev)" >&2
        exit 1
    }
    cmake -S . -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=Debug \
        -DCMAKE_C_FLAGS="$flags" -DSANCTIONSIM_SANITIZE=ON -DSANCTIONSIM_FUZZ=ON \
        -DSANCTIONSIM_TESTS=OFF -DSANCTIONSIM_BENCH=OFF >/dev/null
    for h in "$@"; do targets+=(--target "fuzz_$h"); done
    cmake --build "$build" "${targets[@]}" -j "$(nproc)" >/dev/null
}

fuzz_dict() { # fuzz_dict HARNESS: sets the array dict to the -dict option, if any
    dict=()
    if [ -f "tests/fuzz/$1.dict" ]; then dict=("-dict=$PWD/tests/fuzz/$1.dict"); fi
}
