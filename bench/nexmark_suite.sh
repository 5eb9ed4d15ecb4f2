#!/usr/bin/env bash
# Runs every Nexmark query with rill-bench on a Release build, then Q1 paced at half of its
# measured maximum rate (latency, LATENCY_RUNS times, default 5), and prints Markdown tables
# (also written to BUILD_DIR/nexmark_suite.md). A few minutes on 2 cores. Every row shows the
# host's CPU steal during its run (bench/README.md): on a shared VM it explains outliers.
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release
#   cmake --build build-rel -j2 --target rill-bench
#   bench/nexmark_suite.sh [BUILD_DIR]         # extra options: RILL_BENCH_OPTS="--workers=4"
#   bench/nexmark_suite.sh [BUILD_DIR] --checkpoint-interval=1000 --checkpoint-interval=10000
#     then also: each query with checkpoints at each interval beside the same run without
#     (alternated, in one sitting), with the checkpoints' p50/max duration and size.
# The event counts can be scaled with NEXMARK_SCALE (default 1; e.g. 0.1 for a quick look).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-rel
intervals=()
for arg in "$@"; do
  case $arg in
    --checkpoint-interval=*) intervals+=("${arg#*=}") ;;
    -*) echo "nexmark_suite.sh: unknown option $arg" >&2; exit 2 ;;
    *) build=$arg ;;
  esac
done
bin=$build/bench/rill-bench
if [[ ! -x $bin ]]; then
  echo "nexmark_suite.sh: no $bin; build it first (see the top of this script)" >&2
  exit 2
fi
read -r -a opts <<<"${RILL_BENCH_OPTS:-}"
scale=${NEXMARK_SCALE:-1}
latency_runs=${LATENCY_RUNS:-5}
out=$build/nexmark_suite.md

# field NAME JSON: the value of a top-level field of a rill-bench JSON line.
field() { sed -E 's/.*"'"$1"'":("?)([^",}]*)\1.*/\2/' <<<"$2"; }
# millions with one decimal, or "-" for null
mega() { [[ $1 == null ]] && echo "-" || awk -v v="$1" 'BEGIN { printf "%.2f M", v / 1e6 }'; }
count() { awk -v s="$scale" -v n="$1" 'BEGIN { printf "%d", n * s }'; }

run() {  # run QUERY EVENTS [extra options]: prints the JSON line
  local q=$1 n=$2
  shift 2
  "$bin" nexmark --query="$q" --events="$n" "$@" "${opts[@]}"
}

declare -A what=(
  [Q0]="pass-through"
  [Q1]="currency conversion (bids)"
  [Q2]="selection (auction % 123 == 0)"
  [Q3]="local item suggestion (stateful join)"
  [Q4]="average winning price per category"
  [Q5]="hot items (sliding 10 s every 2 s)"
  [Q7]="highest bid (fixed 10 s)"
  [Q8]="new users (fixed 10 s join)"
  [Q11]="user sessions (gap 10 s)"
  [Q12]="processing-time panes (10 s)"
)
# Events per query: about 1-10 s each. Q4 keeps state per auction (see README): fewer events.
declare -A events=(
  [Q0]=20000000 [Q1]=20000000 [Q2]=20000000 [Q3]=10000000 [Q4]=3000000
  [Q5]=5000000 [Q7]=10000000 [Q8]=10000000 [Q11]=5000000 [Q12]=5000000
)

{
  echo "Nexmark on rill, $(date -u +%Y-%m-%d), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo |
    cut -d: -f2 | sed 's/^ *//')), load average before: $(cut -d' ' -f1-3 /proc/loadavg)," \
    "options: ${RILL_BENCH_OPTS:-default (2 workers, parallelism 2)}"
  echo
  echo "| query | what | events | rill events/s | hand loop | ratio | peak RSS | results | steal |"
  echo "|---|---|---|---|---|---|---|---|---|"
} | tee "$out"

q1_eps=0
for q in Q0 Q1 Q2 Q3 Q4 Q5 Q7 Q8 Q11 Q12; do
  n=$(count "${events[$q]}")
  line=$(run "$q" "$n" --repeat=2)
  echo "$line" >&2
  [[ $q == Q1 ]] && q1_eps=$(field events_per_s "$line")
  printf '| %s | %s | %s | %s | %s | %s | %s MB | %s | %s %% |\n' "$q" "${what[$q]}" "$n" \
    "$(mega "$(field events_per_s "$line")")" "$(mega "$(field hand_eps "$line")")" \
    "$(field ratio "$line")" "$(field peak_rss_mb "$line")" "$(field results "$line")" \
    "$(field host_steal_pct "$line")" | tee -a "$out"
done

# Peak RSS must not grow with the number of events for the stateless queries.
small=$(run Q1 "$(count 2000000)")
echo "$small" >&2
big=$(run Q1 "$(count 40000000)")
echo "$big" >&2

# Latency: Q1 paced at half its maximum rate for about 10 s, LATENCY_RUNS times: one run's
# p99 is at the mercy of the host's steal bursts, so every run is shown with its steal.
rate=$(awk -v e="$q1_eps" 'BEGIN { printf "%d", e / 2 }')
n=$(awk -v r="$rate" -v s="$scale" 'BEGIN { printf "%d", r * 10 * s }')
{
  echo
  echo "Q1 peak RSS: $(field peak_rss_mb "$small") MB at $(count 2000000) events," \
    "$(field peak_rss_mb "$big") MB at $(count 40000000) events."
  echo
  echo "Q1 paced at $(mega "$rate") events/s (half of $(mega "$q1_eps")), $n events per run:"
  echo
  echo "| run | latency p50 | p99 | max | steal |"
  echo "|---|---|---|---|---|"
} | tee -a "$out"
for ((i = 1; i <= latency_runs; i++)); do
  lat=$(run Q1 "$n" --rate="$rate")
  echo "$lat" >&2
  printf '| %d | %s ms | %s ms | %s ms | %s %% |\n' "$i" "$(field latency_p50_ms "$lat")" \
    "$(field latency_p99_ms "$lat")" "$(field latency_max_ms "$lat")" \
    "$(field host_steal_pct "$lat")" | tee -a "$out"
done

# Checkpoints: throughput with them beside the same run without (alternated, best of 2 each).
if ((${#intervals[@]} > 0)); then
  {
    echo
    echo "With checkpoints (into a temporary directory), beside the same query without:"
    echo
    echo "| query | interval | without | with | with/without | checkpoints | p50 | max | size | steal |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
  } | tee -a "$out"
  for q in Q0 Q1 Q2 Q3 Q4 Q5 Q7 Q8 Q11; do
    n=$(count "${events[$q]}")
    for iv in "${intervals[@]}"; do
      off=$(run "$q" "$n" --repeat=2)
      on=$(run "$q" "$n" --repeat=2 --checkpoint-interval="$iv")
      echo "$off" >&2
      echo "$on" >&2
      printf '| %s | %s ms | %s | %s | %s | %s | %s ms | %s ms | %s MB | %s / %s %% |\n' "$q" "$iv" \
        "$(mega "$(field events_per_s "$off")")" "$(mega "$(field events_per_s "$on")")" \
        "$(awk -v a="$(field events_per_s "$on")" -v b="$(field events_per_s "$off")" \
          'BEGIN { printf "%.3f", a / b }')" "$(field checkpoints "$on")" \
        "$(field ckpt_p50_ms "$on")" "$(field ckpt_max_ms "$on")" "$(field ckpt_max_mb "$on")" \
        "$(field host_steal_pct "$off")" "$(field host_steal_pct "$on")" | tee -a "$out"
    done
  done
fi
