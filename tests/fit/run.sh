#!/usr/bin/env bash
# Command-line tests of `sanctionsim fit`: the fitted file it writes (never
# over its own input or a base, never over a file without --force, names
# escaped, any directory spelling), and --data tables with missing cells.
# Usage: run.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup fit "$@"

# absent NAME PATTERN: no file matches the glob PATTERN (no temporary left).
absent() {
    name=$1
    local f
    for f in $2; do
        if [ -e "$f" ]; then
            fail "$f exists"
            return
        fi
    done
    pass
}
# value FIELD FILE: the number after FIELD in fit's summary ("rmse A -> B": B).
rmse_after() { sed -n 's/^fit .* -> \([0-9.]*\)$/\1/p' "$1"; }
estimate() { awk -v k="$1" '$1 == k { print $3 }' "$2"; }

# Everything runs in a scratch directory holding the timeline and its base.
w=$tmp/w
mkdir "$w"
cp "$root/scenarios/timeline_2014_2018.cfg" "$w/"
# the timeline's base is the allies of the first calibration (a fixture), so that
# what is checked of the fit (convergence, identification) does not move with
# each recalibration of scenarios/allies_2014.cfg
cp "$root/tests/fixtures/first_calibration_allies_2014.cfg" "$w/allies_2014.cfg"
cd "$w" || exit 1
x=timeline_2014_2018.cfg
base=allies_2014.cfg
cp "$x" "$tmp/x.orig"
cp "$base" "$tmp/base.orig"
K=japan.alliance_pressure

# --- item 10: -o with a plain file name (no '/') --------------------------
t "-o NAME in the current directory" 0 fit "$x" --free "$K" -o fitted.cfg
has "$tmp/out" '^wrote fitted.cfg$'
t "the fitted file loads" 0 check fitted.cfg
t "-o ./NAME" 0 fit "$x" --free "$K" -o ./fitted2.cfg
t "-o DIR/NAME with the input as DIR/NAME" 0 fit "$w/$x" --free "$K" -o "$w/fitted3.cfg"
t "input without '/', -o with a path" 0 fit "$x" --free "$K" -o "$w/fitted4.cfg"
t "the fitted file loads" 0 check "$w/fitted4.cfg"
mkdir sub
t "-o in another directory" 2 fit "$x" --free "$K" -o sub/f.cfg
has "$tmp/err" "must be written in the same directory (.)"
absent "-o in another directory writes nothing" "sub/*"
absent "no temporary files" "*.tmp*"

# --- item 2: never over the input or a base; --force to replace -----------
ln -s "$x" link.cfg
ln "$x" hard.cfg
for spelling in "$x" "./$x" "$w/$x" "sub/../$x" link.cfg hard.cfg; do
    for force in "" --force; do
        t "-o $spelling $force: the input itself" 2 fit "$x" --free "$K" -o "$spelling" $force
        has "$tmp/err" "^sanctionsim fit: '$spelling' is the scenario being fitted"
        hasnt "$tmp/out" .
        same "-o $spelling $force: the input is intact" "$x" "$tmp/x.orig"
    done
done
for spelling in "$base" "./$base"; do
    t "-o $spelling --force: a base of the input" 2 fit "$x" --free "$K" -o "$spelling" --force
    has "$tmp/err" "^sanctionsim fit: '$spelling' is a base of the scenario being fitted"
    same "-o $spelling: the base is intact" "$base" "$tmp/base.orig"
