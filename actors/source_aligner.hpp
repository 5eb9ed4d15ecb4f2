#pragma once
// SourceAligner: watermark alignment of the sources' partitions (the rule, and why it cannot
// deadlock: source_actor.cpp). Each source partition reports its readers' watermark here;
// once every partition of a source stage has reported, the aligner announces their minimum.
// A scheduled actor of its own, not part of the job actor: the job actor runs on a thread of
// its own (so a cancel never waits), and a message to such an actor costs a thread wake-up,
// which the thousands of reports per second of a fast source would pay (fixed-window: -22 %).
// Lifetime: spawned with the job (spawn_job_actors), stopped by the job when it ends.
#include <atomic>
#include <caf/all.hpp>
#include <memory>

#include "graph/execution_plan.hpp"

namespace rill {

// What alignment did, for the job's result: written by the aligner, read by the job at its end.
struct AlignmentStats {
  std::atomic<int64_t> source_pauses{0};
  std::atomic<int64_t> max_source_skew{0};
};

struct SourceAlignerArgs {
  std::shared_ptr<const ExecutionPlan> plan;
  Duration max_source_drift = 0;
  std::shared_ptr<AlignmentStats> stats;
};

caf::behavior source_aligner(caf::event_based_actor* self, SourceAlignerArgs args);

}  // namespace rill
