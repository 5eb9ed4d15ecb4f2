#pragma once
// PassThroughOp: hands batches on unchanged; Flatten's operator (its several inputs meet
// here) and Reshuffle's (the redistribution is the edge before it).
#include <memory>
#include <string>

#include "graph/operator.hpp"

namespace rill::exec {

template <class T>
class PassThroughOp final : public OperatorBase, public Consumer<T> {
 public:
  using OperatorBase::OperatorBase;
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    counters_.elements_out += static_cast<int64_t>(batch.size());
    out_.emit(batch);
  }

 private:
  Output<T> out_;
};

template <class T>
std::unique_ptr<OperatorBase> make_pass_through_op(const std::string& step) {
  return std::make_unique<PassThroughOp<T>>(step);
}

}  // namespace rill::exec
