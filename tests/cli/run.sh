#!/usr/bin/env bash
# Command-line tests: drives sanctionsim as a user would. Usage: run.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup cli "$@"
scenarios=$root/scenarios
baseline=$scenarios/baseline_2014.cfg
# the first calibration, whose numbers are known answers (MODEL.md section 10)
first=$root/tests/fixtures/first_calibration_2014.cfg
rc=0

# ok MESSAGE COMMAND...: passes when COMMAND succeeds, else fails with MESSAGE.
ok() {
    local msg=$1
    shift
    if "$@"; then pass; else fail "$msg"; fi
}

# has STREAM TEXT: the last run's stdout (out) or stderr (err) contains TEXT.
has() {
    if grep -qF -- "$2" "$tmp/$1"; then
        pass
    else
        fail "$1 lacks '$2'"
        sed 's/^/    | /' "$tmp/$1" | head -5
    fi
}

# empty STREAM: the last run wrote nothing there.
empty() {
    if [ ! -s "$tmp/$1" ]; then
        pass
    else
        fail "unexpected $1:"
        sed 's/^/    | /' "$tmp/$1" | head -5
    fi
}

# A JSON reader in POSIX awk (no python or jq needed): prints one line per
# value, "PATH<TAB>TYPE<TAB>TEXT" with paths like $.sanctioners[0].s, and exits
# 1 on anything that is not a single valid JSON value.
json_paths() {
    awk '
    function bad(msg) { printf "json: %s at offset %d\n", msg, pos > "/dev/stderr"; failed = 1; exit 1 }
    function ws() { while (pos <= n && index(" \t\r\n", substr(s, pos, 1)) > 0) pos++ }
    function emit(path, type, text) { print path "\t" type "\t" text }
    function str(   out, c) {
        pos++
        out = ""
        while (pos <= n) {
            c = substr(s, pos, 1)
            if (c == "\"") { pos++; return out }
            if (c == "\\") {
                c = substr(s, pos + 1, 1)
                if (c == "u") {
                    if (substr(s, pos + 2, 4) !~ /^[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/) bad("bad \\u escape")
                    out = out "?"; pos += 6; continue
                }
                if (index("\"\\/bfnrt", c) == 0) bad("bad escape")
                out = out c; pos += 2; continue
            }
            if (c < " ") bad("control character in a string")
            out = out c; pos++
        }
        bad("unterminated string")
    }
    function value(path,   c, key, i, rest) {
        ws()
        c = substr(s, pos, 1)
        if (c == "{") {
            emit(path, "object", "")
            pos++; ws()
            if (substr(s, pos, 1) == "}") { pos++; return }
            for (;;) {
                ws()
                if (substr(s, pos, 1) != "\"") bad("object key expected")
                key = str(); ws()
                if (substr(s, pos, 1) != ":") bad("colon expected")
                pos++
                value(path "." key)
                ws(); c = substr(s, pos, 1); pos++
                if (c == "}") return
                if (c != ",") bad("comma or } expected")
            }
        }
        if (c == "[") {
            emit(path, "array", "")
            pos++; ws()
            if (substr(s, pos, 1) == "]") { pos++; return }
            for (i = 0; ; i++) {
                value(path "[" i "]")
                ws(); c = substr(s, pos, 1); pos++
                if (c == "]") return
                if (c != ",") bad("comma or ] expected")
            }
        }
        if (c == "\"") { emit(path, "string", str()); return }
        rest = substr(s, pos)
        if (substr(rest, 1, 4) == "true") { pos += 4; emit(path, "bool", "true"); return }
        if (substr(rest, 1, 5) == "false") { pos += 5; emit(path, "bool", "false"); return }
        if (substr(rest, 1, 4) == "null") { pos += 4; emit(path, "null", ""); return }
        if (match(rest, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) {
            emit(path, "number", substr(rest, 1, RLENGTH)); pos += RLENGTH; return
        }
        bad("value expected")
    }
    { s = s $0 "\n" }
    END {
        if (failed) exit 1
        n = length(s); pos = 1
        value("$")
        ws()
        if (pos <= n) bad("text after the value")
    }'
}

# field FILE PATH: the text of one JSON path.
field() { awk -F '\t' -v p="$2" '$1 == p { print $3; exit }' "$1"; }

# has_path FILE PATH TYPE: the JSON has PATH with that type.
has_path() {
    if awk -F '\t' -v p="$2" -v ty="$3" '$1 == p && $2 == ty { found = 1 } END { exit !found }' "$1"; then
        pass
    else
        fail "JSON lacks $2 ($3)"
    fi
}

# tsv_field FILE COLUMN: the row's value in the named column.
tsv_field() { # (the provenance '#' lines skipped)
    grep -v '^#' "$1" | awk -F '\t' -v c="$2" 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == c) col = k } NR == 2 && col { print $col }'
}

