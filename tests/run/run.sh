#!/usr/bin/env bash
# Command-line tests of `sanctionsim run` and `sanctionsim observed`: series,
# Monte Carlo bands across thread counts, observed index, errors, output
# files never half-written, and plots that scenario text cannot hijack.
# Usage: run.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup run "$@"
timeline=$root/scenarios/timeline_2014_2018.cfg
allies=$root/scenarios/allies_2014.cfg
# column NAME FILE: the values of a column of a TSV with '#' lines.
column() {
    grep -v '^#' "$2" | awk -F'\t' -v c="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; next } { print $k }'
}

# --- a deterministic series ---
t "run to stdout" 0 run "$timeline"
cp "$tmp/out" "$tmp/series.tsv"
has "$tmp/series.tsv" '^# scenario_sha256: [0-9a-f]\{64\}$'
has "$tmp/series.tsv" '^# command: sanctionsim run '
has "$tmp/series.tsv" '^# rmse.japan: 0\.'
has "$tmp/series.tsv" $'^date\ts.usa\t'
rows=$(grep -v '^#' "$tmp/series.tsv" | tail -n +2 | wc -l)
name="58 monthly rows (2014-03 to 2018-12)"
if [ "$rows" -eq 58 ]; then pass; else fail "$rows rows"; fi
name="MH17 fires in July 2014"
if grep -q $'^2014-07\t.*\tMH17$' "$tmp/series.tsv"; then pass; else fail "no MH17 in 2014-07"; fi
hasnt "$tmp/series.tsv" -i 'nan'
# the G7 moves first and high, Japan with it but low (it started in March
# 2014 too: MODEL.md section 10 property 6)
name="the US leads, Japan follows low"
usa_jun=$(column s.usa "$tmp/series.tsv" | sed -n 4p)
jp_jun=$(column s.japan "$tmp/series.tsv" | sed -n 4p)
jp_end=$(column s.japan "$tmp/series.tsv" | sed -n 58p)
if awk -v u="$usa_jun" -v j="$jp_jun" -v e="$jp_end" 'BEGIN { exit !(u > 0.5 && j < u - 0.3 && e < 0.5) }'; then
    pass
else fail "usa Jun 2014 $usa_jun, japan Jun 2014 $jp_jun, japan end $jp_end"; fi

t "run -o writes the same series" 0 run "$timeline" -o "$tmp/o.tsv"
has "$tmp/out" 'rmse'
name="-o and stdout agree"
if diff <(grep -v '^# command' "$tmp/series.tsv") <(grep -v '^# command' "$tmp/o.tsv") >/dev/null; then pass; else fail "differ"; fi

t "--set applies to runs" 0 run "$timeline" --set japan.alliance_pressure=3
name="--set changes the path"
if diff -q <(grep -v '^#' "$tmp/out") <(grep -v '^#' "$tmp/series.tsv") >/dev/null; then fail "same"; else pass; fi

# --- Monte Carlo ---
t "runs, 1 thread" 0 run "$timeline" --runs 16 --seed 5 --threads 1 -o "$tmp/mc1.tsv"
t "runs, 2 threads" 0 run "$timeline" --runs 16 --seed 5 --threads 2 -o "$tmp/mc2.tsv"
name="Monte Carlo bytes do not depend on threads"
if diff <(grep -v '^# command' "$tmp/mc1.tsv") <(grep -v '^# command' "$tmp/mc2.tsv") >/dev/null; then pass; else fail "differ"; fi
has "$tmp/mc1.tsv" '^# seed: 5$'
has "$tmp/mc1.tsv" $'\ts.japan.p05\ts.japan.p25\ts.japan.p50\ts.japan.p75\ts.japan.p95'
hasnt "$tmp/mc1.tsv" -i 'nan'
t "another seed" 0 run "$timeline" --runs 16 --seed 6 -o "$tmp/mc3.tsv"
name="another seed, other bands"
if diff -q <(grep -v '^#' "$tmp/mc1.tsv") <(grep -v '^#' "$tmp/mc3.tsv") >/dev/null; then fail "same"; else pass; fi

# --- observed ---
t "observed per period" 0 observed "$timeline"
has "$tmp/out" $'^2014-09\t'
# by hand from the coded scopes (docs/dynamics.md): 0.05 diplomatic + 0.1 * 23/132
# entry bans + 0.15 * 42/160 asset freeze + 0.1 * 1/3 Crimea imports + 0.1 arms
# + 0.1 dual use + 0.2 * 5/11 five banks' securities, scopes to 6 decimals
name="Japan's observed index after 24 Sep 2014"
jp=$(column observed.japan "$tmp/out" | sed -n 9p)
if awk -v j="$jp" 'BEGIN { exit !(j > 0.4310414 && j < 0.4310416) }'; then pass; else fail "got $jp"; fi
t "observed --changes" 0 observed "$allies"
has "$tmp/out" $'^2014-09-24\t'
t "observed -o" 0 observed "$allies" -o "$tmp/obs.tsv"
has "$tmp/obs.tsv" 'observed.new_zealand'

# --- the allies ranking ---
t "allies solve" 0 solve "$allies" --format tsv
name="USA, EU, Canada, Australia high; Japan low; New Zealand lowest"
if grep -v '^#' "$tmp/out" | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { lo = $c["s.usa"]; for (k in h) ; 
      split("s.usa s.eu s.canada s.australia", hi, " ");
      m = 1; for (i in hi) if ($c[hi[i]] < m) m = $c[hi[i]];
      exit !(m > $c["s.japan"] + 0.3 && $c["s.new_zealand"] < $c["s.japan"]) }'; then
    pass
