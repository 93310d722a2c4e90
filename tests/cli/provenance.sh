#!/usr/bin/env bash
# Every output records where it comes from with the same keys
# (docs/file-formats.md): the version, the command line as typed, the
# scenario's path, name and SHA-256, and the --set overrides in order. TSV,
# CSV and fitted scenarios as '#' lines, JSON as a "provenance" object. Merged
# shards keep theirs, and the gnuplot scripts and readers skip the lines.
# Usage: provenance.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup provenance "$@"
cd "$tmp" || exit 1

# a scratch copy: fit writes its fitted file next to the scenario
cp "$root"/scenarios/*.cfg .
tl=timeline_2014_2018.cfg
base=baseline_2014.cfg
alt=cf_linkage.cfg
equal() { if [ "$1" = "$2" ]; then pass; else fail "got '$1', want '$2'"; fi; }
version=$("$bin" --version | sed 's/^sanctionsim //')
sha_of() { "$bin" check "$1" | sed 's/.*sha256 \([0-9a-f]*\)).*/\1/'; }
name_of() { sed -n 's/^name = "\(.*\)";$/\1/p' "$1" | head -n 1; }
sets=(--set 'japan.linkage = 1' --set japan.exposure=1.5)

# lines FILE KIND SCENARIO COMMAND-START: the provenance '#' lines of one
# scenario, the overrides of $sets in order.
lines() {
    local file=$1 kind=$2 sc=$3 cmd=$4
    name="$file: first line"
    equal "$(head -n 1 "$file")" "# sanctionsim $version $kind"
    name="$file: keys"
    has "$file" "^# command: sanctionsim $cmd"
    has "$file" "^# scenario: $sc\$"
    has "$file" "^# scenario_sha256: $(sha_of "$sc")\$"
    if [ -n "$(name_of "$sc")" ]; then has "$file" "^# scenario_name: $(name_of "$sc")\$"; fi
    name="$file: overrides in order"
    equal "$(sed -n 's/^# set: //p' "$file" | tr '\n' ';')" "japan.linkage = 1;japan.exposure=1.5;"
}

# json FILE: the "provenance" object, one "key": value per line.
json() { sed -n '/^  "provenance": {/,/^  }/p' "$1"; }
json_has() { if json "$1" | grep -qF -- "$2"; then pass; else fail "'$2' not in $1's provenance"; fi; }

# ---- TSV and CSV ---------------------------------------------------------------
t "sweep" 0 sweep "$tl" --vary japan.alliance_pressure=0:3:4 --report rmse "${sets[@]}" -o sweep.tsv
lines sweep.tsv sweep "$tl" "sweep $tl --vary"
t "run" 0 run "$tl" "${sets[@]}" -o run.tsv
lines run.tsv run "$tl" "run $tl --set 'japan.linkage = 1' --set japan.exposure=1.5 -o run.tsv"
t "run --runs" 0 run "$tl" --runs 3 "${sets[@]}" -o mc.tsv
lines mc.tsv run "$tl" "run $tl --runs 3"
t "observed" 0 observed "$tl" "${sets[@]}" -o observed.tsv
lines observed.tsv observed "$tl" "observed $tl"
"$bin" solve "$base" "${sets[@]}" --format tsv >solve.tsv 2>err
lines solve.tsv solve "$base" "solve $base"
"$bin" solve "$base" "${sets[@]}" --format csv >solve.csv 2>err
lines solve.csv solve "$base" "solve $base"
"$bin" fit "$tl" --free japan.adjustment "${sets[@]}" -o fitted.cfg >fit.out 2>err
lines fitted.cfg fit "$tl" "fit $tl --free japan.adjustment"
name="the fitted scenario still loads"
if "$bin" check fitted.cfg >/dev/null 2>&1; then pass; else fail "check fitted.cfg"; fi

# compare: both scenarios, base first
"$bin" compare "$base" "$alt" "${sets[@]}" --format tsv >compare.tsv 2>err
name="compare.tsv: first line"
equal "$(head -n 1 compare.tsv)" "# sanctionsim $version compare"
name="compare.tsv: both scenarios, base first"
equal "$(sed -n 's/^# scenario_sha256: //p' compare.tsv | tr '\n' ' ')" \
    "$(sha_of "$base") $(sha_of "$alt") "
equal "$(sed -n 's/^# scenario: //p' compare.tsv | tr '\n' ' ')" "$base $alt "
equal "$(sed -n 's/^# set: //p' compare.tsv | tr '\n' ';')" "japan.linkage = 1;japan.exposure=1.5;"
"$bin" compare "$tl" "$tl" "${sets[@]}" --format tsv >compare-tl.tsv 2>err
name="compare-tl.tsv: timelines too"
equal "$(head -n 1 compare-tl.tsv)" "# sanctionsim $version compare"
has compare-tl.tsv "^# scenario_sha256: $(sha_of "$tl")\$"

# every '#' output carries the same keys
name="the same keys everywhere"
for f in sweep.tsv run.tsv mc.tsv observed.tsv solve.tsv solve.csv fitted.cfg compare.tsv \
    compare-tl.tsv; do
    equal "$(sed -n 's/^# \(command\|scenario\|scenario_name\|scenario_sha256\|set\): .*/\1/p' "$f" |
        sort -u | tr '\n' ' ')" "command scenario scenario_name scenario_sha256 set "
done

# ---- JSON ------------------------------------------------------------------------
"$bin" solve "$base" "${sets[@]}" --format json >solve.json 2>err
"$bin" compare "$base" "$alt" "${sets[@]}" --format json >compare.json 2>err
for f in solve.json compare.json; do
    name="$f: provenance"
    json_has $f "\"version\": \"$version\""
    json_has $f "\"command\": \"sanctionsim ${f%.json} $base"
    json_has $f "\"$(sha_of "$base")\""
    json_has $f "\"set\": ["
    equal "$(json $f | sed -n '/"set": \[/,/\]/p' | sed -n 's/^ *"\(.*\)",\{0,1\}$/\1/p' |
        tr '\n' ';')" "japan.linkage = 1;japan.exposure=1.5;"
done
json_has solve.json "\"scenario_sha256\": \"$(sha_of "$base")\""
json_has solve.json "\"scenario\": \"$base\""
json_has compare.json "\"$(sha_of "$alt")\""
name="solve.json: no overrides, an empty list"
"$bin" solve "$base" --format json >plain.json 2>err
json_has plain.json '"set": []'

# ---- the table for people has none -----------------------------------------------
"$bin" solve "$base" >table.txt 2>err
name="solve's table"
hasnt table.txt '^# '

# ---- merged shards keep the sweep's provenance -------------------------------------
for k in 0 1; do
    "$bin" sweep "$tl" --vary japan.alliance_pressure=0:3:4 --report rmse "${sets[@]}" --shard $k/2 \
        -o s$k.tsv 2>/dev/null
done
t "merge" 0 merge s0.tsv s1.tsv -o merged.tsv
lines merged.tsv sweep "$tl" "sweep $tl --vary"
has merged.tsv '^# merged: 2 shards: 0/2 1/2$'

# ---- readers skip the lines: fit --data takes run's table -------------------------
t "fit --data run.tsv" 0 fit "$tl" --free japan.adjustment --data run.tsv

summary
