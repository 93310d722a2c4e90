#!/usr/bin/env bash
# Command-line tests of sweeps over a timeline (issue 13 item 6): a timeline
# scenario without --report is refused; each reporter at the scenario's own
# point equals what `run` writes (the month's value, and the mean, max, min
# and RMSEs computed from run's series by python3 independently); with
# --repetitions the percentiles equal `run --runs R --seed S`'s bands; rows are
# byte-identical across threads and shards; bad reporters exit 2 naming
# --report.
# Usage: tsweep.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup tsweep "$@"
tl=$root/scenarios/timeline_2014_2018.cfg
rows() { grep -v '^#' "$1"; }
# col FILE NAME ROW: the field of column NAME in data row ROW (1 = the first after the header)
col() { rows "$1" | awk -F'\t' -v n="$2" -v r="$3" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i } NR == r + 1 { print $c }'; }

# ---- refused without reporters ---------------------------------------------
t "no reporters" 2 sweep "$tl" --vary japan.alliance_pressure=0:3:4
has "$tmp/err" "has a timeline (2014-03 to 2018-12)"
has "$tmp/err" "only the static game"
has "$tmp/err" "\-\-report 's.japan@2018-12'"

# ---- one deterministic run per point ----------------------------------------
# the scenario's own alliance pressure (0.7, from allies_2014.cfg) as the one point
reps=(--report 's.japan@2018-12' --report 'mean(s.japan,2014-03:2018-12)'
    --report 'max(s.japan)' --report 'min(s.eu,2014-06:2015-12)'
    --report 'mean(realized.japan@2016-01:2016-12)' --report 'rmse(s.japan)'
    --report 'rmse(s.australia,2015-01:2018-12)' --report rmse)
t "sweep at the own point" 0 sweep "$tl" --vary japan.alliance_pressure=0.7 "${reps[@]}" -o "$tmp/own.tsv"
has "$tmp/own.tsv" "^# report: mean(s.japan)$"
has "$tmp/own.tsv" "^# report: min(s.eu@2014-06:2015-12)$"
has "$tmp/own.tsv" "^# repetitions: 0$"
holds "the column line" test "$(rows "$tmp/own.tsv" | head -1)" = "$(printf 'index\tjapan.alliance_pressure\ts.japan@2018-12\tmean(s.japan)\tmax(s.japan)\tmin(s.eu@2014-06:2015-12)\tmean(realized.japan@2016-01:2016-12)\trmse(s.japan)\trmse(s.australia@2015-01:2018-12)\trmse\tstatus')"
holds "status ok" test "$(col "$tmp/own.tsv" status 1)" = ok
t "run" 0 run "$tl" -o "$tmp/series.tsv"
holds "s.japan@2018-12 is run's December 2018" test "$(col "$tmp/own.tsv" 's.japan@2018-12' 1)" = \
    "$(col "$tmp/series.tsv" s.japan 58)"
# the other reporters, from run's series by python3
python3 - "$tmp/series.tsv" >"$tmp/want" <<'PYEOF'
import math, sys
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if not l.startswith("#")]
head, data = lines[0], lines[1:]
date = [r[head.index("date")] for r in data]
def c(name, lo="2014-03", hi="2018-12"):
    return [float(r[head.index(name)]) for r, d in zip(data, date) if lo <= d <= hi]
def mean(x):
    return math.fsum(x) / len(x)
def rmse(ids, lo="2014-03", hi="2018-12"):
    e = [(s - o) ** 2 for i in ids for s, o in zip(c("s." + i, lo, hi), c("observed." + i, lo, hi))]
    return math.sqrt(mean(e))
ids = [h[len("observed."):] for h in head if h.startswith("observed.")]
print(*map(repr, [mean(c("s.japan")), max(c("s.japan")), min(c("s.eu", "2014-06", "2015-12")),
      mean(c("realized.japan", "2016-01", "2016-12")), rmse(["japan"]),
      rmse(["australia"], "2015-01", "2018-12"), rmse(ids)]))
PYEOF
read -r w_mean w_max w_min w_real w_rj w_ra w_pool <"$tmp/want"
near "mean(s.japan)" "$(col "$tmp/own.tsv" 'mean(s.japan)' 1)" "$w_mean" 1e-12
near "max(s.japan)" "$(col "$tmp/own.tsv" 'max(s.japan)' 1)" "$w_max" 1e-15
near "min(s.eu@...)" "$(col "$tmp/own.tsv" 'min(s.eu@2014-06:2015-12)' 1)" "$w_min" 1e-15
near "mean(realized.japan@2016)" "$(col "$tmp/own.tsv" 'mean(realized.japan@2016-01:2016-12)' 1)" "$w_real" 1e-12
near "rmse(s.japan)" "$(col "$tmp/own.tsv" 'rmse(s.japan)' 1)" "$w_rj" 1e-12
near "rmse(s.australia@...)" "$(col "$tmp/own.tsv" 'rmse(s.australia@2015-01:2018-12)' 1)" "$w_ra" 1e-12
near "rmse pooled" "$(col "$tmp/own.tsv" rmse 1)" "$w_pool" 1e-12
# run prints its own RMSE of Japan (three decimals): the same number
t "run again" 0 run "$tl" -o "$tmp/series2.tsv"
holds "rmse(s.japan) as run prints it" grep -q "japan .* rmse $(printf '%.3f' "$w_rj")" "$tmp/out"

# ---- repetitions: the bands of run --runs ------------------------------------
t "sweep with repetitions" 0 sweep "$tl" --vary japan.alliance_pressure=0.7,1.5 \
    --report 's.japan@2018-12' --report rmse --repetitions 6 --seed 3 -o "$tmp/mc.tsv"
