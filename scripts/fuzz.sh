#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS]: builds rill's libFuzzer targets with clang 14 (build dir
# build-fuzz, or $RILL_FUZZ_BUILD) and runs each for SECONDS (default 20) from its seed corpus
# in fuzz/corpus/TARGET/. Fails on the first crash, leak, timeout (10 s for one input) or
# out-of-memory (2 GiB); the input that caused it is left in build-fuzz/artifacts/.
# RILL_FUZZ_TARGETS="fuzz_transcript ..." runs only those.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
dir="${RILL_FUZZ_BUILD:-$root/build-fuzz}"
targets=(${RILL_FUZZ_TARGETS:-fuzz_transcript fuzz_node_settings fuzz_game_event fuzz_csv fuzz_json_lines})
"$root/scripts/setup.sh"
CXX=clang++-14 cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DRILL_FUZZ=ON \
  -DRILL_BUILD_TESTS=OFF >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "${targets[@]}"
mkdir -p "$dir/artifacts"
passed=0
failed=0
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  # New inputs go to a scratch corpus; the checked-in seeds are only read.
  mkdir -p "$dir/corpus/$name"
  echo "fuzz: $t for ${seconds}s"
  if "$dir/fuzz/$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -close_fd_mask=1 -print_final_stats=1 -artifact_prefix="$dir/artifacts/$t-" \
      "$dir/corpus/$name" "$root/fuzz/corpus/$name" 2>"$dir/$t.log"; then
    grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" "$dir/$t.log" |
      tr '\n' ' '
    echo
    passed=$((passed + 1))
  else
    tail -n 60 "$dir/$t.log"
    echo "fuzz: $t FAILED; the input is in $dir/artifacts/"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
