#!/usr/bin/env bash
# The compile time of a pipeline program: one file compiled alone (-c, no ccache), as a user's
# edit-compile loop does, at -O0 -g (Debug) and -O2 (Release), with and without a precompiled
# <rill/rill.hpp> (rill_precompile_headers() in CMake). Prints the median (and the least) of N runs and the CPU
# steal over the whole measurement.
#   [RILL_SOURCE_DIR=tree] bench/compile_time.sh [N] [FILE...]
#                                           default: 3 runs of examples/wordcount.cpp and
#                                           examples/out_of_tree/main.cpp
set -euo pipefail
root=${RILL_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
runs=${1:-3}
shift || true
files=("$@")
[[ ${#files[@]} -gt 0 ]] || files=("$root/examples/wordcount.cpp" "$root/examples/out_of_tree/main.cpp")
cxx=${CXX:-g++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# <rill/rill.hpp> as an installed tree has it: include/rill -> the source tree.
mkdir -p "$work/include"
ln -s "$root" "$work/include/rill"
incs=(-I"$root" -I"$work/include")

steal() { awk '/^cpu /{print $9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
# "median min" of the numbers on stdin.
median_min() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)], a[1]}'; }
time_one() {  # flags... file -> seconds
  local start end
  start=$(date +%s.%N)
  "$cxx" "$@" -o "$work/out.o" >/dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

read -r s0 t0 < <(steal)
for mode in "-O0 -g" "-O2"; do
  read -r -a mflags <<<"$mode"
  flags=(-std=c++20 "${mflags[@]}" "${incs[@]}")
  # The precompiled header, built with the same flags (as CMake does per target).
  mkdir -p "$work/pch/rill"
  cp "$root/rill.hpp" "$work/pch/rill/rill.hpp"
  pch_start=$(date +%s.%N)
  "$cxx" "${flags[@]}" -x c++-header "$root/rill.hpp" -o "$work/pch/rill/rill.hpp.gch" 2>/dev/null
  pch_s=$(echo "$(date +%s.%N) - $pch_start" | bc)
  printf '%-8s building the PCH: %.2f s\n' "$mode" "$pch_s"
  for f in "${files[@]}"; do
    read -r plain plain_min < <(for _ in $(seq "$runs"); do time_one "${flags[@]}" -c "$f"; done | median_min)
    # -include of the PCH'd copy: gcc takes rill.hpp.gch beside it.
    read -r pch pch_min < <(for _ in $(seq "$runs"); do
      time_one "${flags[@]}" -include "$work/pch/rill/rill.hpp" -c "$f"
    done | median_min)
    printf '%-7s %-32s %5.2f s (min %5.2f)   with PCH %5.2f s (min %5.2f)\n' "$mode" \
      "${f#"$root"/}" "$plain" "$plain_min" "$pch" "$pch_min"
  done
done
read -r s1 t1 < <(steal)
echo "steal: $(echo "scale=1; 100 * ($s1 - $s0) / ($t1 - $t0)" | bc) %"
