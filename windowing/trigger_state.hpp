#pragma once
// TriggerState: the per-window state of a Trigger and the operations Beam's trigger state
// machines define on it (on-element, should-fire, on-fire, reset, merge).
//
// State: one 64-bit word per stateful node of the trigger tree (Trigger::initial_state()):
//   AfterCount          elements counted in the current pane      merge: sum
//   AfterProcessingTime deadline (first element + delay) or kNoDeadline   merge: min
//   AfterEach           index of the active subtrigger             merge: max
//   AfterWatermark      1 once in the late phase (only with late firings)  merge: or
// Default, Repeatedly, AfterAny, AfterAll, OrFinally, Never and Always keep no words. The
// default trigger therefore needs no storage at all.
//
// Timers are not owned here: an evaluation reports what it wants through TriggerContext and
// the caller (KeyedWindowState) keeps one end-of-window timer and one processing-time timer
// per window.
#include <cstdint>
#include <span>
#include <vector>

#include "windowing/small_vector.hpp"
#include "windowing/trigger.hpp"
#include "windowing/window.hpp"

namespace rill {

struct TriggerContext {
  TriggerContext(const Window& w, Timestamp wm, Timestamp now_)
      : window(w), watermark(wm), now(now_) {}

  Window window;
  Timestamp watermark = kMinTimestamp;  // the event time the trigger sees
  Timestamp now = kMinTimestamp;        // processing time

  // Requests from the evaluation.
  bool set_end_of_window_timer = false;      // arm the timer at window.end
  bool clear_end_of_window_timer = false;    // the on-time firing consumed it
  Timestamp processing_timer = kNoDeadline;  // earliest processing-time timer requested
};

class TriggerState {
 public:
  TriggerState() = default;  // the state of a stateless trigger
  explicit TriggerState(const Trigger& t) {
    for (int64_t w : t.initial_state()) words_.push_back(w);
  }

  // n elements were added to the window (one bundle). Equivalent to n single-element calls.
  void on_elements(const Trigger& t, int64_t n, TriggerContext& ctx);
  // Whether the window should emit a pane now. May clear the end-of-window timer.
  bool should_fire(const Trigger& t, TriggerContext& ctx);
  // The window emits a pane: advance the state. Returns true iff the trigger is finished.
  bool on_fire(const Trigger& t, TriggerContext& ctx);
  // Folds the state of a window that is merged into this one (rules in the table above).
  void merge_from(const Trigger& t, const TriggerState& other);
  // Drops the storage: the window is closed and only its tombstone remains.
  void release() { words_ = {}; }

  std::span<const int64_t> words() const { return {words_.data(), words_.size()}; }

  // Checkpointing (Cereal-style; the archive needs <cereal/types/vector.hpp>).
  template <class Archive>
  void save(Archive& ar) const {
    std::vector<int64_t> words(words_.begin(), words_.end());
    ar(words);
  }
  template <class Archive>
  void load(Archive& ar) {
    std::vector<int64_t> words;
    ar(words);
    words_.clear();
    for (int64_t w : words) words_.push_back(w);
  }

 private:
  SmallVector<int64_t, 3> words_;
};

}  // namespace rill