done
# the input given through a link: still the same file
t "input through a link, -o the real file" 2 fit link.cfg --free "$K" -o "$x" --force
same "the input is intact" "$x" "$tmp/x.orig"
# a fitted file's chain holds the file it was fitted from
t "fit a fitted file over the file it builds on" 2 fit fitted.cfg --free "$K" -o "$x" --force
has "$tmp/err" "'$x' is a base of the scenario being fitted"
same "the original is intact" "$x" "$tmp/x.orig"
t "fit a fitted file over itself" 2 fit fitted.cfg --free "$K" -o fitted.cfg --force
cp fitted.cfg "$tmp/fitted.orig"
echo "keep me" >mine.cfg
t "an existing output without --force" 2 fit "$x" --free "$K" -o mine.cfg
has "$tmp/err" "^sanctionsim fit: 'mine.cfg' exists; use --force to replace it$"
has "$tmp/err" "^see 'sanctionsim help fit'$"
hasnt "$tmp/out" .
has mine.cfg "^keep me$"
ln -s mine.cfg mylink.cfg
t "an existing link as output without --force" 2 fit "$x" --free "$K" -o mylink.cfg
has "$tmp/err" "'mylink.cfg' exists; use --force"
ln -s nowhere.cfg dangling.cfg
t "a dangling link as output without --force" 2 fit "$x" --free "$K" -o dangling.cfg
t "an existing output with --force" 0 fit "$x" --free "$K" -o mine.cfg --force
hasnt mine.cfg "keep me"
t "the replaced file loads" 0 check mine.cfg
mkdir dir.cfg
t "a directory as output" 2 fit "$x" --free "$K" -o dir.cfg --force
has "$tmp/err" "'dir.cfg' is a directory"
absent "no temporary files" "*.tmp*"
t "help names --force" 0 help fit
has "$tmp/out" "--force"

# --- item 8: names are written escaped ------------------------------------
# shellcheck disable=SC2016 # the libconfig text is literal
printf '%s\n' 'base = "timeline_2014_2018.cfg";' \
    'name = "a\"; mode = \"nash\"; description = \"b";' >inject.cfg
t "a name with quotes loads" 0 solve inject.cfg
has "$tmp/out" '^scenario   a"; mode = "nash"; description = "b (inject.cfg)$'
has "$tmp/out" '^mode       spe$'
t "fit it" 0 fit inject.cfg --free "$K" -o inject_fit.cfg
t "the fitted file loads" 0 check inject_fit.cfg
t "solve the fitted file" 0 solve inject_fit.cfg
has "$tmp/out" '^scenario   a"; mode = "nash"; description = "b (fitted) (inject_fit.cfg)$'
has "$tmp/out" '^mode       spe$'
printf '%s\n' 'base = "timeline_2014_2018.cfg";' 'name = "back\\slash \\n \\x41";' >bs.cfg
t "a name with backslashes loads" 0 solve bs.cfg
has "$tmp/out" '^scenario   back\\slash \\n \\x41 (bs.cfg)$'
t "fit it" 0 fit bs.cfg --free "$K" -o bs_fit.cfg
t "the fitted file loads" 0 solve bs_fit.cfg
has "$tmp/out" '^scenario   back\\slash \\n \\x41 (fitted) (bs_fit.cfg)$'
# the longest name a scenario may have still fits with " (fitted)" added
long=$(printf 'n%.0s' $(seq 127))
printf 'base = "%s";\nname = "%s";\n' "$x" "$long" >long.cfg
t "a 127-character name loads" 0 check long.cfg
t "fit it" 0 fit long.cfg --free "$K" -o long_fit.cfg
t "the fitted file loads" 0 check long_fit.cfg
has long_fit.cfg ' (fitted)";$'

# the fitted file is the scenario that was fitted: --set and --mode go in
t "fit with --set and --mode" 0 fit "$x" --free "$K" --set new_zealand.exposure=0.3 --mode nash \
    -o withset.cfg
has withset.cfg '^  "new_zealand.exposure=0.3",  # --set$'
has withset.cfg '^mode = "nash";$'
est=$(sed -n "s/^  \"$K = \([-0-9.e]*\)\".*/\1/p" withset.cfg)
t "solve the fitted file" 0 solve withset.cfg
sed 1d "$tmp/out" >"$tmp/fitted.solve"
t "solve FILE with the same settings" 0 solve "$x" --set new_zealand.exposure=0.3 --mode nash \
    --set "$K=$est"
