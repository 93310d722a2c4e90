#!/usr/bin/env bash
# Builds the explorer (docs/explorer.md): the sanctionsim_core sources, sim/io's
# JSON writers and explorer/explorer.c compiled to WebAssembly with Debian's
# emscripten, against GSL and jansson compiled from Debian's own sources
# (`apt-get source`, which needs a deb-src line: scripts/bootstrap adds one).
#   explorer/build.sh [BUILD_DIR]    # default build; needs BUILD_DIR/sanctionsim
# The page, its script, the .wasm and every scenario's `show --format json`
# land in BUILD_DIR/explorer; the sources and objects in BUILD_DIR/explorer-wasm.
# Only the GSL files the core's linked code calls are compiled (the list below:
# the roots for the solver, LU, SVD and the BLAS they call for finite.c's Nash
# and QRE; a missing one shows as an undefined symbol at the link, and each
# listed one is needed: the link fails without it), not all of GSL.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath -m "${1:-build}")
out=$build/explorer
work=$build/explorer-wasm
native=$build/sanctionsim
jobs=$(nproc)
t0=$SECONDS

[ -x "$native" ] || { echo "explorer/build.sh: $native is missing (build the project first)" >&2; exit 1; }
command -v emcc >/dev/null || { echo "explorer/build.sh: emcc not found (Debian: apt-get install emscripten)" >&2; exit 1; }
# Debian's emcc runs node scripts that require Debian's node modules (acorn);
# a node not from Debian does not look in /usr/share/nodejs by itself.
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
# Debian ships emscripten's system libraries prebuilt (a frozen cache in
# /usr/share/emscripten/cache): the first run builds nothing.

mkdir -p "$work/src" "$work/obj" "$work/include/gsl" "$out/scenarios"

# 1. Debian's sources of GSL and jansson, fetched once.
fetch() { # fetch PACKAGE: sets $dir to the unpacked source tree
    dir=$(find "$work/src" -maxdepth 1 -type d -name "$1-[0-9]*" | head -1)
    if [ -z "$dir" ]; then
        (cd "$work/src" && apt-get source -qq "$1" >/dev/null 2>&1) || {
            echo "explorer/build.sh: 'apt-get source $1' failed: it needs a deb-src line in" \
                "/etc/apt/sources.list(.d) (scripts/bootstrap test adds one) and dpkg-dev" >&2
            exit 1
        }
        dir=$(find "$work/src" -maxdepth 1 -type d -name "$1-[0-9]*" | head -1)
    fi
}
fetch gsl
gsl=$dir
fetch jansson
jansson=$dir
t_fetch=$((SECONDS - t0))