holds "repetition columns" test "$(rows "$tmp/mc.tsv" | head -1 | cut -f3-9)" = \
    "$(printf 's.japan@2018-12.mean\ts.japan@2018-12.p05\ts.japan@2018-12.p25\ts.japan@2018-12.p50\ts.japan@2018-12.p75\ts.japan@2018-12.p95\trmse.mean')"
t "run --runs" 0 run "$tl" --runs 6 --seed 3 -o "$tmp/bands.tsv"
for p in p05 p25 p50 p75 p95; do
    holds "s.japan@2018-12.$p is run's band" test "$(col "$tmp/mc.tsv" "s.japan@2018-12.$p" 1)" = \
        "$(col "$tmp/bands.tsv" "s.japan.$p" 58)"
done
holds "the two points differ" test "$(col "$tmp/mc.tsv" 's.japan@2018-12.p50' 1)" != \
    "$(col "$tmp/mc.tsv" 's.japan@2018-12.p50' 2)"
m=$(col "$tmp/mc.tsv" 'rmse.mean' 1)
below "rmse.p05 <= mean" "$(col "$tmp/mc.tsv" 'rmse.p05' 1)" "$(awk -v m="$m" 'BEGIN { print m + 1e-12 }')"
below "mean <= rmse.p95" "$m" "$(awk -v m="$(col "$tmp/mc.tsv" 'rmse.p95' 1)" 'BEGIN { print m + 1e-12 }')"
# a varied key with a prior keeps its value in every repetition: with
# japan.exposure swept, its prior is not drawn, so two values give two answers
t "a varied key with a prior" 0 sweep "$tl" --vary japan.exposure=0.7,1.3 --report 's.japan@2018-12' \
    --repetitions 3 --seed 3 -o "$tmp/prior.tsv"
holds "its values matter" test "$(col "$tmp/prior.tsv" 's.japan@2018-12.mean' 1)" != \
    "$(col "$tmp/prior.tsv" 's.japan@2018-12.mean' 2)"

# ---- the same bytes on any threads and shards ---------------------------------
args=(sweep "$tl" --vary japan.alliance_pressure=0:3:5 --vary japan.territorial_stake=0.5,1.5
    --report 'mean(s.japan)' --report rmse --repetitions 3 --seed 5 --quiet)
t "threads 1" 0 "${args[@]}" --threads 1 -o "$tmp/t1.tsv"
t "threads 2" 0 "${args[@]}" --threads 2 -o "$tmp/t2.tsv"
t "shard 0/2" 0 "${args[@]}" --threads 2 --shard 0/2 -o "$tmp/s0.tsv"
t "shard 1/2" 0 "${args[@]}" --threads 1 --shard 1/2 -o "$tmp/s1.tsv"
t "merge" 0 merge "$tmp/s0.tsv" "$tmp/s1.tsv" -o "$tmp/m.tsv"
rows "$tmp/t1.tsv" >"$tmp/r1"
rows "$tmp/t2.tsv" >"$tmp/r2"
rows "$tmp/m.tsv" >"$tmp/rm"
same "threads 1 and 2" "$tmp/r1" "$tmp/r2"
same "shards merged" "$tmp/r1" "$tmp/rm"
holds "10 rows" test "$(($(wc -l <"$tmp/r1") - 1))" = 10

# ---- bad reporters and options: exit 2, naming the option ----------------------
bad() {
    t "bad: $1" 2 sweep "$tl" --vary japan.alliance_pressure=0:1:2 "${@:3}" -o "$tmp/bad.tsv"
    has "$tmp/err" "$2"
    holds "bad: $1 leaves no file" test ! -e "$tmp/bad.tsv" -a ! -e "$tmp/bad.tsv.tmp"
}
bad "unknown column" "\-\-report 's.jpn@2018-12': unknown column 's.jpn'" --report 's.jpn@2018-12'
bad "outside" "\-\-report 's.japan@2019-01': 2019-01 is outside the timeline (2014-03 to 2018-12)" --report 's.japan@2019-01'
bad "not a month" "\-\-report 's.japan@2018': '2018' is not a month YYYY-MM" --report 's.japan@2018'
bad "no form" "\-\-report 's.japan': not a reporter" --report 's.japan'
bad "unknown function" "\-\-report 'median(s.japan)': not a reporter" --report 'median(s.japan)'
bad "unclosed" "\-\-report 'mean(s.japan': not a reporter" --report 'mean(s.japan'
bad "range backwards" "\-\-report 'mean(s.japan,2016-01:2015-01)': the range ends before it starts" --report 'mean(s.japan,2016-01:2015-01)'
bad "range not a range" "\-\-report 'max(s.japan,2016-01)': '2016-01' is not a range FROM:TO" --report 'max(s.japan,2016-01)'
bad "rmse of a column" "\-\-report 'rmse(c)': rmse takes a sanctioner's intensity s.<id>" --report 'rmse(c)'
bad "repetitions alone" "\-\-repetitions: repetitions are runs through a timeline" --repetitions 3
bad "repetitions 0" "\-\-repetitions" --report rmse --repetitions 0
bad "warm start" "\-\-warm-start: a sweep over a timeline" --report rmse --warm-start
t "no timeline" 2 sweep "$root/scenarios/baseline_2014.cfg" --vary japan.alliance_pressure=0:1:2 --report rmse
has "$tmp/err" "\-\-report 'rmse': .*baseline_2014.cfg has no timeline"

summary
