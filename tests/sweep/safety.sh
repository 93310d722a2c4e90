#!/usr/bin/env bash
# Output files are never lost, clobbered or left behind: OUT.tmp is never
# followed through a symbolic link, a header cut short does not block
# --resume, sweeps that differ anywhere in their options neither merge nor
# resume into each other, an OUT that is a directory is refused before any
# work, merge writes nothing when its shards do not make one sweep, and
# SIGTERM leaves no temporary file of merge or plot.
# Usage: safety.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/lib.sh"

small=(--vary japan.alliance_pressure=0:3:31)

# none GLOB: no file matches GLOB
none() {
    if compgen -G "$1" >/dev/null; then fail "left behind: $(compgen -G "$1" | head -3)"; else
        pass
    fi
}
is_link() { if [ -L "$1" ]; then pass; else fail "$1 is no longer a symbolic link"; fi; }

# one key with a list of 250 values: a spec of over 4096 characters in its
# canonical form, and a header of over 4 KB (the '# command:' and '# sweep:'
# lines hold the list)
list=$(awk 'BEGIN { for (i = 1; i <= 250; i++) printf "%s%.15g", (i > 1 ? "," : ""), i / 251 }')
long=(--vary "japan.alliance_pressure=$list")

# ---- OUT.tmp is never followed through a symbolic link --------------------
echo precious >victim
cp victim victim.keep
ln -s victim a.tsv.tmp
t "a link as OUT.tmp" 2 sweep "$baseline" "${small[@]}" -o a.tsv
has err "'a.tsv.tmp'"
t "a link as OUT.tmp, --force" 2 sweep "$baseline" "${small[@]}" --force -o a.tsv
has err "'a.tsv.tmp' is a symbolic link"
same_file victim victim.keep
is_link a.tsv.tmp
absent a.tsv
t "a link as OUT.tmp, --resume" 2 sweep "$baseline" "${small[@]}" --resume -o a.tsv
has err "'a.tsv.tmp' is a symbolic link"
same_file victim victim.keep
is_link a.tsv.tmp
# a dangling link: its target must not be created
ln -s made-by-sweep b.tsv.tmp
t "a dangling link as OUT.tmp" 2 sweep "$baseline" "${small[@]}" -o b.tsv
absent made-by-sweep
t "a dangling link as OUT.tmp, --force" 2 sweep "$baseline" "${small[@]}" --force -o b.tsv
has err "'b.tsv.tmp' is a symbolic link"
absent made-by-sweep
t "a dangling link as OUT.tmp, --resume" 2 sweep "$baseline" "${small[@]}" --resume -o b.tsv
absent made-by-sweep
is_link b.tsv.tmp
absent b.tsv
# not a regular file
mkfifo c.tsv.tmp
t "a FIFO as OUT.tmp, --force" 2 sweep "$baseline" "${small[@]}" --force -o c.tsv
has err "'c.tsv.tmp' is not a regular file"
absent c.tsv

# ---- an OUT that cannot be replaced: refused before any work ---------------
mkdir d.tsv
t "a directory as OUT" 2 sweep "$baseline" "${small[@]}" --force -o d.tsv
has err "'d.tsv' is a directory"
absent d.tsv.tmp
t "a directory as OUT, --resume" 2 sweep "$baseline" "${small[@]}" --resume -o d.tsv
has err "'d.tsv' is a directory"
mkfifo e.tsv
t "a FIFO as OUT" 2 sweep "$baseline" "${small[@]}" --force -o e.tsv
has err "'e.tsv' is not a regular file"
absent e.tsv.tmp
if [ -p e.tsv ]; then pass; else fail "the FIFO e.tsv was replaced"; fi

# ---- a header cut short does not block --resume ----------------------------
mkdir ref cut cutcols full
# the reference: the same command line as the resumed runs, so the same header
(cd ref && "$bin" sweep "$baseline" "${long[@]}" --resume -o out.tsv 2>err)
rc=$?
name="reference"
equal $rc 0
hbytes=$(grep '^#' ref/out.tsv | wc -c)
if [ "$hbytes" -gt 4096 ]; then pass; else fail "a header of $hbytes bytes, want over 4096"; fi
head -c 2500 ref/out.tsv >cut/out.tsv.tmp
(cd cut && "$bin" sweep "$baseline" "${long[@]}" --resume -o out.tsv 2>err)
rc=$?
name="resume a header cut short"
equal $rc 0
same_file ref/out.tsv cut/out.tsv
absent cut/out.tsv.tmp
head -c $((hbytes + 20)) ref/out.tsv >cutcols/out.tsv.tmp
(cd cutcols && "$bin" sweep "$baseline" "${long[@]}" --resume -o out.tsv 2>err)
rc=$?
name="resume a column line cut short"
equal $rc 0
same_file ref/out.tsv cutcols/out.tsv
# a write that fails in the middle of the header (a 2 KB file size limit) leaves
# no partial header behind
(cd full && ulimit -f 2 && exec "$bin" sweep "$baseline" "${long[@]}" --resume -o out.tsv \
    2>err)
rc=$?
name="a header that cannot be written"
equal $rc 1
has full/err 'File too large'
absent full/out.tsv.tmp
none "full/out.tsv.tmp.*"
(cd full && "$bin" sweep "$baseline" "${long[@]}" --resume -o out.tsv 2>err)
rc=$?
name="resume after a header that could not be written"
equal $rc 0
same_file ref/out.tsv full/out.tsv
# what is not a sweep's header stays refused
mkdir notours && echo 'my notes' >notours/out.tsv.tmp
t "resume a file that is not a sweep" 2 sweep "$baseline" "${small[@]}" --resume \
    -o notours/out.tsv
