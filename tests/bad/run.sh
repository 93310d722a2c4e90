#!/usr/bin/env bash
# The bad-input corpus: every case must exit with status 2, print nothing on
# stdout and exactly its golden message on stderr (never a crash or a hang).
#
# usage: run.sh SANCTIONSIM TESTS_BAD_DIR
#
#   cases/NAME.cfg   first line "# expect: MESSAGE": run as `check NAME.cfg` and
#                    `solve NAME.cfg`, stderr must be "sanctionsim check: MESSAGE"
#                    (and the same for solve); first line "# helper: ..." marks a
#                    valid file the cases build on (it must pass `check`).
#   cmdline.tsv      command-line cases: ARGS <tab> STDERR [<tab> PATH]; ARGS are
#                    shell words, "\n" in STDERR is a newline, PATH must not
#                    exist afterwards (no partial output).
# The cases run in a scratch copy, next to fixtures made here: symbolic links,
# a FIFO, a directory, and files too large or too deep to commit.
set -u
bin=$1
src=$2
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
case "$src" in /*) ;; *) src="$PWD/$src" ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/sanctionsim-bad.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/cases"
cp "$src"/cases/*.cfg "$work/cases/"
cd "$work/cases" || exit 1

# Fixtures next to the cases.
cp base_ok.cfg ../outside.cfg # a valid scenario, but outside the directory
ln -s ../outside.cfg link_outside.cfg
ln -s /etc/passwd link_passwd.cfg
ln -s /dev/zero link_zero.cfg
ln -s base_ok.cfg link_inside.cfg
mkfifo fifo.cfg
mkdir subdir.cfg
: >empty.cfg
# 100000 agents; a 5 MB file; nesting 20000 deep; a 3 MB string.
awk 'BEGIN { print "agents = ("; for (k = 0; k < 100000; k++) printf "{ id = \"s%d\"; role = \"sanctioner\"; },\n", k; print "{ id = \"r\"; role = \"target\"; } );" }' >gen_huge_agents.cfg
awk 'BEGIN { for (k = 0; k < 80000; k++) printf "# %062d\n", k }' >gen_too_large.cfg
awk 'BEGIN { printf "x = "; for (k = 0; k < 20000; k++) printf "("; for (k = 0; k < 20000; k++) printf ")"; print ";" }' >gen_deep_lists.cfg
{
    awk 'BEGIN { printf "name = \""; for (k = 0; k < 3 * 1024 * 1024 / 64; k++) printf "%064d", k; print "\";" }'
    sed 1d base_ok.cfg
} >gen_long_name.cfg

pass=0
fail=0
failed=()

# check_run LABEL WANT_STDERR ABSENT_PATH ARGS...: one invocation of the tool.
check_run() {
    local label=$1 want=$2 absent=$3
    shift 3
    local out="$work/stdout" err="$work/stderr" rc problems=""
    "$bin" "$@" >"$out" 2>"$err"
    rc=$?
    if [ "$rc" -ge 128 ]; then
        problems+="  killed by signal $((rc - 128))"$'\n'
    elif [ "$rc" -ne 2 ]; then
        problems+="  exit status $rc, want 2"$'\n'
    fi
    [ -s "$out" ] && problems+="  wrote to stdout: $(head -c 200 "$out")"$'\n'
    local got
    got=$(cat "$err")
    [ "$got" == "$want" ] || problems+="  stderr: $got"$'\n'"  want:   $want"$'\n'
    [ -n "$absent" ] && [ -e "$absent" ] && problems+="  left '$absent' behind"$'\n'
    if [ -z "$problems" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        failed+=("$label")
        printf 'FAIL %s\n%s' "$label" "$problems"
    fi
}

# Scenario files.
for path in "$src"/cases/*.cfg; do
    f=${path##*/}
    first=$(head -n 1 "$f")
    case "$first" in
    "# expect: "*)
        msg=${first#"# expect: "}
        check_run "$f (check)" "sanctionsim check: $msg" "" check "$f"
        check_run "$f (solve)" "sanctionsim solve: $msg" "" solve "$f"
        ;;
    "# helper:"*)
        if "$bin" check "$f" >/dev/null 2>"$work/stderr"; then
            pass=$((pass + 1))
        else
            fail=$((fail + 1))
            failed+=("$f")
            printf 'FAIL %s: a helper must be valid\n  %s\n' "$f" "$(cat "$work/stderr")"
        fi
        ;;
    *)
        grep -qF " $f" "$src/cmdline.tsv" || {
            fail=$((fail + 1))
            failed+=("$f")
            printf 'FAIL %s: no "# expect:" line and no entry in cmdline.tsv\n' "$f"
        }
        ;;
    esac
done

# Command lines.
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case "$line" in '' | '#'*) continue ;; esac
    IFS=$'\t' read -r args want absent <<<"$line"
    want=${want//\\n/$'\n'}
    eval "set -- $args"
    check_run "cmdline.tsv:$lineno: $args" "$want" "${absent:-}" "$@"
done <"$src/cmdline.tsv"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
