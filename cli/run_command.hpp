#pragma once
// `PROGRAM run|plan TEMPLATE --param=value ... [runner options] [node options]`: parses the
// template's parameters and the runner's options with one ProgramOptions
// (options/program_options.hpp), then runs the job in this process's role, or prints its plan.
#include <string>
#include <vector>

#include "actors/stop_signals.hpp"
#include "cli/template.hpp"
#include "options/program_options.hpp"

namespace rill::cli {

// The options of `run` and `plan` for `t` (its parameters, the runner's options and the
// command's own: --quiet, --dot, --check-determinism, --determinism-seed); without a template,
// only the runner's and the command's, for the usage text.
ProgramOptions run_options(const std::string& program, const Template* t);

// `args` follow "run" or "plan" (`signals` is null for plan). Exit status as `rill run`:
// 0 done, 1 failed at run time, 128+N after signal N; throws UsageError and
// std::invalid_argument for bad usage and bad input (exit 2).
int run_template_command(const std::string& program, const std::vector<Template>& templates,
                         std::vector<std::string> args, bool plan_only, StopSignals* signals);

}  // namespace rill::cli
