#pragma once
// The runner's options, as `rill run` and every program built on rill take them
// (--parallelism, --workers, --checkpoint-dir, --rest-port, ...): each declared once, with its
// help, its checks and how it sets PipelineOptions (graph/options.hpp).
#include <functional>
#include <vector>

#include "graph/options.hpp"
#include "options/option_spec.hpp"
#include "options/option_values.hpp"

namespace rill {

struct RunnerOption {
  OptionSpec spec;
  // Sets the option's field from its checked value; may throw UsageError for what the spec
  // cannot say (e.g. a fault plan that does not parse).
  std::function<void(const OptionValues&, PipelineOptions&)> apply;
};

const std::vector<RunnerOption>& runner_options();

// Applies every runner option given in `values` to `options`.
void apply_runner_options(const OptionValues& values, PipelineOptions& options);

}  // namespace rill
