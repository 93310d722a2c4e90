#!/usr/bin/env bash
# Bad --vary specs and sweep options: exit status 2, one clear message that
# quotes the argument, and no output file.
# Usage: specs.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/lib.sh"

# bad ARGUMENTS... MESSAGE: sweep with the arguments must exit 2 with MESSAGE
bad() {
    local message=${*: -1}
    local args=("${@:1:$#-1}")
    t "${args[*]}" 2 sweep "$baseline" "${args[@]}" -o out.tsv
    has err "$message"
    # one message (and, for usage errors, the hint to see the help)
    if [ "$(wc -l <err)" -eq 1 ] || { [ "$(wc -l <err)" -eq 2 ] &&
        grep -q "^see 'sanctionsim help sweep'$" err; }; then pass; else
        fail "not one message: $(cat err)"
    fi
    absent out.tsv
    absent out.tsv.tmp
}

bad --vary japan.alliance_pressure=0:3 \
    "sweep: --vary 'japan.alliance_pressure=0:3': a grid needs a COUNT: START:STOP:COUNT (e.g. 0:3:61)"
bad --vary japan.alliance_pressure=0:3:0 "COUNT '0' must be a whole number from 1 to 2^53"
bad --vary japan.alliance_pressure=0:3:1.5 "COUNT '1.5' must be a whole number"
bad --vary japan.alliance_pressure=0:3:1 "a COUNT of 1 needs START equal to STOP"
bad --vary japan.alliance_pressure=zero:3:4 "START 'zero' is not a finite number"
bad --vary japan.alliance_pressure=0:inf:4 "STOP 'inf' is not a finite number"
bad --vary japan.alliance_pressure=0:1:2:3 "expected START:STOP:COUNT, log:START:STOP:COUNT or a list"
bad --vary japan.alliance_pressure=log:0:1:3 "a log scale needs START and STOP above 0"
bad --vary japan.alliance_pressure=1,,2 "empty value in the list"
bad --vary japan.alliance_pressure=1,a "'a' is not a number"
bad --vary japan.alliance_pressure= "empty SPEC"
bad --vary japan.alliance_pressure "a grid needs values"
bad --vary =1:2:3 "expected KEY=SPEC"
bad --vary japan.exposure=0:1:3 "'japan.exposure': must be in (0, 1000000] (got 0)"
bad --vary japan.linkage=0,1,2 "'japan.linkage': must be in \[0, 1\] (got 2)"
bad --vary russia.substitution=-1:1:3 "'russia.substitution': must be in \[0, 1\] (got -1)"
bad --vary japan.nothing=0:1:3 "unknown parameter 'nothing'"
bad --vary atlantis.exposure=0:1:3 "no agent 'atlantis'"
bad --vary japan.beliefs.target.nothing=0:1:3 "'japan.beliefs.target.nothing'"
bad --vary japan.linkage=0:1:3 --vary japan.linkage=0:1:2 "'japan.linkage' is varied twice"
bad --vary japan.exposure=1:2:100000000 --vary g7.exposure=1:2:100000000 \
    --vary japan.leverage=0:1:100000000 "the grid has more than 2^53 points"
bad --design random --vary japan.linkage=0:1:3 --samples 5 "a COUNT is for --design grid"
bad --design sobol --vary japan.linkage --samples 5 "declares no prior for 'japan.linkage'"
bad --design lhs --vary japan.linkage=0:1 "--design lhs needs --samples N"
bad --vary japan.linkage=0:1:3 --samples 4 "--samples is for --design random, lhs and sobol"
bad --design latin --vary japan.linkage=0:1:3 "--design: unknown design 'latin'"
bad --design random --vary japan.linkage=0:1 --samples 0 "--samples: '0' is not a whole number"
bad --vary japan.linkage=0:1:3 --seed -1 "--seed: '-1' is not a whole number from 0 to 4294967295"
bad --vary japan.linkage=0:1:3 --seed 4294967296 "--seed: '4294967296'"
bad --vary japan.linkage=0:1:3 --threads 0 "--threads: '0' is not a whole number"
bad --vary japan.linkage=0:1:3 --format json "--format: unknown format 'json' (tsv, csv)"
bad --vary japan.linkage=0:1:3 --shard 3/3 "--shard: '3/3' is not K/N with 0 <= K < N"
bad --vary japan.linkage=0:1:3 --shard 1 "--shard: '1' is not K/N"
bad --vary japan.linkage=0:1:3 --mode stackelberg "--mode: unknown mode 'stackelberg'"
bad --vary japan.linkage=0:1:3 --set japan.exposure=0 "'japan.exposure': must be in (0"
bad --vary japan.linkage=0:1:3 --frobnicate "unknown option '--frobnicate'"
t "no --vary" 2 sweep "$baseline" -o out.tsv
has err 'nothing to vary: give --vary KEY=SPEC'
t "no scenario" 2 sweep --vary japan.linkage=0:1:3
has err 'missing scenario FILE'
t "a bad scenario" 2 sweep "$root/tests/sweep/lib.sh" --vary japan.linkage=0:1:3 -o out.tsv
absent out.tsv.tmp
t "a missing scenario" 2 sweep no-such.cfg --vary japan.linkage=0:1:3 -o out.tsv
absent out.tsv.tmp

# merge and plot: usage errors
t "merge nothing" 2 merge -o m.tsv
has err 'missing the shard files'
t "merge a missing file" 2 merge no-such.tsv
has err "cannot open 'no-such.tsv'"
t "plot nothing" 2 plot
has err 'missing the sweep file'

finish