## The JSON reader must be able to fail, or its passes prove nothing.
name="json reader rejects bad JSON"
for broken in '{"a": 1,}' '{"a" 1}' '[1, 2' '{"a": tru}' '{"a": 1} x' '{"a": 01}' '"abc'; do
    if printf '%s\n' "$broken" | json_paths >/dev/null 2>&1; then fail "accepted: $broken"; else pass; fi
done
name="json reader accepts JSON"
if printf '%s\n' '{"a": [1, -2.5e-3, {"b": null}], "c": "x\"y", "d": true}' | json_paths >"$tmp/j" 2>/dev/null &&
    [ "$(field "$tmp/j" '$.a[1]')" = "-2.5e-3" ] && [ "$(field "$tmp/j" '$.a[2].b')" = "" ] &&
    [ "$(field "$tmp/j" '$.c')" = 'x"y' ]; then pass; else fail "misread valid JSON"; fi

## Help and version: exit 0 and say what a user needs.
t "--help" 0 --help
has out "usage: sanctionsim"
for cmd in solve check help; do has out "$cmd"; done
has out "help COMMAND"
empty err
t "-h" 0 -h
has out "usage: sanctionsim"
t "--version" 0 --version
if grep -qE '^sanctionsim [0-9]+\.[0-9]+\.[0-9]+' "$tmp/out"; then pass; else fail "no version number"; fi
t "help solve" 0 help solve
cp "$tmp/out" "$tmp/help_solve"
for word in "usage: sanctionsim solve FILE" --mode spe nash --set "KEY=VALUE" japan.alliance_pressure --format table json tsv "Exit status"; do
    has out "$word"
done
t "solve --help" 0 solve --help
if cmp -s "$tmp/out" "$tmp/help_solve"; then pass; else fail "differs from 'help solve'"; fi
t "solve -h" 0 solve -h
has out "usage: sanctionsim solve"
t "help check" 0 help check
has out "usage: sanctionsim check FILE"
t "check --help" 0 check --help
has out "usage: sanctionsim check FILE"
t "help" 0 help
has out "solve"

## Usage errors: exit 2 and name the culprit.
t "no command" 2
has err "usage"
t "unknown command" 2 frobnicate
has err "'frobnicate'"
empty out
t "unknown option" 2 --frobnicate
has err "'--frobnicate'"
t "help for an unknown command" 2 help frobnicate
has err "'frobnicate'"
t "solve: unknown long option" 2 solve "$baseline" --frobnicate
has err "'--frobnicate'"
empty out
t "solve: unknown short option" 2 solve -x "$baseline"
has err "'-x'"
t "check: unknown option" 2 check --frobnicate "$baseline"
has err "'--frobnicate'"
t "check: --format is not an option of check" 2 check --format json "$baseline"
has err "--format"
t "solve: no file" 2 solve
has err "missing"
t "solve: two files" 2 solve "$baseline" "$scenarios/cf_nash.cfg"
has err "cf_nash.cfg"
t "solve: missing file" 2 solve "$tmp/nowhere.cfg"
has err "$tmp/nowhere.cfg"
empty out
t "check: missing file" 2 check "$tmp/nowhere.cfg"
has err "$tmp/nowhere.cfg"
t "solve: bad --mode" 2 solve "$baseline" --mode fast
has err "'fast'"
has err "spe"
empty out
t "solve: --mode without a value" 2 solve "$baseline" --mode
has err "--mode"
t "solve: bad --format" 2 solve "$baseline" --format xml
has err "'xml'"
has err "json"
empty out
t "solve: --set unknown parameter" 2 solve "$baseline" --set japan.nosuch=1
has err "'japan.nosuch'"
has err "alliance_pressure" # the known parameters are listed
t "solve: --set unknown agent" 2 solve "$baseline" --set usa.exposure=1
has err "'usa'"
t "solve: --set out of range" 2 solve "$baseline" --set japan.linkage=2
has err "'japan.linkage'"
has err "must be in [0, 1]"
empty out
t "solve: --set zero cost" 2 solve "$baseline" --set russia.audience_cost=0
has err "'russia.audience_cost'"
t "solve: --set belief out of range" 2 solve "$baseline" --set japan.beliefs.target.substitution=1.5
has err "'japan.beliefs.target.substitution'"
t "solve: --set not a number" 2 solve "$baseline" --set japan.linkage=abc
has err "'japan.linkage'"
has err "'abc'"
t "solve: --set without =" 2 solve "$baseline" --set japan.linkage
has err "japan.linkage"
t "check: --set out of range" 2 check "$baseline" --set japan.exposure=-1
has err "'japan.exposure'"

