// keyed-sum N K: CombinePerKey(Sum) over N generated KVs with K distinct keys.
#include <unordered_map>

#include "bench/digest_sink.hpp"
#include "bench/generated_source.hpp"
#include "bench/records.hpp"
#include "bench/workloads.hpp"
#include "rill.hpp"

namespace rill::bench {

Workload keyed_sum_workload(const BenchArgs& a) {
  const uint64_t n = static_cast<uint64_t>(positive_arg(a, 0, "N"));
  const uint64_t k = static_cast<uint64_t>(positive_arg(a, 1, "K"));
  Workload w;
  w.hand = [n, k] {
    Stopwatch clock;
    std::unordered_map<int64_t, int64_t> sums;
    for (uint64_t i = 0; i < n; ++i) {
      const auto kv = make_kv(i, k);
      sums[kv.key] += kv.value;
    }
    Digest d;
    const HashKV hash;
    for (const auto& [key, sum] : sums) d.add(hash({key, sum}));
    return Outcome{static_cast<int64_t>(n), clock.seconds(), d, -1, {}};
  };
  w.rill = [n, k, options = a.options, summary = a.summary, fail_at = a.fail_at] {
    rill::Pipeline p{options};
    auto pairs = p | Generate("Pairs", n, [k](uint64_t i) { return make_kv(i, k); });
    auto store = with_injected_failure(pairs, fail_at) |
                 rill::CombinePerKey("Sum", rill::combine::Sum<int64_t>{}) |
                 DigestSink("Digest", HashKV{});
    const TimedRun run = timed_run(p, summary);
    return Outcome{static_cast<int64_t>(n), run.seconds, store->total(), run.steal_pct, run.ckpt};
  };
  return w;
}

}  // namespace rill::bench
