#pragma once
// Starting a job from a checkpoint (--resume): which checkpoint, and whether it fits.
#include <optional>
#include <string>
#include <vector>

#include "exec/checkpoint_store.hpp"
#include "graph/execution_plan.hpp"
#include "graph/options.hpp"

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

// Where a job starts, by its options: the savepoint of --from-savepoint, the checkpoint
// --resume finds, or (nullopt) the beginning; `notes` say which, for the log. Checks that a
// job with checkpoints can take them (check_checkpointable). Throws std::invalid_argument on
// misuse (--resume without a directory, with --from-savepoint) or a restore point that does
// not fit. The job then runs under the restore point's job token: the sinks' temporaries it
// names are cut back and written on, not replaced.
std::optional<CheckpointMetadata> find_start_point(const GraphDef& g, const ExecutionPlan& plan,
                                                   const PipelineOptions& options,
                                                   std::vector<std::string>* notes);

}  // namespace rill
