#pragma once
// PartitionOp: routes each element to one of n outputs, as the user's function says.
#include <memory>
#include <string>
#include <vector>

#include "graph/operator.hpp"
#include "graph/step_error.hpp"

namespace rill::exec {

using rill::detail::as_step;

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

template <class T, class F>
std::unique_ptr<OperatorBase> make_partition_op(const std::string& step, F f, int n) {
  return std::make_unique<PartitionOp<F, T>>(step, std::move(f), n);
}

}  // namespace rill::exec
