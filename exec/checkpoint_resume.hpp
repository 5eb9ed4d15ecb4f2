#pragma once
// Starting a job from a checkpoint (--resume): which checkpoint, and whether it fits.
#include <optional>
#include <string>
#include <vector>

#include "exec/checkpoint_store.hpp"
#include "graph/execution_plan.hpp"

namespace rill {

// Throws std::invalid_argument naming the first source step whose readers cannot save their
// position: a job with checkpoints could not replay it.
void check_checkpointable(const GraphDef& g);

// The checkpoint a --resume starts from: the newest complete, intact one in `dir` (damaged
// ones are skipped, each with a line in `notes`; none at all: nullopt, and a note saying the
// job starts from the beginning). Throws std::invalid_argument, before anything runs, when it
// belongs to another pipeline (its definition differs: the first difference is named, step
// by its stable name) or was taken with another parallelism.
std::optional<CheckpointMetadata> find_resume_point(const std::string& dir, const GraphDef& g,
                                                    const ExecutionPlan& plan,
                                                    std::vector<std::string>* notes);

// The savepoint --from-savepoint starts from, checked whole and against this pipeline as
// above; throws std::invalid_argument (bad path, another pipeline) or CorruptCheckpoint.
CheckpointMetadata savepoint_resume_point(const std::string& dir, const GraphDef& g,
                                          const ExecutionPlan& plan);

}  // namespace rill
