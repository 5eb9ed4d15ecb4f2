#pragma once
namespace rill {

// How a collection travels from the partitions of one stage to those of the next.
enum class EdgeKind {
  kForward,     // partition i -> partition i (same parallelism)
  kRoundRobin,  // whole batches dealt to the receivers in turn (parallelism differs)
  kHash,        // by the stable hash of the element's key: the keyed shuffle
  kBroadcast,   // every batch to every receiver (side inputs)
};
const char* to_string(EdgeKind k);

}  // namespace rill
