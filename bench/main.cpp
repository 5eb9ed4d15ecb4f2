// rill-bench: throughput of rill pipelines against hand-written single-threaded C++ loops.
// Prints one JSON line per run; exits non-zero when the two results differ.
#include <cstdio>
#include <stdexcept>

#include "bench/args.hpp"
#include "bench/measure.hpp"
#include "bench/text_gen.hpp"
#include "bench/workloads.hpp"

int main(int argc, char** argv) {
  using namespace rill::bench;
  try {
    const BenchArgs args = parse_args(argc, argv);
    Workload w;
    if (args.workload == "stateless") {
      w = stateless_workload(args);
    } else if (args.workload == "keyed-sum") {
      w = keyed_sum_workload(args);
    } else if (args.workload == "fixed-window") {
      w = fixed_window_workload(args);
    } else if (args.workload == "sliding-window") {
      w = sliding_window_workload(args);
    } else if (args.workload == "sessions") {
      w = sessions_workload(args);
    } else if (args.workload == "wordcount") {
      w = wordcount_workload(args);
      if (args.generate_mb > 0) generate_text(args.positional.at(0), args.generate_mb);
    } else {
      throw std::invalid_argument("unknown workload '" + args.workload + "'");
    }
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
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "rill-bench: %s\n%s", e.what(), usage());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "rill-bench: %s\n", e.what());
    return 1;
  }
}
