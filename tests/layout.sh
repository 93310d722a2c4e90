#!/usr/bin/env bash
# The arrows point down (docs/architecture.md): cli -> mpi -> io -> core.
# Greps the source tree, so that a change that points an arrow up fails here:
#   - only sim/io/ sees libconfig;
#   - no library file (sim/, sim/io/, include/) includes a CLI or MPI header;
#   - the core (sim/*.c, sim/*.h and its headers in include/sanctionsim/)
#     includes no header of sim/io/: neither io's own (cfg.h) nor a public
#     one, sanctionsim/X.h for a module sim/io/X.c.
# Usage: layout.sh SOURCE-ROOT
set -u
if [ $# -ne 1 ]; then
    echo "usage: $0 SOURCE-ROOT" >&2
    exit 2
fi
cd "$1" || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

# none NAME < <(grep -n ...): passes when the grep found nothing, else shows it.
none() {
    name=$1
    local hits
    hits=$(cat)
    if [ -z "$hits" ]; then pass; else
        fail "found:"
        printf '%s\n' "$hits" | sed 's/^/    | /'
    fi
}

# The core's files and the library's (core and io), as paths.
core=(sim/*.c sim/*.h)
io_mods=()
for f in sim/io/*.c; do
    io_mods+=("$(basename "$f" .c)")
done
io_private=()
for f in sim/io/*.h; do
    io_private+=("$(basename "$f")")
done
for h in include/sanctionsim/*.h; do
    m=$(basename "$h" .h)
    [ -f "sim/io/$m.c" ] || core+=("$h")
done
library=(sim/*.c sim/*.h sim/io/*.c sim/io/*.h include/sanctionsim/*.h)

# The lists are not empty, and the patterns below find what they should.
name="the tree has a core and an io folder"
if [ ${#io_mods[@]} -gt 0 ] && [ ${#core[@]} -gt 10 ] && [ -f sim/io/report.c ]; then pass; else
    fail "no sim/io/*.c or too few core files"
fi
name="the patterns see an include"
if grep -q '^#include "sanctionsim/report.h"' sim/io/report.c &&
    grep -q '^#include <libconfig.h>' sim/io/*.c; then pass; else
    fail "sim/io/report.c does not include report.h, or no io file includes libconfig.h"
fi

# 1. libconfig: included only in sim/io/, named by no core file, linked by
#    no other target.
none "libconfig.h included outside sim/io/" < <(
    grep -rn --include='*.[ch]' '#include <libconfig.h>' sim include tests bench | grep -v '^sim/io/'
)
none "a core file names libconfig" < <(grep -n libconfig "${core[@]}")
none "a target other than sanctionsim_io links libconfig" < <(
    grep -n 'LIBCONFIG' sim/CMakeLists.txt sim/*/CMakeLists.txt | grep -v '^sim/io/'
)

# 2. No CLI or MPI header in the library.
none "the library names a CLI or MPI header" < <(
    grep -n 'cli\.h\|mpi_\|#include.*mpi\.h' "${library[@]}"
)

# 3. The core includes no io header.
mods=$(
    IFS='|'
    echo "${io_mods[*]}"
)
private=$(
    IFS='|'
    echo "${io_private[*]//./\\.}"
)
pattern="#include \"(sanctionsim/($mods)\\.h|$private)\""
none "the core includes an io header" < <(grep -nE "$pattern" "${core[@]}")
none "a core source names report.h" < <(grep -n 'report\.h' sim/*.c)

summary
