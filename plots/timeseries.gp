# Time series of a `sanctionsim run`: every sanctioner's modelled intensity
# (solid), its observed index as steps (dashed, same colour) and the events
# as marked dates. `sanctionsim run FILE --plot OUT.png` runs it as
#   gnuplot -c plots/timeseries.gp DATA EVENTS OBSERVED OUT TITLE IDS OBSERVED_IDS PERIOD_MONTHS TERM
# TERM: png (the default), svg or pdf. The files are temporary files of the
# tool's, named by absolute paths (gnuplot runs a name beginning with '<' or
# '|' as a command).
# datafile: the run's TSV; eventsfile: "date<TAB>label" rows (YYYY-MM-DD);
# observedfile: the observed index on each date it changes (YYYY-MM-DD).
# Text from the scenario arrives as -c arguments: strings, never code.

if (ARGC < 8) {
    print "usage: gnuplot -c timeseries.gp DATA EVENTS OBSERVED OUT TITLE IDS OBSERVED_IDS PERIOD_MONTHS"
    exit status 2
}
datafile = ARG1
eventsfile = ARG2
observedfile = ARG3
outfile = ARG4
plot_title = ARG5
ids = ARG6
observed_ids = ARG7
period_months = ARG8
term = ARG9

if (term eq "svg") {
    set terminal svg size 1500,820 font "sans,13" noenhanced background rgb "white"
} else {
    if (term eq "pdf") {
        set terminal pdfcairo size 15in,8.2in font "sans,12" noenhanced
    } else {
        set terminal pngcairo size 1500,820 font "sans,13" noenhanced
    }
}
set output outfile
set datafile separator "\t"
set datafile columnheaders

# one colour per sanctioner, shared by its model line and its observed steps
set linetype 1 lc rgb "#1f4e9c" lw 2.5
set linetype 2 lc rgb "#e3a400" lw 2.5
set linetype 3 lc rgb "#d62728" lw 2.5
set linetype 4 lc rgb "#2ca02c" lw 2.5
set linetype 5 lc rgb "#7f7f7f" lw 2.5
set linetype 6 lc rgb "#9467bd" lw 2.5
set linetype 7 lc rgb "#17becf" lw 2.5
set linetype 8 lc rgb "#8c564b" lw 2.5
set linetype cycle 8

idx(w) = sum [j=1:words(ids)] (word(ids, j) eq w ? j : 0)

set title plot_title font ",16"
set xdata time
set format x "%b\n%Y"
set xtics nomirror
set mxtics 4
set ytics 0, 0.2, 1 nomirror
set yrange [0:1.42]
set ylabel "sanction intensity (1 = the full US/EU package)"
set grid xtics ytics lc rgb "#e0e0e0"
set key outside right top vertical spacing 1.3 title "solid: model\ndashed: observed index" left
set border 3
set lmargin 10

# a period's values are drawn at its end, when that period's moves are made
t(c) = timecolumn(c, "%Y-%m") + real(period_months) * 2629746
te(c) = timecolumn(c, "%Y-%m-%d")

# the observed steps only when some sanctioner has measures (an empty
# iteration would still look its column up)
if (words(observed_ids) > 0) {
    plot \
        eventsfile using (te(1)):(0):(0):(1.0) with vectors nohead lc rgb "#b0b0b0" dt 3 lw 1 notitle, \
        eventsfile using (te(1)):(1.03):2 with labels rotate by 90 left font ",11" tc rgb "#505050" notitle, \
        for [i=1:words(ids)] datafile using (t(1)):(column("s.".word(ids, i))) \
            with lines lt i title word(ids, i), \
        for [i=1:words(observed_ids)] observedfile using (te(1)):(column("observed.".word(observed_ids, i))) \
            with steps lt idx(word(observed_ids, i)) lw 2 dt (6, 4) notitle
} else {
    set key title "model"
    plot \
        eventsfile using (te(1)):(0):(0):(1.0) with vectors nohead lc rgb "#b0b0b0" dt 3 lw 1 notitle, \
        eventsfile using (te(1)):(1.03):2 with labels rotate by 90 left font ",11" tc rgb "#505050" notitle, \
        for [i=1:words(ids)] datafile using (t(1)):(column("s.".word(ids, i))) \
            with lines lt i title word(ids, i)
}
