# Helpers shared by the sweep tests: sourced as `. lib.sh BIN ROOT`.
# Each test script counts passes and failures and exits 1 when any failed.

if [ $# -lt 2 ]; then
    echo "usage: $0 PATH-TO-SANCTIONSIM SOURCE-ROOT" >&2
    exit 2
fi
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
bin=$(realpath "$1")
root=$(realpath "$2")
baseline=$root/scenarios/baseline_2014.cfg
export SANCTIONSIM_PLOTS_DIR=$root/plots
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ss_sweep.XXXXXX") || exit 1
trap 'cleanup_jobs; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

jobs_started=()

cleanup_jobs() {
    local pid
    for pid in "${jobs_started[@]}"; do
        kill -KILL "$pid" 2>/dev/null
    done
}

# ran NAME ARGS...: a sweep that completes; some points may fail (exit 0 or 1)
ran() {
    name=$1
    shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -le 1 ] && ! grep -qv 'points failed' "$tmp/err"; then pass; else
        fail "exit status $rc (sanctionsim $*)"
        sed 's/^/    | /' "$tmp/err" | head -5
    fi
}
empty() { if [ -s "$1" ]; then fail "$1 is not empty: $(head -c 200 "$1")"; else pass; fi; }
exists() { if [ -e "$1" ]; then pass; else fail "$1 is missing"; fi; }
absent() { if [ -e "$1" ]; then fail "$1 exists"; else pass; fi; }
# rows FILE: the rows and the column line, without the '#' lines
rows() { grep -v '^#' "$1"; }
# same_rows A B: byte-identical rows
same_rows() {
    if cmp -s <(rows "$1") <(rows "$2"); then pass; else
        fail "rows of $1 and $2 differ: $(diff <(rows "$1") <(rows "$2") | head -3)"
    fi
}
same_file() { if cmp -s "$1" "$2"; then pass; else fail "$1 and $2 differ"; fi; }
# lines FILE: number of rows (the column line excluded)
nrows() { rows "$1" | tail -n +2 | wc -l; }
equal() { if [ "$1" = "$2" ]; then pass; else fail "got '$1', want '$2'"; fi; }

finish() {
    echo "$(basename "$0"): $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}
