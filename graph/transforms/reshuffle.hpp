#pragma once
// Reshuffle: breaks fusion and deals the elements' batches across all partitions of the next
// stage (Beam's Reshuffle, used to rebalance after a skewed or expanding step). Timestamps,
// windows and panes are kept.
#include "graph/pcollection.hpp"
#include "graph/transforms/flatten.hpp"

namespace rill {

struct Reshuffle {
  std::string name;
  explicit Reshuffle(std::string n) : name(std::move(n)) {}

  template <class T>
  PCollection<T> expand(const PCollection<T>& in) {
    auto factory = [](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return exec::make_pass_through_op<T>(ctx.step);
    };
    return add_step<T>(in, name, "Reshuffle", NodeKind::kReshuffle, factory, in.windowing());
  }
};

}  // namespace rill
