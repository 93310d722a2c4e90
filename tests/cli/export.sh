#!/usr/bin/env bash
# Command-line tests of `export`: the .nfg it writes follows Gambit's
# documented grammar (checked by an independent parser in python3), carries
# the provenance in its comment, applies --set and --mode, and its payoffs
# are the model's (the pure equilibrium of a fine grid lies next to `solve`'s
# answer); too large a game is refused before anything is written. When
# Gambit's command-line tools are installed, they load the file too.
# (The writer and reader have a unit test: tests/test_nfg.c.)
# Usage: export.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup export "$@"
sc=$root/scenarios

# nfg.py FILE...: parses each FILE by Gambit's documented grammar (payoff
# version: NFG 1 R "title" { players } { { labels }... | counts } ["comment"]
# numbers) and prints, prefixed by the file's name, "players=N
# strategies=K1,K2,... payoffs=M", its labels, and for a two-player game its
# pure equilibria ("pure LABEL1 LABEL2", every deviation checked). One python
# run for every file: starting python is the slow part of this test.
cat >"$tmp/nfg.py" <<'PYEOF'
import os, re, sys
number = re.compile(r"-?[0-9]+(\.[0-9]+)?$")  # plain decimals: Gambit reads them exactly
def check(path):
    name = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    tokens = re.findall(r'"(?:\\"|[^"])*"|[{}]|[^\s{}"]+', text)
    pos = 0
    def take(want=None):
        nonlocal pos
        tok = tokens[pos]
        pos += 1
        if want is not None and tok != want:
            raise SystemExit("%s: expected %r, got %r at token %d" % (name, want, tok, pos))
        return tok
    def label():
        tok = take()
        if not (tok.startswith('"') and tok.endswith('"')):
            raise SystemExit("%s: expected a label, got %r" % (name, tok))
        return tok[1:-1].replace('\\"', '"')
    take("NFG"); take("1"); take("R"); label()
    take("{")
    players = []
    while tokens[pos] != "}":
        players.append(label())
    take("}")
    take("{")
    strategies = []
    for p in players:
        if tokens[pos] == "{":
            take("{")
            labels = []
            while tokens[pos] != "}":
                labels.append(label())
            take("}")
            strategies.append(labels)
        else:
            strategies.append([str(s + 1) for s in range(int(take()))])
    take("}")
    if pos < len(tokens) and tokens[pos].startswith('"'):
        label()
    payoffs = tokens[pos:]
    bad = [x for x in payoffs if not number.match(x)]
    if bad:
        raise SystemExit("%s: not a plain decimal: %r" % (name, bad[0]))
    profiles = 1
    for s in strategies:
        profiles *= len(s)
    if len(payoffs) != profiles * len(players):
        raise SystemExit("%s: %d payoffs, want %d" % (name, len(payoffs), profiles * len(players)))
    print("%s players=%d strategies=%s payoffs=%d" % (name, len(players), ",".join(str(len(s)) for s in strategies), len(payoffs)))
    for p, s in zip(players, strategies):
        print("%s labels %s %s" % (name, p, " ".join(s)))
    if len(players) == 2:
        k1, k2 = len(strategies[0]), len(strategies[1])
        u = [float(x) for x in payoffs]
        a = lambda r, c: u[2 * (r + k1 * c)]       # player 1's strategy fastest
        b = lambda r, c: u[2 * (r + k1 * c) + 1]
        best1 = [max(a(r, c) for r in range(k1)) for c in range(k2)]
        best2 = [max(b(r, c) for c in range(k2)) for r in range(k1)]
        for r in range(k1):
            for c in range(k2):
                if a(r, c) >= best1[c] and b(r, c) >= best2[r]:
                    print("%s pure %s %s" % (name, strategies[0][r], strategies[1][c]))
for path in sys.argv[1:]:
    check(path)
PYEOF
py=/usr/bin/python3
[ -x "$py" ] || py=python3

