#!/usr/bin/env bash
# Command-line tests of `show`: origins (file:line, base files, the set list,
# --set, --mode, default), the JSON layout, and `--format cfg`: for every
# shipped scenario, the standalone file it writes solves to the same JSON
# (both modes, and with --set) apart from the path and the provenance, and
# the timeline's run and the observed index are the same.
# (The writer has a unit test: tests/test_scenario_write.c.)
# Usage: show.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup show "$@"
sc=$root/scenarios

# result FILE: a solve's JSON without its "path" line and "provenance" object
result() { awk '/^  "provenance": \{/ { skip = 1 } !skip && !/^  "path": / { print } skip && /^  \}/ { skip = 0 }' "$1"; }

for f in "$sc"/*.cfg; do
    b=$(basename "$f" .cfg)
    # with an override too for the baseline (the others are differences from it)
    extras=("")
    [ "$b" = baseline_2014 ] && extras+=("--set japan.max_intensity=0.2")
    for extra in "${extras[@]}"; do
        # shellcheck disable=SC2086 # $extra is two words or none
        t "$b show cfg $extra" 0 show "$f" --format cfg $extra
        cp "$tmp/out" "$tmp/$b.cfg"
        hasnt "$tmp/$b.cfg" "^base"
        for mode in spe nash; do
            # shellcheck disable=SC2086
            t "$b solve $mode $extra" 0 solve "$f" --mode "$mode" --format json $extra
            result "$tmp/out" >"$tmp/want"
            t "$b written solve $mode" 0 solve "$tmp/$b.cfg" --mode "$mode" --format json
            result "$tmp/out" >"$tmp/got"
            has "$tmp/got" '"sanctioners"'
            same "$b $mode $extra: the written scenario solves identically" "$tmp/want" "$tmp/got"
        done
    done
done

# origins: a value from the file, one from the base file, one from the set list,
# --set, --mode and a default
t "table" 0 show "$sc/cf_alliance_pressure.cfg" --set g7.exposure=0.8 --mode nash
has "$tmp/out" "^key  *value  *range  *origin  *meaning"
has "$tmp/out" "^japan.alliance_pressure  *3  *\[0, 1e+06\]  *$sc/cf_alliance_pressure.cfg:5 "
has "$tmp/out" "^japan.exposure  *1  *(0, 1e+06\]  *$sc/baseline_2014.cfg:[0-9]* "
has "$tmp/out" "^g7.exposure  *0.8  .*--set "
has "$tmp/out" "^mode  *nash  .*--mode "
has "$tmp/out" "^japan.max_intensity  *1  *(0, 1\]  *default  *legal or political ceiling"
has "$tmp/out" "^japan.beliefs.target.hedging_value  *0.15 "
has "$tmp/out" "^russia.reciprocity.japan "
has "$tmp/out" "^solver.scan_points  *33  .*default"
has "$tmp/out" "^# scenario_sha256: "

t "json" 0 show "$sc/baseline_2014.cfg" --format json --set japan.max_intensity=0.5
has "$tmp/out" '"sanctioners": \['
has "$tmp/out" '"name": "Japan"'
has "$tmp/out" '"max_intensity": 0.5'
has "$tmp/out" '"japan.max_intensity": "--set"'
has "$tmp/out" '"reciprocity": {'
has "$tmp/out" '"patron": {'
has "$tmp/out" '"solver": {'
has "$tmp/out" '"scan_points": 33'
has "$tmp/out" '"origins": {'
has "$tmp/out" '"provenance": {'

# the timeline, its events and shocks, the priors and the observed measures are
# written too: run (deterministic and Monte Carlo) and observed give the same
# rows and the same RMSE lines
# body FILE: an output without the lines that name the command and scenario file
body() { grep -v '^# \(command\|scenario\)' "$1"; }
t "timeline cfg" 0 show "$sc/timeline_2014_2018.cfg" --format cfg
cp "$tmp/out" "$tmp/tl.cfg"
has "$tmp/tl.cfg" "^timeline = {"
has "$tmp/tl.cfg" "^priors = ("
has "$tmp/tl.cfg" "^observed = {"
# every measure keeps its instrument name (the coding test reads them)
holds "the written timeline keeps every instrument name" \
    [ "$(grep -c 'instrument = "' "$tmp/tl.cfg")" -eq "$(grep -c 'instrument = "' "$sc/allies_2014.cfg")" ]
for args in "" "--runs 6 --seed 3"; do
    # shellcheck disable=SC2086 # $args is several words or none
    t "run $args" 0 run "$sc/timeline_2014_2018.cfg" $args
    body "$tmp/out" >"$tmp/want"
    # shellcheck disable=SC2086
    t "written run $args" 0 run "$tmp/tl.cfg" $args
    body "$tmp/out" >"$tmp/got"
    has "$tmp/got" "^2018-12"
    same "run $args: the written timeline runs identically" "$tmp/want" "$tmp/got"
done
for b in timeline_2014_2018 allies_2014; do
    t "$b observed" 0 observed "$sc/$b.cfg"
    body "$tmp/out" >"$tmp/want"
    t "$b written observed" 0 observed "$tmp/$b.cfg"
    body "$tmp/out" >"$tmp/got"
    same "$b: the written measures give the same index" "$tmp/want" "$tmp/got"
done

t "bad format" 2 show "$sc/baseline_2014.cfg" --format tsv
t "bad --set" 2 show "$sc/baseline_2014.cfg" --set japan.max_intensity=1.5
has "$tmp/err" "'japan.max_intensity': must be in (0, 1\] (got 1.5)"
t "no file" 2 show

summary