else fail "$(cat "$tmp/out")"; fi

# --- errors ---
t "no timeline" 2 run "$root/scenarios/baseline_2014.cfg"
has "$tmp/err" "no 'timeline' section"
t "no observed section" 2 observed "$root/scenarios/baseline_2014.cfg"
t "--seed needs --runs" 2 run "$timeline" --seed 3
has "$tmp/err" 'needs --runs'
t "--runs 0" 2 run "$timeline" --runs 0
t "--runs not a number" 2 run "$timeline" --runs x
t "unknown option" 2 run "$timeline" --frobnicate
has "$tmp/err" "unknown option '--frobnicate'"
t "missing file" 2 run
t "bad --set" 2 run "$timeline" --set japan.exposure=-1
cat >"$tmp/bad.cfg" <<CFG
base = "$(basename "$allies")";
timeline = { start = "2014-01"; end = "2014-06"; step = "month";
  events = ( { date = "2014-03-01"; label = "x"; source = "s";
               set = [ "japan.linkage = 2" ]; } ); };
CFG
cp "$allies" "$tmp/"
t "event out of range" 2 run "$tmp/bad.cfg"
has "$tmp/err" 'bad.cfg:4:'
has "$tmp/err" 'japan.linkage'
# a path with a newline must not break the '#' lines
nl="$tmp/two
lines.cfg"
printf 'base = "%s";\ntimeline = { start = "2014-01"; end = "2014-03"; step = "month"; };\n' \
    "$(basename "$allies")" >"$nl"
t "a path with a newline" 0 run "$nl"
name="'#' lines stay comments"
if grep -q '^lines' "$tmp/out"; then fail "a path broke a '#' line"; else pass; fi
has "$tmp/out" '^# scenario: .*two?lines.cfg$'
t "help" 0 help run
has "$tmp/out" 'usage: sanctionsim run'

# an output that cannot be written leaves nothing behind and exits 1
t "unwritable output" 1 run "$timeline" -o "$tmp/no/such/dir/x.tsv"
name="nothing half-written"
if [ -e "$tmp/no" ]; then fail "created"; else pass; fi
echo "keep" >"$tmp/keep.tsv"
chmod 0555 "$tmp" 2>/dev/null
if [ ! -w "$tmp" ]; then
    t "unwritable directory keeps the old file" 1 run "$timeline" -o "$tmp/keep.tsv"
    has "$tmp/keep.tsv" '^keep$'
fi
chmod 0755 "$tmp"

# --- plots: scenario text must not run commands in gnuplot ---
if command -v gnuplot >/dev/null 2>&1; then
    t "plot a series" 0 run "$timeline" --plot "$tmp/series.png"
    name="series PNG written"
    if [ -s "$tmp/series.png" ] && [ "$(head -c 4 "$tmp/series.png" | tail -c 3)" = "PNG" ]; then pass; else fail "no PNG"; fi
    t "plot bands" 0 run "$timeline" --runs 8 --plot "$tmp/fan.png" -o "$tmp/fan.tsv"
    name="fan PNG written"
    if [ -s "$tmp/fan.png" ]; then pass; else fail "no PNG"; fi
    cat >"$tmp/evil.cfg" <<CFG
base = "$(basename "$allies")";
name = "x' . system('touch $tmp/pwned1') . '\`touch $tmp/pwned2\` @x";
timeline = { start = "2014-01"; end = "2014-06"; step = "month";
  events = ( { date = "2014-03-01"; label = "a'\`touch $tmp/pwned3\`'\" ; system(\"touch $tmp/pwned4\")";
               source = "s"; } ); };
CFG
    t "hostile labels" 0 run "$tmp/evil.cfg" --plot "$tmp/evil.png" -o "$tmp/evil.tsv"
    name="no command ran"
    if ls "$tmp"/pwned* >/dev/null 2>&1; then fail "$(ls "$tmp"/pwned*)"; else pass; fi
    name="hostile PNG written"
    if [ -s "$tmp/evil.png" ]; then pass; else fail "no PNG"; fi
    t "hostile bands" 0 run "$tmp/evil.cfg" --runs 4 --plot "$tmp/evil2.png"
    name="no command ran (bands)"
    if ls "$tmp"/pwned* >/dev/null 2>&1; then fail "$(ls "$tmp"/pwned*)"; else pass; fi
    # no observed measures, quarterly periods: the plot still draws, cleanly
    cp "$root/scenarios/baseline_2014.cfg" "$tmp/"
    cat >"$tmp/g7q.cfg" <<CFG
base = "baseline_2014.cfg";
timeline = { start = "2014-01"; end = "2015-12"; step = "quarter";
  events = ( { date = "2014-03-18"; label = "Crimea"; source = "s"; } ); };
CFG
    t "plot without observed measures" 0 run "$tmp/g7q.cfg" --plot "$tmp/g7q.png"
    hasnt "$tmp/err" 'warning'
    t "fan without observed measures" 0 run "$tmp/g7q.cfg" --runs 4 --plot "$tmp/g7q-fan.png"
    hasnt "$tmp/err" 'warning'
    SANCTIONSIM_PLOTS_DIR=$tmp/none t "missing plot script" 1 run "$timeline" --plot "$tmp/x.png"
    name="no PNG without a script"
    if [ -e "$tmp/x.png" ]; then fail "written"; else pass; fi
else
    echo "skip: gnuplot not installed, plot tests not run"
fi

echo "run: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
