#pragma once
// Command line of rill-bench: a workload name, its positional arguments and --options.
//   rill-bench stateless N | keyed-sum N K | wordcount FILE [--generate=MB]
//              [--workers=T] [--parallelism=P] [--batch-size=B] [--max-source-drift=MS]
//              [--repeat=R] [--summary]
#include <cstdint>
#include <string>
#include <vector>

#include "actors/node_settings.hpp"
#include "graph/options.hpp"

namespace rill::bench {

struct BenchArgs {
  std::string workload;
  std::vector<std::string> positional;  // after the workload name
  rill::PipelineOptions options;        // workers=2, parallelism=2 unless given
  int64_t generate_mb = 0;              // wordcount: write FILE first (synthetic text)
  int64_t repeat = 1;                   // runs per side; the fastest is reported
  bool summary = false;                 // print rill's plan and step counters to stderr
  int64_t processes = 0;                // >= 2: the multi-process mode (cluster_mode.hpp)
  rill::NodeSettings node;              // --rill.* options: this process's cluster role
  std::string query;                    // nexmark: --query=Qn
  int64_t events = 0;                   // nexmark: --events=N
  double rate = 0;                      // nexmark: --rate=R events/s (0: unpaced)
  int64_t rss_every = 0;                // nexmark: --rss-every=M, a soak run (RSS every M events)
  // --checkpoint-interval=MS [--checkpoint-dir=DIR]: checkpoints, into a temporary directory
  // (removed at exit) unless a directory is given; --fail-at=N: one injected failure.
  bool temporary_checkpoint_dir = false;
  int64_t fail_at = 0;
};

// Throws std::invalid_argument with a message fit for the user.
BenchArgs parse_args(int argc, char** argv);

// Positional argument `i` as a positive integer, or throws std::invalid_argument.
int64_t positive_arg(const BenchArgs& a, size_t i, const char* what);

const char* usage();

}  // namespace rill::bench
