#include "bench/args.hpp"

#include <stdlib.h>

#include <stdexcept>

namespace rill::bench {
namespace {

int64_t to_positive(const std::string& text, const std::string& what) {
  size_t used = 0;
  long long v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || v <= 0)
    throw std::invalid_argument(what + " must be a positive integer, got '" + text + "'");
  return v;
}

int64_t to_non_negative(const std::string& text, const std::string& what) {
  if (text == "0") return 0;
  try {
    return to_positive(text, what);
  } catch (const std::invalid_argument&) {
    throw std::invalid_argument(what + " must be a non-negative integer, got '" + text + "'");
  }
}

}  // namespace

const char* usage() {
  return "usage: rill-bench stateless N\n"
         "       rill-bench keyed-sum N K\n"
         "       rill-bench wordcount FILE [--generate=MB]\n"
         "       rill-bench fixed-window N K W | sliding-window N K SIZE PERIOD | sessions N K "
         "GAP\n"
         "       rill-bench nexmark --query=Qn --events=N [--rate=EVENTS_PER_S]\n"
         "       rill-bench nexmark --query=Qn [--events=N] --rss-every=M [--rate=EVENTS_PER_S]\n"
         "                        (soak: current RSS every M events; no --events: unbounded)\n"
         "options: --workers=T --parallelism=P --batch-size=B (defaults 2, 2, 1024)\n"
         "         --max-source-drift=MS: how far (event ms) a source's reader may run ahead\n"
         "                        of the slowest one; 0: no limit (default 10000)\n"
         "         --repeat=R: run each side R times and report the fastest run\n"
         "         --checkpoint-interval=MS: take checkpoints (into --checkpoint-dir=DIR, else a\n"
         "                        temporary directory); adds their count, p50/max duration and\n"
         "                        size to the line\n"
         "         --fail-at=N: a step fails once at its N-th element; the job restarts from\n"
         "                        its last checkpoint (adds recovery_ms)\n"
         "         --summary: print rill's fused stages and step counters to stderr\n"
         "         --processes=P: one process with one thread vs P worker processes with one\n"
         "                        thread each (keyed-sum and other generated workloads)\n";
}

BenchArgs parse_args(int argc, char** argv) {
  BenchArgs a;
  a.options.workers = 2;
  a.options.parallelism = 2;
  std::vector<std::string> rest(argv + 1, argv + argc);
  a.node = parse_node_settings(rest);  // takes the --rill.* options out
  for (const std::string& arg : rest) {
    if (arg.rfind("--", 0) != 0) {
      if (a.workload.empty())
        a.workload = arg;
      else
        a.positional.push_back(arg);
      continue;
    }
    if (arg == "--summary") {
      a.summary = true;
      continue;
    }
    const size_t eq = arg.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("option needs a value: " + arg);
    const std::string key = arg.substr(0, eq), value = arg.substr(eq + 1);
    if (key == "--workers") {
      a.options.workers = static_cast<int>(to_positive(value, key));
    } else if (key == "--parallelism") {
      a.options.parallelism = static_cast<int>(to_positive(value, key));
    } else if (key == "--batch-size") {
      a.options.batch_size = static_cast<size_t>(to_positive(value, key));
    } else if (key == "--max-source-drift") {
      a.options.max_source_drift = to_non_negative(value, key);
    } else if (key == "--repeat") {
      a.repeat = to_positive(value, key);
    } else if (key == "--processes") {
      a.processes = to_positive(value, key);
      if (a.processes < 2) throw std::invalid_argument("--processes needs at least 2");
    } else if (key == "--generate") {
      a.generate_mb = to_positive(value, key);
    } else if (key == "--query") {
      a.query = value.empty() || value[0] == 'Q' || value[0] == 'q' ? value : "Q" + value;
      if (!a.query.empty()) a.query[0] = 'Q';
    } else if (key == "--events") {
      a.events = to_positive(value, key);
    } else if (key == "--rate") {
      a.rate = static_cast<double>(to_positive(value, key));
    } else if (key == "--rss-every") {
      a.rss_every = to_positive(value, key);
    } else if (key == "--checkpoint-interval") {
      a.options.checkpoint_interval = to_positive(value, key);
    } else if (key == "--checkpoint-dir") {
      a.options.checkpoint_dir = value;
    } else if (key == "--fail-at") {
      a.fail_at = to_positive(value, key);
    } else {
      throw std::invalid_argument("unknown option " + key);
    }
  }
  if (a.workload.empty()) throw std::invalid_argument("no workload given");
  if (a.options.checkpoint_interval > 0 && a.options.checkpoint_dir.empty()) {
    char dir[] = "/tmp/rill-bench-checkpoints-XXXXXX";
    if (!::mkdtemp(dir)) throw std::runtime_error("cannot make a temporary checkpoint directory");
    a.options.checkpoint_dir = dir;
    a.temporary_checkpoint_dir = true;
  }
  if (a.fail_at > 0 && !a.options.checkpointing())
    throw std::invalid_argument(
        "--fail-at needs --checkpoint-interval (a restart needs checkpoints)");
  return a;
}

int64_t positive_arg(const BenchArgs& a, size_t i, const char* what) {
  if (i >= a.positional.size())
    throw std::invalid_argument(a.workload + ": missing argument " + what);
  return to_positive(a.positional[i], what);
}

}  // namespace rill::bench
