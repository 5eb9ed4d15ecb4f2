#pragma once
// When a job's file output becomes visible (as Flink's FileSink, "roll on checkpoint"):
// - a bounded job, or any job without checkpoints: when the job ends DONE or DRAINED, all of
//   it at once (the sinks' finalizers commit);
// - a job that reads an unbounded source with checkpoints (or started from a savepoint, which
//   such a job took): per checkpoint. At checkpoint K's
//   barrier each shard of a sink that can (SinkFinalizer::publishes_per_checkpoint) closes
//   its file as K's pending file and starts a new one; when K completes (its metadata is
//   written) the job renames every pending file of checkpoints <= K to its final name
//   (PREFIX-ckpt-KKKKKKKK-SSSSS-of-NNNNN for text), so output appears while the job runs
//   and only once a checkpoint covers it. A restart or resume from K first publishes what
//   K covers (a crash may have come between K's completion and the renames) and deletes
//   the pending files of later checkpoints (their content is replayed); the job's end
//   publishes the files still open under the next number. Sinks that cannot (a single
//   file) publish at the end, as in a bounded job.
#include <algorithm>

#include "graph/graph_def.hpp"
#include "graph/options.hpp"

namespace rill {

inline bool publishes_per_checkpoint(const GraphDef& g, const PipelineOptions& o) {
  return (o.checkpointing() || !o.from_savepoint.empty()) &&
         std::any_of(g.nodes().begin(), g.nodes().end(),
                     [](const auto& n) { return n.source && n.source->unbounded(); });
}

}  // namespace rill
