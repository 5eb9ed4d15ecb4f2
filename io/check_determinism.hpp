#pragma once
// Determinism checks of a pipeline (graph/testing/determinism_check.hpp): N runs with runner
// settings drawn from a seed, outputs compared as multisets with the first run's.
//
//   auto report = rill::testing::check_determinism(
//       [](rill::Pipeline& p) { return p | rill::Create(...) | ... ; },  // a PCollection<T>
//       options, /*runs=*/5, /*seed=*/42);
//   CHECK_MESSAGE(report.deterministic, report.describe());
//
// The PCollection's values are collected (io::Collect) and compared as text (element_text, or
// the `to_text` given); windows, timestamps and panes are not compared. For a pipeline that
// writes files, check_output_determinism compares the lines of the files each run published.
// Runs go through Pipeline::run() (link rill::actors). A run that fails ends the check
// (report.failed_run); a job refused at the start throws, as Pipeline::run() does.
#include <optional>
#include <utility>

#include "graph/pipeline.hpp"
#include "graph/testing/determinism_check.hpp"
#include "graph/testing/element_text.hpp"
#include "io/collect.hpp"
#include "io/published_lines.hpp"

namespace rill::testing {

namespace detail {
inline std::string failure_text(const PipelineResult& r) {
  std::string s = std::string("job ") + to_string(r.state);
  if (!r.failed_step.empty()) s += ": step '" + r.failed_step + "' failed";
  if (!r.error.empty()) s += ": " + r.error;
  return s;
}
}  // namespace detail

// `build(Pipeline&)` returns the PCollection<T> to compare; `to_text(const T&)` renders one.
template <class Build, class ToText>
DeterminismReport check_determinism(Build&& build, const PipelineOptions& base, int runs,
                                    std::optional<uint64_t> seed, const VariedSettings& varied,
                                    ToText&& to_text) {
  auto run_once = [&](const PipelineOptions& options) {
    Pipeline p{options};
    auto collected = build(p) | io::Collect("DeterminismCheckOutput");
    const PipelineResult result = p.run();
    RunOutcome outcome;
    outcome.ok = result.ok();
    if (!outcome.ok) {
      outcome.error = detail::failure_text(result);
      return outcome;
    }
    for (const auto& v : collected->values()) ++outcome.elements[to_text(v)];
    return outcome;
  };
  return run_determinism_check(base, runs, seed ? *seed : fresh_seed(), run_once, varied);
}

template <class Build>
DeterminismReport check_determinism(Build&& build, const PipelineOptions& base, int runs,
                                    std::optional<uint64_t> seed = std::nullopt,
                                    const VariedSettings& varied = {}) {
  return check_determinism(std::forward<Build>(build), base, runs, seed, varied,
                           [](const auto& v) { return element_text(v); });
}

// `build(Pipeline&)` adds sinks that write files; every run writes the same paths (the output
// manifests let a run replace what the run before it published), and its published files'
// lines are compared.
template <class Build>
DeterminismReport check_output_determinism(Build&& build, const PipelineOptions& base, int runs,
                                           std::optional<uint64_t> seed = std::nullopt,
                                           const VariedSettings& varied = {}) {
  auto run_once = [&](const PipelineOptions& options) {
    Pipeline p{options};
    build(p);
    const PipelineResult result = p.run();
    RunOutcome outcome;
    outcome.ok = result.ok();
    if (outcome.ok)
      outcome.elements = io::published_lines(result.outputs);
    else
      outcome.error = detail::failure_text(result);
    return outcome;
  };
  return run_determinism_check(base, runs, seed ? *seed : fresh_seed(), run_once, varied);
}

}  // namespace rill::testing
