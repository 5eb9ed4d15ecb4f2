#pragma once
// The workloads: each is the same computation written twice, as a rill pipeline and as a
// plain single-threaded C++ loop. main() runs both and compares their result digests.
#include <cstdio>
#include <functional>
#include <stdexcept>

#include "bench/args.hpp"
#include "bench/measure.hpp"
#include "graph/pipeline.hpp"
#include "graph/transforms/elementwise.hpp"

namespace rill::bench {

struct Workload {
  std::function<Outcome()> hand;  // runs in a forked child, see measure.hpp
  std::function<Outcome()> rill;  // throws std::runtime_error if the pipeline fails
};

// stateless N: Generate records -> Map -> Filter -> Map -> digest.
Workload stateless_workload(const BenchArgs& a);
// keyed-sum N K: Generate KV(key in [0, K), value) -> CombinePerKey(Sum) -> digest.
Workload keyed_sum_workload(const BenchArgs& a);
// wordcount FILE: ReadFromText -> examples::count_words -> digest of the "word: count" lines.
Workload wordcount_workload(const BenchArgs& a);
// fixed-window N K W / sliding-window N K SIZE PERIOD / sessions N K GAP: in-order events
// (event i at i ms) -> WindowInto -> CombinePerKey(Sum) -> digest of (key, window, sum).
Workload fixed_window_workload(const BenchArgs& a);
Workload sliding_window_workload(const BenchArgs& a);
Workload sessions_workload(const BenchArgs& a);

// Runs `p` in this process, or in the role set by set_bench_node() (cluster_mode.cpp).
rill::PipelineResult run_bench_pipeline(rill::Pipeline& p);

struct TimedRun {
  rill::PipelineResult result;
  double seconds = 0;     // wall time of p.run()
  double steal_pct = -1;  // host CPU steal during p.run() (StealMeter)
  CheckpointFigures ckpt;
};

// The checkpoint figures of a finished run (none when it took no checkpoints).
CheckpointFigures checkpoint_figures(const rill::PipelineOptions& o, const rill::PipelineResult& r);

// `pc`, or with --fail-at=N a step after it that fails once (a RetryableError) at its N-th
// element: the job restarts from its last checkpoint (recovery_ms).
template <class T>
rill::PCollection<T> with_injected_failure(const rill::PCollection<T>& pc, int64_t fail_at);

// Runs `p`; throws std::runtime_error if it failed. With `summary`, prints the fused stages,
// the step counters and the CPU time the run used (in cores: CPU seconds / wall seconds) to
// stderr.
void reset_injected_failure();
inline TimedRun timed_run(rill::Pipeline& p, bool summary) {
  reset_injected_failure();
  const double cpu0 = process_cpu_seconds();
  const StealMeter steal;
  const Stopwatch clock;
  TimedRun run{run_bench_pipeline(p), 0, -1, {}};
  run.seconds = clock.seconds();
  run.ckpt = checkpoint_figures(p.options(), run.result);
  run.steal_pct = steal.percent();
  const double cpu = process_cpu_seconds() - cpu0;
  if (!run.result.ok())
    throw std::runtime_error("the rill pipeline failed:\n" + run.result.summary());
  if (summary)
    std::fprintf(stderr, "%s%s  cpu time: %.3f s (%.2f cores)\n", p.explain().c_str(),
                 run.result.summary().c_str(), cpu, run.seconds > 0 ? cpu / run.seconds : 0);
  return run;
}

// Counts elements across the step's partitions; throws once, at the N-th (per run: timed_run
// resets it).
bool inject_failure_at(int64_t fail_at);
void reset_injected_failure();

template <class T>
rill::PCollection<T> with_injected_failure(const rill::PCollection<T>& pc, int64_t fail_at) {
  if (fail_at <= 0) return pc;
  return pc |
         rill::Filter("InjectFailure", [fail_at](const T&) { return !inject_failure_at(fail_at); });
}

}  // namespace rill::bench
