#!/usr/bin/env bash
# Faults a long sweep must survive and report: a disk that fills (a file size
# limit), SIGKILL and SIGTERM mid-run and during --resume, an unwritable
# output, points whose solve fails, a full standard output. In every case
# nothing already written may be lost or corrupted: a resumed sweep's rows are
# byte for byte those of an uninterrupted run, and a file it was to replace is
# untouched until the new one is complete.
# usage: run.sh SANCTIONSIM SOURCE_ROOT
set -u
bin=$1
root=$2
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
case "$root" in /*) ;; *) root="$PWD/$root" ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/sanctionsim-faults.XXXXXX")
children=()
cleanup() {
    for pid in "${children[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    [ -n "${SANCTIONSIM_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
cp "$root/tests/bad/cases/base_ok.cfg" base.cfg

pass=0
fail=0
name=""
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $name: $*"
}
expect_status() { # expect_status GOT WANT
    if [ "$1" -eq "$2" ]; then ok; else bad "exit status $1, want $2"; fi
}
expect_file() { if [ -e "$1" ]; then ok; else bad "no '$1'"; fi; }
expect_no_file() { if [ -e "$1" ]; then bad "'$1' left behind"; else ok; fi; }
expect_grep() { # expect_grep FILE REGEX
    if grep -q -- "$2" "$1"; then ok; else bad "'$2' not in $1: $(head -c 300 "$1")"; fi
}
rows() { grep -v '^#' "$1"; }
# same_rows A B: the data rows (not the '#' lines, which name the command) agree
same_rows() {
    if cmp -s <(rows "$1") <(rows "$2"); then ok; else bad "rows of '$2' differ from '$1'"; fi
}
# complete_rows FILE: every row but possibly a last one cut short has as many
# fields as the column line; prints how many complete rows there are
complete_rows() {
    awk -F'\t' '/^#/ { next } !n { n = NF; next }
        { if (cut) bad++; if (NF == n) good++; else cut = 1 }
        END { print good + 0; exit bad > 0 }' "$1"
}
# is_prefix PART WHOLE: the complete rows of PART are the first rows of WHOLE
is_prefix() {
    local k
    k=$(complete_rows "$1") || {
        bad "'$1' has a broken row before its last"
        return
    }
    if cmp -s <(rows "$1" | head -n $((k + 1))) <(rows "$2" | head -n $((k + 1))); then
        ok
    else
        bad "the rows kept in '$1' are not those of '$2'"
    fi
}
# wait_rows FILE N PID, freeze and thaw: the shared ones of tests/lib.sh
# (wait_rows leaves PID stopped, so a signal sent next meets it running).
# shellcheck source=tests/lib.sh
. "$root/tests/lib.sh"

# About 4000 points, every one of which solves: long enough to stop in the
# middle, and exit status 0 means the run is complete.
vary=(--vary japan.alliance_pressure=0:3:81 --vary g7.alliance_pressure=0:1:51)
sweep() { "$bin" sweep base.cfg "${vary[@]}" "$@"; }

name="reference sweep"
sweep -o ref.tsv 2>ref.err
expect_status $? 0
points=$(rows ref.tsv | tail -n +2 | wc -l)
if [ "$points" -eq 4131 ]; then ok; else bad "$points rows, want 4131"; fi

# A disk that fills: a 64 KB file size limit. With SIGXFSZ ignored, as a full
# disk gives ENOSPC without a signal; and with its default action (the tool
# must not be killed by it).
for disposition in ignored default; do
    name="disk full ($disposition SIGXFSZ)"
    out=full_$disposition.tsv
    (
        [ $disposition = ignored ] && trap '' XFSZ
        ulimit -f 64
        exec "$bin" sweep base.cfg "${vary[@]}" -o "$out"
    ) 2>"$out.err"
    expect_status $? 1
    expect_grep "$out.err" "$out.tmp"
    expect_grep "$out.err" "File too large"
    expect_no_file "$out"
    expect_file "$out.tmp"
    is_prefix "$out.tmp" ref.tsv
    name="resume after a full disk ($disposition SIGXFSZ)"
    sweep --resume -o "$out" 2>>"$out.err"
    expect_status $? 0
    same_rows ref.tsv "$out"
    expect_no_file "$out.tmp"
done

name="disk fills again while resuming"
(
    ulimit -f 64
    exec "$bin" sweep base.cfg "${vary[@]}" -o again.tsv
) 2>again.err
before=$(complete_rows again.tsv.tmp)
(
    ulimit -f 128
    exec "$bin" sweep base.cfg "${vary[@]}" --resume -o again.tsv
) 2>>again.err
expect_status $? 1
after=$(complete_rows again.tsv.tmp)
if [ "$after" -ge "$before" ]; then ok; else bad "$before rows before, $after after"; fi
is_prefix again.tsv.tmp ref.tsv
sweep --resume -o again.tsv 2>>again.err
expect_status $? 0
same_rows ref.tsv again.tsv

name="a full disk leaves the file it was to replace untouched"
cp ref.tsv keep.tsv
(
    ulimit -f 64
    exec "$bin" sweep base.cfg "${vary[@]}" --force -o keep.tsv
) 2>keep.err
expect_status $? 1
if cmp -s ref.tsv keep.tsv; then ok; else bad "keep.tsv changed"; fi

# SIGKILL and SIGTERM in the middle, then --resume (twice killed: once while
# resuming). A finer best-response scan makes each point take about 2 ms, so
# that the sweep (1066 points, one thread) is still running when it is hit.
printf 'base = "base.cfg";\nsolver = { scan_points = 2000; certificate_points = 10000; };\n' \
    >slow.cfg
slow_vary=(--vary japan.alliance_pressure=0:3:41 --vary g7.alliance_pressure=0:1:26)
slow_sweep() { "$bin" sweep slow.cfg "${slow_vary[@]}" "$@"; }
# (in the background the binary itself runs, so that $! is its process)
name="reference of the slow sweep"
slow_sweep -o slow_ref.tsv 2>slow_ref.err
expect_status $? 0
name="SIGKILL mid-run"
"$bin" sweep slow.cfg "${slow_vary[@]}" --threads 1 -o killed.tsv 2>killed.err &
pid=$!
children+=("$pid")
wait_rows killed.tsv.tmp 200 "$pid" || bad "no rows appeared"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_status $? 137
is_prefix killed.tsv.tmp slow_ref.tsv
first=$(complete_rows killed.tsv.tmp)
name="SIGKILL while resuming"
"$bin" sweep slow.cfg "${slow_vary[@]}" --threads 1 --resume -o killed.tsv 2>>killed.err &
pid=$!
children+=("$pid")
wait_rows killed.tsv.tmp $((first + 200)) "$pid" || bad "no new rows appeared"
kill -KILL "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
expect_status $? 137
is_prefix killed.tsv.tmp slow_ref.tsv
second=$(complete_rows killed.tsv.tmp)
if [ "$second" -ge "$first" ]; then ok; else bad "$first rows, then $second"; fi
name="resume after two kills"
slow_sweep --resume -o killed.tsv 2>>killed.err
expect_status $? 0
same_rows slow_ref.tsv killed.tsv
expect_no_file killed.tsv.tmp

name="SIGTERM mid-run"
"$bin" sweep slow.cfg "${slow_vary[@]}" --threads 1 -o term.tsv 2>term.err &
pid=$!
children+=("$pid")
wait_rows term.tsv.tmp 200 "$pid" || bad "no rows appeared"
kill -TERM "$pid" 2>/dev/null
thaw "$pid"
wait "$pid" 2>/dev/null
expect_status $? 143
expect_grep term.err "resume"
expect_no_file term.tsv
# a clean stop: no row cut short
k=$(complete_rows term.tsv.tmp)
if [ "$(rows term.tsv.tmp | tail -n +2 | wc -l)" -eq "$k" ]; then ok; else bad "a row cut short"; fi
is_prefix term.tsv.tmp slow_ref.tsv
name="resume after SIGTERM"
slow_sweep --resume -o term.tsv 2>>term.err
expect_status $? 0
same_rows slow_ref.tsv term.tsv

# An output that cannot be written: nothing computed is lost, nothing created.
name="output in a missing directory"
sweep -o nodir/out.tsv 2>nodir.err
expect_status $? 1
expect_grep nodir.err "nodir/out.tsv"
expect_no_file nodir
name="output under a file"
sweep -o base.cfg/out.tsv 2>notdir.err
expect_status $? 1
expect_grep notdir.err "Not a directory"
if [ "$(id -u)" -ne 0 ]; then
    name="output in a read-only directory"
    mkdir ro && chmod 555 ro
    sweep -o ro/out.tsv 2>ro.err
    expect_status $? 1
    expect_grep ro.err "Permission denied"
    expect_no_file ro/out.tsv.tmp
fi

# Points whose solve fails (3 iterations are too few for some): each has a
# row with its status, the sweep goes on to the end, no number is NaN or inf.
name="failing points"
printf 'base = "base.cfg";\nsolver = { max_iterations = 3; };\n' >few.cfg
"$bin" sweep few.cfg --vary japan.alliance_pressure=0:3:31 -o few.tsv 2>few.err
expect_status $? 1
expect_grep few.err "points failed"
if [ "$(rows few.tsv | tail -n +2 | wc -l)" -eq 31 ]; then ok; else bad "not one row per point"; fi
failed=$(rows few.tsv | tail -n +2 | awk -F'\t' '$NF == "not_converged"' | wc -l)
okrows=$(rows few.tsv | tail -n +2 | awk -F'\t' '$NF == "ok"' | wc -l)
if [ "$failed" -gt 0 ] && [ "$okrows" -gt 0 ]; then ok; else bad "$failed failed, $okrows ok"; fi
if rows few.tsv | grep -qiE '(^|	)-?(nan|inf)'; then bad "a NaN or inf in the rows"; else ok; fi

# A full standard output is a failure, never a silent success.
for cmd in "solve base.cfg" "solve base.cfg --format json" \
    "sweep base.cfg --vary japan.alliance_pressure=0:3:4"; do
    name="$cmd > /dev/full"
    # shellcheck disable=SC2086
    "$bin" $cmd >/dev/full 2>full.err
    expect_status $? 1
    if [ -s full.err ]; then ok; else bad "no message"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
