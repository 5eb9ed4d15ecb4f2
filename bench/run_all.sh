#!/usr/bin/env bash
# Runs every rill-bench workload on a Release build and prints one JSON line per run.
# About a minute in total on 2 cores. The wordcount input (64 MiB of synthetic text) is
# generated into the build directory, which git ignores.
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-rel -j2 --target rill-bench
#   bench/run_all.sh [BUILD_DIR]            # extra options: RILL_BENCH_OPTS="--workers=4"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-rel}
bin=$build/bench/rill-bench
if [[ ! -x $bin ]]; then
  echo "run_all.sh: no $bin; build it first (see the top of this script)" >&2
  exit 2
fi
data=$build/bench-data
mkdir -p "$data"
read -r -a opts <<<"${RILL_BENCH_OPTS:-}"

"$bin" stateless 20000000 --repeat=3 "${opts[@]}"
"$bin" keyed-sum 20000000 1000 --repeat=3 "${opts[@]}"      # few keys: combiner-friendly
"$bin" keyed-sum 10000000 100000 --repeat=2 "${opts[@]}"    # many keys
"$bin" fixed-window 10000000 1000 60000 --repeat=2 "${opts[@]}"
"$bin" sliding-window 5000000 1000 60000 10000 --repeat=2 "${opts[@]}"
"$bin" sessions 5000000 1000 2000 --repeat=2 "${opts[@]}"
"$bin" wordcount "$data/words.txt" --generate=64 --repeat=2 "${opts[@]}"
