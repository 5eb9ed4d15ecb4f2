#pragma once
// JobActor: runs one pipeline. It starts every partition of every stage (receivers first, so
// senders are born knowing where to send), watches them, sums their counters, and ends the
// job: DONE once every partition reported done (then sinks commit), FAILED on the first error
// or on a partition that died (then everything is stopped and sinks abort, so no final files
// appear). Partitions run in this process, or, with a ClusterLaunch, on the workers'
// agents; the job then also watches the agents: a lost worker is named with the step
// partitions it held, and the job restarts on the workers still alive (from the last
// checkpoint) while restarts are left, else fails.
#include <caf/all.hpp>
#include <memory>

#include <optional>

#include "actors/source_aligner.hpp"
#include "exec/checkpoint_store.hpp"
#include "graph/execution_plan.hpp"
#include "graph/placement.hpp"
#include "graph/result.hpp"

namespace rill {

// Where a cluster job's partitions go.
struct ClusterLaunch {
  std::vector<caf::actor> agents;  // one per worker, by index
  std::vector<std::string> names;  // "worker 1 (127.0.0.1:4301, pid 77)"
  std::vector<int> slots;          // each worker's, for placing partitions again
  Placement placement;             // the first start's; a restart places on the survivors
  std::chrono::milliseconds spawn_timeout{10000};
};

struct JobArgs {
  std::shared_ptr<const GraphDef> graph;
  std::shared_ptr<const ExecutionPlan> plan;
  PipelineOptions options;
  std::shared_ptr<PipelineResult> result;        // filled before the job replies to run_atom
  std::string job_token;                         // empty: the job makes one
  std::shared_ptr<const ClusterLaunch> cluster;  // null: partitions run in this process
  caf::actor aligner;                            // the sources' SourceAligner; stopped at the end
  std::shared_ptr<AlignmentStats> alignment;     // what it did, for the result
  std::optional<CheckpointMetadata> restore;     // start from this checkpoint (--resume)
};

caf::behavior job_actor(caf::event_based_actor* self, JobArgs args);

// Spawns a job's actors: the job actor on a thread of its own (a control message, such as a
// cancel, never waits for a scheduler thread: CAF 0.17 keeps a thread on a busy partition
// until its mailbox is empty) and its SourceAligner on the scheduler. Without `own_thread`
// the job actor runs on the scheduler too (deterministic mode: every actor must).
struct JobActors {
  caf::actor job, aligner;
};
template <class Spawner>
JobActors spawn_job_actors(Spawner& spawner, JobArgs args, bool own_thread = true) {
  args.alignment = std::make_shared<AlignmentStats>();
  args.aligner = spawner.spawn(
      source_aligner, SourceAlignerArgs{args.plan, args.options.max_source_drift, args.alignment});
  caf::actor aligner = args.aligner;
  if (!own_thread) return {spawner.spawn(job_actor, std::move(args)), aligner};
  return {spawner.template spawn<caf::detached>(job_actor, std::move(args)), aligner};
}

// A fresh token naming one run's temporary files ("PID-RANDOM").
std::string make_job_token();

}  // namespace rill
