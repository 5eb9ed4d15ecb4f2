// stateless N: Map -> Filter -> Map over N generated records.
#include "bench/digest_sink.hpp"
#include "bench/generated_source.hpp"
#include "bench/records.hpp"
#include "bench/workloads.hpp"
#include "rill.hpp"

namespace rill::bench {

Workload stateless_workload(const BenchArgs& a) {
  const uint64_t n = static_cast<uint64_t>(positive_arg(a, 0, "N"));
  Workload w;
  w.hand = [n] {
    Stopwatch clock;
    Digest d;
    const HashRecord hash;
    for (uint64_t i = 0; i < n; ++i) {
      const Record r = enrich(make_record(i));
      if (!keep(r)) continue;
      d.add(hash(reshape(r)));
    }
    return Outcome{static_cast<int64_t>(n), clock.seconds(), d, -1, {}};
  };
  w.rill = [n, options = a.options, summary = a.summary] {
    rill::Pipeline p{options};
    auto store = p | Generate("Records", n, [](uint64_t i) { return make_record(i); }) |
                 rill::Map("Enrich", [](Record r) { return enrich(r); }) |
                 rill::Filter("Keep", [](const Record& r) { return keep(r); }) |
                 rill::Map("Reshape", [](Record r) { return reshape(r); }) |
                 DigestSink("Digest", HashRecord{});
    const TimedRun run = timed_run(p, summary);
    return Outcome{static_cast<int64_t>(n), run.seconds, store->total(), run.steal_pct, run.ckpt};
  };
  return w;
}

}  // namespace rill::bench
