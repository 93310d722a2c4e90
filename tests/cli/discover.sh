#!/usr/bin/env bash
# `discover`: PRIM on a table. A planted box (uniform points in [0,1]^3 from
# Python's Mersenne Twister with seed 11, the condition true inside
# [0.2, 0.7] x [0.3, 1] x [0, 1], each flag flipped with probability 0.05) is
# found within 0.05 on every bound in every format; the inputs come from the
# '# vary:' lines or --input; rows without a certified equilibrium are
# refused or dropped; bad columns and conditions are exit 2; --plot draws.
# (PRIM itself has a unit test: tests/test_prim.c.)
# Usage: discover.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup discover "$@"
export SANCTIONSIM_PLOTS_DIR=$root/plots
cd "$tmp" || exit 1

# planted.tsv: a sweep-like file (vary lines, index, status); the 30 rows
# with index % 50 == 7 are marked not_converged in failed.tsv
python3 - <<'PYEOF'
import random
random.seed(11)
rows = []
for i in range(1500):
    x = [random.random() for _ in range(3)]
    inside = 0.2 <= x[0] <= 0.7 and x[1] >= 0.3
    if random.random() < 0.05:
        inside = not inside
    rows.append((i, x, 1.0 if inside else 0.0))
for name, failed in (("planted.tsv", False), ("failed.tsv", True)):
    with open(name, "w") as f:
        f.write("# sanctionsim 0.1.0 sweep\n")
        for k in "abc":
            f.write(f"# vary: {k}\t0:1\tinput {k}\t0.5\n")
        f.write("index\ta\tb\tc\tout\tstatus\n")
        for i, x, out in rows:
            st = "not_converged" if failed and i % 50 == 7 else "ok"
            f.write(f"{i}\t{x[0]!r}\t{x[1]!r}\t{x[2]!r}\t{out}\t{st}\n")
with open("plain.tsv", "w") as f:  # no '# vary:' lines, no status
    f.write("a\tb\tc\tout\n")
    for i, x, out in rows:
        f.write(f"{x[0]!r}\t{x[1]!r}\t{x[2]!r}\t{out}\n")
PYEOF

# bounds FILE: the pasted box's bounds from discover's TSV: "a.lo a.hi b.lo ..."
bounds() { awk -F'\t' '$2 == "pasted" { print $9, $10, $11, $12, $13, $14 }' "$1"; }
check_box() { # check_box WHAT "a.lo a.hi b.lo b.hi c.lo c.hi"
    read -r alo ahi blo bhi clo chi <<<"$2"
    near "$1: a.lo" "$alo" 0.2 0.05
    near "$1: a.hi" "$ahi" 0.7 0.05
    near "$1: b.lo" "$blo" 0.3 0.05
    near "$1: b.hi" "$bhi" 1 0.05
    near "$1: c.lo (unrestricted)" "$clo" 0 0.01
    near "$1: c.hi (unrestricted)" "$chi" 1 0.01
}

t "tsv" 0 discover planted.tsv --where 'out>=0.5' --threshold 0.9 --format tsv
cp out planted.out.tsv
check_box "planted box (tsv)" "$(bounds planted.out.tsv)"
has planted.out.tsv '^# sanctionsim [^ ]* discover'
has planted.out.tsv '^# where: out>=0.5'
has planted.out.tsv '^# points: 1500'
has planted.out.tsv '^box	phase	coverage	density	mass	count	hits	restricted	a.lo	a.hi	b.lo	b.hi	c.lo	c.hi$'
# the pasted box: density >= 0.9, 2 inputs restricted; the trajectory starts at all points
holds "pasted density" awk -F'\t' '$2 == "pasted" { ok = $4 >= 0.9 && $8 == 2 } END { exit !ok }' planted.out.tsv
holds "box 0 is every point" awk -F'\t' '$1 == "0" && $2 == "peel" { ok = $3 == 1 && $5 == 1 && $6 == 1500 } END { exit !ok }' planted.out.tsv
# coverage falls and mass falls along the trajectory, by about alpha each peel
holds "trajectory monotone" awk -F'\t' '$2 == "peel" { if (n++ && ($6 >= c || $6 < 0.94 * c - 1)) bad = 1; c = $6 } END { exit bad || n < 20 }' planted.out.tsv

t "json" 0 discover planted.tsv --where 'out>=0.5' --threshold 0.9 --format json
cp out planted.json
check_box "planted box (json)" "$(python3 -c '
import json, sys
b = json.load(open("planted.json"))["chosen"]["bounds"]
print(*[b[k][e] for k in "abc" for e in ("lo", "hi")])')"
holds "json: restricted flags" python3 -c '
import json
j = json.load(open("planted.json"))
c = j["chosen"]
assert [c["bounds"][k]["restricted"] for k in "abc"] == [True, True, False]
assert c["by"] == "threshold" and len(j["trajectory"]) > 20
assert j["inputs"] == ["a", "b", "c"] and j["points"] == 1500'

