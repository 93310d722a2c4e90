#!/usr/bin/env bash
# The option parser (sim/cli/options.c): the forms it takes, its messages,
# and one meaning for the options commands share.
# usage: options.sh SANCTIONSIM SOURCE_ROOT
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
test_setup options "$@"
cd "$tmp" || exit 1
baseline=$root/scenarios/baseline_2014.cfg
timeline=$root/scenarios/timeline_2014_2018.cfg
small=(--vary japan.alliance_pressure=0:1:2)

# --opt=value and --opt value, a unique prefix, "--" before an operand
t "--format tsv" 0 solve "$baseline" --format tsv
cp out spaced.tsv
t "--format=tsv" 0 solve "$baseline" --format=tsv
name="--format=tsv is --format tsv"
# the rows must agree; the '#' lines record each command line as typed
same_rows() { cmp -s <(grep -v '^#' "$1") <(grep -v '^#' "$2"); }
if same_rows out spaced.tsv; then pass; else fail "outputs differ"; fi
t "a unique prefix" 0 solve "$baseline" --form tsv
name="--form is --format"
if same_rows out spaced.tsv; then pass; else fail "outputs differ"; fi
t "an ambiguous prefix" 2 sweep "$baseline" "${small[@]}" --s 1
has err "option '--s' is ambiguous"
t "-- ends the options" 0 check -- "$baseline"
has out ": ok"

# short options: a value attached or apart, and bundled
t "-q -o FILE" 0 sweep "$baseline" "${small[@]}" -q -o a.tsv
t "-qo FILE" 0 sweep "$baseline" "${small[@]}" -qo b.tsv
t "-qoFILE" 0 sweep "$baseline" "${small[@]}" -qoc.tsv
name="bundled short options"
if cmp -s <(grep -v '^# command' a.tsv) <(grep -v '^# command' b.tsv) &&
    cmp -s <(grep -v '^# command' a.tsv) <(grep -v '^# command' c.tsv); then pass; else
    fail "outputs differ"
fi
t "an unknown short option in a bundle" 2 sweep "$baseline" "${small[@]}" -qx
has err "^sanctionsim sweep: unknown option '-x'$"
has err "^see 'sanctionsim help sweep'$"

# unknown options, missing values, flags given a value
t "unknown long option" 2 solve "$baseline" --bogus
has err "^sanctionsim solve: unknown option '--bogus'$"
t "missing value" 2 solve "$baseline" --set
has err "^sanctionsim solve: option '--set' needs a value$"
t "missing value of -o" 2 sweep "$baseline" "${small[@]}" -o
has err "^sanctionsim sweep: option '-o' needs a value$"
t "a flag given a value" 2 sweep "$baseline" "${small[@]}" --force=1
has err "option '--force' takes no value"
t "a value that looks like an option" 2 sweep "$baseline" "${small[@]}" --seed -1
has err "^sanctionsim sweep: --seed: '-1' is not a whole number from 0 to 4294967295$"

# bounds: the same option means the same in every command
for cmd in sweep run; do
    if [ $cmd = sweep ]; then args=("$baseline" "${small[@]}"); else args=("$timeline" --runs 1); fi
    t "$cmd --seed above 2^32-1" 2 $cmd "${args[@]}" --seed 4294967296
    has err "^sanctionsim $cmd: --seed: '4294967296' is not a whole number from 0 to 4294967295$"
    t "$cmd --threads 0" 2 $cmd "${args[@]}" --threads 0
    has err "^sanctionsim $cmd: --threads: '0' is not a whole number from 1 to 4096$"
    t "$cmd --threads 4097" 2 $cmd "${args[@]}" --threads 4097
    has err "^sanctionsim $cmd: --threads: '4097' is not a whole number from 1 to 4096$"
    t "$cmd --threads +2" 2 $cmd "${args[@]}" --threads +2
    t "$cmd --mode bad" 2 $cmd "${args[@]}" --mode bad
    has err "^sanctionsim $cmd: --mode: unknown mode 'bad' (spe, nash)$"
done
t "run --seed 4294967295" 0 run "$timeline" --runs 1 --seed 4294967295 -o mc.tsv
has mc.tsv "^# seed: 4294967295$"
t "run --runs 1000001" 2 run "$timeline" --runs 1000001
has err "^sanctionsim run: --runs: '1000001' is not a whole number from 1 to 1000000$"
t "sweep --samples 0" 2 sweep "$baseline" --design lhs --vary japan.linkage=0:1 --samples 0
has err "^sanctionsim sweep: --samples: '0' is not a whole number from 1 to 2^53$"

# a repeated option keeps its order: the last --set of a key wins
t "--set twice" 0 solve "$baseline" --format tsv --set japan.alliance_pressure=0 \
    --set japan.alliance_pressure=3
cp out twice.tsv
t "--set once" 0 solve "$baseline" --format tsv --set japan.alliance_pressure=3
name="the last --set wins"
if same_rows out twice.tsv; then pass; else fail "outputs differ"; fi
t "--set order in the sweep's signature" 0 sweep "$baseline" "${small[@]}" \
    --set japan.linkage=0.25 --set japan.exposure=1.5
has out "^# sweep: .* --set japan.linkage=0.25 --set japan.exposure=1.5$"

# help is made from the table: every command, and every option of its table
for cmd in solve check compare run observed fit sweep merge plot completion; do
    t "$cmd --help" 0 $cmd --help
    cp out "help_$cmd"
    has "help_$cmd" "^usage: sanctionsim $cmd"
    has "help_$cmd" "^  -h, --help         show this help$"
    t "help $cmd" 0 help $cmd
    name="help $cmd is $cmd --help"
    if cmp -s out "help_$cmd"; then pass; else fail "differs"; fi
done
for word in --vary --design --samples --seed --mode --set --threads "-o, --output OUT" --format \
    --shard --resume --force "-q, --quiet" --warm-start; do
    has help_sweep "^  $word"
done
for word in "-o, --output FILE" --set --mode --runs --seed --threads --plot; do
    has help_run "^  $word"
done

summary
