#pragma once
// Emitter<Out>: what a DoFn writes its outputs to. An output inherits the timestamp, window
// and pane of the element being processed unless emit_at() gives another timestamp.
// A DoFn that emits very many outputs for one batch spills them downstream in chunks, so
// one input batch never needs unbounded memory. metrics() is the step's user metrics
// (graph/metrics.hpp) in this partition, and log() its log (graph/step_log.hpp).
#include <cassert>

#include "graph/consumer.hpp"
#include "graph/metrics.hpp"
#include "graph/step_log.hpp"

namespace rill {

template <class Out>
class Emitter {
 public:
  void emit(const Out& v) { emit_at(v, *ts_); }
  void emit(Out&& v) { emit_at(std::move(v), *ts_); }
  void emit_at(const Out& v, Timestamp t) {
    buf_->emplace_back(v, t, *window_, *pane_);
    after_push();
  }
  void emit_at(Out&& v, Timestamp t) {
    buf_->emplace_back(std::move(v), t, *window_, *pane_);
    after_push();
  }
  // The element being processed.
  Timestamp timestamp() const { return *ts_; }
  const Window& window() const { return *window_; }
  const PaneInfo& pane() const { return *pane_; }
  // The step's metrics: out.metrics().counter("parsed").inc().
  Metrics& metrics() const {
    assert(metrics_ && "rill: this emitter has no metrics (not a DoFn's)");
    return *metrics_;
  }

  // The step's log in this partition: out.log().warn("bad record: ", line).
  const StepLog& log() const {
    assert(log_ && "rill: this emitter has no log (not a DoFn's)");
    return *log_;
  }

  // --- runtime side ---
  void set_metrics(Metrics* m) { metrics_ = m; }
  void set_log(const StepLog* l) { log_ = l; }
  void bind(Batch<Out>* buf, Output<Out>* out, size_t spill_at) {
    buf_ = buf;
    out_ = out;
    spill_at_ = spill_at;
    emitted_ = 0;
  }
  template <class In>
  void set_current(const WindowedValue<In>& e) {
    ts_ = &e.timestamp;
    window_ = &e.window;
    pane_ = &e.pane;
  }
  int64_t emitted() const { return emitted_ + static_cast<int64_t>(buf_->size()); }

 private:
  void after_push() {
    if (buf_->size() >= spill_at_) {
      emitted_ += static_cast<int64_t>(buf_->size());
      out_->emit(*buf_);
      buf_->clear();
    }
  }

  Batch<Out>* buf_ = nullptr;
  Output<Out>* out_ = nullptr;
  size_t spill_at_ = 0;
  int64_t emitted_ = 0;
  const Timestamp* ts_ = nullptr;
  const Window* window_ = nullptr;
  const PaneInfo* pane_ = nullptr;
  Metrics* metrics_ = nullptr;
  const StepLog* log_ = nullptr;
};

}  // namespace rill
