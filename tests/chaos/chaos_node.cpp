// rill_chaos_node: the chaos job (chaos_job.hpp) as a program that runs in any role, writing
// every id that comes out as a line of text, for the chaos suite across processes.
//   rill_chaos_node --n=N [--pace-every=K] --output=PREFIX [--checkpoint-dir=DIR
//   --checkpoint-interval=MS]
//                   [--faults=SPEC] [node options]
// The coordinator prints the job summary; exit 0 when the job is DONE.
#include <iostream>

#include "actors/job_signals.hpp"
#include "actors/node_runner.hpp"
#include "io/write_to_text.hpp"
#include "tests/chaos/chaos_job.hpp"

int main(int argc, char** argv) {
  using namespace rill;
  std::vector<std::string> args(argv + 1, argv + argc);
  StopSignals signals;
  try {
    const NodeSettings node = parse_node_settings(args);
    int64_t n = 6000, pace_every = 32;
    PipelineOptions opts;
    opts.batch_size = 64;
    opts.channel_credits = 4;
    std::string output;
    for (const auto& a : args) {
      auto value = [&](const std::string& key) -> std::optional<std::string> {
        if (a.rfind(key, 0) == 0) return a.substr(key.size());
        return std::nullopt;
      };
      if (auto v = value("--n=")) {
        n = std::stoll(*v);
      } else if (auto v = value("--pace-every=")) {
        pace_every = std::stoll(*v);
      } else if (auto v = value("--output=")) {
        output = *v;
      } else if (auto v = value("--checkpoint-dir=")) {
        opts.checkpoint_dir = *v;
      } else if (auto v = value("--checkpoint-interval=")) {
        opts.checkpoint_interval = std::stoll(*v);
      } else if (auto v = value("--faults=")) {
        opts.faults = testing::FaultPlan::parse(*v);
      } else {
        std::cerr << "rill_chaos_node: unknown argument " << a << "\n";
        return 2;
      }
    }
    if (output.empty()) {
      std::cerr << "rill_chaos_node: --output is required\n";
      return 2;
    }
    Pipeline p{opts};
    chaos_test::chaos_ids(p, n, pace_every) |
        Map("Format", [](int64_t id) { return std::to_string(id); }) |
        io::WriteToText("Write", output);
    PipelineHandle job = start_node(p, node);
    stop_job_on_signals(signals, job, false);
    const PipelineResult r = job.wait();
    if (node.role == NodeRole::kWorker) {
      std::cout << "worker: " << (r.ok() ? "job DONE" : r.error) << "\n";
      return r.ok() ? 0 : 1;
    }
    std::cout << r.summary();
    return r.ok() ? 0 : 1;
  } catch (const ConfigError& e) {
    std::cerr << "rill_chaos_node: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rill_chaos_node: " << e.what() << "\n";
    return 1;
  }
}
