#pragma once
// A pipeline template (Dataflow's flex templates): a named pipeline with typed, checked
// parameters that `rill run NAME --param=value ...` builds and runs. A program hands its
// templates to rill::cli_main (cli/cli_main.hpp) to get the `rill` command's verbs.
//
//   rill::Template word_lengths{
//       "word-lengths", "Counts the words of text files by length",
//       {rill::option<std::string>("input", "file or glob to read").required(),
//        rill::option<int64_t>("min-length", 1, "shorter words are skipped").between(1, 100)},
//       [](rill::Pipeline& p, const rill::OptionValues& params) { ... }};
#include <functional>
#include <string>
#include <vector>

#include "graph/pipeline.hpp"
#include "options/option_spec.hpp"
#include "options/option_values.hpp"

namespace rill {

struct Template {
  std::string name;
  std::string description;
  std::vector<OptionSpec> params;
  // Adds the template's steps; the parameters have been checked against `params`.
  std::function<void(Pipeline&, const OptionValues&)> build;
};

// Builds `t` into `p` and records every parameter in the pipeline definition (so that a
// cluster's workers are checked to run the same job).
void build_template(Pipeline& p, const Template& t, const OptionValues& params);

const Template* find_template(const std::vector<Template>& templates, const std::string& name);

}  // namespace rill
