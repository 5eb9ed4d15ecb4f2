#include "cli/run_command.hpp"

#include <unistd.h>

#include <iostream>
#include <limits>
#include <optional>

#include "actors/job_signals.hpp"
#include "actors/node_runner.hpp"
#include "cli/determinism_command.hpp"
#include "cli/progress_line.hpp"

namespace rill::cli {

ProgramOptions run_options(const std::string& program, const Template* t) {
  ProgramOptions o(t ? t->name : program, t ? t->description : "");
  if (t) {
    o.for_template(t->name).usage("usage: " + program + " run|plan " + t->name +
                                  " [--param=value ...] [runner options]");
    for (const auto& p : t->params) o.add(p);
  }
  o.add_runner_option(option<bool>("quiet",
                                   "no progress line (shown on a terminal for a bounded "
                                   "job)"));
  o.add_runner_option(option<bool>("dot", "plan: print the plan as Graphviz DOT"));
  o.add_runner_option(
      option<int64_t>("check-determinism",
                      "run the template N times with parallelism, workers, batch size and "
                      "credits drawn from a seed (the ones given stay fixed) and compare the "
                      "published lines as multisets: exit 0 if all runs agree, 1 with the seed, "
                      "settings and first differing line")
          .between(2, 1000)
          .value_name("N"));
  o.add_runner_option(option<int64_t>("determinism-seed",
                                      "draw the runs' settings from S (default: random, printed)")
                          .between(int64_t{0}, std::numeric_limits<int64_t>::max())
                          .value_name("S"));
  return o;
}

namespace {

int report(const std::string& program, const PipelineResult& result, const NodeSettings& node,
           int signalled) {
  const bool cancelled = signalled != 0 && result.state == JobState::kCancelled;
  // Stopped or cancelled from outside (the REST API, `rill jobs`): a stop is a clean end.
  if (signalled == 0 && result.state == JobState::kStopped) {
    std::cout << result.summary();
    std::cerr << program << ": " << result.error
              << "; nothing published; go on with --from-savepoint\n";
    return 0;
  }
  if (signalled == 0 && result.state == JobState::kCancelled) {
    std::cout << result.summary();
    std::cerr << program << ": job CANCELLED: " << result.error << "; nothing published\n";
    return 1;
  }
  if (result.state == JobState::kStopped) {
    std::cout << result.summary();
    std::cerr << program << ": " << result.error << " after a " << StopSignals::name(signalled)
              << "; nothing published; go on with --resume\n";
    return 128 + signalled;
  }
  if (node.role == NodeRole::kWorker) {
    std::cout << program << " worker: " << (result.ok() ? "job DONE" : result.error) << "\n";
    if (cancelled)
      std::cerr << program << " worker: " << result.error << "; temporary files removed\n";
    return cancelled ? 128 + signalled : result.ok() ? 0 : 1;
  }
  std::cout << result.summary();
  if (cancelled) {
    std::cerr << program << ": " << result.error << "; nothing published\n";
    return 128 + signalled;
  }
  if (!result.ok()) {
    std::cerr << program << ": job " << to_string(result.state) << ": step '" << result.failed_step
              << "' failed: " << result.error << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int run_template_command(const std::string& program, const std::vector<Template>& templates,
                         std::vector<std::string> args, bool plan_only, StopSignals* signals) {
  // Node options first: a bad one is reported before anything else happens.
  const NodeSettings node = parse_node_settings(args);
  if (node.printed_only) return 0;  // --dump-config
  if (args.empty()) throw UsageError("missing template name (see '" + program + " templates')");
  const Template* t = find_template(templates, args[0]);
  if (!t) throw UsageError("unknown template '" + args[0] + "' (see '" + program + " templates')");
  const ProgramOptions options = run_options(program, t);
  const ParsedOptions parsed = options.parse({args.begin() + 1, args.end()});
  if (parsed.help) {
    std::cout << options.help();
    return 0;
  }
  DeterminismFlags determinism;
  determinism.runs = parsed.runner.get_or<int>("check-determinism", 0);
  if (parsed.runner.given("determinism-seed")) {
    if (determinism.runs == 0) throw UsageError("--determinism-seed needs --check-determinism=N");
    determinism.seed = parsed.runner.get<uint64_t>("determinism-seed");
  }
  // A setting given here stays fixed in a determinism check.
  determinism.varied.workers = !parsed.runner.given("workers");
  determinism.varied.parallelism = !parsed.runner.given("parallelism");
  determinism.varied.batch_size = !parsed.runner.given("batch-size");
  determinism.varied.channel_credits = !parsed.runner.given("credits");
  const PipelineOptions& po = parsed.pipeline;
  if (determinism.runs > 0) {
    if (plan_only) throw UsageError("--check-determinism is an option of '" + program + " run'");
    // Each run must start from the beginning, in this process, and publish all its output.
    if (node.role != NodeRole::kLocal)
      throw UsageError("--check-determinism runs the job in this process: not with --rill.role");
    if (po.checkpointing() || po.resume || !po.from_savepoint.empty())
      throw UsageError(
          "--check-determinism starts every run from the beginning: not with --checkpoint-dir, "
          "--resume or --from-savepoint");
    return run_determinism_check_command(*t, parsed.values, po, determinism, node, *signals);
  }
  Pipeline p{po};
  build_template(p, *t, parsed.values);
  if (plan_only) {
    std::cout << (parsed.runner.get_or("dot", false) ? p.to_dot() : p.explain());
    return 0;
  }
  PipelineHandle job = start_node(p, node);
  // A worker's signal ends only that worker (its partitions restart elsewhere, or the job fails).
  stop_job_on_signals(*signals, job, po.checkpointing() && node.role != NodeRole::kWorker);
  std::optional<ProgressLine> progress;
  if (!parsed.runner.get_or("quiet", false) && node.role != NodeRole::kWorker && ::isatty(2))
    progress.emplace(po.job_name);
  const auto result = job.wait();
  progress.reset();
  return report(program, result, node, signals->received());
}

}  // namespace rill::cli
