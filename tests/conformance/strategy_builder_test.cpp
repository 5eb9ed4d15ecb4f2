#include "conformance/strategy_builder.hpp"

#include <doctest/doctest.h>

using namespace rill;
using namespace rill::conformance;

TEST_CASE("builds window functions") {
  CHECK(parse_window_fn("GlobalWindows").get_if<GlobalWindows>() != nullptr);
  WindowFn fixed = parse_window_fn("FixedWindows(10, 3)");
  const auto* f = fixed.get_if<FixedWindows>();
  REQUIRE(f);
  CHECK(f->size() == 10);
  CHECK(f->offset() == 3);
  CHECK(parse_window_fn("FixedWindows(size=10, offset=-3)").get_if<FixedWindows>()->offset() == 7);
  WindowFn sliding = parse_window_fn("SlidingWindows(10, 5)");
  const auto* s = sliding.get_if<SlidingWindows>();
  REQUIRE(s);
  CHECK(s->period() == 5);
  CHECK(parse_window_fn("Sessions(gap=7)").get_if<Sessions>()->gap() == 7);

  WindowFn custom = parse_window_fn("CustomTimestampingFixedWindowsWindowFn(10)");
  CHECK(custom.get_if<FixedWindows>() != nullptr);
  CHECK(custom.has_output_time_transform());
  CHECK(custom.transformed_output_time(Window{0, 10}, 1) == 101);
}

TEST_CASE("builds triggers") {
  CHECK(parse_trigger("Default").kind() == TriggerKind::kDefault);
  CHECK(parse_trigger("DefaultTrigger()").kind() == TriggerKind::kDefault);
  CHECK(parse_trigger("AfterWatermark(early=AfterCount(2), late=AfterCount(3))") ==
        AfterWatermark({.early = AfterCount(2), .late = AfterCount(3)}));
  CHECK(parse_trigger("AfterWatermark(None, AfterCount(3))") ==
        AfterWatermark({.late = AfterCount(3)}));
  CHECK(parse_trigger("AfterProcessingTime()").delay() == 0);
  CHECK(parse_trigger("AfterProcessingTime(delay=5)").delay() == 5);
  CHECK(parse_trigger("OrFinally(Repeatedly(AfterCount(2)), AfterCount(5))") ==
        OrFinally(Repeatedly(AfterCount(2)), AfterCount(5)));
  CHECK(parse_trigger("AfterEach(AfterCount(1), Always)") == AfterEach({AfterCount(1), Always()}));
  CHECK(parse_trigger("AfterAny(AfterCount(1), _Never)") == AfterAny({AfterCount(1), Never()}));
  CHECK(parse_trigger("AfterAll(AfterCount(1), AfterWatermark)") ==
        AfterAll({AfterCount(1), AfterWatermark()}));
}

TEST_CASE("reports bad function names and arguments clearly") {
  CHECK_THROWS_WITH_AS(parse_window_fn("FancyWindows(10)"), "Unknown function: FancyWindows",
                       BuildError);
  CHECK_THROWS_WITH_AS(parse_trigger("FixedWindows(10)"), "Unknown function: FixedWindows",
                       BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("FixedWindows()"),
                       doctest::Contains("missing required argument 'size'"), BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("FixedWindows(1, 2, 3)"),
                       doctest::Contains("at most 2 argument"), BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("Sessions(width=3)"),
                       doctest::Contains("unexpected keyword argument 'width'"), BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("FixedWindows(10, size=3)"),
                       doctest::Contains("multiple values"), BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("FixedWindows(0)"), doctest::Contains("positive"),
                       BuildError);
  CHECK_THROWS_WITH_AS(parse_trigger("AfterCount(Default)"),
                       doctest::Contains("must be an integer"), BuildError);
  CHECK_THROWS_WITH_AS(parse_trigger("Repeatedly(5)"), doctest::Contains("expected a trigger"),
                       BuildError);
  CHECK_THROWS_WITH_AS(parse_trigger("OrFinally(Always)"), doctest::Contains("exactly 2"),
                       BuildError);
  CHECK_THROWS_AS(parse_trigger("AfterAny()"), BuildError);
  CHECK_THROWS_WITH_AS(parse_trigger("AfterCount(2"), doctest::Contains("cannot parse"),
                       BuildError);
}

TEST_CASE("hostile values: integers beyond Beam's timestamp span, too many sliding windows") {
  // Within the span: accepted (18446744073709550 = kMaxTimestamp - kMinTimestamp).
  CHECK(parse_window_fn("Sessions(18446744073709550)").to_string() ==
        "Sessions(18446744073709550)");
  CHECK_THROWS_WITH_AS(parse_window_fn("Sessions(18446744073709551)"),
                       "Sessions(): argument 'gap' is out of range (at most 18446744073709550 in "
                       "magnitude), got 18446744073709551",
                       BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("FixedWindows(10, offset=-9223372036854775808)"),
                       doctest::Contains("argument 'offset' is out of range"), BuildError);
  CHECK_THROWS_WITH_AS(parse_trigger("AfterProcessingTime(9223372036854775807)"),
                       doctest::Contains("argument 'delay' is out of range"), BuildError);
  CHECK(parse_window_fn("SlidingWindows(10000, 1)").to_string() == "SlidingWindows(10000, 1)");
  CHECK_THROWS_WITH_AS(parse_window_fn("SlidingWindows(10001, 1)"),
                       "SlidingWindows(): size / period gives 10001 windows per element, more "
                       "than 10000",
                       BuildError);
  CHECK_THROWS_WITH_AS(parse_window_fn("SlidingWindows(1000000000000, 1)"),
                       doctest::Contains("1000000000000 windows per element"), BuildError);
}
