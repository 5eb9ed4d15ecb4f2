#pragma once
// `rill run TEMPLATE ... --check-determinism=N [--determinism-seed=S]`: runs the template N
// times with parallelism, workers, batch size and credits drawn from the seed (a setting given
// on the command line stays fixed) and compares each run's published lines, as a multiset,
// with the first run's. Every run writes the same output: the manifests let a run replace
// what the run before it published, and each run's lines are read before the next starts.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "actors/node_settings.hpp"
#include "actors/stop_signals.hpp"
#include "cli/template.hpp"
#include "graph/testing/determinism_check.hpp"

namespace rill::cli {

struct DeterminismFlags {
  int runs = 0;  // 0: no check
  std::optional<uint64_t> seed;
  testing::VariedSettings varied;
};

// Prints the seed, a line per run and the verdict. Exit status: 0 the runs agree, 1 they
// differ (or a run failed), 128+N after signal N.
int run_determinism_check_command(const Template& spec, const OptionValues& params,
                                  const PipelineOptions& base, const DeterminismFlags& flags,
                                  const NodeSettings& node, StopSignals& signals);

}  // namespace rill::cli
