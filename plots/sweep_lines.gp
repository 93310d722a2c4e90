# Every strategy of a sweep (each sanctioner's intensity s, the target's c
# and p, the patron's a and q) against one varied key. `sanctionsim plot`
# runs it, without a shell, as
#   gnuplot -c plots/sweep_lines.gp DIR TERM TITLE XLABEL YLABEL FLAGS
# DIR: a private directory holding data.tsv (a header line with the series'
#      names, then x and one column per series, sorted by x; a blank line
#      where mixed points were, so that the lines stop there) and mixed.tsv
#      (the same header and columns, at the points whose answer is a mixed
#      equilibrium: expected values, drawn as open circles); the plot is
#      written to DIR/plot.TERM
# TERM: png, svg or pdf
# TITLE, XLABEL, YLABEL: text from the sweep file, used only as values (the
#      series' names are read from data.tsv as column headers: data too).
# FLAGS: words of numbers: logx columns unit (1: y in [0, 1]) points (1: marks)
#      has_mixed (1: mixed.tsv has rows)

if (ARGC < 6) {
    print "sweep_lines.gp: run by 'sanctionsim plot' (DIR TERM TITLE XLABEL YLABEL FLAGS)"
    exit status 2
}
dir = ARG1
flag(k) = real(word(ARG6, k))
logx = flag(1); ncol = int(flag(2)); unit = flag(3); marks = flag(4)
has_mixed = words(ARG6) >= 5 ? flag(5) : 0
data = dir . "/data.tsv"
mixed = dir . "/mixed.tsv"

if (ARG2 eq "svg") {
    set terminal svg size 1000,680 font "sans,13" noenhanced background rgb "white"
} else {
    if (ARG2 eq "pdf") {
        set terminal pdfcairo size 10in,6.8in font "sans,11" noenhanced
    } else {
        set terminal pngcairo size 1000,680 font "sans,12" noenhanced
    }
}
set output dir . "/plot." . ARG2
set datafile separator "\t"
set datafile columnheaders
set title ARG3 font ",15"
set xlabel ARG4
set ylabel ARG5
if (logx) { set logscale x }
if (unit) { set yrange [-0.02:1.02] }
set autoscale xfix
set grid lc rgb "#e0e0e0"
set tics out nomirror
set border 3 lw 1.2
# the key below the plot, in two columns (three for many series)
keycols = ncol - 1 > 8 ? 3 : 2
keyrows = ceil((ncol - 1) / real(keycols))
set bmargin at screen 0.12 + 0.04 * keyrows
set key at screen 0.5, screen 0.01 center bottom horizontal maxcols keycols spacing 1.2 width 2

set linetype 1 lc rgb "#1f4e9c" lw 2.5 pt 7 ps 0.6
set linetype 2 lc rgb "#e3a400" lw 2.5 pt 7 ps 0.6
set linetype 3 lc rgb "#d62728" lw 2.5 pt 7 ps 0.6
set linetype 4 lc rgb "#2ca02c" lw 2.5 pt 7 ps 0.6
set linetype 5 lc rgb "#7f7f7f" lw 2.5 pt 7 ps 0.6
set linetype 6 lc rgb "#9467bd" lw 2.5 pt 7 ps 0.6
set linetype 7 lc rgb "#17becf" lw 2.5 pt 7 ps 0.6
set linetype 8 lc rgb "#8c564b" lw 2.5 pt 7 ps 0.6
set linetype cycle 8

# mixed points as open circles in each series' colour, one key entry for all
if (marks) {
    style = "points"
} else {
    style = "lines"
}
if (has_mixed) {
    plot for [k=2:ncol] data using 1:k with @style lt (k - 1) title columnheader(k), \
         for [k=2:ncol] mixed using 1:k with points lt (k - 1) pt 6 ps 1.1 lw 1.5 notitle, \
         keyentry with points pt 6 ps 1.1 lw 1.5 lc rgb "black" title "mixed equilibrium (expected value)"
} else {
    plot for [k=2:ncol] data using 1:k with @style lt (k - 1) title columnheader(k)
}
