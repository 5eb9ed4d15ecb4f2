#pragma once
// WatermarkHold: the output time that one window's pending data holds the output watermark at,
// combined by the strategy's TimestampCombiner. It also gives the pane's output timestamp.
//
// Rules (Beam; FORMAT.md 7.6):
// * An element's output time is: kEndOfWindow -> the window's max timestamp; kEarliest /
//   kLatest -> its timestamp; kEarliestTransformed -> WindowFn::transformed_output_time.
// * Only output times at or after the watermark W at arrival are held (an element behind the
//   watermark cannot hold it back). Candidates combine by min (kEarliest, kEarliestTransformed)
//   or max (kLatest, kEndOfWindow).
// * The pane timestamp is the hold, or the window's max timestamp when there is none;
//   kEndOfWindow always gives the window's max timestamp.
#include <algorithm>

#include "windowing/windowing_strategy.hpp"

namespace rill {

class WatermarkHold {
 public:
  bool empty() const { return !present_; }
  Timestamp value() const { return value_; }  // only meaningful when !empty()
  void clear() { present_ = false; }

  // Adds the element's output time `t` if it is not behind the watermark `wm`.
  void add(TimestampCombiner c, Timestamp t, Timestamp wm) {
    if (t < wm) return;
    if (!present_) {
      value_ = t;
      present_ = true;
    } else if (c == TimestampCombiner::kEarliest || c == TimestampCombiner::kEarliestTransformed) {
      value_ = std::min(value_, t);
    } else {
      value_ = std::max(value_, t);
    }
  }

  // Folds in the hold of a window merged into `result` (the holds are unioned).
  void merge(TimestampCombiner c, const WatermarkHold& other, const Window& result) {
    if (!other.empty()) add(c, other.value_, kMinTimestamp);
    // The end-of-window hold moves to the merged window's end.
    if (present_ && c == TimestampCombiner::kEndOfWindow) value_ = result.max_timestamp();
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(value_, present_);
  }

  Timestamp pane_timestamp(TimestampCombiner c, const Window& w) const {
    if (c == TimestampCombiner::kEndOfWindow || !present_) return w.max_timestamp();
    return value_;
  }

 private:
  Timestamp value_ = kMaxTimestamp;
  bool present_ = false;
};

}  // namespace rill
