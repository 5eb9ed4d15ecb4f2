#pragma once
// Turns transcript expressions into rill's WindowFn and Trigger (FORMAT.md 4).
//
// Window functions: GlobalWindows, FixedWindows(size, offset=0),
//   SlidingWindows(size, period, offset=0), Sessions(gap),
//   CustomTimestampingFixedWindowsWindowFn(size)  (FixedWindows with output time t + 100).
// Triggers: Default / DefaultTrigger, AfterWatermark(early=None, late=None), AfterCount(count),
//   AfterProcessingTime(delay=0), Repeatedly(t), AfterAny(t...), AfterAll(t...), AfterEach(t...),
//   OrFinally(main, until), Always, Never / _Never.
// A bare name is called with no arguments; `None` stands for an absent optional argument.
#include <stdexcept>
#include <string_view>

#include "conformance/expression.hpp"
#include "windowing/trigger.hpp"
#include "windowing/window_fn.hpp"

namespace rill::conformance {

// SlidingWindows may put an element in at most this many windows; integer arguments are at
// most Beam's timestamp span (kMaxTimestamp - kMinTimestamp) in magnitude.
inline constexpr int64_t kMaxSlidingWindowsPerElement = 10'000;

// Unknown function, wrong arguments, or a value rejected by rill.
class BuildError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

WindowFn build_window_fn(const Expr& e);
Trigger build_trigger(const Expr& e);

// Parse and build in one step; syntax errors are reported as BuildError too.
WindowFn parse_window_fn(std::string_view text);
Trigger parse_trigger(std::string_view text);

}  // namespace rill::conformance