## Solving the first calibration (tests/fixtures; MODEL.md section 10's known answers).
# the table shows six decimals (0.914960): compare numbers, not text
t "solve baseline" 0 solve "$first"
empty err
near "table s_japan" "$(awk '$1 == "japan" { print $2 }' "$tmp/out")" 0.308 1e-3
near "table s_g7" "$(awk '$1 == "g7" { print $2 }' "$tmp/out")" 0.915 1e-3
has out "converged"
below "table max_regret" "$(sed -n 's/.*max_regret \([-+0-9.eE]*\).*/\1/p' "$tmp/out" | head -1)" 1e-8
for word in russia china X D H payoff_perceived payoff_realized; do has out "$word"; done

## JSON: valid, with every key of the contract (issue 2).
t "solve --format json" 0 solve "$first" --format json
if json_paths <"$tmp/out" >"$tmp/json"; then pass; else fail "output is not valid JSON"; fi
while read -r path type; do
    has_path "$tmp/json" "$path" "$type"
done <<'EOF'
$.scenario string
$.mode string
$.converged bool
$.iterations number
$.max_regret number
$.followers_multiple bool
$.sanctioners array
$.sanctioners[0].id string
$.sanctioners[0].s number
$.sanctioners[0].payoff_perceived number
$.sanctioners[0].payoff_realized number
$.sanctioners[1].id string
$.sanctioners[1].s number
$.sanctioners[1].payoff_perceived number
$.sanctioners[1].payoff_realized number
$.target object
$.target.id string
$.target.c number
$.target.p number
$.target.payoff number
$.patron object
$.patron.id string
$.patron.a number
$.patron.q number
$.patron.payoff number
$.derived object
$.derived.X number
$.derived.D number
$.derived.H number
EOF
name="solve --format json values"
ok "mode is not spe" [ "$(field "$tmp/json" '$.mode')" = spe ]
ok "not converged" [ "$(field "$tmp/json" '$.converged')" = true ]
ok "first sanctioner is not japan" [ "$(field "$tmp/json" '$.sanctioners[0].id')" = japan ]
ok "target is not russia" [ "$(field "$tmp/json" '$.target.id')" = russia ]
ok "patron is not china" [ "$(field "$tmp/json" '$.patron.id')" = china ]
json_s_japan=$(field "$tmp/json" '$.sanctioners[0].s')
near "json s_japan" "$json_s_japan" 0.308 1e-3
near "json s_g7" "$(field "$tmp/json" '$.sanctioners[1].s')" 0.915 1e-3
near "json p" "$(field "$tmp/json" '$.target.p')" 0.097 1e-3
near "json a" "$(field "$tmp/json" '$.patron.a')" 0.374 1e-3
near "json q" "$(field "$tmp/json" '$.patron.q')" 0.355 1e-3
below "json max_regret" "$(field "$tmp/json" '$.max_regret')" 1e-8
# numbers are written so that they read back exactly: 17 significant digits
digits=$(printf '%s' "$json_s_japan" | sed 's/[eE].*//; s/[^0-9]//g; s/^0*//')
ok "s_japan '$json_s_japan' has too few digits to read back exactly" [ "${#digits}" -ge 16 ]

## TSV: a header and one row, the same columns.
t "solve --format tsv" 0 solve "$first" --format tsv
grep -v '^#' "$tmp/out" >"$tmp/tsv" # the provenance lines aside
ok "not a header and one row" [ "$(wc -l <"$tmp/tsv")" -eq 2 ]
ok "header and row have different column counts" \
    awk -F '\t' 'NR == 1 { n = NF } NR == 2 && NF != n { bad = 1 } END { exit bad || n < 10 }' "$tmp/tsv"
for col in s.japan s.g7 c p a q X D H max_regret status; do
    # shellcheck disable=SC2016 # $k is awk's
    ok "header lacks column $col" \
        awk -F '\t' -v c="$col" 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == c) f = 1 } END { exit !f }' "$tmp/tsv"
