// rill: run a pipeline template on the embedded actor runtime.
//   rill run TEMPLATE --param=value ... [--workers=N] [--parallelism=N] [--batch-size=N]
//            [--credits=N] [--max-source-drift=MS] [--checkpoint-dir=DIR
//            [--checkpoint-interval=MS] [--checkpoints-retained=N] [--restart-attempts=N]
//            [--resume]] [--faults=SPEC] [--check-determinism=N [--determinism-seed=S]]
//            [--deterministic[=SEED]]
//            [--rill.role=coordinator|worker ... | --config-file=FILE]   (see node_settings.hpp)
//   rill plan TEMPLATE --param=value ... [--dot]
//   rill templates
//   rill jobs list|describe|cancel|drain|stop|savepoint [JOB] --endpoint=HOST:PORT
//   (jobs_command.hpp)
// Exit status: 0 done, 1 the job failed at run time, 2 bad usage or bad input.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <limits>
#include <optional>
#include <random>

#include "actors/job_signals.hpp"
#include "actors/node_runner.hpp"
#include "cli/determinism_command.hpp"
#include "cli/jobs_command.hpp"
#include "cli/log_level.hpp"
#include "cli/progress_line.hpp"
#include "cli/template_registry.hpp"

namespace {

using namespace rill;
using namespace rill::cli;

const char* kUsage =
    "usage: rill run TEMPLATE [--param=value ...] [runner options]\n"
    "       rill plan TEMPLATE [--param=value ...] [--dot]\n"
    "       rill templates\n"
    "       rill jobs list|describe|cancel|drain|stop|savepoint [JOB] --endpoint=HOST:PORT\n"
    "                 watch and steer running jobs (see 'rill jobs --help')\n"
    "runner options:\n"
    "  --workers=N       actor-system worker threads (default: cores)\n"
    "  --parallelism=N   partitions per stage (default: cores)\n"
    "  --batch-size=N    elements per batch between stages (default: 1024)\n"
    "  --credits=N       batches in flight per channel (default: 8)\n"
    "  --channel-bytes=N bytes in flight per channel, K/M/G suffixes (default: 64M); a\n"
    "                    batch is cut at N / credits\n"
    "  --max-source-drift=MS  event time (ms) a source's reader may run ahead of the\n"
    "                    slowest reader of the same source; 0: no limit (default: 10000)\n"
    "  --checkpoint-dir=DIR  take checkpoints there; a failure restarts the job from the\n"
    "                    latest one\n"
    "  --checkpoint-interval=MS  between checkpoints (default: 10000)\n"
    "  --checkpoints-retained=N  complete checkpoints kept (default: 2)\n"
    "  --restart-attempts=N  restarts after failures (default: 3 with checkpoints, else 0)\n"
    "  --resume          start from the latest complete checkpoint in --checkpoint-dir\n"
    "  --from-savepoint=DIR  start from a savepoint (or a complete DIR/chk-N)\n"
    "  --faults=SPEC     inject faults, for testing (README: Testing under faults), e.g.\n"
    "                    'crash:step=Count,after=500;drop:edge=Split->Count,p=0.01'\n"
    "  --check-determinism=N  run the template N times (2..1000) with parallelism, workers,\n"
    "                    batch size and credits drawn from a seed (the ones given above stay\n"
    "                    fixed) and compare the published lines as multisets: exit 0 if\n"
    "                    all runs agree, 1 with the seed, settings and first differing line\n"
    "  --determinism-seed=S  draw the runs' settings from S (default: random, printed)\n"
    "  --deterministic[=SEED]  one thread; the next message is picked by a generator\n"
    "                    seeded with SEED (drawn and printed if omitted): a seed replays\n"
    "                    the same interleaving; local runs only\n"
    "  --rest-port=P     serve the REST API, /metrics and the web UI on P (0: any free\n"
    "                    port, logged); a coordinator serves it on 8081 by default\n"
    "  --rest-host=H     the address it listens on (default: 127.0.0.1)\n"
    "  --metrics-interval=MS  how often partitions report live metrics (default: 1000; 0: off)\n"
    "  --log-level=L     trace|debug|info|warn|error (default: info)\n"
    "  --quiet           no progress line (shown on a terminal for a bounded job)\n"
    "signals: SIGINT/SIGTERM/SIGHUP stop the job: with --checkpoint-dir, with a savepoint\n"
    "  there (resume with --resume), else a cancel; a second signal cancels, a third exits\n";

void print_templates() {
  for (const auto& t : templates()) {
    std::cout << t.name << "\n  " << t.description << "\n";
    for (const auto& p : t.params)
      std::cout << "    --" << p.name << (p.required ? " (required)" : "") << "  " << p.help
                << (p.required ? "" : " [default " + p.default_value + "]") << "\n";
  }
}

// A seed for --deterministic without one: any but 0 (off); printed when the job starts.
uint64_t draw_seed() {
  std::random_device rd;
  uint64_t seed = 0;
  while (seed == 0) seed = (uint64_t{rd()} << 32) | rd();
  return seed;
}

uint64_t parse_seed(const std::string& text) {
  size_t used = 0;
  uint64_t seed = 0;
  try {
    if (!text.empty() && text[0] != '-') seed = std::stoull(text, &used, 10);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || seed == 0)
    throw UsageError("--deterministic=SEED needs a seed from 1 to 2^64-1, not '" + text + "'");
  return seed;
}

struct Invocation {
  const TemplateSpec* spec = nullptr;
  PipelineOptions options;
  std::map<std::string, std::string> params;
  bool dot = false;
  bool quiet = false;
  DeterminismFlags determinism;
};

Invocation parse(const std::vector<std::string>& args) {
  if (args.empty()) throw UsageError("missing template name (see 'rill templates')");
  Invocation inv;
  inv.spec = find_template(args[0]);
  if (!inv.spec) throw UsageError("unknown template '" + args[0] + "' (see 'rill templates')");
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::vector<std::string> flags;
  for (const auto& a : rest)
    if (a == "--dot")
      inv.dot = true;
    else if (a == "--resume")
      inv.options.resume = true;
    else if (a == "--deterministic")
      inv.options.deterministic_seed = draw_seed();
    else if (a == "--quiet")
      inv.quiet = true;
    else
      flags.push_back(a);
  auto all = parse_flags(flags);
  TemplateParams runner("", all);
  auto take = [&](const char* name, int64_t max, auto& field) {
    if (all.count(name)) {
      field = static_cast<std::remove_reference_t<decltype(field)>>(runner.integer(name, 1, max));
      all.erase(name);
    }
  };
  // A setting given here stays fixed in a determinism check.
  auto& varied = inv.determinism.varied;
  varied.workers = !all.count("workers");
  varied.parallelism = !all.count("parallelism");
  varied.batch_size = !all.count("batch-size");
  varied.channel_credits = !all.count("credits");
  take("workers", 256, inv.options.workers);
  take("parallelism", 1024, inv.options.parallelism);
  take("batch-size", 1 << 20, inv.options.batch_size);
  take("credits", 1024, inv.options.channel_credits);
  if (all.count("check-determinism")) {
    inv.determinism.runs = static_cast<int>(runner.integer("check-determinism", 2, 1000));
    all.erase("check-determinism");
  }
  if (all.count("determinism-seed")) {
    if (inv.determinism.runs == 0)
      throw UsageError("--determinism-seed needs --check-determinism=N");
    inv.determinism.seed = static_cast<uint64_t>(
        runner.integer("determinism-seed", 0, std::numeric_limits<int64_t>::max()));
    all.erase("determinism-seed");
  }
  if (all.count("channel-bytes")) {
    inv.options.channel_bytes =
        static_cast<size_t>(runner.bytes("channel-bytes", 1024, int64_t{1} << 40));
    all.erase("channel-bytes");
  }
  if (all.count("max-source-drift")) {
    inv.options.max_source_drift = runner.integer("max-source-drift", 0, 1'000'000'000'000);
    all.erase("max-source-drift");
  }
  if (all.count("checkpoint-dir")) {
    inv.options.checkpoint_dir = all["checkpoint-dir"];
    if (inv.options.checkpoint_dir.empty()) throw UsageError("--checkpoint-dir needs a directory");
    all.erase("checkpoint-dir");
  }
  if (all.count("from-savepoint")) {
    inv.options.from_savepoint = all["from-savepoint"];
    if (inv.options.from_savepoint.empty()) throw UsageError("--from-savepoint needs a directory");
    all.erase("from-savepoint");
  }
  if (all.count("checkpoint-interval")) {
    inv.options.checkpoint_interval = runner.integer("checkpoint-interval", 1, 86'400'000);
    all.erase("checkpoint-interval");
  }
  take("checkpoints-retained", 1000, inv.options.checkpoints_retained);
  if (all.count("deterministic")) {
    inv.options.deterministic_seed = parse_seed(all["deterministic"]);
    all.erase("deterministic");
  }
  if (all.count("restart-attempts")) {
    inv.options.restart_attempts =
        static_cast<int>(runner.integer("restart-attempts", 0, 1'000'000));
    all.erase("restart-attempts");
  }
  if (all.count("faults")) {
    try {
      inv.options.faults = testing::FaultPlan::parse(all["faults"]);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--faults: ") + e.what());
    }
    all.erase("faults");
  }
  if (all.count("rest-port")) {
    inv.options.rest_port = static_cast<int>(runner.integer("rest-port", 0, 65535));
    all.erase("rest-port");
  }
  if (all.count("rest-host")) {
    inv.options.rest_host = all["rest-host"];
    if (inv.options.rest_host.empty()) throw UsageError("--rest-host needs an address");
    all.erase("rest-host");
  }
  if (all.count("metrics-interval")) {
    inv.options.metrics_interval = runner.integer("metrics-interval", 0, 3'600'000);
    all.erase("metrics-interval");
  }
  if (all.count("log-level")) {
    set_log_level(all["log-level"]);
    all.erase("log-level");
  }
  for (const auto& [k, v] : all) {
    bool known = false;
    for (const auto& p : inv.spec->params) known |= p.name == k;
    if (!known) throw UsageError("template '" + inv.spec->name + "' has no parameter --" + k);
  }
  for (const auto& p : inv.spec->params) {
    if (all.count(p.name)) continue;
    if (p.required)
      throw UsageError("template '" + inv.spec->name + "': missing required parameter --" + p.name);
    all[p.name] = p.default_value;
  }
  inv.params = std::move(all);
  inv.options.job_name = inv.spec->name;
  return inv;
}

int run(std::vector<std::string> args, bool plan_only, StopSignals* signals) {
  // Node options first: a bad one is reported before anything else happens.
  const NodeSettings node = parse_node_settings(args);
  if (node.printed_only) return 0;  // --dump-config
  Invocation inv = parse(args);
  if (inv.determinism.runs > 0) {
    if (plan_only) throw UsageError("--check-determinism is an option of 'rill run'");
    // Each run must start from the beginning, in this process, and publish all its output.
    if (node.role != NodeRole::kLocal)
      throw UsageError("--check-determinism runs the job in this process: not with --rill.role");
    if (inv.options.checkpointing() || inv.options.resume || !inv.options.from_savepoint.empty())
      throw UsageError(
          "--check-determinism starts every run from the beginning: not with --checkpoint-dir, "
          "--resume or --from-savepoint");
    return run_determinism_check_command(*inv.spec, inv.params, inv.options, inv.determinism, node,
                                         *signals);
  }
  Pipeline p{inv.options};
  inv.spec->build(p, TemplateParams(inv.spec->name, inv.params));
  for (const auto& [name, value] : inv.params) p.graph().set_parameter(name, value);
  if (plan_only) {
    std::cout << (inv.dot ? p.to_dot() : p.explain());
    return 0;
  }
  PipelineHandle job = start_node(p, node);
  // A worker's signal ends only that worker (its partitions restart elsewhere, or the job fails).
  stop_job_on_signals(*signals, job, inv.options.checkpointing() && node.role != NodeRole::kWorker);
  std::optional<ProgressLine> progress;
  if (!inv.quiet && node.role != NodeRole::kWorker && ::isatty(2))
    progress.emplace(inv.options.job_name);
  const auto result = job.wait();
  progress.reset();
  const int signalled = signals->received();
  const bool cancelled = signalled != 0 && result.state == JobState::kCancelled;
  // Stopped or cancelled from outside (the REST API, `rill jobs`): a stop is a clean end.
  if (signalled == 0 && result.state == JobState::kStopped) {
    std::cout << result.summary();
    std::cerr << "rill: " << result.error << "; nothing published; go on with --from-savepoint\n";
    return 0;
  }
  if (signalled == 0 && result.state == JobState::kCancelled) {
    std::cout << result.summary();
    std::cerr << "rill: job CANCELLED: " << result.error << "; nothing published\n";
    return 1;
  }
  if (result.state == JobState::kStopped) {
    std::cout << result.summary();
    std::cerr << "rill: " << result.error << " after a " << StopSignals::name(signalled)
              << "; nothing published; go on with --resume\n";
    return 128 + signalled;
  }
  if (node.role == NodeRole::kWorker) {
    std::cout << "rill worker: " << (result.ok() ? "job DONE" : result.error) << "\n";
    if (cancelled) std::cerr << "rill worker: " << result.error << "; temporary files removed\n";
    return cancelled ? 128 + signalled : result.ok() ? 0 : 1;
  }
  std::cout << result.summary();
  if (cancelled) {
    std::cerr << "rill: " << result.error << "; nothing published\n";
    return 128 + signalled;
  }
  if (!result.ok()) {
    std::cerr << "rill: job " << to_string(result.state) << ": step '" << result.failed_step
              << "' failed: " << result.error << "\n";
    return 1;
  }
  return 0;
}

// Messages from the library start with "rill: " too; print one line, once prefixed.
std::string one_line(std::string message) {
  if (message.rfind("rill: ", 0) == 0) message.erase(0, 6);
  return message;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.empty()) throw UsageError("missing command (see 'rill --help')");
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
      std::cout << kUsage;
      return 0;
    }
    const std::string cmd = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (cmd == "templates") {
      print_templates();
      return 0;
    }
    if (cmd == "jobs") return run_jobs_command(rest);
    if (cmd == "run" || cmd == "plan") {
      if (!rest.empty() && (rest[0] == "--help" || rest[0] == "-h")) {
        std::cout << kUsage << node_options_help();
        print_templates();
        return 0;
      }
      if (cmd == "plan") return run(rest, true, nullptr);
      StopSignals signals;  // before any thread starts (see stop_signals.hpp)
      return run(rest, false, &signals);
    }
    throw UsageError("unknown command '" + cmd + "' (see 'rill --help')");
  } catch (const UsageError& e) {
    std::cerr << "rill: " << e.what() << "\n";
    return 2;
  } catch (const std::invalid_argument& e) {  // pipeline construction: bad input or options
    std::cerr << "rill: " << one_line(e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rill: " << one_line(e.what()) << "\n";
    return 1;
  }
}