has err 'not a sweep file'
equal "$(cat notours/out.tsv.tmp)" "my notes"

# ---- sweeps that differ only far into a spec or a --set value --------------
# the two lists differ in their last value only, after character 4096
list2=${list%,*},0.5
long2=(--vary "japan.alliance_pressure=$list2")
ran "shard 0/2 of one list" sweep "$baseline" "${long[@]}" --shard 0/2 -o l0.tsv
ran "shard 1/2 of the other" sweep "$baseline" "${long2[@]}" --shard 1/2 -o l1.tsv
t "merge sweeps whose --vary differ after 4096 characters" 2 merge l0.tsv l1.tsv -o l.tsv
has err 'not shards of one sweep'
absent l.tsv
mkdir other
ran "the whole of one list" sweep "$baseline" "${long[@]}" -o other/whole.tsv
mv other/whole.tsv other/out.tsv.tmp
t "resume a sweep whose --vary differs after 4096 characters" 2 sweep "$baseline" \
    "${long2[@]}" --resume -o other/out.tsv
has err 'comes from another sweep'
absent other/out.tsv
# --set values that differ after character 127 (130 leading zeros)
zeros=$(printf '0%.0s' $(seq 130))
set_a=(--vary japan.territorial_stake=0:2:11 --set "japan.alliance_pressure=${zeros}1.5")
set_b=(--vary japan.territorial_stake=0:2:11 --set "japan.alliance_pressure=${zeros}1.6")
ran "shard 0/2 with one --set" sweep "$baseline" "${set_a[@]}" --shard 0/2 -o v0.tsv
ran "shard 1/2 with the other" sweep "$baseline" "${set_b[@]}" --shard 1/2 -o v1.tsv
ran "shard 1/2 with the same" sweep "$baseline" "${set_a[@]}" --shard 1/2 -o v1a.tsv
has v0.tsv '^# sweep: .* --set japan.alliance_pressure=1.5$'
t "merge sweeps whose --set differs after 127 characters" 2 merge v0.tsv v1.tsv -o v.tsv
has err 'not shards of one sweep'
absent v.tsv
t "merge sweeps with the same long --set" 0 merge v0.tsv v1a.tsv -o v.tsv

# ---- merge writes nothing when the shards do not make one sweep ------------
for k in 0 1 2; do
    ran "shard $k/3" sweep "$baseline" "${small[@]}" --shard $k/3 -o m$k.tsv
done
ran "unsharded" sweep "$baseline" "${small[@]}" -o m.tsv
t "merge with a missing point, to standard output" 2 merge m0.tsv m1.tsv
has err 'missing'
empty out
t "merge with a duplicate point, to standard output" 2 merge m0.tsv m1.tsv m1.tsv m2.tsv
has err 'point 1 is in'
empty out
sed '$s/^[0-9]*/30/' m2.tsv >m2bad.tsv
t "merge with a damaged last row, to standard output" 2 merge m0.tsv m1.tsv m2bad.tsv
empty out
t "merge to standard output" 0 merge m2.tsv m0.tsv m1.tsv
same_rows m.tsv out
mkdir mdir
t "merge into a directory" 2 merge m0.tsv m1.tsv m2.tsv -o mdir
has err "cannot write 'mdir': Is a directory"
none "mdir.tmp*"

# ---- SIGTERM leaves no temporary file --------------------------------------
# merge, blocked reading a shard that comes through a FIFO
mkfifo pipe.tsv
"$bin" merge m0.tsv pipe.tsv m2.tsv -o sig.tsv 2>sig.err &
pid=$!
jobs_started+=("$pid")
exec 3<>pipe.tsv # (read-write: never blocks, even if merge has ended)
head -n $(($(grep -c '^#' m1.tsv) + 3)) m1.tsv >&3
name="merge makes its temporary file"
if wait_for "sig.tsv.tmp.*"; then pass; else fail "no sig.tsv.tmp.* appeared"; fi
kill -TERM "$pid"
wait "$pid"
rc=$?
exec 3>&-
name="merge stopped by SIGTERM"
equal $rc 143
none "sig.tsv.tmp.*"
absent sig.tsv

# plot, while gnuplot (a stand-in that waits) runs
mkdir fakebin plottmp
cat >fakebin/gnuplot <<EOF
#!/bin/sh
echo \$\$ >"$tmp/gnuplot.pid.tmp" && mv "$tmp/gnuplot.pid.tmp" "$tmp/gnuplot.pid"
exec sleep 60
EOF
chmod +x fakebin/gnuplot
TMPDIR=$tmp/plottmp PATH=$tmp/fakebin:$PATH "$bin" plot m.tsv -o sig.png 2>plot.err &
pid=$!
jobs_started+=("$pid")
name="plot runs gnuplot"
if wait_for gnuplot.pid; then pass; else fail "gnuplot did not start: $(cat plot.err)"; fi
gnuplot_pid=$(cat gnuplot.pid 2>/dev/null)
[ -n "$gnuplot_pid" ] && jobs_started+=("$gnuplot_pid")
if compgen -G "plottmp/sanctionsim-plot.*" >/dev/null; then pass; else
    fail "no temporary directory in \$TMPDIR"
fi
kill -TERM "$pid"
wait "$pid"
rc=$?
[ -n "$gnuplot_pid" ] && kill -KILL "$gnuplot_pid" 2>/dev/null
name="plot stopped by SIGTERM"
equal $rc 143
none "plottmp/*"
absent sig.png
none "sig.png.tmp*"

finish
