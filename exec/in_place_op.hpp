#pragma once
// InPlaceOp: an element-wise step that rewrites its input batch in place (no second buffer):
// edit(batch, metrics) filters, maps or restamps the elements, and the same batch goes on
// (metrics: the step's user metrics, graph/metrics.hpp, for a function that takes them).
#include <memory>
#include <string>

#include "graph/operator.hpp"
#include "graph/step_error.hpp"

namespace rill::exec {

using rill::detail::as_step;

template <class T, class Edit>
class InPlaceOp final : public OperatorBase, public Consumer<T> {
 public:
  InPlaceOp(std::string step, Edit edit) : OperatorBase(std::move(step)), edit_(std::move(edit)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    as_step(step(), [&] { edit_(batch, metrics_); });
    counters_.elements_out += static_cast<int64_t>(batch.size());
    out_.emit(batch);
  }

 private:
  Edit edit_;
  Output<T> out_;
};

template <class T, class Edit>
std::unique_ptr<OperatorBase> make_in_place_op(const std::string& step, Edit edit) {
  return std::make_unique<InPlaceOp<T, Edit>>(step, std::move(edit));
}

}  // namespace rill::exec
