#pragma once
// The planner's output: the graph cut into fused stages joined by edges.
#include <string>
#include <vector>

#include "graph/edge_kind.hpp"
#include "graph/graph_def.hpp"
#include "graph/options.hpp"

namespace rill {

struct StageInput {
  int from_stage = -1;
  int collection = -1;
  EdgeKind kind = EdgeKind::kForward;
  int to_node = -1;  // the node of this stage that consumes the collection
  int to_port = 0;
  bool side = false;  // a side input: broadcast to every partition
};

struct StageOutput {
  int collection = -1;
  int to_stage = -1;
  int to_input = -1;  // index into the receiving stage's inputs
  EdgeKind kind = EdgeKind::kForward;
};

struct StagePlan {
  int id = -1;
  std::string name;  // the names of its nodes joined by '+'
  int parallelism = 1;
  int source_node = -1;    // >= 0 for a source stage
  std::vector<int> nodes;  // in topological order
  std::vector<StageInput> inputs;
  std::vector<StageOutput> outputs;
};

struct ExecutionPlan {
  std::vector<StagePlan> stages;  // in topological order
  std::vector<int> stage_of_node;

  std::string explain(const GraphDef& g) const;
  std::string to_dot(const GraphDef& g) const;
};

// Fuses consecutive element-wise steps into stages; a stage ends at shuffles (keyed steps),
// at sources and at sinks. Throws std::invalid_argument for a graph it cannot run.
ExecutionPlan plan_pipeline(const GraphDef& g, const PipelineOptions& options);

}  // namespace rill
