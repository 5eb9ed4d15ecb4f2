#pragma once
// RssProbe: a pass-through step for soak runs (rill-bench nexmark --rss-every=M). Fused into
// the source's stage, it counts the elements that pass (over all partitions, one atomic add
// per batch) and, each time the count crosses a multiple of M, prints the process's current
// resident set as a JSON line:
//   {"workload":"nexmark-soak","query":"Q3","events":M*k,"rss_mb":..,"peak_rss_mb":..,
//    "seconds":..}
// Current, not peak: a run whose memory follows its live state shows rss_mb levelling off,
// where one that keeps history shows it climbing with events. The count is of events made
// by the source; the stages downstream lag behind it by at most their credits' batches.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "bench/measure.hpp"
#include "graph/operator.hpp"
#include "graph/pcollection.hpp"

namespace rill::bench {

struct RssLog {
  std::string query;
  uint64_t every = 0;
  std::atomic<uint64_t> seen{0};
  Stopwatch clock;
  std::mutex mu;  // one line at a time

  void add(uint64_t n) {
    const uint64_t before = seen.fetch_add(n, std::memory_order_relaxed);
    for (uint64_t k = before / every + 1; k <= (before + n) / every; ++k) print(k * every);
  }
  void print(uint64_t events) {
    std::lock_guard lock(mu);
    std::printf(
        "{\"workload\":\"nexmark-soak\",\"query\":\"%s\",\"events\":%llu,\"rss_mb\":%.1f,"
        "\"peak_rss_mb\":%.1f,\"seconds\":%.2f}\n",
        query.c_str(), static_cast<unsigned long long>(events), current_rss_mb(), peak_rss_mb(),
        clock.seconds());
    std::fflush(stdout);
  }
};

template <class T>
class RssProbeOp final : public OperatorBase, public Consumer<T> {
 public:
  RssProbeOp(std::string step, std::shared_ptr<RssLog> log)
      : OperatorBase(std::move(step)), log_(std::move(log)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }
  void consume(Batch<T>& batch) override {
    const auto n = static_cast<int64_t>(batch.size());
    counters_.elements_in += n;
    counters_.elements_out += n;
    log_->add(static_cast<uint64_t>(n));
    out_.emit(batch);
  }

 private:
  std::shared_ptr<RssLog> log_;
  Output<T> out_;
};

// `in` with an RssProbe step named "RssProbe" after it.
template <class T>
PCollection<T> probe_rss(const PCollection<T>& in, std::shared_ptr<RssLog> log) {
  return add_step<T>(
      in, "RssProbe", "RssProbe", NodeKind::kElementwise,
      [log](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return std::make_unique<RssProbeOp<T>>(ctx.step, log);
      },
      in.windowing());
}

}  // namespace rill::bench
