#!/usr/bin/env bash
# Command-line tests of mixed equilibria and the QRE (docs/solver.md): the
# issue's point answered by a mixed equilibrium (table, JSON, TSV), --mixed
# where a pure one exists, --qre, qre.lambda in --set and sweeps, and sweep
# rows of mixed points (status, support columns, exit 0).
# (The method has a unit test with known answers: tests/test_mixed.c.)
# Usage: mixed.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup mixed "$@"
first=$root/tests/fixtures/first_calibration_2014.cfg
baseline=$root/scenarios/baseline_2014.cfg
point=(--set japan.alliance_pressure=1.5 --set japan.territorial_stake=0.95)

# py FILE EXPR...: each EXPR evaluated with j = the JSON in FILE (python3's
# own reader, independent of ours), one a line; one python3 for them all
py() {
    python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
for e in sys.argv[2:]:
    print(eval(e))' "$@"
}
equal_n() { if [ "$2" = "$3" ]; then pass; else fail "$1: '$2', want '$3'"; fi; }

## The issue's point: no pure equilibrium, a certified mixed one.
t "mixed at the issue's point" 0 solve "$first" "${point[@]}"
has "$tmp/out" '^solution   MIXED equilibrium after'
has "$tmp/out" '^  support       0\.39'
t "mixed at the issue's point, json" 0 solve "$first" "${point[@]}" --format json
cp "$tmp/out" "$tmp/mixed.json"
name="json of a mixed answer"
mapfile -t v < <(py "$tmp/mixed.json" "j['status']" "j['max_regret']" \
    "len(j['sanctioners'][0]['support'])" "sum(x['p'] for x in j['sanctioners'][0]['support'])" \
    "j['sanctioners'][0]['s'] - sum(x['s'] * x['p'] for x in j['sanctioners'][0]['support'])" \
    "j['sanctioners'][0]['support'][0]['s']" "j['sanctioners'][0]['support'][1]['s']" \
    "j['sanctioners'][1]['s']")
equal_n "status" "${v[0]:-}" mixed
below "max_regret" "${v[1]:-}" 1e-9
equal_n "Japan's support size" "${v[2]:-}" 2
near "probabilities sum to 1" "${v[3]:-}" 1 1e-12
near "s is the expected intensity" "${v[4]:-}" 0 1e-12
near "Japan's low branch" "${v[5]:-}" 0.39 0.002
near "Japan's high branch" "${v[6]:-}" 0.5745 0.002
near "the G7" "${v[7]:-}" 0.910 0.001
# TSV: the support sizes before the status
t "mixed at the issue's point, tsv" 0 solve "$first" "${point[@]}" --format tsv
has "$tmp/out" '	support\.japan	support\.g7	converged	iterations	max_regret	status$'
has "$tmp/out" '	2	[12]	1	[0-9]*	[0-9.e-]*	mixed$'

## Where a pure equilibrium is certified: the pure answer, with today's JSON
t "pure answer" 0 solve "$baseline" --format json
cp "$tmp/out" "$tmp/pure.json"
mapfile -t pure < <(py "$tmp/pure.json" "j['status']" "'support' in j['sanctioners'][0]" \
    "j['sanctioners'][0]['s']")
name="json of a pure answer"
equal_n "status" "${pure[0]:-}" ok
equal_n "no support" "${pure[1]:-}" False
# --mixed asks for the mixed method anyway: a point mass on the same profile
t "--mixed where a pure one exists" 0 solve "$baseline" --mixed --format json
mapfile -t v < <(py "$tmp/out" "j['sanctioners'][0]['s']" "j['sanctioners'][0]['support'][0]['p']")
near "the same s" "${v[0]:-}" "${pure[2]:-}" 1e-9
equal_n "support of one" "${v[1]:-}" 1.0

## The QRE: lambda 0 is uniform play, so s = s_max / 2
t "--qre 0" 0 solve "$first" "${point[@]}" --qre 0 --format json
name="QRE at lambda 0"
mapfile -t v < <(py "$tmp/out" "j['status']" "j['sanctioners'][0]['s']" "j['qre_lambda']")
equal_n "status" "${v[0]:-}" qre
near "uniform play" "${v[1]:-}" 0.5 1e-12
equal_n "its lambda" "${v[2]:-}" 0.0
t "--set qre.lambda=0 is --qre 0" 0 solve "$first" "${point[@]}" --set qre.lambda=0 --format json
mapfile -t v < <(py "$tmp/out" "j['sanctioners'][1]['s']")
near "the same" "${v[0]:-}" 0.5 1e-12
t "check --keys lists qre.lambda" 0 check "$baseline" --keys
has "$tmp/out" '^qre\.lambda$'

## Sweeps: mixed points are answers (exit 0), with their support sizes
cd "$tmp" || exit 1
t "sweep across the jump" 0 sweep "$first" --set japan.territorial_stake=0.95 \
    --vary japan.alliance_pressure=1.49:1.53:5 -o jump.tsv --quiet
name="rows of the sweep"
statuses=$(grep -v '^#' jump.tsv | awk -F'\t' 'NR > 1 { print $NF }' | sort | uniq -c | tr -s ' ' |
    tr '\n' ';')
case "$statuses" in *" mixed;"*) pass ;; *) fail "no mixed point: $statuses" ;; esac
hasnt jump.tsv 'not_c'
# the status stays the last column (plot, merge and --resume read it there)
has jump.tsv '	support\.japan	support\.g7	converged	iterations	max_regret	status$'
# qre.lambda varies like any key
t "sweep over qre.lambda" 0 sweep "$first" "${point[@]}" --vary qre.lambda=0:0:1 -o qre.tsv --quiet
has qre.tsv '	qre$'
has qre.tsv '^# vary: qre\.lambda'

summary
