#!/usr/bin/env bash
# `sanctionsim plot` on sweep files whose columns do not match their '#'
# lines: a varied key without its column, a heatmap without any sanctioner's
# intensity for its contour. Each is bad data: exit status 2 and a message
# naming the missing column, never a crash.
# Usage: plot_columns.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/lib.sh"

if ! command -v gnuplot >/dev/null; then
    echo "plot_columns.sh: gnuplot is not installed; skipped"
    finish
fi

ran "a grid" sweep "$baseline" --vary japan.linkage=0:1:3 --vary japan.exposure=0.5:1:2 -o g.tsv

# (a) a '# vary:' key that has no column
sed 's/^# vary: japan.exposure\t/# vary: japan.nothing\t/' g.tsv >vary.tsv
t "varied key without a column, heatmap" 2 plot vary.tsv -o a.png
has err "^sanctionsim plot: vary.tsv:14: the varied key 'japan.nothing' has no column$"
t "varied key without a column, as --x" 2 plot vary.tsv --x japan.nothing -o a.png
has err "the varied key 'japan.nothing' has no column"
t "varied key without a column, another --x" 2 plot vary.tsv --x japan.linkage -o a.png
has err "the varied key 'japan.nothing' has no column"
absent a.png

# (b) no 's.*' column: a heatmap has no contour to draw
awk -F'\t' '/^#/ { print; next }
    !h { for (i = 1; i <= NF; i++) keep[i] = $i !~ /^s\./; h = 1 }
    { o = ""; for (i = 1; i <= NF; i++) if (keep[i]) o = o (o == "" ? "" : "\t") $i; print o }' \
    g.tsv >nos.tsv
t "--z without any s.* column" 2 plot nos.tsv --z c -o b.png
has err "^sanctionsim plot: nos.tsv has no column 's.japan' (nor any 's.ID') for the heatmap's contour$"
t "no --z without any s.* column" 2 plot nos.tsv -o b.png
has err "no column 's.japan'"
absent b.png
# a line plot needs no contour
ran "one key" sweep "$baseline" --vary japan.linkage=0:1:3 -o one.tsv
awk -F'\t' '/^#/ { print; next }
    !h { for (i = 1; i <= NF; i++) keep[i] = $i !~ /^s\./; h = 1 }
    { o = ""; for (i = 1; i <= NF; i++) if (keep[i]) o = o (o == "" ? "" : "\t") $i; print o }' \
    one.tsv >one-nos.tsv
t "lines of every strategy without s.* columns" 0 plot one-nos.tsv -o c.svg
exists c.svg
t "one column's lines without s.* columns" 0 plot one-nos.tsv --z c -o d.svg
exists d.svg

finish
