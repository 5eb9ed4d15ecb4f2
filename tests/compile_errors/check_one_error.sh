#!/usr/bin/env bash
# check_one_error.sh CXX INCLUDE_DIR FILE: compiles FILE (syntax only) and passes iff the
# compiler reports exactly one error and it matches the `// expect: REGEX` line of FILE, so a
# wrongly wired step gives rill's one static_assert and no cascade.
set -uo pipefail
cxx=$1 inc=$2 file=$3
want=$(sed -n 's|^// expect: ||p' "$file")
out=$("$cxx" -std=c++20 -fsyntax-only -I"$inc" "$file" 2>&1)
errors=$(grep -c "error:" <<<"$out")
if [[ $errors -ne 1 ]]; then
  echo "expected 1 error, got $errors:"; echo "$out" | grep "error:" | head -20
  exit 1
fi
if ! grep "error:" <<<"$out" | grep -Eq -- "$want"; then
  echo "the error does not match '$want':"; grep "error:" <<<"$out"
  exit 1
fi
echo "one error, as expected: $(grep "error:" <<<"$out")"
