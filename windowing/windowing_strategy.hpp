#pragma once
// WindowingStrategy: everything a GroupByKey/Combine needs to know about windows and panes.
//
//   WindowingStrategy s{
//       .window_fn = FixedWindows(60'000),
//       .trigger = AfterWatermark({.early = AfterCount(1)}),
//       .accumulation_mode = AccumulationMode::kAccumulating,
//       .allowed_lateness = 10'000,
//   };
//
// Defaults are Beam Java's: GlobalWindows, the default trigger, DISCARDING, no allowed
// lateness, output at the end of the window. (The conformance transcripts default to
// accumulating; their runner sets that explicitly.)
#include <string>
#include <string_view>

#include "windowing/trigger.hpp"
#include "windowing/window_fn.hpp"

namespace rill {

enum class AccumulationMode : uint8_t {
  kDiscarding,    // a pane holds only the elements that arrived since the previous pane
  kAccumulating,  // a pane holds every element of the window so far
};

// How a pane's output timestamp is chosen from its elements' timestamps.
enum class TimestampCombiner : uint8_t {
  kEndOfWindow,          // the window's max timestamp (end - 1)
  kEarliest,             // the earliest element timestamp
  kLatest,               // the latest element timestamp
  kEarliestTransformed,  // the earliest WindowFn::transformed_output_time of the elements
};

std::string_view to_string(AccumulationMode m);
std::string_view to_string(TimestampCombiner c);

struct WindowingStrategy {
  WindowFn window_fn = GlobalWindows{};
  Trigger trigger = DefaultTrigger();
  AccumulationMode accumulation_mode = AccumulationMode::kDiscarding;
  Duration allowed_lateness = 0;  // >= 0
  TimestampCombiner timestamp_combiner = TimestampCombiner::kEndOfWindow;

  // Throws std::invalid_argument when a field is out of range (negative lateness).
  void validate() const;
  std::string to_string() const;
};

// The last watermark value at which a window's state must still exist: max_timestamp +
// allowed lateness, capped at the global window's max timestamp (as in Beam Java). The window
// expires (its late data is dropped, its state is collected) once the watermark is past it,
// i.e. when W > garbage_collection_time(w, L).
constexpr Timestamp garbage_collection_time(const Window& w, Duration allowed_lateness) {
  if (w.max_timestamp() > kGlobalWindowMaxTimestamp - allowed_lateness)
    return kGlobalWindowMaxTimestamp;
  return w.max_timestamp() + allowed_lateness;
}

// Every window fires exactly one pane, on time, when the watermark passes its end, and its
// state is collected right after: the default trigger, no allowed lateness, a non-merging
// WindowFn and end-of-window output times (null: global windows, the default trigger).
// Combiner lifting and the flat on-time operators rely on it.
inline bool fires_once_on_time(const WindowingStrategy* s) {
  return s == nullptr ||
         (s->trigger.kind() == TriggerKind::kDefault && s->allowed_lateness == 0 &&
          !s->window_fn.is_merging() && s->timestamp_combiner == TimestampCombiner::kEndOfWindow);
}

// The same for session windows: each session fires once, on time.
inline bool on_time_sessions(const WindowingStrategy* s) {
  return s != nullptr && s->trigger.kind() == TriggerKind::kDefault && s->allowed_lateness == 0 &&
         s->window_fn.get_if<Sessions>() != nullptr &&
         s->timestamp_combiner == TimestampCombiner::kEndOfWindow;
}

constexpr bool is_expired(const Window& w, Duration allowed_lateness, Timestamp watermark) {
  return watermark > garbage_collection_time(w, allowed_lateness);
}

}  // namespace rill