t "table" 0 discover planted.tsv --where 'out >= 0.5' --threshold 0.9
has out '^chosen: box [0-9]*, the first with density >= 0.9'
has out '^  c .*(its whole range)'
has out '^  a .*restricted both ways'

# the same from --input on a file without '# vary:' lines; && and other operators
t "plain without --input" 2 discover plain.tsv --where 'out>=0.5'
has err "no '# vary:' lines"
t "plain with --input" 0 discover plain.tsv --input a --input b --input c --where 'out>=0.5' \
    --threshold 0.9 --format tsv
check_box "planted box (--input)" "$(bounds out)"
t "&&" 0 discover plain.tsv --input a --input b --input c --where 'out>0.5 && out!=0 && out<=1' \
    --threshold 0.9 --format tsv
check_box "planted box (&&)" "$(bounds out)"

# --box N: that box of the trajectory, then pasted; -o OUT
t "--box" 0 discover planted.tsv --where 'out>=0.5' --box 3 --format tsv -o boxed.tsv
empty_out=$(wc -c <out)
near "nothing on stdout with -o" "$empty_out" 0 0
has boxed.tsv '^# chosen: 3 by box'

# rows without a certified equilibrium
t "failed rows refused" 2 discover failed.tsv --where 'out>=0.5'
has err 'failed.tsv: 30 of 1500 rows have no certified equilibrium'
has err -- '--drop-failed'
t "failed rows dropped" 0 discover failed.tsv --where 'out>=0.5' --drop-failed --format tsv
has out '^# points: 1470'
has out '^# dropped: 30'

# bad input: exit 2 naming the option or column
t "unknown --where column" 2 discover planted.tsv --where 's.japan>=0.4'
has err "no column 's.japan' in planted.tsv"
t "--where that does not parse" 2 discover planted.tsv --where 'out=>1'
has err "^sanctionsim discover: --where 'out=>1'"
t "--where || " 2 discover planted.tsv --where 'out>1 || a<0'
has err "'&&' or the end was expected"
t "no --where" 2 discover planted.tsv
has err -- '--where COND is needed'
t "unknown --input" 2 discover planted.tsv --where 'out>=0.5' --input zz
has err "input 'zz': no such column in planted.tsv"
t "--box and --threshold" 2 discover planted.tsv --where 'out>=0.5' --box 2 --threshold 0.9
t "--box beyond" 2 discover planted.tsv --where 'out>=0.5' --box 100000
has err -- '--box 100000: the peeling trajectory has'
t "--alpha" 2 discover planted.tsv --where 'out>=0.5' --alpha 0.7
has err -- '--alpha: must be above 0 and below 0.5'
sed '12s/\t0\.[0-9]*\t/\tx\t/' planted.tsv >word.tsv
t "a word in an input" 2 discover word.tsv --where 'out>=0.5'
has err "word.tsv:12: column 'a': 'x' is not a number"
t "a missing file" 2 discover nothing.tsv --where 'out>=0.5'
has err 'nothing.tsv: cannot open'

# a real sweep's file: the inputs are its --vary keys
t "sweep" 0 sweep "$root/scenarios/baseline_2014.cfg" --vary japan.alliance_pressure=0:3:7 \
    --vary japan.beliefs.target.substitution=0:1:6 -o sw.tsv --quiet
t "discover on a sweep" 0 discover sw.tsv --where 's.japan>=0.3' --format json
holds "its inputs are the varied keys" python3 -c '
import json
j = json.load(open("out"))
assert j["inputs"] == ["japan.alliance_pressure", "japan.beliefs.target.substitution"], j["inputs"]
assert j["points"] == 42'

# the picture
if command -v gnuplot >/dev/null; then
    t "--plot" 0 discover planted.tsv --where 'out>=0.5' --plot p.png -o /dev/null
    holds "a PNG" bash -c 'head -c 8 p.png | grep -q PNG'
    t "--plot --axes" 0 discover planted.tsv --where 'out>=0.5' --plot p.svg --axes c,a -o /dev/null
    has p.svg '<svg'
    t "--axes unknown" 2 discover planted.tsv --where 'out>=0.5' --plot q.png --axes a,zz
    has err -- "--axes 'a,zz'"
fi
t "--plot kind" 2 discover planted.tsv --where 'out>=0.5' --plot p.gif

summary
