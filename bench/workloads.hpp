#pragma once
// The workloads: each is the same computation written twice, as a rill pipeline and as a
// plain single-threaded C++ loop. main() runs both and compares their result digests.
#include <functional>
#include <stdexcept>

#include "bench/args.hpp"
#include "bench/measure.hpp"
#include "graph/result.hpp"

namespace rill::bench {

struct Workload {
  std::function<Outcome()> hand;  // runs in a forked child, see measure.hpp
  std::function<Outcome()> rill;  // throws std::runtime_error if the pipeline fails
};

// stateless N: Generate records -> Map -> Filter -> Map -> digest.
Workload stateless_workload(const BenchArgs& a);
// keyed-sum N K: Generate KV(key in [0, K), value) -> CombinePerKey(Sum) -> digest.
Workload keyed_sum_workload(const BenchArgs& a);
// wordcount FILE: ReadFromText -> examples::count_words -> digest of the "word: count" lines.
Workload wordcount_workload(const BenchArgs& a);

inline void check_ok(const rill::PipelineResult& r) {
  if (!r.ok()) throw std::runtime_error("the rill pipeline failed:\n" + r.summary());
}

}  // namespace rill::bench
