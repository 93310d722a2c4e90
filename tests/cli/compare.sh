#!/usr/bin/env bash
# Command-line tests of `compare`: every counterfactual row of MODEL.md's table,
# the cost of misperception, timelines, the bar chart and bad usage.
# (ss_compare and ss_misperception_cost have unit tests: tests/test_compare.c.)
# Usage: compare.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup compare "$@"
export SANCTIONSIM_PLOTS_DIR=$root/plots
sc=$root/scenarios
# the first calibration and its counterfactuals: known answers (MODEL.md section 10)
fx=$root/tests/fixtures

# value FILE QUANTITY COLUMN: a number from `compare --format tsv` (2 base, 3 alt, 4 diff)
value() { awk -F'\t' -v q="$2" -v c="$3" '$1 == q { print $c }' "$1"; }

# MODEL.md section 10's known answers: alt s_japan, s_g7, c for each
# counterfactual of the first calibration
while read -r file sj sg c; do
    t "$file" 0 compare "$fx/first_calibration_2014.cfg" "$fx/$file" --format tsv
    near "base s.japan" "$(value "$tmp/out" s.japan 2)" 0.308 1e-3
    near "alt s.japan" "$(value "$tmp/out" s.japan 3)" "$sj" 1e-3
    near "alt s.g7" "$(value "$tmp/out" s.g7 3)" "$sg" 1e-3
    near "alt c" "$(value "$tmp/out" c 3)" "$c" 1e-3
    near "diff is alt - base" "$(value "$tmp/out" s.japan 4)" \
        "$(awk -v a="$sj" 'BEGIN { print a - 0.30816 }')" 1e-3
done <<'ROWS'
first_calibration_cf_nash.cfg 0.526 0.915 0.000
first_calibration_cf_true_beliefs.cfg 0.535 0.904 0.000
first_calibration_cf_no_territorial_stake.cfg 0.574 0.903 0.000
first_calibration_cf_linkage.cfg 0.097 0.924 0.458
first_calibration_cf_alliance_pressure.cfg 0.627 0.900 0.000
first_calibration_cf_strong_axis.cfg 0.257 0.822 0.000
ROWS

# Japan's misperception cost in the baseline: realized payoff with true beliefs
# (cf_true_beliefs) minus with its 2014 beliefs (the baseline's)
t "misperception" 0 compare "$sc/baseline_2014.cfg" "$sc/cf_true_beliefs.cfg" --format tsv
cost=$(value "$tmp/out" misperception_cost.base.japan 2)
near "misperception cost equals the true-beliefs counterfactual" "$cost" \
    "$(value "$tmp/out" realized.japan 4)" 1e-3
holds "misperception costs Japan (cost '$cost' > 0)" awk -v c="$cost" 'BEGIN { exit !(c > 0) }'
name="no cost where nobody holds beliefs"
hasnt "$tmp/out" '^misperception_cost.alt'

# JSON holds both scenarios and the rows
t "json" 0 compare "$sc/baseline_2014.cfg" "$sc/cf_linkage.cfg" --format json
has "$tmp/out" '"misperception"'
has "$tmp/out" '"quantity": "s.japan"'

# timelines: per-period differences; the same file twice differs by nothing
t "timeline compare" 0 compare "$sc/timeline_2014_2018.cfg" "$sc/timeline_2014_2018.cfg" \
    --format tsv
cp "$tmp/out" "$tmp/tl"
holds "timeline compare: 58 periods" [ "$(grep -c '^20' "$tmp/tl")" -eq 58 ]
holds "timeline compare: a scenario against itself differs by 0" \
    awk -F'\t' '/^#/ { next } !h { h = 1; for (i = 1; i <= NF; i++) if ($i ~ /\.diff$/) d[i] = 1; next }
                { for (i in d) if ($i != 0) bad = 1 } END { exit bad }' "$tmp/tl"
cp -r "$sc" "$tmp/s"
printf 'base = "timeline_2014_2018.cfg";\nset = [ "japan.linkage = 1" ];\n' >"$tmp/s/tl_linkage.cfg"
t "timeline compare with linkage" 0 compare "$tmp/s/timeline_2014_2018.cfg" \
    "$tmp/s/tl_linkage.cfg" --format tsv
# linkage moves Russia's concession, but buys little (MODEL.md property 4)
holds "timeline compare: linkage buys a little concession by 2016" \
    awk -F'\t' '/^#/ { next } !h { h = 1; for (i = 1; i <= NF; i++) if ($i == "c.diff") col = i; next }
                $1 == "2016-01" { exit !($col > 0.01 && $col <= 0.15) }' "$tmp/out"
t "timeline against a static scenario compares equilibria" 0 \
    compare "$sc/timeline_2014_2018.cfg" "$sc/baseline_2014.cfg"

# bar chart, and scenario names that try to run commands through gnuplot
if command -v gnuplot >/dev/null; then
    t "--plot" 0 compare "$sc/baseline_2014.cfg" "$sc/cf_linkage.cfg" --plot "$tmp/c.png"
    holds "--plot writes a PNG" [ "$(head -c 4 "$tmp/c.png" | od -An -c | tr -d ' ')" = "211PNG" ]
    mkdir "$tmp/h"
    cp "$sc/baseline_2014.cfg" "$tmp/h/b.cfg"
    printf 'base = "b.cfg";\nname = "x`touch %s/pwned1`'"'"'; system(\\"touch %s/pwned2\\"); y";\n' \
        "$tmp" "$tmp" >"$tmp/h/evil.cfg"
    t "--plot with a hostile name still draws" 0 compare "$tmp/h/b.cfg" "$tmp/h/evil.cfg" \
        --plot "$tmp/evil.png"
    name="a scenario name runs no command"
    if [ ! -e "$tmp/pwned1" ] && [ ! -e "$tmp/pwned2" ]; then pass; else fail "it ran one"; fi
else
    echo "gnuplot not installed: plot checks skipped"
fi

# bad usage
t "one scenario is a usage error" 2 compare "$sc/baseline_2014.cfg"
t "--format csv is refused" 2 compare "$sc/baseline_2014.cfg" "$sc/cf_linkage.cfg" --format csv
t "a missing file exits 2" 2 compare "$sc/baseline_2014.cfg" "$tmp/missing.cfg"
name="the message names the missing file"
has "$tmp/err" "missing.cfg"

summary
