#!/usr/bin/env bash
# Runs the fault-injection suites under many seeds. Two parts:
#  1. the recovery suites (restarts at chosen checkpoints, kill -9 + --resume, workers killed
#     in a cluster), SEEDS times: RILL_CHAOS_SEED moves the failure point, the batch size and
#     the kill moments;
#  2. the chaos suite (tests/chaos): random fault plans (graph/testing/fault_plan.hpp) over a
#     stateful windowed job with unique ids, LOCAL seeds in one process and CLUSTER seeds
#     across three processes; each prints its counts (runs, faults, restarts, lost,
#     duplicated, hung, not DONE).
# CI runs a few seeds of each; run this after touching recovery, channels or sinks.
#   scripts/chaos.sh [SEEDS (default 20)] [BUILD_DIR (default build)]
#   environment: LOCAL (default 200), CLUSTER (default 50), FIRST (first chaos seed, default 1)
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
echo "recovery suites: $((seeds - failed)) of $seeds seeds passed"

chaos_failed=0
run_chaos() {  # NAME LOG ENV... -- COMMAND...
  local name=$1 log=$2
  shift 2
  if env "$@" >"$log" 2>&1; then
    grep -E "^chaos( cluster)?:" "$log" || true
  else
    grep -E "FAILED|^chaos( cluster)?:" "$log" || true
    echo "$name: FAILED: $log"
    chaos_failed=1
  fi
}
run_chaos "chaos, one process" /tmp/rill-chaos-local.log RILL_CHAOS_SEEDS="${LOCAL:-200}" \
  RILL_CHAOS_FIRST="${FIRST:-1}" "$dir"/tests/chaos/rill_chaos_tests
run_chaos "chaos, three processes" /tmp/rill-chaos-cluster.log \
  RILL_CHAOS_CLUSTER_SEEDS="${CLUSTER:-50}" RILL_CHAOS_FIRST="${FIRST:-1}" \
  "$dir"/tests/chaos/rill_chaos_cluster_tests
[[ $failed -eq 0 && $chaos_failed -eq 0 ]]
