#include "cli/determinism_command.hpp"

#include <iostream>

#include "actors/job_signals.hpp"
#include "actors/node_runner.hpp"
#include "io/published_lines.hpp"

namespace rill::cli {

int run_determinism_check_command(const Template& spec, const OptionValues& params,
                                  const PipelineOptions& base, const DeterminismFlags& flags,
                                  const NodeSettings& node, StopSignals& signals) {
  const uint64_t seed = flags.seed ? *flags.seed : testing::fresh_seed();
  // First, so that a run that hangs or crashes can still be replayed.
  std::cout << "determinism check: " << flags.runs << " runs, seed " << seed << std::endl;
  auto run_once = [&](const PipelineOptions& options) {
    testing::RunOutcome outcome;
    if (signals.received() != 0) {
      outcome.ok = false;
      outcome.error = std::string("not started: ") + StopSignals::name(signals.received());
      return outcome;
    }
    Pipeline p{options};
    build_template(p, spec, params);
    PipelineHandle job = start_node(p, node);
    stop_job_on_signals(signals, job, false);
    const PipelineResult result = job.wait();
    outcome.ok = result.ok();
    if (outcome.ok) {
      outcome.elements = io::published_lines(result.outputs);
    } else {
      outcome.error = std::string("job ") + to_string(result.state) +
                      (result.failed_step.empty() ? "" : ": step '" + result.failed_step + "'") +
                      ": " + result.error;
    }
    return outcome;
  };
  auto on_run = [&](const testing::RunRecord& r) {
    std::cout << "run " << r.index + 1 << "/" << flags.runs << ": " << r.settings.text() << ": ";
    if (r.ok)
      std::cout << r.elements << " lines" << std::endl;
    else
      std::cout << "failed" << std::endl;
  };
  const auto report =
      testing::run_determinism_check(base, flags.runs, seed, run_once, flags.varied, on_run);
  if (const int sig = signals.received(); sig != 0) {
    std::cerr << "rill: determinism check stopped by " << StopSignals::name(sig) << " after "
              << report.records.size() << " of " << flags.runs << " runs (seed " << seed << ")\n";
    return 128 + sig;
  }
  std::cout << report.describe();
  if (!report.deterministic)
    std::cerr << "rill: " << (report.failed_run ? "a run failed" : "the runs differ")
              << "; replay with --check-determinism=" << flags.runs
              << " --determinism-seed=" << seed << "\n";
  return report.deterministic ? 0 : 1;
}

}  // namespace rill::cli
