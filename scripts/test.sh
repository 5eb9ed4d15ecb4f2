#!/usr/bin/env bash
# Installs, builds and runs the whole test suite.
# RILL_SANITIZE=1 builds in build-asan with AddressSanitizer and UBSan.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/setup.sh"
if [ "${RILL_SANITIZE:-0}" = "1" ]; then
  dir="$root/build-asan"
  "$root/scripts/build.sh" "$dir" -DRILL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
else
  dir="$root/build"
  "$root/scripts/build.sh" "$dir"
fi
# The Debian packages (rill, rill-dev) of the built tree: a few seconds, nothing compiled.
package_status=0
if [ "${RILL_SANITIZE:-0}" != "1" ]; then
  "$root/scripts/package.sh" "$dir" || package_status=1
fi
cd "$dir"
ctest_status=0
ctest --output-on-failure -j "$(nproc)" --timeout 600 || ctest_status=$?
if [ "$package_status" != 0 ]; then
  echo "test: the Debian packages failed (scripts/package.sh, above)"
  exit 1
fi
exit "$ctest_status"
