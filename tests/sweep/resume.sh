#!/usr/bin/env bash
# Never lose a day of work: a sweep killed with SIGKILL and resumed gives the
# same file as an uninterrupted run; SIGINT and SIGTERM stop cleanly, keep the
# finished rows and die of the signal; --resume checks it continues the same
# sweep, and a resumed complete sweep has nothing to do.
# Usage: resume.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/lib.sh"

# about 20,000 points: long enough to be stopped in the middle
big=(--vary japan.alliance_pressure=0:3:201 --vary japan.territorial_stake=0:2:101)
mkdir whole killed stopped
(cd whole && "$bin" sweep "$baseline" "${big[@]}" --threads 2 -o out.tsv 2>/dev/null)
exists whole/out.tsv

# stop_with SIGNAL DIR ROWS [OPTIONS]: starts the sweep in DIR, sends SIGNAL once
# its temporary file has more than ROWS rows, waits for it. wait_rows holds
# the sweep stopped while it counts, so the signal meets it running, never
# after it has finished.
stop_with() {
    local sig=$1 dir=$2 rows=$3
    shift 3
    (cd "$dir" && exec "$bin" sweep "$baseline" "${big[@]}" --threads 2 -o out.tsv "$@" \
        2>err) &
    local pid=$!
    jobs_started+=("$pid")
    wait_rows "$dir/out.tsv.tmp" "$rows" "$pid"
    case $? in
    1) fail "the sweep ended before $dir/out.tsv.tmp had $rows rows" ;;
    2) fail "$dir/out.tsv.tmp had not $rows rows within $wait_seconds s" ;;
    esac
    kill -"$sig" "$pid" 2>/dev/null
    thaw "$pid"
    wait "$pid" 2>/dev/null # (no "Killed" notice from bash)
    return $?
}

name="SIGKILL"
stop_with KILL killed 2000
equal $? 137
exists killed/out.tsv.tmp
absent killed/out.tsv
before=$(grep -vc '^#' killed/out.tsv.tmp)
# a last line cut short, as a kill in the middle of a write leaves it
head -c -7 killed/out.tsv.tmp >killed/cut && cat killed/cut >killed/out.tsv.tmp
name="resume after SIGKILL"
(cd killed && "$bin" sweep "$baseline" "${big[@]}" --threads 1 --resume -o out.tsv 2>err)
rc=$?
if [ $rc -le 1 ]; then pass; else fail "exit status $rc"; fi
same_file whole/out.tsv killed/out.tsv
absent killed/out.tsv.tmp
if [ "$before" -lt 20302 ]; then pass; else fail "the kill came too late ($before rows)"; fi

name="SIGINT"
stop_with INT stopped 2000
equal $? 130
has stopped/err 'stopped after [0-9]* of 20301 points'
has stopped/err 'continue with the same command and --resume'
exists stopped/out.tsv.tmp
# every row it kept is complete and in order
if tail -c 1 stopped/out.tsv.tmp | od -c | grep -q '\\n'; then pass; else fail "a row cut short"; fi
n=$(grep -vc '^#' stopped/out.tsv.tmp)
last=$(tail -n 1 stopped/out.tsv.tmp | cut -f1)
equal "$last" $((n - 2))
name="SIGTERM while resuming"
stop_with TERM stopped $((n + 1000)) --resume
equal $? 143
m=$(grep -vc '^#' stopped/out.tsv.tmp)
if [ "$m" -gt "$n" ]; then pass; else fail "no progress: $n then $m rows"; fi
name="resume after SIGINT and SIGTERM"
(cd stopped && "$bin" sweep "$baseline" "${big[@]}" --resume --quiet -o out.tsv 2>err)
same_file whole/out.tsv stopped/out.tsv

# --resume on a complete output: nothing to do, same exit status as the run
# (0: every point has a pure or a mixed equilibrium)
t "resume a complete sweep" 0 sweep "$baseline" "${big[@]}" --resume -o whole/out.tsv
hasnt err 'points failed'
same_file whole/out.tsv stopped/out.tsv
# --resume with nothing to resume: a fresh start
t "resume from nothing" 0 sweep "$baseline" --vary japan.alliance_pressure=0:1:5 --resume \
    -o fresh.tsv
equal "$(nrows fresh.tsv)" 5

# --resume refuses another sweep's file, and a damaged one
mkdir other && cp killed/cut other/out.tsv.tmp
t "resume another sweep" 2 sweep "$baseline" --vary japan.alliance_pressure=0:3:200 \
    --vary japan.territorial_stake=0:2:101 --resume -o other/out.tsv
has err 'comes from another sweep'
has err 'use --force to start over'
t "resume another shard" 2 sweep "$baseline" "${big[@]}" --shard 1/2 --resume \
    -o other/out.tsv
has err 'holds shard 0/1, this run computes shard 1/2'
t "resume another mode" 2 sweep "$baseline" "${big[@]}" --mode nash --resume -o other/out.tsv
sed '30s/^[0-9]*/77777/' other/out.tsv.tmp >other/x && mv other/x other/out.tsv.tmp
t "resume a damaged file" 1 sweep "$baseline" "${big[@]}" --resume -o other/out.tsv
has err 'the file is damaged'
# --threads, --quiet and -o do not count as a different sweep
small=(--vary japan.alliance_pressure=0:3:31)
mkdir opts && (cd opts && "$bin" sweep "$baseline" "${small[@]}" --threads 1 -o out.tsv \
    2>/dev/null && head -n 25 out.tsv >out.tsv.tmp && rm out.tsv)
t "resume with other threads" 0 sweep "$baseline" "${small[@]}" --threads 2 --quiet \
    --resume -o opts/out.tsv
equal "$(nrows opts/out.tsv)" 31

# a disk that fills (a file size limit): the error is reported, the rows
# written so far stay, and --resume finishes the same file
mkdir full
grid=(--vary japan.alliance_pressure=0:3:61 --vary japan.territorial_stake=0:2:41)
(cd full && ulimit -f 200 && "$bin" sweep "$baseline" "${grid[@]}" -o out.tsv 2>err)
rc=$?
name="a full disk"
equal $rc 1
has full/err 'writing the rows failed (File too large); the [0-9]* rows written so far stay in .out.tsv.tmp.: continue with --resume'
absent full/out.tsv
ran "resume after a full disk" sweep "$baseline" "${grid[@]}" --resume -o full/out.tsv
ran "the same sweep" sweep "$baseline" "${grid[@]}" -o full/ref.tsv
same_rows full/ref.tsv full/out.tsv

# an empty temporary file (killed before its header) starts afresh
mkdir empty && : >empty/out.tsv.tmp
t "resume an empty file" 0 sweep "$baseline" "${small[@]}" --resume -o empty/out.tsv
equal "$(nrows empty/out.tsv)" 31

finish
