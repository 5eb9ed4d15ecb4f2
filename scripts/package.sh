#!/usr/bin/env bash
# Builds the Debian packages from a built tree and checks what they hold.
# Usage: scripts/package.sh [BUILD_DIR]  ->  BUILD_DIR/packages/rill_*.deb, rill-dev_*.deb
# (cpack installs the built tree into a staging directory: nothing is compiled.)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(cd "${1:-$root/build}" && pwd)"
out="$dir/packages"
rm -rf "$out"
(cd "$dir" && cpack -G DEB -B "$out" >"$dir/cpack.log" 2>&1) ||
  { cat "$dir/cpack.log"; echo "package: cpack -G DEB failed" >&2; exit 1; }
rm -rf "$out/_CPack_Packages"
status=0
check() {  # check PACKAGE PATH...: the .deb exists and lists each PATH
  local debs=("$out/$1"_*.deb)
  if [ ! -f "${debs[0]}" ]; then
    echo "package: no $1 package in $out" >&2
    status=1
    return
  fi
  local listing
  listing="$(dpkg-deb -c "${debs[0]}")"
  shift
  for p in "$@"; do
    grep -q " \./usr/$p\$" <<<"$listing" || { echo "package: ${debs[0]##*/} lacks /usr/$p" >&2; status=1; }
  done
  echo "package: ${debs[0]##*/} ($(du -h "${debs[0]}" | cut -f1)): $(dpkg-deb -f "${debs[0]}" Depends)"
}
check rill bin/rill
check rill-dev include/rill/rill.hpp include/rill/graph/pipeline.hpp lib/librill_actors.a \
  include/rill/cli/cli_main.hpp lib/librill_cli.a lib/librill_options.a \
  lib/cmake/rill/rillConfig.cmake lib/cmake/rill/rillTargets.cmake lib/pkgconfig/rill.pc
exit "$status"
