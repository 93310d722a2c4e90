#!/usr/bin/env bash
# Bash completion (`sanctionsim completion bash`): it offers commands, options,
# an option's words, and the parameter keys of the scenario on the line.
# usage: completion.sh SANCTIONSIM SOURCE_ROOT
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
test_setup completion "$@"
cd "$tmp" || exit 1
cp "$root/scenarios/baseline_2014.cfg" base.cfg

t "the script" 0 completion bash
cp out sanctionsim.bash
t "another shell" 2 completion zsh
has err "unknown shell 'zsh'"
t "the keys of a scenario" 0 check base.cfg --keys
has out "^japan.alliance_pressure$"
has out "^russia.reciprocity.japan$"
has out "^japan.beliefs.target.hedging_value$"
name="every key is one --set takes"
bad=0
while read -r key; do
    # a value out of range is fine: the key was understood
    if ! "$bin" check base.cfg --set "$key=0.5" >/dev/null 2>err &&
        ! grep -q "': must be" err; then
        bad=$((bad + 1))
    fi
done <out
if [ "$bad" -eq 0 ]; then pass; else fail "$bad keys refused as keys"; fi

# complete WORDS...: what the function offers for the last word, one a line
complete_words() {
    bash -c '
        . ./sanctionsim.bash || exit 1
        complete -p sanctionsim >/dev/null || exit 1
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        _sanctionsim
        printf "%s\n" "${COMPREPLY[@]}"' complete "$@" >offered 2>offered.err
}
offers() {
    name="offers $1 for: ${*:2}"
    local want=$1
    shift
    complete_words "$@"
    if grep -qx -- "$want" offered; then pass; else
        fail "got: $(tr '\n' ' ' <offered) $(cat offered.err)"
    fi
}
offers sweep "$bin" sw
offers --version "$bin" --ver
offers --warm-start "$bin" sweep base.cfg --wa
offers --vary "$bin" sweep --va
offers nash "$bin" solve base.cfg --mode n
offers lhs "$bin" sweep base.cfg --design l
offers csv "$bin" sweep base.cfg --format c
offers japan.alliance_pressure= "$bin" solve base.cfg --set japan.alli
offers japan.alliance_pressure= "$bin" sweep base.cfg --vary japan.alli
offers japan.alliance_pressure "$bin" fit --free japan.alli --data x.tsv base.cfg --free japan.alli
offers russia.reciprocity.japan= "$bin" check --set=japan.linkage=1 base.cfg --set russia.rec
offers base.cfg "$bin" check ba
offers solve "$bin" help so
name="nothing after KEY="
complete_words "$bin" solve base.cfg --set japan.exposure = ""
if ! grep -q . offered; then pass; else fail "offered $(tr '\n' ' ' <offered)"; fi
offers tsv "$bin" solve base.cfg --format = ""
name="no keys without a scenario"
complete_words "$bin" solve --set japan.
if ! grep -q . offered; then pass; else fail "offered $(tr '\n' ' ' <offered)"; fi

summary
