#include "exec/checkpoint_outputs.hpp"

#include <limits>
#include <stdexcept>

#include "graph/prepared_sinks.hpp"

namespace rill {
namespace {

template <class Fn>
void for_each_per_checkpoint_sink(const GraphDef& g, Fn&& fn) {
  for (const auto& n : g.nodes())
    if (n.finalizer && n.finalizer->publishes_per_checkpoint()) try {
        fn(n);
      } catch (const std::exception& e) {
        throw std::runtime_error("sink '" + n.name + "': " + e.what());
      }
}

}  // namespace

void publish_checkpoint_outputs(const GraphDef& g, const ExecutionPlan& plan,
                                const std::string& token, uint64_t checkpoint) {
  for_each_per_checkpoint_sink(g, [&](const NodeDef& n) {
    n.finalizer->commit_checkpoints(token, sink_shards(plan, n), checkpoint, std::nullopt);
  });
}

void rewind_checkpoint_outputs(const GraphDef& g, const ExecutionPlan& plan,
                               const std::string& token, uint64_t checkpoint) {
  for_each_per_checkpoint_sink(g, [&](const NodeDef& n) {
    const int shards = sink_shards(plan, n);
    if (checkpoint > 0) n.finalizer->commit_checkpoints(token, shards, checkpoint, std::nullopt);
    n.finalizer->discard_checkpoints_after(token, shards, checkpoint);
  });
}

std::vector<std::string> publish_last_outputs(const ExecutionPlan& plan, const NodeDef& sink,
                                              const std::string& token, uint64_t next) {
  return sink.finalizer->commit_checkpoints(token, sink_shards(plan, sink),
                                            std::numeric_limits<uint64_t>::max(), next);
}

}  // namespace rill
