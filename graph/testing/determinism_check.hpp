#pragma once
// rill::testing::run_determinism_check: runs a pipeline several times with runner settings
// drawn from a seed (parallelism, workers, batch size, channel credits) and compares what each
// run produced, as a multiset of text elements, with the first run's. A difference is reported
// with the seed, the settings of both runs and the first differing element with its counts.
// Same seed, same settings sequence, on any machine: a failure replays with that seed.
// Plain C++: the run itself is the caller's (io/check_determinism.hpp runs a Pipeline and
// collects a PCollection or the published files; the CLI runs a template).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/options.hpp"

namespace rill::testing {

// What one run produced: element text -> how often.
using ElementCounts = std::map<std::string, int64_t>;

// The runner settings one run uses.
struct RunSettings {
  int parallelism = 1;
  int workers = 1;
  size_t batch_size = 1024;
  int channel_credits = 8;
  // "parallelism=3 workers=2 batch-size=7 credits=5"
  std::string text() const;
  void apply_to(PipelineOptions& o) const;
};

// Which settings are drawn; the others keep the base options' values (made concrete:
// parallelism and workers 0 become the machine's cores).
struct VariedSettings {
  bool parallelism = true;
  bool workers = true;
  bool batch_size = true;
  bool channel_credits = true;
};

// The ranges drawn from. Fixed, not the machine's core count, so that a seed gives the same
// settings everywhere.
inline constexpr int kMaxDrawnParallelism = 8;
inline constexpr int kMaxDrawnWorkers = 4;
inline constexpr int kMaxDrawnCredits = 16;
// Batch sizes up to the default (1024): larger ones could exceed --channel-bytes.
inline constexpr size_t kDrawnBatchSizes[] = {1, 2, 7, 64, 100, 1024};

// The settings of `runs` runs drawn from `seed`.
std::vector<RunSettings> draw_run_settings(uint64_t seed, int runs, const PipelineOptions& base,
                                           const VariedSettings& varied = {});

// A seed from the system's entropy source, for a check without one.
uint64_t fresh_seed();

// An element whose count differs between two runs' outputs.
struct ElementDifference {
  std::string element;
  int64_t count_in_reference = 0;  // in run 1
  int64_t count_in_run = 0;        // in the differing run
};

// The smallest element (in text order) whose counts differ; none if the multisets are equal.
std::optional<ElementDifference> first_difference(const ElementCounts& reference,
                                                  const ElementCounts& run);

struct RunRecord {
  int index = 0;  // 0-based
  RunSettings settings;
  int64_t elements = 0;  // total count
  bool ok = true;
  std::string error;  // !ok: why the run did not finish (state, step, error)
};

struct DeterminismReport {
  int runs = 0;  // asked for
  uint64_t seed = 0;
  std::vector<RunRecord> records;  // the runs made, in order (the check stops at a failure)
  bool deterministic = true;
  // On a difference: the run that differs from run 1 (0-based index into records) and the
  // first differing element. A run that fails also makes the check fail (failed_run).
  std::optional<int> differing_run;
  std::optional<ElementDifference> difference;
  std::optional<int> failed_run;

  // "deterministic: 5 runs agree (seed 42)", or what differs: the seed, both runs' settings,
  // the element and its counts, and how to replay.
  std::string describe() const;
};

// What one run returns to the check: its elements, or why it failed.
struct RunOutcome {
  bool ok = true;
  std::string error;
  ElementCounts elements;
};

// Runs `run_once` `runs` times (runs >= 2) with options = base + drawn settings and compares
// each run's elements with the first run's. `on_run` is told of each run as it ends (progress).
DeterminismReport run_determinism_check(
    const PipelineOptions& base, int runs, uint64_t seed,
    const std::function<RunOutcome(const PipelineOptions&)>& run_once,
    const VariedSettings& varied = {},
    const std::function<void(const RunRecord&)>& on_run = nullptr);

}  // namespace rill::testing
