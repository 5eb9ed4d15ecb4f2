#pragma once
// WindowIntoOp assigns each element to the windows of a WindowFn: one copy per window
// (sliding windows copy an element into size/period windows; fixed, session and global
// windows edit the batch in place).
#include <algorithm>
#include <memory>
#include <string>

#include "graph/operator.hpp"
#include "graph/step_error.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill::exec {

using rill::detail::as_step;

template <class T>
class WindowIntoOp final : public OperatorBase, public Consumer<T> {
 public:
  WindowIntoOp(std::string step, std::shared_ptr<const WindowingStrategy> s)
      : OperatorBase(std::move(step)), strategy_(std::move(s)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }
  void consume(Batch<T>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    const WindowFn& fn = strategy_->window_fn;
    // One window per element: the batch is edited in place and handed on.
    if (const auto* f = fn.get_if<FixedWindows>()) {
      // In-order data stays in one window for long: reuse it, sparing the division.
      return pass_on(batch, [this, f](Timestamp ts) {
        if (!last_.contains(ts)) last_ = f->window_for(ts);
        return last_;
      });
    } else if (const auto* g = fn.get_if<Sessions>()) {
      return pass_on(batch, [g](Timestamp ts) { return g->window_for(ts); });
    } else if (fn.get_if<GlobalWindows>() != nullptr) {
      return pass_on(batch, [](Timestamp) { return Window::global(); });
    }
    buf_.clear();
    buf_.reserve(std::min(batch.size(), kMaxOutBatch));
    const auto* sliding = fn.get_if<SlidingWindows>();
    for (auto& e : batch) {
      if (sliding == nullptr || !same_windows(*sliding, e.timestamp)) {
        windows_.clear();
        as_step(step(), [&] { fn.assign(e.timestamp, windows_); });
        if (sliding != nullptr) remember_period(*sliding, e.timestamp);
      }
      // Every copy but the last; the last takes the value.
      for (size_t i = 0; i + 1 < windows_.size(); ++i) {
        buf_.emplace_back(e.value, e.timestamp, windows_[i], PaneInfo::no_firing());
        if (buf_.size() >= kMaxOutBatch) emit_copies();
      }
      if (!windows_.empty())
        buf_.emplace_back(std::move(e.value), e.timestamp, windows_.back(), PaneInfo::no_firing());
      if (buf_.size() >= kMaxOutBatch) emit_copies();
    }
    emit_copies();
  }

 private:
  // Copies go on in batches of at most this many: an element in thousands of windows must
  // not make one batch thousands of times the input's size.
  static constexpr size_t kMaxOutBatch = 4096;

  void emit_copies() {
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }

  // Sliding windows whose period divides their size: every timestamp of one period
  // [k * period + offset, (k + 1) * period + offset) lies in the same windows, so windows_
  // can be reused for the next element of that period.
  bool same_windows(const SlidingWindows& f, Timestamp ts) const {
    return period_.contains(ts) && f.size() % f.period() == 0;
  }
  void remember_period(const SlidingWindows& f, Timestamp ts) {
    const Timestamp start = ts - floor_mod(ts - f.offset(), f.period());
    period_ = Window{start, start + f.period()};
  }

  template <class WindowOf>
  void pass_on(Batch<T>& batch, WindowOf window_of) {
    for (auto& e : batch) {
      e.window = window_of(e.timestamp);
      e.pane = PaneInfo::no_firing();
    }
    counters_.elements_out += static_cast<int64_t>(batch.size());
    out_.emit(batch);
  }

  std::shared_ptr<const WindowingStrategy> strategy_;
  Window last_{0, 0};    // FixedWindows: the window of the last element (empty at first)
  Window period_{0, 0};  // SlidingWindows: the period windows_ was computed for
  WindowList windows_;
  Output<T> out_;
  Batch<T> buf_;
};

template <class T>
std::unique_ptr<OperatorBase> make_window_into_op(const std::string& step,
                                                  std::shared_ptr<const WindowingStrategy> s) {
  return std::make_unique<WindowIntoOp<T>>(step, std::move(s));
}

}  // namespace rill::exec