t "export baseline" 0 export "$sc/baseline_2014.cfg" --grid 3 -o "$tmp/g3.nfg"
holds "nothing on stdout with -o" test ! -s "$tmp/out"
has "$tmp/g3.nfg" '^NFG 1 R "Baseline 2014: the leaders.* (spe)" { "japan" "g7" }'
has "$tmp/g3.nfg" "^# command: sanctionsim export $sc/baseline_2014.cfg --grid 3 -o"
has "$tmp/g3.nfg" "^# scenario_sha256: [0-9a-f]\{64\}$"
has "$tmp/g3.nfg" "followers anticipated (spe)"
t "to standard output" 0 export "$sc/baseline_2014.cfg" --grid 3
# the command line in the comment differs: compare the payoffs
tail -n 9 "$tmp/out" >"$tmp/a"
tail -n 9 "$tmp/g3.nfg" >"$tmp/b"
same "stdout has the same payoffs" "$tmp/a" "$tmp/b"
# the payoffs are the model's: on a grid of 0.01 the finite game's pure
# equilibrium is the grid point next to solve's (japan 0.201, g7 0.920)
t "export baseline fine" 0 export "$sc/baseline_2014.cfg" --grid 101 -o "$tmp/g101.nfg"
# --mode and --set apply
t "nash mode" 0 export "$sc/baseline_2014.cfg" --grid 3 --mode nash -o "$tmp/n3.nfg"
has "$tmp/n3.nfg" "(nash)\" { "
has "$tmp/n3.nfg" "followers held (nash)"
tail -n 9 "$tmp/n3.nfg" >"$tmp/c"
differ() { ! cmp -s "$1" "$2"; }
holds "nash payoffs differ from spe's" differ "$tmp/b" "$tmp/c"
t "set" 0 export "$sc/baseline_2014.cfg" --grid 3 --set japan.max_intensity=0.5 -o "$tmp/s3.nfg"
has "$tmp/s3.nfg" "^# set: japan.max_intensity=0.5$"
# six sanctioners
t "allies" 0 export "$sc/allies_2014.cfg" --grid 2 -o "$tmp/a2.nfg"

"$py" "$tmp/nfg.py" "$tmp/g3.nfg" "$tmp/g101.nfg" "$tmp/n3.nfg" "$tmp/s3.nfg" "$tmp/a2.nfg" \
    >"$tmp/check" 2>&1
holds "the grammar holds" test $? -eq 0
has "$tmp/check" "^g3.nfg players=2 strategies=3,3 payoffs=18$"
has "$tmp/check" "^g3.nfg labels japan 0 0.5 1$"
has "$tmp/check" "^g3.nfg labels g7 0 0.5 1$"
has "$tmp/check" "^g101.nfg players=2 strategies=101,101 payoffs=20402$"
has "$tmp/check" "^g101.nfg pure 0.2 0.92$"
holds "one pure equilibrium" test "$(grep -c '^g101.nfg pure' "$tmp/check")" -eq 1
has "$tmp/check" "^n3.nfg players=2 strategies=3,3 payoffs=18$"
has "$tmp/check" "^s3.nfg labels japan 0 0.25 0.5$"
has "$tmp/check" "^a2.nfg players=6 strategies=2,2,2,2,2,2 payoffs=384$"

# too large: refused before writing, an existing file kept
echo "keep me" >"$tmp/keep.nfg"
t "over 1 GB by count" 2 export "$sc/baseline_2014.cfg" --grid 100000 -o "$tmp/keep.nfg"
has "$tmp/err" "^sanctionsim export: --grid 100000: the file would be at least 40 GB (10000000000 profiles of 2 payoffs); the limit is 1 GB$"
t "over 1 GB by estimate" 2 export "$sc/allies_2014.cfg" --grid 16 -o "$tmp/keep.nfg"
has "$tmp/err" "^sanctionsim export: --grid 16: the file would be about 2.[0-9]* GB (16777216 profiles); the limit is 1 GB$"
has "$tmp/keep.nfg" "^keep me$"
holds "no temporary file left" test "$(find "$tmp" -name 'keep.nfg.*' | wc -l)" -eq 0
t "grid 1" 2 export "$sc/baseline_2014.cfg" --grid 1
has "$tmp/err" "'1' is not a whole number from 2 to 1000000"
t "no grid" 2 export "$sc/baseline_2014.cfg"
has "$tmp/err" "^sanctionsim export: --grid K is required$"
t "help" 0 export --help
has "$tmp/out" "^usage: sanctionsim export FILE --grid K"

# Gambit itself, when installed (Debian does not package it): its tools load
# the file and find the same pure equilibrium
if command -v gambit-enumpure >/dev/null 2>&1; then
    gambit-enumpure "$tmp/g101.nfg" >"$tmp/gambit" 2>&1
    holds "gambit-enumpure loads the file" test $? -eq 0
    has "$tmp/gambit" "^NE,"
else
    echo "note: gambit-enumpure is not installed; Gambit's own check skipped"
fi

summary
