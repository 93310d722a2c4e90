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
# holds WHAT COMMAND...: a check named WHAT that passes when COMMAND succeeds
holds() {
    name=$1
    shift
    if "$@"; then pass; else fail "does not hold"; fi
}
# same NAME A B: files A and B are byte for byte the same.
same() {
    name=$1
    if cmp -s "$2" "$3"; then pass; else
        fail "$2 and $3 differ"
        diff "$2" "$3" | head -5 | sed 's/^/    | /'
    fi
}
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

# wait_seconds: the longest any wait in a test may take. It only keeps a
# hung command from hanging the suite, so it is far above what the slowest
# build (valgrind, sanitizers) on a loaded machine needs: reaching it fails
# the test, but no verdict may depend on how fast the machine is.
wait_seconds=${SANCTIONSIM_TEST_WAIT:-300}

# wait_for GLOB: waits (polling, at most $wait_seconds) until a file matches
# GLOB; a test that stops a command midway waits for what it made, never for
# a time.
wait_for() {
    local end=$((SECONDS + wait_seconds))
    until compgen -G "$1" >/dev/null; do
        ((SECONDS < end)) || return 1
        sleep 0.05
    done
}

# freeze PID / thaw PID: stop (SIGSTOP) or continue PID and its children (the
# ranks of an mpirun); the parent stops first, so it starts no child unseen.
freeze() {
    local kid
    kill -STOP "$1" 2>/dev/null || return 1
    for kid in $(pgrep -P "$1" 2>/dev/null); do kill -STOP "$kid" 2>/dev/null; done
    return 0
}
thaw() {
    local kid
    for kid in $(pgrep -P "$1" 2>/dev/null); do kill -CONT "$kid" 2>/dev/null; done
    kill -CONT "$1" 2>/dev/null
}

# wait_rows FILE N PID: waits until FILE has more than N lines that are not
# '#' lines (the column line counts), then leaves PID frozen (see freeze). It
# counts only while PID is frozen, so a signal sent next always meets PID
# running, never after it has finished: a SIGKILL ends a frozen process; after
# any other signal, thaw PID. Returns 1 if PID ended first (the whole rest of
# the run within one 20 ms slice), 2 after $wait_seconds (PID left running).
wait_rows() {
    local end=$((SECONDS + wait_seconds))
    while freeze "$3"; do
        [ -f "$1" ] && [ "$(grep -vc '^#' "$1")" -gt "$2" ] && return 0
        thaw "$3"
        ((SECONDS < end)) || return 2
        sleep 0.02
    done
    return 1
}

summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