# 2. Headers and configuration, as GSL's and jansson's configure would write them
# for a wasm32 target with a C99 libc (musl).
cp "$gsl"/gsl_*.h "$gsl"/*/gsl_*.h "$work/include/gsl/"
sed -e 's/^#undef \(HAVE_DECL_\(ACOSH\|ASINH\|ATANH\|EXPM1\|FINITE\|FREXP\|HYPOT\|ISFINITE\|ISINF\|ISNAN\|LDEXP\|LOG1P\)\)$/#define \1 1/' \
    -e 's/^#undef \(HAVE_IEEE_COMPARISONS\|HAVE_IEEE_DENORMALS\|HAVE_EXIT_SUCCESS_AND_FAILURE\|STDC_HEADERS\)$/#define \1 1/' \
    "$gsl/config.h.in" > "$work/include/config.h"
sed -e 's/@json_inline@/inline/' -e 's/@json_have_long_long@/1/' -e 's/@json_have_localeconv@/1/' \
    -e 's/@json_have_atomic_builtins@/1/' -e 's/@json_have_sync_builtins@/1/' \
    "$jansson/src/jansson_config.h.in" > "$work/include/jansson_config.h"
printf '#define %s 1\n' HAVE_STDINT_H HAVE_UNISTD_H HAVE_SYS_TYPES_H HAVE_LOCALE_H HAVE_SETLOCALE \
    HAVE_INT32_T HAVE_UINT32_T HAVE_UINT16_T HAVE_UINT8_T HAVE_SSIZE_T > "$work/include/jansson_private_config.h"
cp "$jansson/src/jansson.h" "$work/include/"

# 3. What to compile: every source of sanctionsim_core (read from
# sim/CMakeLists.txt, so the explorer runs the same core), the io writers the
# entry point calls, jansson, the GSL files the core needs, and the entry point.
core=$(sed -n '/^add_library(sanctionsim_core/,/^)/p' sim/CMakeLists.txt | grep -o '[A-Za-z0-9_]*\.c' | sed 's|^|sim/|')
io="sim/io/report.c sim/io/provenance.c sim/io/explain_report.c"
gsl_files="err/error.c err/stream.c err/strerror.c sys/infnan.c
           roots/brent.c roots/fsolver.c roots/convergence.c
           linalg/lu.c linalg/svd.c linalg/bidiag.c linalg/householder.c linalg/inline.c
           permutation/init.c permutation/permute.c block/init.c
           matrix/init.c matrix/view.c matrix/matrix.c matrix/rowcol.c matrix/submatrix.c matrix/swap.c
           vector/init.c vector/view.c vector/vector.c vector/subvector.c vector/swap.c
           blas/blas.c cblas/dgemm.c cblas/dgemv.c cblas/dger.c cblas/dnrm2.c cblas/dscal.c
           cblas/dswap.c cblas/dtrsm.c cblas/dtrsv.c cblas/idamax.c cblas/xerbla.c"
version_h=$build/include/sanctionsim/version.h
[ -f "$version_h" ] || { echo "explorer/build.sh: $version_h is missing (configure the project first)" >&2; exit 1; }

here=$(pwd)
cflags=(-O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -I"$here/include" -I"$build/include"
        -I"$here/sim" -I"$work/include")
# objects GROUP FLAGS... -- SOURCES...: compiles the sources into
# $work/obj/GROUP/, in $jobs emcc runs side by side (one emcc run per source
# would spend most of its time starting emcc's python). A group other than
# core is compiled once (again when its files or flags change); the core and
# the entry point always afresh.
objects() {
    local dir=$work/obj/$1 flags=() srcs=()
    shift
    while [ "$1" != -- ]; do flags+=("$1"); shift; done
    shift
    for f in "$@"; do srcs+=("$(realpath "$f")"); done
    local stamp="${flags[*]} ${srcs[*]}" # what was compiled: a new list compiles again
    [ "$dir" != "$work/obj/core" ] && [ "$(cat "$dir/done" 2>/dev/null)" = "$stamp" ] && return 0
    rm -rf "$dir" && mkdir -p "$dir"
    local k pids=()
    for ((k = 0; k < jobs; k++)); do
        local part=()
        for ((i = k; i < ${#srcs[@]}; i += jobs)); do part+=("${srcs[i]}"); done
        [ ${#part[@]} -gt 0 ] && { (cd "$dir" && emcc -c "${flags[@]}" "${part[@]}") & pids+=($!); }
    done
    for p in "${pids[@]}"; do wait "$p"; done
    printf '%s\n' "$stamp" > "$dir/done"
}
# shellcheck disable=SC2086
objects core "${cflags[@]}" -- $core $io explorer/explorer.c
# GSL's directories reuse names (matrix/init.c, vector/init.c, ...): each file
# is compiled through a one-line wrapper named after its path, so that the
# objects do not overwrite each other (its own #include "..." still resolve
# next to it).
mkdir -p "$work/gsl-units"
units=()
for f in $gsl_files; do
    unit=$work/gsl-units/${f//\//_}
    line="#include \"$gsl/$f\""
    [ "$(cat "$unit" 2>/dev/null)" = "$line" ] || printf '%s\n' "$line" > "$unit"
    units+=("$unit")
done
objects gsl -O2 -w -DHAVE_CONFIG_H -I"$work/include" -I"$gsl" -- "${units[@]}"
objects jansson -O2 -w -DHAVE_CONFIG_H -I"$work/include" -- "$jansson"/src/*.c
t_compile=$((SECONDS - t0 - t_fetch))

# 4. Link: the core's objects as an archive, so that only what the entry
# point reaches (and the GSL it calls) is linked.
rm -f "$work/core.a"
core_objs=()
for o in "$work"/obj/core/*.o; do [ "$(basename "$o")" = explorer.o ] || core_objs+=("$o"); done
emar rcs "$work/core.a" "${core_objs[@]}"
exports='["_ex_new","_ex_agent","_ex_set","_ex_get","_ex_holds","_ex_solve","_ex_explain","_ex_tables","_ex_error","_free","_malloc"]'
emcc -O2 "$work/obj/core/explorer.o" "$work/core.a" "$work"/obj/gsl/*.o "$work"/obj/jansson/*.o \
    -sEXPORTED_FUNCTIONS="$exports" -sEXPORTED_RUNTIME_METHODS='["ccall","cwrap","UTF8ToString"]' \
    -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web -sFILESYSTEM=0 -sERROR_ON_UNDEFINED_SYMBOLS=1 \
    -o "$out/sanctionsim.js"
t_link=$((SECONDS - t0 - t_fetch - t_compile))

# 5. The page, and every shipped scenario's numbers as `show --format json`.
cp explorer/index.html explorer/explorer.css explorer/explorer.js "$out/"
list=()
for f in scenarios/baseline_2014.cfg scenarios/allies_2014.cfg scenarios/cf_*.cfg; do
    name=$(basename "$f" .cfg)
    "$native" show "$f" --format json > "$out/scenarios/$name.json.tmp"
    mv "$out/scenarios/$name.json.tmp" "$out/scenarios/$name.json"
    list+=("\"$name\"")
done
(IFS=,; printf '[%s]\n' "${list[*]}") > "$out/scenarios/index.json"
echo "explorer/build.sh: $out ready (sources ${t_fetch}s, compile ${t_compile}s, link ${t_link}s, total $((SECONDS - t0))s;" \
    "$(stat -c %s "$out/sanctionsim.wasm") bytes of wasm, $(stat -c %s "$out/sanctionsim.js") of js)"
