#!/usr/bin/env bash
# Command-line tests of `explain`: every shipped scenario in every format,
# JSON that parses, the known answers of the first calibration through the
# command, and bad usage (an unknown --agent exits 2 naming the known ones).
# (ss_explain has unit tests: tests/test_explain.c.)
# Usage: explain.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup explain "$@"
first=$root/tests/fixtures/first_calibration_2014.cfg

# value FILE SECTION ITEM QUANTITY: a number from `explain --format tsv`
value() { awk -F'\t' -v s="$2" -v i="$3" -v q="$4" '$1 == s && $2 == i && $3 == q { print $4 }' "$1"; }

for file in "$root"/scenarios/*.cfg "$first"; do
    base=$(basename "$file")
    # every format for the two base scenarios; JSON (which must parse) for the
    # differences from them, which take the same paths
    formats="json"
    case "$base" in baseline_2014.cfg | allies_2014.cfg) formats="table tsv json" ;; esac
    for format in $formats; do
        t "$base $format" 0 explain "$file" --format "$format"
        name="$base $format: provenance first"
        if [ "$format" = json ]; then
            cp "$tmp/out" "$tmp/$base.json" # checked below, in one python run
        else
            head -1 "$tmp/out" | grep -q '^# sanctionsim .* explain$' && pass || fail "$(head -1 "$tmp/out")"
            has "$tmp/out" '^# scenario_sha256: '
        fi
    done
done

# Every sanctioner of the allies scenario can be explained.
# every JSON output parses and starts with its provenance (one python run:
# starting python costs more than all the explains)
python3 - "$tmp"/*.json >"$tmp/json_checks" 2>&1 <<'PYCHECK'
import json, sys
for path in sys.argv[1:]:
    try:
        with open(path) as f:
            first = next(iter(json.load(f)))
        print(path, "ok" if first == "provenance" else "first key '%s'" % first)
    except Exception as e:
        print(path, "does not parse: %s" % e)
PYCHECK
while read -r path verdict; do
    name="$(basename "$path" .json) json: parses, provenance first"
    if [ "$verdict" = ok ]; then pass; else fail "$verdict"; fi
done <"$tmp/json_checks"
name="every JSON output was checked"
[ "$(wc -l <"$tmp/json_checks")" -eq "$(ls "$tmp"/*.json | wc -l)" ] && pass || fail "$(cat "$tmp/json_checks")"

for id in $("$bin" explain "$root/scenarios/allies_2014.cfg" --format tsv |
    awk -F'\t' '$1 == "equilibrium" && $3 ~ /^s\./ { sub(/^s\./, "", $3); print $3 }'); do
    t "allies --agent $id" 0 explain "$root/scenarios/allies_2014.cfg" --agent "$id" --format tsv
done

# The first calibration's table (MODEL.md section 10) through the command.
t "first calibration tsv" 0 explain "$first" --format tsv
cp "$tmp/out" "$tmp/first.tsv"
near "s_japan" "$(value "$tmp/first.tsv" equilibrium - s.japan)" 0.308 1e-3
near "territorial_stake off" "$(value "$tmp/first.tsv" channel_off territorial_stake s.japan)" 0.574 1e-3
near "true beliefs" "$(value "$tmp/first.tsv" beliefs_corrected all s.japan)" 0.535 1e-3
near "true beliefs: g7" "$(value "$tmp/first.tsv" beliefs_corrected all s.g7)" 0.904 1e-3
near "the default agent is the first sanctioner" \
    "$(value "$tmp/first.tsv" misperception japan s_stated)" 0.308 1e-3
t "alliance_pressure = 3" 0 explain "$first" --format tsv --set japan.alliance_pressure=3
near "alliance_pressure = 3" "$(value "$tmp/out" equilibrium - s.japan)" 0.627 1e-3
has "$tmp/out" '^# set: japan.alliance_pressure=3$'
t "nash" 0 explain "$first" --format tsv --mode nash
near "nash" "$(value "$tmp/out" equilibrium - s.japan)" 0.526 1e-3
t "g7" 0 explain "$first" --format tsv --agent g7
name="g7 holds no beliefs: no belief rows"
hasnt "$tmp/out" '^belief'
near "g7's misperception cost" "$(value "$tmp/out" misperception g7 cost)" 0 0
t "table" 0 explain "$first"
has "$tmp/out" '^why japan sanctions at 0.308160'
has "$tmp/out" '^all beliefs together'
has "$tmp/out" 'cost 0.0608'
t "json" 0 explain "$first" --format json
name="json: the equilibrium"
python3 - "$tmp/out" <<'PY' && pass || fail "JSON keys"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["agent"] == "japan"
assert abs(j["equilibrium"]["s"]["japan"] - 0.308) < 1e-3
assert [t["term"] for t in j["terms"]][0] == "norm_enforcement"
assert abs(sum(t["value_perceived"] for t in j["terms"]) - j["total"]["value_perceived"]) < 1e-12
ch = {c["parameter"]: c for c in j["channels_off"]}
assert abs(ch["territorial_stake"]["s"]["japan"] - 0.574) < 1e-3
groups = [g["group"] for g in j["belief_groups_corrected"]]
assert groups == ["reciprocity", "axis", "all"], groups
assert j["misperception"]["cost"] > 0
PY

# Bad usage.
t "unknown agent" 2 explain "$first" --agent narnia
has "$tmp/err" "'narnia' is not a sanctioner"
has "$tmp/err" 'known: japan, g7'
t "the target is not a sanctioner" 2 explain "$first" --agent russia
has "$tmp/err" "'russia' is not a sanctioner"
t "no scenario" 2 explain
t "two scenarios" 2 explain "$first" "$first"
t "bad format" 2 explain "$first" --format csv
t "bad --set" 2 explain "$first" --set japan.nothing=1
t "missing file" 2 explain "$tmp/none.cfg"
t "help" 0 explain --help
has "$tmp/out" 'cost of misperception'

summary
