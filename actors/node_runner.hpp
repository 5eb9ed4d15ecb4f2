#pragma once
// One call runs a pipeline in whatever role the node settings give this process:
//   int main(int argc, char** argv) {
//     std::vector<std::string> args(argv + 1, argv + argc);
//     auto node = rill::parse_node_settings(args);   // takes --rill.* and --config-file=
//     rill::Pipeline p;  ... build it from `args` ...
//     return rill::run_node(p, node).ok() ? 0 : 1;
//   }
// Local: Pipeline::run(). Coordinator: waits for the workers, runs the job on them and
// returns its result. Worker: joins the coordinator, runs the partitions it is given, and
// returns once the coordinator says the job ended (or is lost): DONE or FAILED with the
// coordinator's message. No CAF in this header.
#include "actors/node_settings.hpp"
#include "graph/pipeline.hpp"

namespace rill {

PipelineResult run_node(Pipeline& p, const NodeSettings& node);

}  // namespace rill