sed 1d "$tmp/out" >"$tmp/direct.solve"
same "the fitted file solves as the fit's scenario" "$tmp/fitted.solve" "$tmp/direct.solve"
t "-o - (standard output)" 2 fit "$x" --free "$K" -o -
has "$tmp/err" "^sanctionsim fit: -o: the fitted scenario is a file next to FILE, not standard output$"
# fitting a fitted scenario again keeps its name
t "fit a fitted file" 0 fit withset.cfg --free "$K" -o refit.cfg
has refit.cfg '^name = "2014-2018 timeline, allies (fitted)";$'

# --- item 17: honest standard errors, --data a directory ------------------
# the data come from the model at japan.alliance_pressure = 0.6, whatever
# the scenario's own value is
"$bin" run "$x" --set "$K=0.6" -o series.tsv >/dev/null 2>&1
np=$(grep -v '^#' series.tsv | tail -n +2 | wc -l)
grep -v '^#' series.tsv | cut -f1,2 >usa.tsv
t "a parameter the data do not identify" 0 fit "$x" --data usa.tsv --free "$K" \
    --free usa.exposure --set usa.exposure=0.5 -o ident.cfg
has "$tmp/out" "not identified"
has ident.cfg "\"$K = [-0-9.e]*\",  # std. error: not identified$"
hasnt ident.cfg "std. error 0$"
has ident.cfg '"usa.exposure = [-0-9.e]*"  # std. error [0-9]'
t "the fitted file loads" 0 check ident.cfg
mkdir table.tsv
t "--data DIRECTORY" 2 fit "$x" --free "$K" --data table.tsv
has "$tmp/err" "^sanctionsim fit: --data: table.tsv: Is a directory$"
hasnt "$tmp/err" "no data rows"

# --- item 9: empty cells are missing values; short rows are errors ---------
# the data come from the model at japan.alliance_pressure = 0.6; the fit
# starts at 0.9 and must come back to 0.6 with nothing left over
t "fit to the model's own series" 0 fit "$x" --data series.tsv --free "$K" --set "$K=0.9"
has "$tmp/out" "^data       series.tsv, $((np * 6)) points\$"
below "the fit to complete data" "$(rmse_after "$tmp/out")" 1e-5
# blank s.usa (2nd column) from 2015-01 to 2015-06, as pandas writes NA
awk -F'\t' 'BEGIN { OFS = "\t" } /^#/ || $1 == "date" { print; next }
    $1 >= "2015-01" && $1 <= "2015-06" { $2 = "" } { print }' series.tsv >blank.tsv
t "fit to a table with empty cells" 0 fit "$x" --data blank.tsv --free "$K" --set "$K=0.9"
has "$tmp/out" "^data       blank.tsv, $((np * 6 - 6)) points\$"
name="empty cells do not shift the columns"
below "rmse after" "$(rmse_after "$tmp/out")" 1e-5
near "the estimate" "$(estimate "$K" "$tmp/out")" 0.6 1e-4
# an empty date, a short row, a long row
awk -F'\t' 'BEGIN { OFS = "\t" } /^#/ || $1 == "date" { print; next }
    $1 == "2015-03" { NF = 4 } { print }' series.tsv >short.tsv
