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
#   cmdline.tsv      command-line cases: ARGS <tab> STDERR [<tab> PATHS]; ARGS are
#                    shell words, "\n" in STDERR is a newline, none of the
#                    space-separated PATHS may exist afterwards (no partial output).
# SANCTIONSIM_BAD_COMMANDS (default "check solve") picks the commands the
# files go through, SANCTIONSIM_BAD_JOBS (default 1) how many run at once
# (scripts/check-valgrind uses "check" and every core), and
# SANCTIONSIM_BAD_CMDLINE=0 leaves out cmdline.tsv (scripts/check-valgrind:
# option errors run under ASan and UBSan; the files are the hostile input).
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
# 5000 agents; a 5 MB file; nesting 20000 deep; a 3 MB string.
awk 'BEGIN { print "agents = ("; for (k = 0; k < 5000; k++) printf "{ id = \"s%d\"; role = \"sanctioner\"; },\n", k; print "{ id = \"r\"; role = \"target\"; } );" }' >gen_huge_agents.cfg
awk 'BEGIN { for (k = 0; k < 80000; k++) printf "# %062d\n", k }' >gen_too_large.cfg
awk 'BEGIN { printf "x = "; for (k = 0; k < 20000; k++) printf "("; for (k = 0; k < 20000; k++) printf ")"; print ";" }' >gen_deep_lists.cfg
{
    awk 'BEGIN { printf "name = \""; for (k = 0; k < 3 * 1024 * 1024 / 64; k++) printf "%064d", k; print "\";" }'
    sed 1d base_ok.cfg
} >gen_long_name.cfg

# Every invocation is a job file: KIND, LABEL, WANTED STDERR, ABSENT PATH and
# ARGS (shell words), one per line; the jobs run SANCTIONSIM_BAD_JOBS at a time.
mkdir "$work/jobs"
njobs=0
add_job() { # add_job KIND LABEL WANT ABSENT ARGS
    njobs=$((njobs + 1))
    printf '%s\n' "$@" >"$work/jobs/$(printf '%05d' "$njobs")"
}
problems=0
for path in "$src"/cases/*.cfg; do
    f=${path##*/}
    first=$(head -n 1 "$f")
    case "$first" in
    "# expect: "*)
        msg=${first#"# expect: "}
        for cmd in ${SANCTIONSIM_BAD_COMMANDS:-check solve}; do
            add_job reject "$f ($cmd)" "sanctionsim $cmd: $msg" "" "$cmd $f"
        done
        ;;
    "# helper:"*)
        add_job accept "$f (a helper must be valid)" "" "" "check $f"
        ;;
    *)
        grep -qF " $f" "$src/cmdline.tsv" || {
            problems=$((problems + 1))
            printf 'FAIL %s: no "# expect:" line and no entry in cmdline.tsv\n' "$f"
        }
        ;;
    esac
done
lineno=0
[ "${SANCTIONSIM_BAD_CMDLINE:-1}" = 0 ] || while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case "$line" in '' | '#'*) continue ;; esac
    IFS=$'\t' read -r args want absent <<<"$line"
    add_job reject "cmdline.tsv:$lineno: $args" "$want" "${absent:-}" "$args"
done <"$src/cmdline.tsv"

# run_job FILE: runs one job in the scratch directory; writes FILE.fail with
# what went wrong, or nothing.
run_job() {
    local job=$1 kind label want absent args rc path report=""
    {
        read -r kind
        read -r label
        IFS= read -r want
        IFS= read -r absent
        IFS= read -r args
    } <"$job"
    want=${want//\\n/$'\n'}
    eval "set -- $args"
    "$bin" "$@" >"$job.out" 2>"$job.err"
    rc=$?
    if [ "$kind" = accept ]; then
        [ "$rc" -eq 0 ] || report+="  exit status $rc: $(cat "$job.err")"$'\n'
    else
        if [ "$rc" -ge 128 ]; then
            report+="  killed by signal $((rc - 128))"$'\n'
        elif [ "$rc" -ne 2 ]; then
            report+="  exit status $rc, want 2"$'\n'
        fi
        [ -s "$job.out" ] && report+="  wrote to stdout: $(head -c 200 "$job.out")"$'\n'
        local got
        got=$(cat "$job.err")
        [ "$got" == "$want" ] || report+="  stderr: $got"$'\n'"  want:   $want"$'\n'
        for path in $absent; do
            [ -e "$path" ] && report+="  left '$path' behind"$'\n'
        done
    fi
    [ -z "$report" ] || printf 'FAIL %s\n%s' "$label" "$report" >"$job.fail"
}
export -f run_job
export bin
printf '%s\0' "$work"/jobs/* | xargs -0 -n 1 -P "${SANCTIONSIM_BAD_JOBS:-1}" bash -c 'run_job "$1"' _

fail=$problems
for report in "$work"/jobs/*.fail; do
    [ -e "$report" ] || continue
    cat "$report"
    fail=$((fail + 1))
done
echo "$((njobs + problems - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
