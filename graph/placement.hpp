#pragma once
// Which worker runs each partition of each stage. Partition p of every stage goes to the same
// worker, so a forward edge (partition p -> partition p) never leaves its process; workers
// take partitions in proportion to their slots, interleaved (w0, w1, w0, w1, ... while both
// have slots left), so that every worker gets work even when parallelism < total slots.
#include <algorithm>
#include <stdexcept>
#include <vector>

#include "graph/execution_plan.hpp"

namespace rill {

struct Placement {
  std::vector<std::vector<int>> worker_of;  // [stage][partition] -> worker index

  int worker(int stage, int partition) const {
    return worker_of.at(static_cast<size_t>(stage)).at(static_cast<size_t>(partition));
  }
};

inline Placement place_partitions(const ExecutionPlan& plan, const std::vector<int>& slots) {
  std::vector<int> order;  // one entry per slot, interleaved across workers
  const int most = slots.empty() ? 0 : *std::max_element(slots.begin(), slots.end());
  for (int round = 0; round < most; ++round)
    for (size_t w = 0; w < slots.size(); ++w)
      if (slots[w] > round) order.push_back(static_cast<int>(w));
  if (order.empty()) throw std::invalid_argument("placement: no worker has a slot");
  Placement p;
  for (const auto& s : plan.stages) {
    std::vector<int> row(static_cast<size_t>(s.parallelism));
    for (int i = 0; i < s.parallelism; ++i)
      row[static_cast<size_t>(i)] = order[static_cast<size_t>(i) % order.size()];
    p.worker_of.push_back(std::move(row));
  }
  return p;
}

}  // namespace rill
