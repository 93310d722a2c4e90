# Bar chart of `sanctionsim analyze`: each key's indices with their bootstrap
# intervals. Run by
#   sanctionsim analyze sobol|morris FILE --output COLUMN --plot OUT.png
# as gnuplot -c plots/sensitivity.gp DATA OUT TITLE METHOD TERM
# datafile (a header line, then a row per key):
#   sobol:  key S1 S1_conf ST ST_conf
#   morris: key mu_star mu_star_conf sigma
# TERM: png (the default), svg or pdf. DATA and OUT are temporary files of the
# tool's, named by absolute paths. Text arrives as -c arguments: strings,
# never code.

if (ARGC < 4) {
    print "usage: gnuplot -c sensitivity.gp DATA OUT TITLE METHOD [TERM]"
    exit status 2
}
datafile = ARG1
outfile = ARG2
plot_title = ARG3
method = ARG4
term = ARG5

if (term eq "svg") {
    set terminal svg size 1000,600 font "sans,12" noenhanced background rgb "white"
} else {
    if (term eq "pdf") {
        set terminal pdfcairo size 10in,6in font "sans,11" noenhanced
    } else {
        set terminal pngcairo size 1000,600 font "sans,12" noenhanced
    }
}
set output outfile
set datafile separator "\t"
set datafile columnheaders

set title plot_title font ",14"
set style data histograms
set style histogram errorbars gap 1.5 lw 1.5
set style fill solid 0.85 border rgb "#404040"
set boxwidth 0.9
set grid ytics lc rgb "#e0e0e0"
set border 3
set xtics nomirror rotate by -20
set ytics nomirror
set key top right vertical spacing 1.3
set bmargin 6

if (method eq "sobol") {
    set ylabel "share of the output's variance"
    set yrange [0:*]
    plot datafile using 2:3:xtic(1) lc rgb "#1f4e9c" title "S1 (first order)", \
         ''       using 4:5         lc rgb "#e3a400" title "ST (total)"
} else {
    set ylabel "elementary effect (output per range of the key)"
    set yrange [0:*]
    plot datafile using 2:3:xtic(1) lc rgb "#1f4e9c" title "mu* (mean |effect|)", \
         ''       using 4:(0)       lc rgb "#e3a400" title "sigma (spread: interaction, nonlinearity)"
}
