#!/usr/bin/env bash
# `cmake --install` of the test's build into a scratch prefix, then the staged
# tool used as a user would, from another directory: it finds its gnuplot
# scripts relative to itself (also once the prefix is moved, and never in the
# source or build tree), its scenarios load, its man pages open, and the bash
# completion is in place (docs/install.md).
# Usage: install.sh PATH-TO-SANCTIONSIM SOURCE-ROOT BUILD-DIR
set -u

. "$(dirname "$0")/../lib.sh"
build=${3:-}
if [ -z "$build" ] || ! build=$(realpath "$build"); then
    echo "usage: $0 PATH-TO-SANCTIONSIM SOURCE-ROOT BUILD-DIR" >&2
    exit 2
fi
test_setup install "$1" "$2"
# is TEST PATH: [ TEST PATH ] holds (TEST: -f, -s, -x), else a failure
is() { if test "$1" "$2"; then pass; else fail "no $2"; fi; }
unset SANCTIONSIM_PLOTS_DIR
stage=$tmp/stage
mkdir "$tmp/elsewhere"
cd "$tmp/elsewhere" || exit 1

name="cmake --install"
if "${CMAKE:-cmake}" --install "$build" --prefix "$stage" >"$tmp/install.log" 2>&1; then pass; else
    fail "exit status $?"
    sed 's/^/    | /' "$tmp/install.log" | tail -5
fi
bin=$stage/bin/sanctionsim
share=$stage/share/sanctionsim
name="installed files"
is -x "$bin"
for f in "$root"/plots/*.gp "$root"/scenarios/*.cfg; do
    rel=${f#"$root"/}
    is -f "$share/$rel"
done

# every scenario loads from where it was installed (a `base` names a file
# beside it, installed too)
for f in "$share"/scenarios/*.cfg; do
    t "check ${f##*/}" 0 check "$f"
done

# a sweep, and its picture, from another directory
t "sweep" 0 sweep "$share/scenarios/baseline_2014.cfg" --vary japan.alliance_pressure=0:3:4 \
    --quiet -o s.tsv
t "plot" 0 plot s.tsv -o x.png
name="plot: a PNG"
if [ "$(head -c 4 x.png 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e47 ]; then pass; else
    fail "x.png is not a PNG"
fi
t "run --plot" 0 run "$share/scenarios/timeline_2014_2018.cfg" --plot t.png -o t.tsv
is -s t.png

# the prefix moved elsewhere: still found beside the binary
mv "$stage" "$tmp/moved"
bin=$tmp/moved/bin/sanctionsim
t "moved prefix: plot" 0 plot s.tsv -o y.png
is -s y.png
# without its share/ directory, no other copy is found (not the source tree's)
mv "$tmp/moved/share/sanctionsim/plots" "$tmp/plots-away"
t "no share/sanctionsim/plots" 1 plot s.tsv -o z.png
has "$tmp/err" "$tmp/moved/bin/../share/sanctionsim/plots/sweep_lines.gp"
# SANCTIONSIM_PLOTS_DIR comes first
SANCTIONSIM_PLOTS_DIR=$tmp/plots-away t "SANCTIONSIM_PLOTS_DIR" 0 plot s.tsv -o z.png
is -s z.png
SANCTIONSIM_PLOTS_DIR=$tmp/none t "SANCTIONSIM_PLOTS_DIR, no scripts" 1 plot s.tsv -o w.png
has "$tmp/err" "$tmp/none/sweep_lines.gp"
mv "$tmp/plots-away" "$tmp/moved/share/sanctionsim/plots"
mv "$tmp/moved" "$stage"
bin=$stage/bin/sanctionsim

# man pages: sanctionsim(1) and one per command of `sanctionsim --help`
if [ -d "$build/man/man1" ]; then
    name="man pages"
    is -f "$stage/share/man/man1/sanctionsim.1"
    for cmd in $("$bin" --help | sed -n 's/^  \([a-z][a-z0-9-]*\)  .*/\1/p'); do
        [ "$cmd" = help ] && continue
        is -f "$stage/share/man/man1/sanctionsim-$cmd.1"
    done
    name="man -M PREFIX/share/man sanctionsim-sweep"
    if command -v man >/dev/null; then
        MANPAGER=cat MANWIDTH=80 man -M "$stage/share/man" sanctionsim-sweep >"$tmp/man" 2>&1 ||
            fail "exit status $?"
    else
        cp "$stage/share/man/man1/sanctionsim-sweep.1" "$tmp/man"
    fi
    has "$tmp/man" "sanctionsim-sweep.*solve at every point of a parameter design"
    has "$tmp/man" "--vary"
else
    echo "install test: no man pages checked: help2man was missing when the build was configured"
fi

# bash completion: the installed script completes a command, in a fresh bash
completion=$stage/share/bash-completion/completions/sanctionsim
name="bash completion"
is -s "$completion"
name="installed completion offers 'sweep' for 'sw'"
bash -c 'source "$1"; COMP_WORDS=(sanctionsim sw); COMP_CWORD=1; _sanctionsim; printf "%s\n" "${COMPREPLY[@]}"' \
    sh "$completion" >"$tmp/compl" 2>&1
has "$tmp/compl" "^sweep$"

summary
