#pragma once
// Holds a job's sinks prepared (SinkFinalizer::prepare: the output claimed, an interrupted
// commit finished, dead runs' temporaries removed) from before the job starts until the
// runner is done with it; then releases them. Lifetime: made by the runner right after
// planning, destroyed after the job's commit or abort.
#include <string>
#include <vector>

#include "graph/execution_plan.hpp"

namespace rill {

class PreparedSinks {
 public:
  // Prepares every sink with a finalizer; if one throws, releases those already prepared and
  // rethrows (std::invalid_argument: the job must not run).
  PreparedSinks(const GraphDef& g, const ExecutionPlan& plan, const std::string& job_token);
  ~PreparedSinks();
  PreparedSinks(const PreparedSinks&) = delete;
  PreparedSinks& operator=(const PreparedSinks&) = delete;

 private:
  std::vector<SinkFinalizer*> prepared_;
};

// The shard count of a sink: the parallelism of its stage.
int sink_shards(const ExecutionPlan& plan, const NodeDef& sink);

}  // namespace rill
