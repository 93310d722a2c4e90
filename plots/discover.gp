# `sanctionsim discover FILE --where COND --plot OUT.png`: on the left the PRIM
# peeling trajectory (coverage against density, the chosen box and the same
# box after pasting marked), on the right the points on two inputs, those
# where the condition holds in colour, and the chosen box.
# Run as gnuplot -c plots/discover.gp TRAJ POINTS BOX OUT TERM XKEY YKEY TITLE
# TRAJ: "box coverage density chosen" (chosen 1: the chosen box, 2: pasted);
# POINTS: "x y hit"; BOX: the box's corners "x y", closed. All with a header
# line, tab-separated, temporary files of the tool's named by absolute paths.
# TERM: png (the default), svg or pdf. Text arrives as strings, never code.

if (ARGC < 8) {
    print "usage: gnuplot -c discover.gp TRAJ POINTS BOX OUT TERM XKEY YKEY TITLE"
    exit status 2
}
trajfile = ARG1
pointsfile = ARG2
boxfile = ARG3
outfile = ARG4
term = ARG5
xkey = ARG6
ykey = ARG7
plot_title = ARG8

if (term eq "svg") {
    set terminal svg size 1400,620 font "sans,13" noenhanced background rgb "white"
} else {
    if (term eq "pdf") {
        set terminal pdfcairo size 14in,6.2in font "sans,12" noenhanced
    } else {
        set terminal pngcairo size 1400,620 font "sans,13" noenhanced
    }
}
set output outfile
set datafile separator "\t"
set datafile columnheaders

set multiplot layout 1,2 title plot_title font ",15"

# left: the trajectory
set title "peeling trajectory"
set xlabel "coverage (share of the points where it holds that are in the box)"
set ylabel "density (share of the box's points where it holds)"
set xrange [0:1.02]
set yrange [0:1.05]
set grid lc rgb "#e0e0e0"
set key bottom left Left reverse
plot trajfile using ($4 < 2 ? $2 : NaN):3 with linespoints pt 7 ps 0.6 lc rgb "#1f4e9c" \
        title "boxes, peeled from all the points (coverage 1)", \
     ''       using ($4 == 1 ? $2 : NaN):3 with points pt 6 ps 3 lw 2 lc rgb "#e3a400" \
        title "the chosen box", \
     ''       using ($4 == 2 ? $2 : NaN):3 with points pt 5 ps 1.6 lc rgb "#c0392b" \
        title "after pasting"

# right: the points and the box
set title "the points on two inputs, and the box"
set xlabel xkey
set ylabel ykey
set autoscale xy
set key below horizontal maxrows 1 samplen 2 width 2
plot pointsfile using ($3 == 0 ? $1 : NaN):2 with points pt 7 ps 0.45 lc rgb "#b0b0b0" \
        title "condition false", \
     ''         using ($3 == 1 ? $1 : NaN):2 with points pt 7 ps 0.45 lc rgb "#1f4e9c" \
        title "condition true", \
     boxfile    using 1:2 with lines lw 3 lc rgb "#c0392b" title "the box (pasted)"

unset multiplot
