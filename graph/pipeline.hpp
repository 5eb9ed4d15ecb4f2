#pragma once
// Pipeline: owns the graph that transforms are applied to, and runs it.
//   rill::Pipeline p{options};
//   auto lines = p | rill::Create("Lines", std::vector<std::string>{...});
//   p.run();
#include <memory>
#include <string>

#include "graph/graph_def.hpp"
#include "graph/options.hpp"
#include "graph/pipeline_handle.hpp"
#include "graph/result.hpp"

namespace rill {

class Pipeline {
 public:
  explicit Pipeline(PipelineOptions options = {})
      : graph_(std::make_shared<GraphDef>()), options_(std::move(options)) {}

  GraphDef& graph() { return *graph_; }
  const GraphDef& graph() const { return *graph_; }
  const std::shared_ptr<GraphDef>& graph_ptr() const { return graph_; }
  const PipelineOptions& options() const { return options_; }
  PipelineOptions& options() { return options_; }

  // Starts the pipeline on the embedded actor runtime and returns at once. Throws
  // std::invalid_argument when the job is refused before it starts (a bad graph, an output
  // that would replace a file rill did not write). Defined in the actors library (link
  // rill::actors).
  PipelineHandle start();
  // start().wait(): runs the pipeline and blocks until it ends.
  PipelineResult run() { return start().wait(); }

  // The fused stages the planner makes of this graph, one per line block.
  std::string explain() const;
  // Graphviz DOT of the graph, with one cluster per fused stage.
  std::string to_dot() const;

 private:
  std::shared_ptr<GraphDef> graph_;
  PipelineOptions options_;
};

// Root transforms are applied to the pipeline: `p | rill::Create(...)`.
template <class Transform>
auto operator|(Pipeline& p, Transform&& t) -> decltype(t.expand_root(p.graph_ptr())) {
  return t.expand_root(p.graph_ptr());
}

}  // namespace rill