done
near "tsv s.japan" "$(tsv_field "$tmp/tsv" s.japan)" 0.308 1e-3
near "tsv s.g7" "$(tsv_field "$tmp/tsv" s.g7)" 0.915 1e-3
ok "tsv and json disagree on s.japan" [ "$(tsv_field "$tmp/tsv" s.japan)" = "$json_s_japan" ]
t "solve --format csv" 0 solve "$first" --format csv
near "csv s.japan" "$(grep -v '^#' "$tmp/out" | awk -F , 'NR == 1 { for (k = 1; k <= NF; k++) if ($k == "s.japan") c = k } NR == 2 { print $c }')" 0.308 1e-3

## Overrides and modes move the answer as MODEL.md's table says.
t "--set japan.alliance_pressure=3" 0 solve "$first" --set japan.alliance_pressure=3 --format tsv
near "s_japan with alliance pressure 3" "$(tsv_field "$tmp/out" s.japan)" 0.627 1e-3
t "--mode nash" 0 solve "$first" --mode nash --format tsv
near "s_japan in nash" "$(tsv_field "$tmp/out" s.japan)" 0.526 1e-3
t "--set japan.linkage=1" 0 solve "$first" --set 'japan.linkage = 1' --format tsv
near "c with linkage" "$(tsv_field "$tmp/out" c)" 0.458 1e-3
t "--set Japan's beliefs to the truth" 0 solve "$first" --format tsv \
    --set japan.beliefs.target.reciprocity.japan=0 \
    --set japan.beliefs.target.hedging_value=0.2 \
    --set japan.beliefs.patron.dependence_gain=0.4
near "s_japan with true beliefs" "$(tsv_field "$tmp/out" s.japan)" 0.535 1e-3
t "--set russia.reciprocity.japan" 0 solve "$first" --set russia.reciprocity.japan=0.2 --format tsv
near "s_japan unchanged by reciprocity below the island value" "$(tsv_field "$tmp/out" s.japan)" 0.308 1e-3

## A scenario without a patron: "patron" is null in JSON.
cat >"$tmp/no_patron.cfg" <<'EOF'
agents = (
  { id = "usa"; role = "sanctioner"; exposure = 1; leverage = 1; coalition_weight = 1;
    alliance_pressure = 0; norm_value = 1; territorial_stake = 0; axis_fear = 0;
    deterrence_stake = 0; signal_weight = 1; engagement = 0.2; linkage = 0; },
  { id = "russia"; role = "target"; island_value = 0.3; audience_cost = 1;
    pivot_cost = 1; substitution = 0.5; isolation_premium = 0; hedging_value = 0.1; }
);
EOF
t "solve without a patron" 0 solve "$tmp/no_patron.cfg" --format json
if json_paths <"$tmp/out" >"$tmp/json"; then pass; else fail "output is not valid JSON"; fi
has_path "$tmp/json" '$.patron' null
# U = s - s^2/2 is largest at s = 1
near "s_usa" "$(field "$tmp/json" '$.sanctioners[0].s')" 1 1e-9

## A solve that cannot converge says so and exits 1.
cp "$baseline" "$tmp/baseline_2014.cfg"
cat >"$tmp/one_round.cfg" <<'EOF'
base = "baseline_2014.cfg";
solver = { max_iterations = 1; };
EOF
t "solve that cannot converge" 1 solve "$tmp/one_round.cfg"
has err "converge"
has out "NOT CONVERGED"
t "solve that cannot converge, json" 1 solve "$tmp/one_round.cfg" --format json
if json_paths <"$tmp/out" >"$tmp/json"; then pass; else fail "output is not valid JSON"; fi
name="json of a failed solve"
ok "converged is not false" [ "$(field "$tmp/json" '$.converged')" = false ]

## check: every shipped scenario is valid.
for f in "$scenarios"/*.cfg; do
    t "check $(basename "$f")" 0 check "$f"
    has out "ok"
done
t "check with a valid --set" 0 check "$baseline" --set japan.alliance_pressure=3
has out "ok"

## A full standard output is a failure, not a success.
if [ -w /dev/full ]; then
    for args in "--version" "help solve" "check $baseline" "solve $baseline"; do
        name="$args > /dev/full"
        # shellcheck disable=SC2086
        "$bin" $args >/dev/full 2>"$tmp/err"
        rc=$?
        if [ "$rc" -eq 1 ]; then pass; else fail "exit status $rc, want 1"; fi
        has err "failed"
    done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
