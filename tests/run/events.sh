#!/usr/bin/env bash
# The `events` column of `run`: labels that hold "; ", double quotes or
# backslashes, or that are "-", are quoted, so the column reads back as the
# labels that fired (docs/dynamics.md); plain labels stay as they are and "-"
# alone still means no event.
# Usage: events.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup events "$@"

# events PERIOD: the events cell of a period in $tmp/out
events() {
    grep -v '^#' "$tmp/out" | awk -F'\t' -v d="$1" 'NR == 1 { n = NF; next } $1 == d { print $n }'
}
# want PERIOD CELL
want() {
    name="events of $1"
    local got
    got=$(events "$1")
    if [ "$got" = "$2" ]; then pass; else fail "got [$got], want [$2]"; fi
}

cp "$root/scenarios/allies_2014.cfg" "$tmp/"
cat >"$tmp/labels.cfg" <<'CFG'
base = "allies_2014.cfg";
timeline = { start = "2014-01"; end = "2014-05"; step = "month";
  events = ( { date = "2014-02-01"; label = "a; b"; source = "s"; },
             { date = "2014-02-02"; label = "-"; source = "s"; },
             { date = "2014-03-01"; label = "say \"hi\" \\ bye"; source = "s"; },
             { date = "2014-03-15"; label = "plain words"; source = "s"; },
             { date = "2014-04-01"; label = "x;y"; source = "s"; } ); };
CFG
t "run with odd labels" 0 run "$tmp/labels.cfg"
want 2014-01 '-'
want 2014-02 '"a; b"; "-"'
want 2014-03 '"say \"hi\" \\ bye"; plain words'
want 2014-04 '"x;y"'
want 2014-05 '-'

echo "events: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
