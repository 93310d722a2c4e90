# Monte Carlo fan charts of a `sanctionsim run --runs N`: for each sanctioner
# the 5-95 % and 25-75 % bands of its intensity, the median, and the observed
# index as steps. `sanctionsim run FILE --runs N --plot OUT.png` runs it as
#   gnuplot -c plots/fan.gp DATA EVENTS OBSERVED OUT TITLE IDS OBSERVED_IDS PERIOD_MONTHS TERM
# TERM: png (the default), svg or pdf. The files are temporary files of the
# tool's, named by absolute paths (gnuplot runs a name beginning with '<' or
# '|' as a command).
# Text from the scenario arrives as -c arguments: strings, never code.

if (ARGC < 8) {
    print "usage: gnuplot -c fan.gp DATA EVENTS OBSERVED OUT TITLE IDS OBSERVED_IDS PERIOD_MONTHS"
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

n = words(ids)
ncols = (n <= 1) ? 1 : (n <= 4 ? 2 : 3)
nrows = int(ceil(n * 1.0 / ncols))
if (term eq "svg") {
    set terminal svg size 620 * ncols, 380 * nrows + 90 font "sans,12" noenhanced background rgb "white"
} else {
    if (term eq "pdf") {
        set terminal pdfcairo size 6.2 * ncols, 3.8 * nrows + 0.9 font "sans,11" noenhanced
    } else {
        set terminal pngcairo size 620 * ncols, 380 * nrows + 90 font "sans,12" noenhanced
    }
}
set output outfile
set datafile separator "\t"
set datafile columnheaders

observed(w) = strstrt(" ".observed_ids." ", " ".w." ") > 0
# a period's values are drawn at its end, when that period's moves are made
t(c) = timecolumn(c, "%Y-%m") + real(period_months) * 2629746
te(c) = timecolumn(c, "%Y-%m-%d")

# ticks by the span of the data: panels are narrow, so whole years when the
# run is long, half years or months when it is short
stats datafile using (timecolumn(1, "%Y-%m")) nooutput
span = STATS_max - STATS_min
year = 365.25 * 86400
set xdata time
if (span > 2.5 * year) {
    set format x "%Y"
    set xtics year nomirror
} else {
    set format x "%b\n%Y"
    set xtics (span > year ? year / 2 : year / 12) nomirror
}
set ytics 0, 0.2, 1 nomirror
set yrange [0:1.22]
set grid xtics ytics lc rgb "#e0e0e0"
set border 3
set key top left horizontal reverse Left samplen 2 width 1 font ",10"
set style fill solid 1.0 noborder

set multiplot layout nrows, ncols title plot_title font ",15"
do for [i=1:n] {
    id = word(ids, i)
    set title id font ",13"
    set ylabel (i % ncols == 1 || ncols == 1) ? "intensity" : ""
    if (observed(id)) {
        plot eventsfile using (te(1)):(0):(0):(1.0) with vectors nohead lc rgb "#c0c0c0" dt 3 notitle, \
             datafile using (t(1)):(column("s.".id.".p05")):(column("s.".id.".p95")) \
                 with filledcurves lc rgb "#c6dbef" title "5-95 %", \
             datafile using (t(1)):(column("s.".id.".p25")):(column("s.".id.".p75")) \
                 with filledcurves lc rgb "#6baed6" title "25-75 %", \
             datafile using (t(1)):(column("s.".id.".p50")) with lines lw 2.5 lc rgb "#08306b" \
                 title "median", \
             observedfile using (te(1)):(column("observed.".id)) with steps lw 2 dt (6, 4) \
                 lc rgb "#d62728" title "observed"
    } else {
        plot eventsfile using (te(1)):(0):(0):(1.0) with vectors nohead lc rgb "#c0c0c0" dt 3 notitle, \
             datafile using (t(1)):(column("s.".id.".p05")):(column("s.".id.".p95")) \
                 with filledcurves lc rgb "#c6dbef" title "5-95 %", \
             datafile using (t(1)):(column("s.".id.".p25")):(column("s.".id.".p75")) \
                 with filledcurves lc rgb "#6baed6" title "25-75 %", \
             datafile using (t(1)):(column("s.".id.".p50")) with lines lw 2.5 lc rgb "#08306b" \
                 title "median"
    }
}
unset multiplot
