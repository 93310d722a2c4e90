# Heatmap of one column of a sweep over two varied keys, with the contour
# where a sanctioner's intensity crosses a level (s = 0.4: below it Japan's
# sanctions are symbolic). `sanctionsim plot` runs it, without a shell, as
#   gnuplot -c plots/sweep_heatmap.gp DIR TERM TITLE XLABEL YLABEL ZLABEL FLAGS CLABEL FLABEL
# DIR: a private directory holding data.tsv (x y z contour-column, blocks of
#      constant x separated by blank lines) and, if any, failed.tsv (x y) and
#      mixed.tsv (x y: the points whose answer is a mixed equilibrium);
#      the plot is written to DIR/plot.TERM
# TERM: png, svg or pdf
# TITLE, XLABEL, YLABEL, ZLABEL, CLABEL (contour), FLABEL (failed points,
#      then '|' and the label of the mixed points: gnuplot takes 9 arguments):
#      text from the sweep file. They arrive as ARGn string variables and are
#      only ever used as values (never pasted into a command, no macros), so a
#      label holding backquotes or system("...") stays text.
# FLAGS: words of numbers written by sanctionsim:
#      logx logy zmin zmax (zmin = zmax: autoscale) contour_level has_contour
#      has_failed image (1: a uniform grid drawn cell by cell; 0: pm3d; 2: scattered
#      points) has_point px py (the scenario's own values, marked) has_mixed

if (ARGC < 9) {
    print "sweep_heatmap.gp: run by 'sanctionsim plot' (DIR TERM TITLE XLABEL YLABEL ZLABEL FLAGS CLABEL FLABEL)"
    exit status 2
}
dir = ARG1
flag(k) = real(word(ARG7, k))
logx = flag(1); logy = flag(2); zmin = flag(3); zmax = flag(4)
level = flag(5); has_contour = flag(6); has_failed = flag(7); image = flag(8)
has_point = flag(9); px = flag(10); py = flag(11)
has_mixed = words(ARG7) >= 12 ? flag(12) : 0
bar = strstrt(ARG9, "|")
failed_title = bar > 0 ? ARG9[1:bar - 1] : ARG9
mixed_title = bar > 0 ? ARG9[bar + 1:] : "mixed equilibrium"
data = dir . "/data.tsv"
contour = dir . "/contour.tsv"
failed = dir . "/failed.tsv"
mixed = dir . "/mixed.tsv"

if (ARG2 eq "svg") {
    set terminal svg size 1000,760 font "sans,13" noenhanced background rgb "white"
} else {
    if (ARG2 eq "pdf") {
        set terminal pdfcairo size 10in,7.6in font "sans,11" noenhanced
    } else {
        set terminal pngcairo size 1000,760 font "sans,12" noenhanced
    }
}
# data.tsv holds numbers only: the default separator (white space) reads it
# and the contour table gnuplot writes

# the contour line, computed from the grid into a table first
if (has_contour) {
    set contour base
    set cntrparam levels discrete level
    set cntrparam linear
    unset surface
    set table contour
    splot data using 1:2:4 with lines notitle
    unset table
    unset contour
    set surface
}

set output dir . "/plot." . ARG2
set title ARG3 font ",15"
set xlabel ARG4
set ylabel ARG5
set cblabel ARG6
if (logx) { set logscale x }
if (logy) { set logscale y }
if (zmin < zmax) { set cbrange [zmin:zmax] } else { set autoscale cb }
set autoscale xfix
set autoscale yfix
set tics out nomirror
set border lw 1.2
# viridis: ordered in lightness, readable in grey and by colour-blind readers
set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", 0.75 "#5ec962", 1 "#fde725")
set rmargin at screen 0.83
set bmargin at screen 0.22
set key at screen 0.45, screen 0.02 center bottom horizontal samplen 3 spacing 1.2 width 2

# The plot command is assembled from fixed text only; the labels enter it as
# the variables ARG8, failed_title and mixed_title, whose values eval never
# parses.
if (image != 0) {
    set colorbox user origin graph 1.03, graph 0 size character 2, graph 1
}
if (image == 1) {
    cmd = "plot data using 1:2:3 with image notitle"
    with2d = "using 1:2"
} else { if (image == 2) {
    cmd = "plot data using 1:2:3 with points pt 5 ps 0.9 lc palette notitle"
    with2d = "using 1:2"
} else {
    set pm3d map corners2color c1
    set view map
    # (a 3-D key is placed by its top line)
    set key at screen 0.45, screen 0.12 center top
    cmd = "splot data using 1:2:3 with pm3d notitle"
    with2d = "using 1:2:(0)"
} }
if (has_contour) {
    cmd = cmd . ", contour " . with2d . " with lines lw 3 lc rgb 'black' title ARG8"
}
if (has_failed) {
    cmd = cmd . ", failed " . with2d . " with points pt 2 ps 1 lw 2 lc rgb '#d62728' title failed_title"
}
# mixed points: an open circle with a white halo, readable on every colour;
# the cell's colour is the expected value, between the two branches
if (has_mixed) {
    cmd = cmd . ", mixed " . with2d . " with points pt 6 ps 1.3 lw 3.5 lc rgb 'white' notitle"
    cmd = cmd . ", mixed " . with2d . " with points pt 6 ps 1.3 lw 1.5 lc rgb '#e7298a' title mixed_title"
}
if (has_point) {
    point = image == 0 ? "'+' using (px):(py):(0)" : "'+' using (px):(py)"
    cmd = cmd . ", " . point . " every ::0::0 with points pt 9 ps 2.2 lc rgb 'white' notitle"
    cmd = cmd . ", " . point . " every ::0::0 with points pt 8 ps 2.2 lw 1.5 lc rgb 'black' title \"the scenario's own values\""
}
eval cmd
