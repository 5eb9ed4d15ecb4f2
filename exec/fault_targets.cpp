#include "exec/fault_targets.hpp"

#include <algorithm>

namespace rill {

testing::FaultTargets fault_targets(const GraphDef& g, const ExecutionPlan& plan, int workers) {
  testing::FaultTargets t;
  for (const auto& n : g.nodes()) t.steps.push_back(n.name);
  for (const auto& s : plan.stages) {
    t.parallelism = std::max(t.parallelism, s.parallelism);
    for (const auto& in : s.inputs) {
      const auto& c = g.collection(in.collection);
      if (c.producer < 0 || in.to_node < 0) continue;
      auto e = std::make_pair(g.node(c.producer).name, g.node(in.to_node).name);
      if (std::find(t.edges.begin(), t.edges.end(), e) == t.edges.end()) t.edges.push_back(e);
    }
  }
  t.workers = workers;
  return t;
}

testing::FaultPlan resolve_faults(const GraphDef& g, const ExecutionPlan& plan,
                                  const PipelineOptions& options, int workers) {
  const testing::FaultTargets t = fault_targets(g, plan, workers);
  testing::FaultPlan resolved = options.faults.resolved(t);
  resolved.check(t);
  return resolved;
}

}  // namespace rill
