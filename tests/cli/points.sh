#!/usr/bin/env bash
# `sweep --points FILE.tsv`: the rows of a table of scenario keys solved as a
# design (as R, pandas or SALib write one). Each row is what `solve --set`
# gives; threads, shards merged and --resume give the same rows; a changed
# file is another sweep; bad files are refused with the file, line and column.
# Usage: points.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/../sweep/lib.sh"

ap=japan.alliance_pressure
sub=japan.beliefs.target.substitution
# 60 points, uniform in [0, 3] x [0, 1] (Python's Mersenne Twister, seed 3),
# written with repr (they read back exactly); a '#' line and a blank line
python3 - >pts.tsv <<PYEOF
import random
random.seed(3)
print("# a design made elsewhere")
print("$ap\t$sub")
for i in range(60):
    print(f"{random.uniform(0, 3)!r}\t{random.random()!r}")
    if i == 10:
        print()
PYEOF

ran "points, 1 thread" sweep "$baseline" --points pts.tsv --threads 1 -o p1.tsv
ran "points, 2 threads" sweep "$baseline" --points pts.tsv --threads 2 -o p2.tsv
same_rows p1.tsv p2.tsv
equal "$(nrows p1.tsv)" 60
has p1.tsv '^# design: points'
has p1.tsv "^# vary: $ap	points:"
has p1.tsv '^# sweep: --design points --points-sha256 [0-9a-f]\{64\} --points-count 60'
# the points are the file's, in order
name="the points are the file's rows"
if python3 -c '
import sys
rd = lambda f: [tuple(map(float, l.split("\t"))) for l in [l for l in open(f) if l.strip() and l[0] != "#"][1:]]
sys.exit(rd("pts.tsv") != [r[1:3] for r in rd(sys.argv[1])])' <(rows p1.tsv | cut -f1-3); then
    pass
else fail "the points differ"; fi

# a row is what solve --set gives at its point
for i in 0 17 59; do
    row=$(rows p1.tsv | awk -v i=$((i + 2)) 'NR == i')
    x=$(cut -f2 <<<"$row")
    y=$(cut -f3 <<<"$row")
    t "solve point $i" 0 solve "$baseline" --set "$ap=$x" --set "$sub=$y" --format tsv
    name="row $i is solve's"
    if [ "$(cut -f4- <<<"$row")" = "$(grep -v '^#' "$tmp/out" | tail -n 1)" ]; then pass; else
        fail "row $i differs from solve --set"
    fi
done

# shards merged, and CSV points
for k in 0 1 2; do
    ran "points shard $k/3" sweep "$baseline" --points pts.tsv --shard $k/3 -o s$k.tsv
done
t "merge points shards" 0 merge s1.tsv s2.tsv s0.tsv -o merged.tsv
same_rows p1.tsv merged.tsv
tr '\t' ',' <pts.tsv >pts.csv
ran "csv points" sweep "$baseline" --points pts.csv -o pc.tsv
same_rows p1.tsv pc.tsv

# --resume: a run cut after 25 rows (and half a row) continues to the same rows
mkdir cut && head -n 45 p1.tsv >cut/out.tsv.tmp && head -c 40 <(tail -n 1 p1.tsv) >>cut/out.tsv.tmp
ran "resume points" sweep "$baseline" --points pts.tsv --resume -o cut/out.tsv
same_rows p1.tsv cut/out.tsv
# ... but not with another file's points
mkdir other && head -n 45 p1.tsv >other/out.tsv.tmp
sed 's/^0\./0.0/' pts.tsv >pts2.tsv
t "resume with other points" 2 sweep "$baseline" --points pts2.tsv --resume -o other/out.tsv
has "$tmp/err" 'sweep options'
t "merge shards of other points" 0 sweep "$baseline" --points pts2.tsv --shard 0/3 -o o0.tsv
t "merge shards of other points" 2 merge o0.tsv s1.tsv s2.tsv -o m.tsv
has "$tmp/err" 'different sweep options'

# bad input: exit 2, nothing written, the file, line and column named
bad() { # bad NAME CONTENT PATTERN
    printf '%b' "$2" >bad.tsv
    t "$1" 2 sweep "$baseline" --points bad.tsv -o bad-out.tsv
    has "$tmp/err" "$3"
    absent bad-out.tsv
}
bad "unknown key" "$ap\tjapan.no_such_key\n1\t2\n" "bad.tsv: column 'japan.no_such_key'"
bad "out of range" "$ap\t$sub\n1\t0.5\n# c\n1\t1.5\n" "bad.tsv:4: column '$sub': must be"
bad "empty cell" "$ap\t$sub\n1\t0.5\n\t0.5\n" "bad.tsv:3: column '$ap': empty cell"
bad "not a number" "$ap\t$sub\n1\tx\n" "bad.tsv:2: column '$sub': 'x' is not a number"
bad "ragged row" "$ap\t$sub\n1\t0.5\n1\n" "bad.tsv:3: 1 fields where 2 were expected"
bad "too many fields" "$ap\t$sub\n1\t0.5\t3\n" "bad.tsv:2: 3 fields where 2 were expected"
bad "no rows" "# only a header\n$ap\t$sub\n" "bad.tsv: no points"
bad "a column twice" "$ap\t$ap\n1\t1\n" "bad.tsv:1: column '$ap' is named twice"
bad "unnamed column" "\t$ap\n0\t1\n" "bad.tsv:1: column 1 has no name"
t "a missing file" 2 sweep "$baseline" --points nothing.tsv
has "$tmp/err" "nothing.tsv: cannot open"
t "--points with --vary" 2 sweep "$baseline" --points pts.tsv --vary "$ap=0:1:3"
has "$tmp/err" "excludes --vary"
t "--points with --samples" 2 sweep "$baseline" --points pts.tsv --samples 4
has "$tmp/err" "excludes --samples"

finish
