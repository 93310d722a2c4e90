# Bar chart of a `sanctionsim compare`: every sanctioner's intensity and the
# followers' strategies (c, p, a, q), base next to alt. Run by
#   sanctionsim compare BASE ALT --plot OUT.png
# as gnuplot -c plots/compare.gp DATA OUT TITLE BASE_TITLE ALT_TITLE TERM
# datafile: "quantity<TAB>base<TAB>alt" rows with a header line.
# TERM: png (the default), svg or pdf. DATA and OUT are temporary files of the
# tool's, named by absolute paths (gnuplot runs a name beginning with '<' or
# '|' as a command).
# Text from the scenarios arrives as -c arguments: strings, never code.

if (ARGC < 5) {
    print "usage: gnuplot -c compare.gp DATA OUT TITLE BASE_TITLE ALT_TITLE"
    exit status 2
}
datafile = ARG1
outfile = ARG2
plot_title = ARG3
base_title = ARG4
alt_title = ARG5
term = ARG6

if (term eq "svg") {
    set terminal svg size 1200,700 font "sans,13" noenhanced background rgb "white"
} else {
    if (term eq "pdf") {
        set terminal pdfcairo size 12in,7in font "sans,12" noenhanced
    } else {
        set terminal pngcairo size 1200,700 font "sans,13" noenhanced
    }
}
set output outfile
set datafile separator "\t"
set datafile columnheaders

set title plot_title font ",15"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border rgb "#404040"
set boxwidth 0.9
set yrange [0:1.15]
set ytics 0, 0.2, 1 nomirror
set ylabel "strategy (0 to 1)"
set xlabel "s.ID: sanction intensity   c: concession   p: pivot to the patron   a: alignment   q: assertiveness"
set grid ytics lc rgb "#e0e0e0"
set border 3
set xtics nomirror
set key top left vertical spacing 1.3

plot datafile using 2:xtic(1) lc rgb "#1f4e9c" title base_title, \
     ''       using 3         lc rgb "#e3a400" title alt_title
