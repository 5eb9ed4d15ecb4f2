#pragma once
// JobActor: runs one pipeline in this process. It spawns every partition of every stage
// (receivers first, so senders are born knowing where to send), watches them, sums their
// counters, and ends the job: DONE once every partition reported done (then sinks commit),
// FAILED on the first error or on a partition that died (then everything is stopped and
// sinks abort, so no final files appear).
#include <caf/all.hpp>
#include <memory>

#include "graph/execution_plan.hpp"
#include "graph/result.hpp"

namespace rill {

struct JobArgs {
  std::shared_ptr<const GraphDef> graph;
  std::shared_ptr<const ExecutionPlan> plan;
  PipelineOptions options;
  std::shared_ptr<PipelineResult> result;  // filled before the job replies to run_atom
};

caf::behavior job_actor(caf::event_based_actor* self, JobArgs args);

}  // namespace rill