line=$(grep -n $'^2015-03\t' short.tsv | cut -d: -f1)
t "a short row" 2 fit "$x" --data short.tsv --free "$K"
has "$tmp/err" "^sanctionsim fit: short.tsv:$line: 's.australia': missing (the row has 4 of [0-9]* columns)$"
sed 's/^\(2015-03\t.*\)$/\1\textra/' series.tsv >long.tsv
t "a long row" 2 fit "$x" --data long.tsv --free "$K"
has "$tmp/err" "^sanctionsim fit: long.tsv:$line: [0-9]* columns, the header has [0-9]*$"
sed 's/^2015-03\t/\t/' series.tsv >nodate.tsv
t "an empty date" 2 fit "$x" --data nodate.tsv --free "$K"
has "$tmp/err" "^sanctionsim fit: nodate.tsv:$line: 'date': missing$"
printf 'date\ts.japan\ts.japan\n2014-05\t0\t0\n' >twice.tsv
t "a column given twice" 2 fit "$x" --data twice.tsv --free "$K"
has "$tmp/err" "^sanctionsim fit: twice.tsv:1: 's.japan': two columns of that name$"
# CSV as written on Windows (CRLF), with NA as an empty cell
{
    echo 'date,s.japan'
    grep -v '^#' series.tsv | tail -n +2 | cut -f1,7 | tr '\t' ',' | sed 's/^2016-02,.*/2016-02,/'
} | sed 's/$/\r/' >crlf.csv
t "a CSV table with CRLF line ends" 0 fit "$x" --data crlf.csv --free "$K" --set "$K=0.9"
has "$tmp/out" "^data       crlf.csv, $((np - 1)) points\$"
near "the estimate" "$(estimate "$K" "$tmp/out")" 0.6 1e-4
# R's write.table and write.csv write a missing value as NA
sed 's/^\(2015-0[1-6]\t\)[^\t]*/\1NA/' series.tsv >na.tsv
t "fit to a table with NA cells, as R writes them" 0 fit "$x" --data na.tsv --free "$K" --set "$K=0.9"
has "$tmp/out" "^data       na.tsv, $((np * 6 - 6)) points\$"
near "the estimate" "$(estimate "$K" "$tmp/out")" 0.6 1e-4
# --- a start at the optimum is converged ---------------------------------
t "fit to the model's own series from its own value" 0 fit "$x" --data series.tsv --free "$K" \
    --set "$K=0.6"
has "$tmp/out" '^fit        converged after 0 iterations; rmse 0.000000 -> 0.000000$'
est=$(estimate "$K" "$tmp/out")
t "fit observed data once" 0 fit "$x" --free "$K" -o once.cfg
t "fit again from the estimate" 0 fit once.cfg --free "$K"
has "$tmp/out" '^fit        converged after'

# --- --holdout: model against persistence ----------------------------------
t "--holdout 2017-01" 0 fit "$x" --free "$K" --holdout 2017-01
has "$tmp/out" '^fitted on  2014-03 \.\. 2016-12 (34 periods); held out from 2017-01$'
has "$tmp/out" '^out of sample, 2017-01 \.\. 2018-12 (24 periods)$'
has "$tmp/out" '^sanctioner        points   rmse_model rmse_persist  persistence  better$'
has "$tmp/out" '^japan  *24  *[0-9.]*  *[0-9.]*  *[0-9.]*  [a-z]*$'
has "$tmp/out" '^all  *144 '
# the holdout table's persistence column is the last observed value of 2016-12
obs=$(awk -F'\t' '/^#/ { next } !h { for (c = 1; c <= NF; c++) if ($c == "observed.japan") col = c; h = 1; next }
    $1 == "2016-12" { print $col }' series.tsv)
near "persistence is the last observed value" "$(awk '$1 == "japan" && NF == 6 { print $5 }' "$tmp/out")" "$obs" 1e-6
t "--holdout with --per-sanctioner" 0 fit "$x" --free "$K" --free usa.exposure --holdout 2017-01 \
    --per-sanctioner --lags 3
has "$tmp/out" 'per sanctioner (each on its own series); standard errors Newey-West, Bartlett kernel, 3 lags'
t "--per-sanctioner with a key of Russia's" 2 fit "$x" --free russia.audience_cost --per-sanctioner
has "$tmp/err" "'russia.audience_cost' belongs to no sanctioner"
t "--pooled and --per-sanctioner" 2 fit "$x" --free "$K" --pooled --per-sanctioner
has "$tmp/err" '^sanctionsim fit: --pooled and --per-sanctioner: choose one$'
t "--holdout not a date" 2 fit "$x" --free "$K" --holdout 2017-13
has "$tmp/err" "^sanctionsim fit: --holdout: '2017-13' is not a date (YYYY-MM)$"
t "--holdout at the first period" 2 fit "$x" --free "$K" --holdout 2014-01
has "$tmp/err" 'no period before it to fit on'
t "--holdout after the last period" 2 fit "$x" --free "$K" --holdout 2019-01
has "$tmp/err" 'no period from it on to predict'
summary
