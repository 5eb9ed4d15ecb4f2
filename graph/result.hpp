#pragma once
// What a finished run reports: its state, the failing step and error, per-step counters,
// user metrics, the files it published and flow-control high-water marks.
#include <cstdint>
#include <string>
#include <vector>

#include "graph/metric_results.hpp"
#include "graph/step_counters.hpp"

namespace rill {

// DONE: every input read and published. DRAINED: drained on request (PipelineHandle::drain):
// reading stopped early, then every window and timer fired and the output was published.
// STOPPED: stopped with a savepoint (nothing published; resume from it). CANCELLED: stopped,
// nothing published. FAILED: a step failed (nothing published).
enum class JobState { kDone, kFailed, kCancelled, kDrained, kStopped };
const char* to_string(JobState s);

// Observed maxima, to check that flow control bounds memory.
struct FlowStats {
  int64_t max_channel_inflight = 0;  // batches sent on one channel and not yet credited back
  int64_t max_output_queue = 0;      // batches a partition held waiting for credit
  // Watermark alignment (PipelineOptions::max_source_drift), as the job saw it: how often a
  // source partition paused for its slower siblings, and the largest gap (ms of event time)
  // between the reported watermarks of one source's partitions.
  int64_t source_pauses = 0;
  int64_t max_source_skew = 0;
};

// Checkpoints and recovery, as the job saw them (all zero without a checkpoint directory).
struct CheckpointStats {
  int64_t completed = 0;
  int64_t declined = 0;
  int64_t restarts = 0;          // restarts after a failure, each from the latest checkpoint
  uint64_t restored_from = 0;    // the checkpoint the last start or restart restored (0: none)
  std::string savepoint;         // STOPPED: the savepoint's directory
  std::vector<std::string> log;  // one line per restart: the cause and what it restored
  // Per complete checkpoint: from its barriers' injection to its metadata, and its state size.
  std::vector<int64_t> durations_ms;
  std::vector<uint64_t> sizes_bytes;
  // Per restart: from the failure until every partition runs again with its restored state
  // (the backoff included).
  std::vector<double> recovery_ms;
};

// Faults injected by PipelineOptions::faults (graph/testing/fault_plan.hpp).
struct FaultReport {
  uint64_t seed = 0;
  std::string plan;                   // the plan as run (`--faults=` replays it)
  std::vector<std::string> injected;  // one line per fault that fired: which, where, when
};

// What a checking sink (io::ExactlyOnceCheck) counted, reported with the run's result.
struct CheckReport {
  std::string step;
  bool ok = true;
  uint64_t seen = 0, lost = 0, duplicated = 0, unexpected = 0;
  std::string text;  // "exactly-once check 'Check': 6000 expected, 6000 seen, lost 0, ..."
};

struct PipelineResult {
  JobState state = JobState::kDone;
  std::string failed_step;
  std::string error;  // FAILED: what went wrong in failed_step; CANCELLED: the reason given
  // Set when the job was refused before it started (bad input, e.g. an output that would
  // replace a file rill did not write): the CLI exits 2 then, as for a bad parameter.
  std::string refused;
  std::vector<StepCounters> steps;   // in pipeline order
  std::vector<std::string> outputs;  // files published by sinks
  double wall_seconds = 0;
  FlowStats flow;
  CheckpointStats checkpoints;
  FaultReport faults;
  std::vector<CheckReport> checks;  // in-process runs: every io::ExactlyOnceCheck's count
  // User metrics (graph/metrics.hpp) summed over partitions and workers, with attempted
  // semantics (graph/metric_results.hpp says what that means after a restart).
  MetricResults user_metrics;

  JobState wait_until_finish() const { return state; }
  // The job ended as asked and published its output (DONE, or DRAINED on request).
  bool ok() const { return state == JobState::kDone || state == JobState::kDrained; }
  const StepCounters* step(const std::string& name) const;
  // result.metrics().counter("Step", "name"), .distribution(...), .gauge(...).
  const MetricResults& metrics() const { return user_metrics; }
  // A few lines: state, error, elements in/out per step, user metrics, outputs and wall time.
  std::string summary() const;
};

}  // namespace rill
