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
// coordinator's message; CANCELLED when told to stop (a signal). No CAF in this header.
#include "actors/node_settings.hpp"
#include "graph/pipeline.hpp"

namespace rill {

// Starts this process's part of the job and returns at once: cancel() ends the job (a worker:
// leaves it, deleting its temporary files), wait() returns the outcome (and rethrows what the
// role threw before the job could start, e.g. ConfigError or std::invalid_argument).
PipelineHandle start_node(Pipeline& p, const NodeSettings& node);

// start_node(p, node).wait().
PipelineResult run_node(Pipeline& p, const NodeSettings& node);

}  // namespace rill
