#!/usr/bin/env bash
# Pictures of `run --plot`, `compare --plot` and `plot -o`, whatever the user
# names them: the kind follows the extension (png, svg, pdf; anything else is
# refused), names beginning with '|' or '<' never reach a shell through
# gnuplot, and a picture's temporary file is made by the tool, exclusively,
# so no symbolic link is followed and no file of the user's is overwritten or
# deleted.
# Usage: plots.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u

. "$(dirname "$0")/../lib.sh"
test_setup plots "$@"
export SANCTIONSIM_PLOTS_DIR=$root/plots
cd "$tmp" || exit 1

timeline=$root/scenarios/timeline_2014_2018.cfg
base=$root/scenarios/baseline_2014.cfg
alt=$root/scenarios/cf_linkage.cfg

absent() {
    local name="$name: $1 absent"
    if [ -e "$1" ] || [ -L "$1" ]; then
        fail "it exists"
        rm -rf -- "$1" # so that the next check starts clean
    else pass; fi
}
# magic FILE KIND: FILE starts as a png, svg or pdf does
magic() {
    local head ok=0
    head=$(head -c 5 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')
    case "$2:$head" in
    png:89504e47*) ok=1 ;;               # \x89PNG
    svg:3c3f786d6c | svg:3c737667*) ok=1 ;; # "<?xml" or "<svg"
    pdf:25504446*) ok=1 ;;               # "%PDF"
    esac
    if [ "$ok" = 1 ]; then pass; else fail "$1 is not a $2 picture (starts $head)"; fi
}
empty() { if [ -s "$1" ]; then fail "$1 is not empty"; else pass; fi; }
# nothing_left: no temporary file of a picture stays in the directory
nothing_left() {
    local left
    left=$(find . -maxdepth 1 -name '*.tmp*' ! -name 'mine.*' | head -3)
    if [ -z "$left" ]; then pass; else fail "left behind: $left"; fi
}

# --- the extension picks the picture's kind; other extensions are refused ---
t "run --plot x.jpg" 2 run "$timeline" --plot x.jpg
has err "^sanctionsim run: --plot: 'x.jpg': the picture must end in .png, .svg or .pdf"
absent x.jpg
t "compare --plot x.gif" 2 compare "$base" "$alt" --plot x.gif
has err "^sanctionsim compare: --plot: 'x.gif': the picture must end in .png, .svg or .pdf"
absent x.gif
name="compare refuses before printing"
empty out

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "plots.sh: gnuplot is not installed; the drawing tests are skipped"
    summary
    exit $?
fi

for kind in png svg pdf; do
    t "run --plot x.$kind" 0 run "$timeline" --plot "series.$kind"
    name="run, $kind"
    magic "series.$kind" "$kind"
    t "run --runs --plot x.$kind" 0 run "$timeline" --runs 4 --plot "fan.$kind" -o fan.tsv
    name="run --runs, $kind"
    magic "fan.$kind" "$kind"
    t "compare --plot x.$kind" 0 compare "$base" "$alt" --plot "bars.$kind"
    name="compare, $kind"
    magic "bars.$kind" "$kind"
done
name="no temporaries left"
nothing_left

