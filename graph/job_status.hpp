#pragma once
// JobStatus: the live view of one job while it runs (and its last view once it has ended), as
// the REST API, `rill jobs`, /metrics and the web UI show it. Plain C++, no CAF.
//
// Lifetime: the job actor builds one when the job starts (id, name, plan), refreshes it about
// once a second from the partitions' progress reports (actors/job_progress.*) and on every
// state change, checkpoint and restart, and publishes a copy to the JobRegistry
// (ops/job_registry.hpp); readers take copies, never references into the running job.
//
// Counters only grow: a restart folds what the failed attempt's partitions had counted into
// a carried total, so a replayed element is counted again (as Flink's numRecordsIn does) and
// a Prometheus counter never goes down.
#include <cstdint>
#include <string>
#include <vector>

#include "graph/user_metrics.hpp"

namespace rill {

// RUNNING: partitions run. DRAINING: a drain was asked (sources stopped, windows firing).
// RESTARTING: a failure stopped the partitions; they start again from the last checkpoint.
// The rest are ends (graph/result.hpp's JobState).
enum class LiveState {
  kRunning,
  kDraining,
  kRestarting,
  kDone,
  kFailed,
  kCancelled,
  kDrained,
  kStopped
};
const char* to_string(LiveState s);  // "RUNNING", "DRAINING", ...
bool is_final(LiveState s);          // DONE, FAILED, CANCELLED, DRAINED, STOPPED

// One step (a node of the user's graph) as it runs, summed over its partitions.
struct StepStatus {
  std::string step;  // the step's name (unique in a pipeline)
  int stage = -1;    // index into JobStatus::stages
  int64_t elements_in = 0, elements_out = 0;
  int64_t dropped_late = 0, malformed = 0;
  // Time the step's stage partitions spent (summed over partitions; fused steps share their
  // stage's): handling messages; unable to go on because an output waited for credit; and
  // waiting for input.
  double busy_seconds = 0, backpressured_seconds = 0, idle_seconds = 0;
  // The lowest input watermark over the stage's partitions, ms of event time since the epoch;
  // INT64_MIN before any (JSON: null).
  int64_t input_watermark_ms = INT64_MIN;
  // Sources only, -1 where unknown: elements or bytes not read yet (a file source knows bytes).
  int64_t backlog_elements = -1, backlog_bytes = -1;
};

// A stage of the plan: fused steps run by `parallelism` partitions.
struct StageStatus {
  std::string name;  // its steps' names joined by '+'
  int parallelism = 1;
  std::vector<std::string> steps;  // in order
  struct Input {
    int from_stage = -1;
    std::string kind;  // "forward", "round-robin", "hash", "broadcast" (EdgeKind)
    bool side = false;
  };
  std::vector<Input> inputs;
};

// A key that a keyed step saw often (a space-saving sketch per partition, merged): `count`
// is an estimate that may be over by at most `error`.
struct HotKey {
  std::string step;
  std::string key;  // as text (describe())
  int64_t count = 0, error = 0;
};

struct CheckpointRecord {
  uint64_t id = 0;
  std::string status;       // "COMPLETED" or "DECLINED"
  int64_t started_ms = 0;   // wall clock, ms since the epoch
  int64_t duration_ms = 0;  // barriers injected -> metadata written (or declined)
  uint64_t size_bytes = 0;  // completed: the state written
  std::string reason;       // declined: why
  std::string savepoint;    // a savepoint: the directory it was copied to
};

struct JobStatus {
  std::string id;    // unique in the process that serves it (the job token)
  std::string name;  // PipelineOptions::job_name
  LiveState state = LiveState::kRunning;
  int64_t start_time_ms = 0;  // wall clock, ms since the epoch
  int64_t end_time_ms = 0;    // 0 while it runs
  std::string error;          // FAILED: step and message; CANCELLED: the reason
  std::vector<StageStatus> stages;
  std::vector<StepStatus> steps;  // in pipeline order
  // Dataflow's definitions, at the last refresh: wall clock minus the data watermark (the
  // lowest input watermark of the stages that have no outputs; -1 before there is one), and
  // the longest time an element that arrived at a partition has waited to be processed.
  double data_watermark_age_seconds = -1;
  double system_lag_seconds = 0;
  std::vector<CheckpointRecord> checkpoints;  // the newest 100, oldest first
  int64_t checkpoints_completed = 0, checkpoints_declined = 0;
  std::vector<double> checkpoint_durations_seconds;  // every completed one (the histogram)
  int64_t restarts = 0;
  std::vector<std::string> restart_log;       // one line per restart: the cause, what it restored
  std::vector<HotKey> hot_keys;               // per keyed step, the top few, largest first
  std::vector<UserMetricValue> user_metrics;  // summed over partitions (and workers)
  int64_t refreshed_ms = 0;                   // wall clock of the last refresh
};

}  // namespace rill
