#!/usr/bin/env bash
# Command-line tests of `compare A B C ...` (issue 13 item 7): one row per
# scenario; each row's numbers are the bytes `solve --format tsv` writes for
# that scenario alone; the README's table in one command (its three
# decimals); sanctioners of one scenario only; JSON read back by python3; a
# point that is not certified says so and exits 1; timelines need --static;
# two scenarios keep the side-by-side view (tests/cli/compare.sh covers it).
# Usage: compare_many.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup compare_many "$@"
sc=$root/scenarios
rows() { grep -v '^#' "$1"; }
# cell FILE SCENARIO-FILE-NAME COLUMN: one value of compare's TSV
cell() { rows "$1" | awk -F'\t' -v s="$2" -v n="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i }
    NR > 1 { k = split($1, p, "/"); if (p[k] == s) print $c }'; }

# ---- the README's table ------------------------------------------------------
files=(baseline_2014 cf_nash cf_true_beliefs cf_true_reciprocity cf_true_axis
    cf_no_territorial_stake cf_linkage cf_alliance_pressure cf_strong_axis)
paths=()
for f in "${files[@]}"; do paths+=("$sc/$f.cfg"); done
t "tsv of nine" 0 compare "${paths[@]}" --format tsv
cp "$tmp/out" "$tmp/many.tsv"
has "$tmp/many.tsv" "^# sanctionsim .* compare$"
holds "nine scenario lines" test "$(grep -c '^# scenario: ' "$tmp/many.tsv")" = 9
holds "a header and nine rows" test "$(rows "$tmp/many.tsv" | wc -l)" = 10
holds "the columns" test "$(rows "$tmp/many.tsv" | head -1 | cut -f1-9)" = \
    "$(printf 'scenario\tname\tmode\ts.japan\ts.g7\tc\tp\ta\tq')"
# each row is what solve writes for the scenario alone, to the byte
cols="s.japan s.g7 c p a q max_regret status"
pick() { awk -F'\t' -v want="$cols" -v s="$2" 'NR == 1 { n = split(want, w, " "); for (i = 1; i <= NF; i++) c[$i] = i; next }
    s == "" || $1 ~ ("/" s "$") { for (k = 1; k <= n; k++) printf "%s ", $(c[w[k]]); print "" }'; }
for f in "${files[@]}"; do
    "$bin" solve "$sc/$f.cfg" --format tsv 2>/dev/null | rows /dev/stdin | pick - "" >"$tmp/want"
    rows "$tmp/many.tsv" | pick - "$f.cfg" >"$tmp/got"
    same "$f: $cols as solve writes them" "$tmp/want" "$tmp/got"
done
# the README's numbers (three decimals)
while read -r f sj sg c; do
    read -r gj gg gc _ < <(rows "$tmp/many.tsv" | pick - "$f.cfg")
    near "$f s.japan" "$gj" "$sj" 5e-4
    near "$f s.g7" "$gg" "$sg" 5e-4
    near "$f c" "$gc" "$c" 5e-4
done <<'ROWS'
baseline_2014 0.201 0.920 0.000
cf_nash 0.477 0.917 0.000
cf_true_beliefs 0.493 0.906 0.000
cf_true_reciprocity 0.399 0.911 0.000
cf_true_axis 0.276 0.916 0.000
cf_no_territorial_stake 0.399 0.911 0.000
cf_linkage 0.056 0.926 0.076
cf_alliance_pressure 0.665 0.898 0.000
cf_strong_axis 0.191 0.835 0.000
ROWS
t "table of nine" 0 compare "${paths[@]}"
has "$tmp/out" "^scenario  *s.japan  *s.g7  *c  *p  *a  *q  status  *name$"
has "$tmp/out" "^cf_linkage.cfg  *0.056  *0.926  *0.076 .* ok  *2014, Japan links engagement to the islands$"
holds "one line per scenario" test "$(wc -l <"$tmp/out")" = 10

# ---- sanctioners of one scenario only -----------------------------------------
t "mixed agents" 0 compare "$sc/baseline_2014.cfg" "$sc/allies_2014.cfg" "$sc/cf_linkage.cfg"
has "$tmp/out" "^scenario  *s.japan  *s.g7  *s.usa  *s.eu  *s.canada  *s.australia  *s.new_zealand  *c "
has "$tmp/out" "^baseline_2014.cfg  *0.201  *0.920  *-  *-  *-  *-  *-  *0.000"
has "$tmp/out" "^allies_2014.cfg  *0.177  *-  *0.968 "
t "mixed agents json" 0 compare "$sc/baseline_2014.cfg" "$sc/allies_2014.cfg" "$sc/cf_linkage.cfg" --format json
python3 - "$tmp/out" "$tmp/many.tsv" >"$tmp/py" 2>&1 <<'PYEOF'
import json, sys
j = json.load(open(sys.argv[1]))
assert [s["path"].split("/")[-1] for s in j["scenarios"]] == ["baseline_2014.cfg", "allies_2014.cfg", "cf_linkage.cfg"]
assert j["columns"][:7] == ["s.japan", "s.g7", "s.usa", "s.eu", "s.canada", "s.australia", "s.new_zealand"]
base, allies, link = j["scenarios"]
assert "s.g7" not in allies["values"] and "s.usa" not in base["values"]
assert all(s["status"] == "ok" for s in j["scenarios"])
assert len(j["provenance"]["scenario"]) == 3, j["provenance"]
# the same numbers as the TSV of nine (read back exactly: short text, same double)
tsv = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if not l.startswith("#")]
head = tsv[0]
row = next(r for r in tsv[1:] if r[0].endswith("/cf_linkage.cfg"))
for k, v in link["values"].items():
    assert float(row[head.index(k)]) == v, k
print("ok")
PYEOF
holds "json: $(tail -1 "$tmp/py")" test "$(tail -1 "$tmp/py")" = ok

# ---- a scenario without a certified equilibrium ---------------------------------
cp "$sc/baseline_2014.cfg" "$tmp/"
printf 'base = "baseline_2014.cfg";\nname = "one iteration";\nsolver = { max_iterations = 1; };\n' >"$tmp/short.cfg"
t "an uncertified row" 1 compare "$sc/baseline_2014.cfg" "$tmp/short.cfg" "$sc/cf_nash.cfg" --format tsv
holds "its status" test "$(cell "$tmp/out" short.cfg status)" = not_converged
holds "the others ok" test "$(cell "$tmp/out" cf_nash.cfg status)" = ok
has "$tmp/err" "short.cfg"

# ---- refusals ----------------------------------------------------------------------
t "a timeline" 2 compare "$sc/baseline_2014.cfg" "$sc/cf_nash.cfg" "$sc/timeline_2014_2018.cfg"
has "$tmp/err" "timeline_2014_2018.cfg has a timeline.*add --static"
t "a timeline --static" 0 compare "$sc/baseline_2014.cfg" "$sc/cf_nash.cfg" "$sc/timeline_2014_2018.cfg" --static
has "$tmp/out" "^timeline_2014_2018.cfg "
t "--plot of three" 2 compare "$sc/baseline_2014.cfg" "$sc/cf_nash.cfg" "$sc/cf_linkage.cfg" --plot "$tmp/b.png"
has "$tmp/err" "\-\-plot draws two scenarios"
holds "no picture" test ! -e "$tmp/b.png"
t "one scenario" 2 compare "$sc/baseline_2014.cfg"
has "$tmp/err" "expected two scenario files, BASE and ALT, or more"
t "a missing third" 2 compare "$sc/baseline_2014.cfg" "$sc/cf_nash.cfg" "$tmp/none.cfg"
has "$tmp/err" "none.cfg"

# ---- two keep the side-by-side view ---------------------------------------------------
t "two" 0 compare "$sc/baseline_2014.cfg" "$sc/cf_nash.cfg" --format tsv
has "$tmp/out" "^quantity	base	alt	diff$"

summary
