#!/usr/bin/env bash
# Command-line tests of `compare`: every counterfactual row of MODEL.md's table,
# the cost of misperception, timelines, the bar chart and bad usage.
# Usage: compare.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
bin=$1
root=$2
sc=$root/scenarios
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ss_compare.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
check() { # check NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1"; fi
}
# value FILE QUANTITY COLUMN: a number from `compare --format tsv` (2 base, 3 alt, 4 diff)
value() { awk -F'\t' -v q="$2" -v c="$3" '$1 == q { print $c }' "$1"; }
near() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && d < 1e-3 && d > -1e-3) }'; }

# MODEL.md section 10: alt s_japan, s_g7, c for each counterfactual file
while read -r file sj sg c; do
    "$bin" compare "$sc/baseline_2014.cfg" "$sc/$file" --format tsv >"$tmp/t" 2>"$tmp/e"
    check "$file: exit status" $?
    near "$(value "$tmp/t" s.japan 2)" 0.308; check "$file: base s.japan" $?
    near "$(value "$tmp/t" s.japan 3)" "$sj"; check "$file: alt s.japan $sj" $?
    near "$(value "$tmp/t" s.g7 3)" "$sg"; check "$file: alt s.g7 $sg" $?
    near "$(value "$tmp/t" c 3)" "$c"; check "$file: alt c $c" $?
    near "$(value "$tmp/t" s.japan 4)" "$(awk -v a="$sj" 'BEGIN { print a - 0.30816 }')"
    check "$file: diff is alt - base" $?
done <<'ROWS'
cf_nash.cfg 0.526 0.915 0.000
cf_true_beliefs.cfg 0.535 0.904 0.000
cf_no_territorial_stake.cfg 0.574 0.903 0.000
cf_linkage.cfg 0.097 0.924 0.458
cf_alliance_pressure.cfg 0.627 0.900 0.000
cf_strong_axis.cfg 0.257 0.822 0.000
ROWS

# Japan's misperception cost in the baseline: realized payoff with true beliefs
# (cf_true_beliefs) minus with its 2014 beliefs (the baseline's)
"$bin" compare "$sc/baseline_2014.cfg" "$sc/cf_true_beliefs.cfg" --format tsv >"$tmp/t"
cost=$(value "$tmp/t" misperception_cost.base.japan 2)
diff_realized=$(value "$tmp/t" realized.japan 4)
near "$cost" "$diff_realized"; check "misperception cost equals the true-beliefs counterfactual" $?
awk -v c="$cost" 'BEGIN { exit !(c > 0) }'; check "misperception costs Japan (cost > 0)" $?
grep -q '^misperception_cost.alt' "$tmp/t"; [ $? -ne 0 ]; check "no cost where nobody holds beliefs" $?

# JSON holds both scenarios and the rows
"$bin" compare "$sc/baseline_2014.cfg" "$sc/cf_linkage.cfg" --format json >"$tmp/j"
check "json exit status" $?
grep -q '"misperception"' "$tmp/j" && grep -q '"quantity": "s.japan"' "$tmp/j"
check "json has rows and misperception" $?

# timelines: per-period differences; the same file twice differs by nothing
"$bin" compare "$sc/timeline_2014_2018.cfg" "$sc/timeline_2014_2018.cfg" --format tsv >"$tmp/tl"
check "timeline compare exit status" $?
[ "$(grep -c '^20' "$tmp/tl")" -eq 60 ]; check "timeline compare: 60 periods" $?
grep -v '^#' "$tmp/tl" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /\.diff$/) d[i] = 1; next }
            { for (i in d) if ($i != 0) bad = 1 } END { exit bad }'
check "timeline compare: a scenario against itself differs by 0" $?
cp -r "$sc" "$tmp/s"
printf 'base = "timeline_2014_2018.cfg";\nset = [ "japan.linkage = 1" ];\n' >"$tmp/s/tl_linkage.cfg"
"$bin" compare "$tmp/s/timeline_2014_2018.cfg" "$tmp/s/tl_linkage.cfg" --format tsv >"$tmp/tl2"
check "timeline compare with linkage: exit status" $?
grep -v '^#' "$tmp/tl2" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "c.diff") col = i; next }
            $1 == "2016-01" { exit !($col > 0.1) }'
check "timeline compare: linkage buys a concession by 2016" $?
"$bin" compare "$sc/timeline_2014_2018.cfg" "$sc/baseline_2014.cfg" >"$tmp/o" 2>&1
check "timeline against a static scenario compares equilibria" $?

# bar chart, and scenario names that try to run commands through gnuplot
if command -v gnuplot >/dev/null; then
    "$bin" compare "$sc/baseline_2014.cfg" "$sc/cf_linkage.cfg" --plot "$tmp/c.png" >/dev/null
    check "--plot exit status" $?
    [ "$(head -c 4 "$tmp/c.png" | od -An -c | tr -d ' ')" = "211PNG" ]; check "--plot writes a PNG" $?
    mkdir "$tmp/h"
    cp "$sc/baseline_2014.cfg" "$tmp/h/b.cfg"
    printf 'base = "b.cfg";\nname = "x`touch %s/pwned1`'"'"'; system(\\"touch %s/pwned2\\"); y";\n' \
        "$tmp" "$tmp" >"$tmp/h/evil.cfg"
    "$bin" compare "$tmp/h/b.cfg" "$tmp/h/evil.cfg" --plot "$tmp/evil.png" >/dev/null 2>&1
    check "--plot with a hostile name still draws" $?
    [ ! -e "$tmp/pwned1" ] && [ ! -e "$tmp/pwned2" ]; check "a scenario name runs no command" $?
else
    echo "gnuplot not installed: plot checks skipped"
fi

# bad usage
"$bin" compare "$sc/baseline_2014.cfg" >/dev/null 2>"$tmp/e"; [ $? -eq 2 ]
check "one scenario is a usage error" $?
"$bin" compare "$sc/baseline_2014.cfg" "$sc/cf_linkage.cfg" --format csv >/dev/null 2>&1; [ $? -eq 2 ]
check "--format csv is refused" $?
"$bin" compare "$sc/baseline_2014.cfg" "$tmp/missing.cfg" >/dev/null 2>"$tmp/e"; [ $? -eq 2 ]
check "a missing file exits 2" $?
grep -q "missing.cfg" "$tmp/e"; check "the message names the missing file" $?

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
