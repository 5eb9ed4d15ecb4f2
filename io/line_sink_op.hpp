#pragma once
// LineSinkOp<Writer>: the operator of a sink that writes each string element as one line.
// The writer is opened in setup(), so the output exists even when no line comes, and closed
// in finish(); any I/O error fails the step. Writer needs write_line(string_view) and close().
#include <functional>
#include <optional>
#include <string>

#include "graph/transforms/do_fn.hpp"

namespace rill::io::detail {

template <class Writer>
class LineSinkOp final : public OperatorBase, public Consumer<std::string> {
 public:
  LineSinkOp(std::string step, std::function<Writer()> open)
      : OperatorBase(std::move(step)), open_(std::move(open)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void setup() override {
    rill::detail::as_step(step(), [&] { writer_.emplace(open_()); });
  }
  void consume(Batch<std::string>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    rill::detail::as_step(step(), [&] {
      for (const auto& e : batch) writer_->write_line(e.value);
    });
  }
  void finish() override {
    rill::detail::as_step(step(), [&] { writer_->close(); });
  }

 private:
  std::function<Writer()> open_;
  std::optional<Writer> writer_;
};

}  // namespace rill::io::detail
