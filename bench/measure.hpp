#pragma once
// Timing, peak memory and the result line of one benchmark.
//
// Peak RSS: the hand loop runs first, in a forked child process (run_in_child), and the rill
// pipeline then runs in this process. getrusage(RUSAGE_SELF) counts this process only, so
// peak_rss_mb is the rill run's peak (plus the small start-up baseline of the process),
// never the hand loop's. The two runs are sequential, so they never share the 2 cores.
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "bench/digest.hpp"

namespace rill::bench {

// Checkpoints of one rill run (--checkpoint-interval): how many completed, how long they took
// (barriers injected to metadata written) and how large they were, and the recovery after an
// injected failure (--fail-at). Trivially copyable, as Outcome.
struct CheckpointFigures {
  int64_t completed = -1;  // -1: checkpointing was off
  double p50_ms = 0, max_ms = 0, max_mb = 0;
  int64_t restarts = 0;
  double recovery_ms = -1;  // failure -> every partition running again (backoff included)
};

// What one side (rill or the hand loop) of a workload produced. Trivially copyable: it
// crosses the pipe from the child as raw bytes.
struct Outcome {
  int64_t n = 0;           // input elements
  double seconds = 0;      // wall time of the processing only
  Digest digest;           // fingerprint of the results, compared between the two sides
  double steal_pct = -1;   // host CPU steal during the run (StealMeter); -1: not measured
  CheckpointFigures ckpt;  // rill side only
};

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Runs `f` `repeat` times and returns the fastest run. Throws std::runtime_error when two
// runs disagree on the result.
Outcome best_of(const std::function<Outcome()>& f, int64_t repeat);

// Runs `f` in a forked child and returns its Outcome. Call it before any thread exists
// (before the first Pipeline::run). Throws std::runtime_error if the child fails.
Outcome run_in_child(const std::function<Outcome()>& f);

// The share of this machine's CPU time that the hypervisor gave to other guests ("steal" in
// /proc/stat) since construction, in percent of all CPU time. On a shared VM, steal takes
// cores away in bursts; a throughput or latency figure means little without it. /proc/stat
// counts in 10 ms ticks per CPU, so a run of a few tens of milliseconds gets a coarse figure.
class StealMeter {
 public:
  StealMeter();
  double percent() const;  // -1 where /proc/stat cannot be read

 private:
  uint64_t steal_ = 0, total_ = 0;
  bool ok_ = false;
};

// User + system CPU time of this process (all its threads) so far, in seconds.
double process_cpu_seconds();

// Peak resident set of this process so far, in MiB.
double peak_rss_mb();
// Resident set of this process now (/proc/self/statm), in MiB; -1 where it cannot be read.
double current_rss_mb();

// `v` formatted with `fmt` (printf), or null when it is absent or not finite.
std::string json_number(double v, bool present, const char* fmt = "%.3f");
// An Outcome's steal_pct for a JSON line: null when it was not measured.
inline std::string json_steal(const Outcome& o) {
  return json_number(o.steal_pct, o.steal_pct >= 0, "%.1f");
}

// ,"checkpoints":N,"ckpt_p50_ms":...,"ckpt_max_ms":...,"ckpt_max_mb":...,"restarts":...,
// "recovery_ms":... for a run with checkpoints; "" without.
std::string json_checkpoints(const CheckpointFigures& c);

// {"workload":..., "n":..., "rill_eps":..., "hand_eps":..., "ratio":..., "rill_seconds":...,
//  "hand_seconds":..., "peak_rss_mb":..., "host_steal_pct":...[, checkpoint figures]}
std::string json_line(const std::string& workload, const Outcome& rill, const Outcome& hand,
                      double rss_mb);

}  // namespace rill::bench
