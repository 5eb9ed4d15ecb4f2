#pragma once
// The job's live view (graph/job_status.hpp) and how it is kept (internal to actors/).
//
// Lifetime: begun when the job runs (the static part: id, name, stages, steps; the job enters
// the process's JobRegistry with a control that sends to the job actor); refreshed from the
// latest PartitionProgress of every partition on each metrics tick and published to the
// registry then and on every state change, checkpoint and restart; at a restart the failed
// attempt's counts and times are carried into per-step totals (counters never go down); the
// last publish, at the end, holds the final state, after which the registry drops the
// control (steering an ended job is refused).
//
// The rules, as computed in refresh():
// - a step's counts are the sum over its partitions' latest reports (plus carried totals);
//   busy / backpressured / idle are its stage's (fused steps share one actor);
// - a step's input watermark is the minimum over its stage's partitions that have reported;
// - the data watermark is the minimum input watermark of the stages without outputs (the
//   sinks); its age is wall clock minus it (-1 before there is one, 0 once at the end);
// - system lag is the longest wait any partition reports for input it has not processed.
#include <map>
#include <memory>
#include <utility>

#include <caf/all.hpp>

#include "actors/partition_progress.hpp"
#include "graph/job_status.hpp"
#include "graph/pipeline_handle.hpp"

namespace rill {

struct JobRun;

struct JobProgress {
  JobStatus status;
  std::map<std::pair<int, int>, PartitionProgress> latest;  // (stage, partition)
  std::map<std::string, StepStatus> carried;                // failed attempts, by step
  std::map<std::pair<std::string, std::string>, UserMetricValue> carried_metrics;
  std::shared_ptr<JobControl> control;  // the registry's (held weakly there)
  LiveState published = LiveState::kRunning;
  bool begun = false;
};

// Builds the static status, registers the job and arms the metrics tick.
void begin_progress(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
void on_partition_progress(JobRun& st, PartitionProgress p);
// The metrics interval is up: refresh and publish, and arm the next tick while running.
void on_progress_tick(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
// A restart: what the stopped partitions counted becomes carried totals.
void carry_progress(JobRun& st);
void record_checkpoint(JobRun& st, CheckpointRecord r);
// Refreshes the status from the latest reports and publishes it (a state change is logged).
void publish_status(JobRun& st);

}  // namespace rill
