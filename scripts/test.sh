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
cd "$dir"
ctest --output-on-failure -j "$(nproc)" --timeout 600
