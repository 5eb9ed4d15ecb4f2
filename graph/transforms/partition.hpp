#pragma once
// Partition splits a collection into n collections: f(const T&, int n) -> index in [0, n).
//   auto parts = pc | rill::Partition("BySize", 3, [](const Order& o, int n) { ... });
#include <string>
#include <vector>

#include "graph/engine.hpp"
#include "graph/pcollection.hpp"

namespace rill {
template <class F>
struct Partition {
  std::string name;
  int n;
  F f;
  Partition(std::string nm, int count, F fn) : name(std::move(nm)), n(count), f(std::move(fn)) {}

  template <class T>
  std::vector<PCollection<T>> expand(const PCollection<T>& in) {
    static_assert(std::is_invocable_r_v<int, F&, const T&, int>,
                  "rill::Partition: the function must take (const T&, int n) and return the "
                  "index of the output in [0, n)");
    if (n <= 0) throw std::invalid_argument("rill::Partition '" + name + "': n must be positive");
    NodeDef node;
    node.name = name;
    node.label = "Partition";
    node.kind = NodeKind::kElementwise;
    node.inputs = {in.id()};
    node.make_op = [f = f, n = n](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return exec::make_partition_op<T, F>(ctx.step, f, n);
    };
    auto& g = in.graph();
    int id = g.add_node(std::move(node));
    std::vector<PCollection<T>> outs;
    for (int i = 0; i < n; ++i)
      outs.emplace_back(in.graph_ptr(), g.add_collection(id, i, type_ops_for<T>(), in.windowing()));
    return outs;
  }
};

}  // namespace rill
