#pragma once
// What a plan can hold in memory, checked before it runs: runner options are multiplied
// together on every channel, so each is reasonable alone and their product may not be.
#include "graph/execution_plan.hpp"

namespace rill {

// Throws std::invalid_argument with the options to change when
// - a channel's credits of full batches would exceed PipelineOptions::channel_bytes by the
//   elements' own size (batch_size x credits x sizeof(WindowedValue<T>)), or
// - all channels and output queues together could hold more than half the machine's memory
//   (many partitions on both sides of a shuffle: channels grow with parallelism squared).
void check_plan_limits(const GraphDef& g, const ExecutionPlan& plan,
                       const PipelineOptions& options);

// "1.5 GiB", "64 MiB", "512 bytes".
std::string format_bytes(double bytes);

}  // namespace rill
