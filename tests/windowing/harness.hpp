#pragma once
// Drives one key's KeyedWindowState the way a runtime would and records its panes.
#include <algorithm>
#include <initializer_list>
#include <utility>
#include <vector>

#include "windowing/keyed_window_state.hpp"

namespace rill::test {

struct Emitted {
  Window window;
  PaneInfo pane;
  Timestamp timestamp;
  std::vector<int64_t> values;  // sorted
};

struct Element {
  int64_t value;
  Timestamp timestamp;
  Window window;
};

// Not copyable or movable: the state points at the strategy.
class Harness {
  struct Recorder;

 public:
  explicit Harness(WindowingStrategy s) : strategy_(std::move(s)), state_(&strategy_) {}
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  // One bundle of elements whose value is their timestamp, at the current watermark and clock.
  BundleResult input(std::initializer_list<Timestamp> timestamps) {
    return input_at(timestamps, wm_);
  }
  BundleResult input_at(std::initializer_list<Timestamp> timestamps, Timestamp input_watermark) {
    std::vector<Element> bundle;
    for (Timestamp t : timestamps) {
      WindowList windows;
      strategy_.window_fn.assign(t, windows);
      for (const Window& w : windows) bundle.push_back(Element{t, t, w});
    }
    wm_ = std::max(wm_, input_watermark);
    return state_.process_bundle(bundle, input_watermark, now_, recorder());
  }
  void watermark(Timestamp wm) {
    wm_ = wm;
    state_.on_watermark(wm, recorder());
  }
  void clock(Timestamp now) {
    now_ = now;
    state_.on_processing_time(now, recorder());
  }

  // The panes emitted since the last call, in emission order.
  std::vector<Emitted> take() { return std::exchange(out_, {}); }
  KeyedWindowState<BufferPolicy<int64_t>>& state() { return state_; }

 private:
  struct Recorder {
    std::vector<Emitted>* out;
    template <class Values>
    void operator()(const Window& w, const PaneInfo& pane, Timestamp ts, Values&& values) const {
      Emitted e{w, pane, ts, std::vector<int64_t>(values.begin(), values.end())};
      std::sort(e.values.begin(), e.values.end());
      out->push_back(std::move(e));
    }
  };
  Recorder recorder() { return Recorder{&out_}; }

  WindowingStrategy strategy_;
  KeyedWindowState<BufferPolicy<int64_t>> state_;
  Timestamp wm_ = kMinTimestamp;
  Timestamp now_ = 0;
  std::vector<Emitted> out_;
};

using Values = std::vector<int64_t>;

}  // namespace rill::test
