#pragma once
// Partition splits a collection into n collections: f(const T&, int n) -> index in [0, n).
//   auto parts = pc | rill::Partition("BySize", 3, [](const Order& o, int n) { ... });
#include <string>
#include <vector>

#include "graph/pcollection.hpp"
#include "graph/transforms/do_fn.hpp"

namespace rill {
namespace detail {

template <class F, class T>
class PartitionOp final : public OperatorBase, public Consumer<T> {
 public:
  PartitionOp(std::string step, F f, int n)
      : OperatorBase(std::move(step)), f_(std::move(f)), outs_(n), bufs_(n) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int port) override { return &outs_.at(static_cast<size_t>(port)); }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    const int n = static_cast<int>(outs_.size());
    as_step(step(), [&] {
      for (auto& e : batch) {
        const int i = f_(std::as_const(e.value), n);
        if (i < 0 || i >= n)
          throw StepError(step(), "partition function returned " + std::to_string(i) +
                                      ", outside [0, " + std::to_string(n) + ")");
        bufs_[static_cast<size_t>(i)].push_back(std::move(e));
      }
    });
    counters_.elements_out += static_cast<int64_t>(batch.size());
    for (size_t i = 0; i < outs_.size(); ++i) {
      outs_[i].emit(bufs_[i]);
      bufs_[i].clear();
    }
  }

 private:
  F f_;
  std::vector<Output<T>> outs_;
  std::vector<Batch<T>> bufs_;
};

}  // namespace detail

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
      return std::make_unique<detail::PartitionOp<F, T>>(ctx.step, f, n);
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
