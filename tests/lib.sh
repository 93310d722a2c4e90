# Helpers shared by the command-line test scripts: sourced first, then
# `test_setup NAME "$@"` (or, by the sweep tests, after $bin, the sanctionsim
# binary, and $tmp, a scratch directory, are set). Each check
# counts as passed or failed; `summary` prints "N passed, M failed" and
# returns non-zero when anything failed.
passed=0
failed=0
name=

# test_setup NAME BIN ROOT: checks the script's two arguments; sets $bin and
# $root (absolute) and $tmp, a scratch directory removed on exit.
test_setup() {
    if [ $# -ne 3 ]; then
        echo "usage: $0 PATH-TO-SANCTIONSIM SOURCE-ROOT" >&2
        exit 2
    fi
    bin=$(realpath "$2") && root=$(realpath "$3") || exit 2
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/ss_$1.XXXXXX") || exit 1
    trap 'rm -rf "$tmp"' EXIT
}

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $name: $*"
}

# t NAME WANT-STATUS ARGS...: runs sanctionsim; its output in $tmp/out, $tmp/err.
t() {
    name=$1
    local want=$2
    shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq "$want" ]; then pass; else
        fail "exit status $rc, want $want (sanctionsim $*)"
        sed 's/^/    | /' "$tmp/err" | head -5
    fi
}

# has FILE PATTERN / hasnt FILE PATTERN: a grep pattern is (not) in FILE.
has() { if grep -q -- "$2" "$1"; then pass; else fail "'$2' not in $1"; fi; }
hasnt() { if grep -q -- "$2" "$1"; then fail "'$2' in $1"; else pass; fi; }

# near WHAT GOT WANT TOL: |GOT - WANT| <= TOL.
near() {
    if awk -v g="$2" -v w="$3" -v t="$4" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(g != "" && d <= t) }'; then
        pass
    else
        fail "$1 = '$2', want $3 within $4"
    fi
}

# below WHAT GOT BOUND: GOT < BOUND.
below() {
    if awk -v g="$2" -v b="$3" 'BEGIN { exit !(g != "" && g + 0 < b + 0) }'; then
        pass
    else
        fail "$1 = '$2', want below $3"
    fi
}

# wait_for GLOB: waits (at most 30 s, polling) until a file matches GLOB; a
# test that stops a command midway waits for what it made, never for a time.
wait_for() {
    local i
    for ((i = 0; i < 600; i++)); do
        compgen -G "$1" >/dev/null && return 0
        sleep 0.05
    done
    return 1
}

summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
