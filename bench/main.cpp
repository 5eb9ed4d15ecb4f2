// rill-bench: throughput of rill pipelines against hand-written single-threaded C++ loops.
// Prints one JSON line per run; exits non-zero when the two results differ.
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "bench/args.hpp"
#include "bench/cluster_mode.hpp"
#include "bench/measure.hpp"
#include "bench/nexmark.hpp"
#include "bench/text_gen.hpp"
#include "bench/workloads.hpp"

namespace {

using namespace rill::bench;

Workload make_workload(const BenchArgs& args) {
  if (args.workload == "nexmark") return nexmark_workload(args);
  if (args.workload == "stateless") return stateless_workload(args);
  if (args.workload == "keyed-sum") return keyed_sum_workload(args);
  if (args.workload == "fixed-window") return fixed_window_workload(args);
  if (args.workload == "sliding-window") return sliding_window_workload(args);
  if (args.workload == "sessions") return sessions_workload(args);
  if (args.workload == "wordcount") return wordcount_workload(args);
  throw std::invalid_argument("unknown workload '" + args.workload + "'");
}

}  // namespace

// Removes a temporary checkpoint directory (--checkpoint-interval without a directory).
struct TemporaryDirectory {
  std::string path;
  ~TemporaryDirectory() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

int main(int argc, char** argv) {
  TemporaryDirectory checkpoints;
  try {
    const BenchArgs args = parse_args(argc, argv);
    if (args.temporary_checkpoint_dir) checkpoints.path = args.options.checkpoint_dir;
    if (args.workload == "nexmark" && args.processes < 2 &&
        args.node.role == rill::NodeRole::kLocal)
      return nexmark_main(args);  // its own JSON line
    if (args.workload == "wordcount" && args.generate_mb > 0 &&
        args.node.role == rill::NodeRole::kLocal)
      generate_text(args.positional.at(0), args.generate_mb);
    if (args.node.role == rill::NodeRole::kWorker) {  // started by --processes
      set_bench_node(args.node);
      make_workload(args).rill();
      return 0;
    }
    if (args.processes >= 2) return run_multi_process(args, make_workload, argc, argv);
    set_bench_node(args.node);
    Workload w = make_workload(args);
    // The hand loop first, in a child process: see measure.hpp for why.
    const Outcome hand = run_in_child([&] { return best_of(w.hand, args.repeat); });
    const Outcome rill = best_of(w.rill, args.repeat);
    std::printf("%s\n", json_line(args.workload, rill, hand, peak_rss_mb()).c_str());
    if (!(rill.digest == hand.digest)) {
      std::fprintf(stderr,
                   "rill-bench: MISMATCH: rill produced %llu results, the hand loop %llu "
                   "(or their contents differ)\n",
                   static_cast<unsigned long long>(rill.digest.count),
                   static_cast<unsigned long long>(hand.digest.count));
      return 1;
    }
    return 0;
  } catch (const rill::ConfigError& e) {
    std::fprintf(stderr, "rill-bench: %s\n", e.what());
    return 2;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "rill-bench: %s\n%s", e.what(), usage());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rill-bench: %s\n", e.what());
    return 1;
  }
}
