#!/usr/bin/env bash
# `sanctionsim plot`: the issue's heatmap and a line plot as PNG (and SVG,
# PDF); text from scenario files cannot run commands through gnuplot; without
# gnuplot a clear error and the data untouched; usage errors.
# Usage: plot.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/lib.sh"

png() { # png FILE: a PNG picture of some size
    if [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] &&
        [ "$(stat -c %s "$1")" -gt 10000 ]; then pass; else fail "$1 is not a PNG picture"; fi
}

grid=(--vary japan.alliance_pressure=0:3:61 --vary japan.territorial_stake=0:2:41)
ran "the issue's sweep" sweep "$baseline" "${grid[@]}" -o a.tsv
sum=$(sha256sum a.tsv)

# without gnuplot: a clear error, no picture, the data untouched
name="no gnuplot"
PATH=/nonexistent "$bin" plot a.tsv -o nognu.png >out 2>err
equal $? 1
has err 'gnuplot is not installed (not found on PATH); install it (Debian: apt-get install gnuplot-nox)'
has err "'a.tsv' is untouched"
absent nognu.png
equal "$(sha256sum a.tsv)" "$sum"

if ! command -v gnuplot >/dev/null; then
    echo "plot.sh: gnuplot is not installed; the drawing tests are skipped"
    finish
fi

t "heatmap" 0 plot a.tsv
png a.png
empty err
equal "$(sha256sum a.tsv)" "$sum"
t "heatmap, svg" 0 plot a.tsv -o a.svg
has a.svg '<svg'
has a.svg 'Baseline 2014 (spe)'
has a.svg 'Japan: alliance pressure (cost of falling short of the coalition)'
has a.svg 'Japan: territorial stake'
has a.svg 'Japan: sanction intensity s'
has a.svg 'Japan: s = 0.4 (below it sanctions are symbolic)'
# every point has an equilibrium: 14 mixed ones on the cliff, marked
has a.svg 'mixed equilibrium: expected value (14 of 2501 points)'
hasnt a.svg 'no certified equilibrium'
t "heatmap, pdf" 0 plot a.tsv -o a.pdf
has a.pdf '%PDF'
t "heatmap of c, axes swapped" 0 plot a.tsv --x japan.territorial_stake \
    --y japan.alliance_pressure --z c -o c.svg
has c.svg 'Russia: territorial concession c'
t "heatmap of max_regret" 0 plot a.tsv --z max_regret -o r.png
png r.png
equal "$(sha256sum a.tsv)" "$sum"

ran "one key" sweep "$baseline" --vary japan.linkage=0:1:51 -o l.tsv
t "lines" 0 plot l.tsv -o l.svg
has l.svg 'Japan: linkage (share of engagement conditional on concession)'
has l.svg 'Japan: intensity s'
has l.svg 'G7 (US, EU and the others): intensity s'
has l.svg 'Russia: concession c'
has l.svg 'China: assertiveness q'
t "lines, png" 0 plot l.tsv
png l.png
t "one column" 0 plot l.tsv --z X -o x.png
png x.png
ran "log scale" sweep "$baseline" --vary g7.exposure=log:0.1:10:21 \
    --vary russia.hedging_value=0,0.2,0.5,1 -o log.tsv
t "heatmap on a log axis" 0 plot log.tsv -o log.png
png log.png
ran "random design" sweep "$baseline" --design lhs --samples 200 \
    --vary japan.alliance_pressure=0:3 --vary japan.territorial_stake=0:2 \
    --vary russia.hedging_value=0:1 -o lhs.tsv
t "scattered points" 0 plot lhs.tsv --x japan.alliance_pressure --y japan.territorial_stake \
    -o lhs.png
png lhs.png

# usage errors
t "not a varied key" 2 plot a.tsv --x japan.exposure -o e.png
has err "--x: 'japan.exposure' is not a varied key of a.tsv (japan.alliance_pressure, japan.territorial_stake)"
t "no such column" 2 plot a.tsv --z nothing -o e.png
has err "--z: a.tsv has no column 'nothing'"
t "x = y" 2 plot a.tsv --x japan.alliance_pressure --y japan.alliance_pressure -o e.png
t "picture kind" 2 plot a.tsv -o a.jpg
has err "the picture must end in .png, .svg or .pdf"
t "three keys" 2 plot "$tmp/three.tsv" -o e.png
ran "three keys" sweep "$baseline" "${grid[@]}" --vary japan.linkage=0,1 -o three.tsv
t "three keys, no choice" 2 plot three.tsv -o e.png
has err 'varies 3 keys: choose --x KEY (lines) or --x KEY --y KEY (heatmap)'
t "three keys, one not fixed" 2 plot three.tsv --x japan.alliance_pressure \
    --y japan.territorial_stake -o e.png
has err "'japan.linkage' takes several values"
t "lines over one key of two" 2 plot a.tsv --x japan.alliance_pressure --z s.g7 -o e.png
has err "'japan.territorial_stake' takes several values"
t "not a sweep file" 2 plot "$baseline" -o e.png
has err 'not a sweep file'
absent e.png

# text from scenario files is data to gnuplot, never code: backquotes,
# system(), macros and quotes in the scenario's and an agent's name
cp "$baseline" evil_base.cfg
sed -i 's|^    name = "Japan";|    name = "Japan`touch pwned-agent`\\" system(\\"touch pwned-agent2\\")";|' evil_base.cfg
cat >evil.cfg <<'CFG'
base = "evil_base.cfg";
name = "x`touch pwned1`y system(\"touch pwned2\") @ARG1 $(touch pwned3) '; system('touch pwned4'); print 'z";
CFG
ran "a hostile scenario" sweep evil.cfg "${grid[@]}" -o 'evil`touch pwned5`.tsv'
t "hostile heatmap" 0 plot 'evil`touch pwned5`.tsv' -o evil.svg
t "hostile lines" 0 plot l.tsv -o evil-lines.png
ran "hostile one key" sweep evil.cfg --vary japan.linkage=0:1:5 -o evil1.tsv
t "hostile line plot" 0 plot evil1.tsv -o evil1.svg
name="nothing ran"
found=$(find "$tmp" / -maxdepth 1 -name 'pwned*' 2>/dev/null)
equal "$found" ""
# ... and the words were drawn as they are
has evil.svg 'x`touch pwned1`y system'
has evil1.svg 'Japan`touch pwned-agent`'

finish
