#!/usr/bin/env bash
# check_prebuilt.sh CXX SOURCE_DIR: compiles examples/wordcount.cpp and a program keyed by a
# type of its own (own_key_type.cpp), each alone, and reads their symbols. Passes iff the word
# count (strings, Sum<int64_t> per key) defines no function of a keyed operator, partial
# combine, edge writer or coder (rill has them prebuilt: graph/prebuilt_type_ops.hpp,
# graph/transforms/prebuilt_ops.hpp) and the control program defines its keyed operators (so
# the check sees them when they are there).
set -uo pipefail
cxx=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ops='KeyedWindowOp<|OnTimeWindowOp<|OnTimeSessionOp<|PartialCombineOp<|EdgeWriter<|TypeOpsFor<'
# object -> the operator classes it defines any function of.
defined_ops() {
  nm -C --defined-only "$1" | grep -E " [TtWw] " |
    grep -oE "^[0-9a-f]+ . (rill::(detail::|exec::)?)($ops)" | grep -oE "[A-Za-z]+<$" | sort -u
}
for f in "$src/examples/wordcount.cpp" "$(dirname "$0")/own_key_type.cpp"; do
  if ! "$cxx" -std=c++20 -O0 -I"$src" -c "$f" -o "$work/$(basename "$f").o"; then
    echo "check_prebuilt: $f does not compile"; exit 1
  fi
done
status=0
in_wordcount=$(defined_ops "$work/wordcount.cpp.o")
if [[ -n $in_wordcount ]]; then
  echo "examples/wordcount.cpp compiles operators rill has prebuilt:"; echo "$in_wordcount"
  status=1
fi
in_control=$(defined_ops "$work/own_key_type.cpp.o")
for want in KeyedWindowOp OnTimeWindowOp OnTimeSessionOp PartialCombineOp EdgeWriter; do
  if ! grep -q "$want<" <<<"$in_control"; then
    echo "own_key_type.cpp should define $want for its own key type, and does not"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "wordcount: no operator compiled; own key type: $(wc -l <<<"$in_control") operator classes compiled"
exit $status
