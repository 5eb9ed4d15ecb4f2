#include "graph/prepared_sinks.hpp"

namespace rill {

int sink_shards(const ExecutionPlan& plan, const NodeDef& sink) {
  const int stage = plan.stage_of_node.at(static_cast<size_t>(sink.id));
  return plan.stages.at(static_cast<size_t>(stage)).parallelism;
}

PreparedSinks::PreparedSinks(const GraphDef& g, const ExecutionPlan& plan,
                             const std::string& job_token) {
  try {
    for (const auto& n : g.nodes()) {
      if (!n.finalizer) continue;
      n.finalizer->prepare(job_token, sink_shards(plan, n));
      prepared_.push_back(n.finalizer.get());
    }
  } catch (...) {
    for (auto* f : prepared_) f->release();
    throw;
  }
}

PreparedSinks::~PreparedSinks() {
  for (auto* f : prepared_) f->release();
}

}  // namespace rill
