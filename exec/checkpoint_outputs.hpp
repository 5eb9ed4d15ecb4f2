#pragma once
// The job's side of publication per checkpoint (the rule: graph/checkpoint_publication.hpp):
// which sinks publish at a checkpoint, at a restore and at the end. Each throws
// std::runtime_error naming the sink when a file cannot be renamed or removed.
#include <cstdint>
#include <string>
#include <vector>

#include "graph/execution_plan.hpp"

namespace rill {

// Checkpoint `checkpoint` is complete: the parts it covers get their final names.
void publish_checkpoint_outputs(const GraphDef& g, const ExecutionPlan& plan,
                                const std::string& token, uint64_t checkpoint);

// Before a restart or resume from `checkpoint` (0: from the beginning): what it covers is
// published (a crash may have come between its completion and the renames), the parts of
// later checkpoints are deleted (the restored sources send their content again).
void rewind_checkpoint_outputs(const GraphDef& g, const ExecutionPlan& plan,
                               const std::string& token, uint64_t checkpoint);

// The job's end: the sink `sink` publishes everything left, its open files as checkpoint
// `next`'s parts; returns the paths published.
std::vector<std::string> publish_last_outputs(const ExecutionPlan& plan, const NodeDef& sink,
                                              const std::string& token, uint64_t next);

}  // namespace rill
