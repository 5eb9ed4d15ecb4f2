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
#include <cstdint>

#include "windowing/windowing_strategy.hpp"

namespace rill {

class WatermarkHold {
 public:
  bool empty() const { return value_ == kAbsent; }
  Timestamp value() const { return value_; }  // only meaningful when !empty()
  void clear() { value_ = kAbsent; }

  // Adds the element's output time `t` if it is not behind the watermark `wm`.
  void add(TimestampCombiner c, Timestamp t, Timestamp wm) {
    if (t < wm) return;
    if (empty()) {
      value_ = t;
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
    if (!empty() && c == TimestampCombiner::kEndOfWindow) value_ = result.max_timestamp();
  }

  // Checkpoints hold (value, present); the value of an absent hold is not part of the state.
  template <class Archive>
  void save(Archive& ar) const {
    const bool present = !empty();
    const Timestamp value = present ? value_ : kMaxTimestamp;
    ar(value, present);
  }
  template <class Archive>
  void load(Archive& ar) {
    Timestamp value = 0;
    bool present = false;
    ar(value, present);
    value_ = present ? value : kAbsent;
  }

  Timestamp pane_timestamp(TimestampCombiner c, const Window& w) const {
    if (c == TimestampCombiner::kEndOfWindow || empty()) return w.max_timestamp();
    return value_;
  }

 private:
  // No hold. Never a held value: add() ignores times behind the watermark, and every
  // watermark is at least kMinTimestamp.
  static constexpr Timestamp kAbsent = INT64_MIN;
  Timestamp value_ = kAbsent;
};

}  // namespace rill
