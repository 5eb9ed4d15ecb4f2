#include "exec/checkpoint_resume.hpp"

#include <stdexcept>

#include "graph/pipeline_definition.hpp"

namespace rill {

void check_checkpointable(const GraphDef& g) {
  for (const auto& n : g.nodes())
    if (n.source && !n.source->checkpointable())
      throw std::invalid_argument("rill: checkpoints: source step '" + n.name + "' [" + n.label +
                                  "] cannot save its position, so a restore could not replay "
                                  "it; run without --checkpoint-dir");
}

namespace {
// Throws std::invalid_argument when `m` belongs to another pipeline or parallelism.
void check_fits(const CheckpointMetadata& m, const GraphDef& g, const ExecutionPlan& plan,
                const std::string& what) {
  const std::string diff =
      first_difference(m.definition, definition_lines(g), "the checkpoint", "this pipeline");
  if (!diff.empty())
    throw std::invalid_argument("rill: " + what +
                                " belongs to another pipeline; first difference: " + diff);
  std::vector<int32_t> now;
  for (const auto& s : plan.stages) now.push_back(s.parallelism);
  if (now != m.parallelism)
    throw std::invalid_argument("rill: " + what +
                                " was taken with another parallelism; resume with the same "
                                "--parallelism (and --num-shards)");
}
}  // namespace

CheckpointMetadata savepoint_resume_point(const std::string& dir, const GraphDef& g,
                                          const ExecutionPlan& plan) {
  CheckpointMetadata m;
  try {
    m = read_savepoint(dir);
  } catch (const CorruptCheckpoint& e) {
    throw std::invalid_argument(std::string("rill: --from-savepoint: ") + e.what() +
                                "; it is not restored");
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("rill: --from-savepoint: ") + e.what());
  }
  check_fits(m, g, plan,
             "--from-savepoint: savepoint " + std::to_string(m.id) + " in '" + dir + "'");
  return m;
}

std::optional<CheckpointMetadata> find_resume_point(const std::string& dir, const GraphDef& g,
                                                    const ExecutionPlan& plan,
                                                    std::vector<std::string>* notes) {
  const CheckpointStore store(dir);
  std::vector<std::string> problems;
  auto m = store.latest_complete(&problems);
  for (auto& p : problems) notes->push_back(std::move(p));
  if (!m) {
    notes->push_back("no complete checkpoint in '" + dir + "': the job starts from the beginning");
    return std::nullopt;
  }
  check_fits(*m, g, plan, "--resume: checkpoint " + std::to_string(m->id) + " in '" + dir + "'");
  notes->push_back("resuming from checkpoint " + std::to_string(m->id) + " in '" + dir + "'");
  return m;
}

std::optional<CheckpointMetadata> find_start_point(const GraphDef& g, const ExecutionPlan& plan,
                                                   const PipelineOptions& options,
                                                   std::vector<std::string>* notes) {
  if (options.resume && !options.checkpointing())
    throw std::invalid_argument("rill: --resume needs --checkpoint-dir");
  if (options.resume && !options.from_savepoint.empty())
    throw std::invalid_argument("rill: --resume and --from-savepoint exclude each other");
  if (options.checkpointing() || !options.from_savepoint.empty()) check_checkpointable(g);
  if (!options.from_savepoint.empty()) {
    auto m = savepoint_resume_point(options.from_savepoint, g, plan);
    notes->push_back("starting from savepoint " + std::to_string(m.id) + " in '" + m.directory +
                     "'");
    return m;
  }
  if (options.resume) return find_resume_point(options.checkpoint_dir, g, plan, notes);
  return std::nullopt;
}

}  // namespace rill