# --- names that gnuplot would hand to a shell ---
t "run --plot '|touch X'" 2 run "$timeline" --plot '|touch X'
absent X
t "run --plot '|touch X.png'" 0 run "$timeline" --plot '|touch X.png'
absent X
absent X.png
name="the picture is written under the name given"
magic '|touch X.png' png
t "run -o '<touch X' --plot" 0 run "$timeline" -o '<touch X' --plot ok.png
absent X
name="the data is written under the name given"
has '<touch X' '^# sanctionsim'
t "run --runs -o '<touch X' --plot" 0 run "$timeline" --runs 2 -o '<touch X' --plot ok2.png
absent X
t "run -o '+' --plot" 0 run "$timeline" -o '+' --plot plus.png
name="'+' is a file, not gnuplot's special name"
magic plus.png png
t "compare --plot '|touch X.svg'" 0 compare "$base" "$alt" --plot '|touch X.svg'
absent X
absent X.svg
magic '|touch X.svg' svg
"$bin" sweep "$base" --vary japan.linkage=0:1:5 -o '<touch X.tsv' >/dev/null 2>&1
t "plot '<touch X.tsv' -o '|touch X.png'" 0 plot '<touch X.tsv' -o '|touch X.pdf'
absent X
absent X.pdf
magic '|touch X.pdf' pdf
# temporary files of the tool in a TMPDIR with a hostile, relative name
mkdir -p '<touch X;'
TMPDIR='<touch X;' t "TMPDIR '<touch X;', run" 0 run "$timeline" --plot t1.png
absent X
TMPDIR='<touch X;' t "TMPDIR '<touch X;', run --runs" 0 run "$timeline" --runs 2 --plot t2.png
absent X
TMPDIR='<touch X;' t "TMPDIR '<touch X;', compare" 0 compare "$base" "$alt" --plot t3.png
absent X
TMPDIR='<touch X;' t "TMPDIR '<touch X;', plot" 0 plot '<touch X.tsv' -o t4.png
absent X
# ... and scripts in a directory with such a name
cp "$root"/plots/*.gp '<touch X;'/
SANCTIONSIM_PLOTS_DIR='<touch X;' t "SANCTIONSIM_PLOTS_DIR '<touch X;', run" 0 run "$timeline" --plot t5.png
absent X
SANCTIONSIM_PLOTS_DIR='<touch X;' t "SANCTIONSIM_PLOTS_DIR '<touch X;', compare" 0 compare "$base" "$alt" --plot t6.png
absent X
SANCTIONSIM_PLOTS_DIR='<touch X;' t "SANCTIONSIM_PLOTS_DIR '<touch X;', plot" 0 plot '<touch X.tsv' -o t7.png
absent X
rm -rf '<touch X;' '|touch X.png' '|touch X.svg' '|touch X.pdf' '<touch X' '<touch X.tsv' '+'
name="no temporaries left"
nothing_left

# --- temporaries never follow a link nor replace a user's file ---
echo "victim" >victim
for cmd in run run-mc compare; do
    case $cmd in
    run) args=(run "$timeline" --plot "$cmd.png") ;;
    run-mc) args=(run "$timeline" --runs 2 --plot "$cmd.png") ;;
    compare) args=(compare "$base" "$alt" --plot "$cmd.png") ;;
    esac
    ln -s victim "$cmd.png.tmp.png"
    t "$cmd: a link at P.tmp.png" 0 "${args[@]}"
    name="$cmd: the link's target is untouched"
    if [ "$(cat victim)" = victim ]; then pass; else fail "victim now holds other bytes"; fi
    name="$cmd: the link stays a link"
    if [ -L "$cmd.png.tmp.png" ]; then pass; else fail "replaced"; fi
    name="$cmd: drawn"
    magic "$cmd.png" png
    rm -f "$cmd.png.tmp.png"
    # a failing gnuplot must not delete a file of the user's
    echo "mine" >"$cmd.png.tmp.png"
    mkdir -p broken
    for s in timeseries fan compare sweep_lines sweep_heatmap; do echo 'exit status 3' >"broken/$s.gp"; done
    SANCTIONSIM_PLOTS_DIR=$tmp/broken t "$cmd: gnuplot fails" 1 "${args[@]}"
    name="$cmd: the user's P.tmp.png is kept"
    if [ "$(cat "$cmd.png.tmp.png" 2>/dev/null)" = mine ]; then pass; else fail "deleted or changed"; fi
    rm -f "$cmd.png.tmp.png"
done
"$bin" sweep "$base" --vary japan.linkage=0:1:5 -o l.tsv >/dev/null 2>&1
echo "mine" >l.png.tmp.png
SANCTIONSIM_PLOTS_DIR=$tmp/broken t "plot: gnuplot fails" 1 plot l.tsv -o l.png
name="plot: the user's file is kept"
if [ "$(cat l.png.tmp.png)" = mine ]; then pass; else fail "deleted or changed"; fi
rm -f l.png.tmp.png
absent l.png
name="no temporaries left"
nothing_left

# SIGTERM while gnuplot (a stand-in that waits) draws: run's and compare's
# temporary files in $TMPDIR go with the process
mkdir -p fakebin
cat >fakebin/gnuplot <<EOF
#!/bin/sh
echo \$\$ >"$tmp/gnuplot.pid.tmp" && mv "$tmp/gnuplot.pid.tmp" "$tmp/gnuplot.pid"
exec sleep 60
EOF
chmod +x fakebin/gnuplot
for cmd in run compare; do
    case $cmd in
    run) args=(run "$timeline" -o sig.tsv --plot sig.png) ;;
    compare) args=(compare "$base" "$alt" --plot sig.png) ;;
    esac
    rm -rf sigtmp gnuplot.pid
    mkdir sigtmp
    TMPDIR=$tmp/sigtmp PATH=$tmp/fakebin:$PATH "$bin" "${args[@]}" >sig.out 2>sig.err &
    pid=$!
    name="$cmd --plot runs gnuplot"
    if wait_for gnuplot.pid; then pass; else fail "gnuplot did not start: $(cat sig.err)"; fi
    name="$cmd --plot has temporaries in \$TMPDIR"
    if compgen -G "sigtmp/sanctionsim-*" >/dev/null; then pass; else fail "none"; fi
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    kill -KILL "$(cat gnuplot.pid 2>/dev/null)" 2>/dev/null
    name="$cmd --plot stopped by SIGTERM"
    if [ "$rc" -eq 143 ]; then pass; else fail "exit status $rc, want 143"; fi
    name="$cmd --plot stopped by SIGTERM leaves nothing in \$TMPDIR"
    if compgen -G "sigtmp/*" >/dev/null; then fail "left: $(ls sigtmp)"; else pass; fi
    absent sig.png
done

echo "plots: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
