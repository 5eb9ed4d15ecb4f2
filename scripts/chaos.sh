#!/usr/bin/env bash
# Runs the fault-injection suites (restarts at chosen checkpoints, kill -9 + --resume, workers
# killed in a cluster) under many seeds: RILL_CHAOS_SEED moves the failure point, the batch
# size and the kill moments (the cluster runs vary by timing alone).
# CI runs them once with the fixed seed; run this after touching recovery or sinks.
#   scripts/chaos.sh [SEEDS (default 20)] [BUILD_DIR (default build)]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seeds=${1:-20}
dir=${2:-$root/build}
failed=0
for ((seed = 1; seed <= seeds; seed++)); do
  for t in tests/actors/rill_checkpoint_tests "tests/cli/rill_cli_tests -tc=kill*,SIGTERM*" \
    "tests/cluster/rill_cluster_tests -tc=*survivors*,*joins*"; do
    if ! RILL_CHAOS_SEED=$seed "$dir"/$t >"/tmp/rill-chaos-$seed.log" 2>&1; then
      echo "seed $seed: FAILED ($t): /tmp/rill-chaos-$seed.log"
      failed=$((failed + 1))
      continue 2
    fi
  done
  echo "seed $seed: ok"
  rm -f "/tmp/rill-chaos-$seed.log"
done
echo "chaos: $((seeds - failed)) of $seeds seeds passed"
[[ $failed -eq 0 ]]
