// Each trigger kind driven through KeyedWindowState (bundles, watermark, processing time).
#include <doctest/doctest.h>

#include "harness.hpp"

using namespace rill;
using namespace rill::test;

TEST_CASE("Default fires again for every late bundle") {
  Harness h({.window_fn = FixedWindows(10), .allowed_lateness = 10});  // discarding
  h.input({1, 2});
  h.watermark(10);
  CHECK(h.take().at(0).values == Values{1, 2});
  h.input({3});
  h.input({4, 5});
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 2);
  CHECK(out[0].values == Values{3});
  CHECK(out[1].values == Values{4, 5});
  CHECK(out[1].pane.timing == PaneTiming::kLate);
  CHECK(out[1].pane.nonspeculative_index == 2);
  h.watermark(15);  // no new timer was left behind by the late panes
  CHECK(h.take().empty());
}

TEST_CASE("AfterCount evaluates once per bundle") {
  Harness h({.window_fn = FixedWindows(100), .trigger = Repeatedly(AfterCount(2))});
  h.input({1, 2, 3});  // one pane with all three, not a pane of two
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == Values{1, 2, 3});
}

TEST_CASE("AfterProcessingTime fires from on_processing_time") {
  Harness h({.window_fn = FixedWindows(100),
             .trigger = Repeatedly(AfterProcessingTime(10)),
             .allowed_lateness = 1000});
  h.clock(5);
  h.input({1});
  CHECK(h.state().next_processing_timer() == 15);
  h.clock(14);
  CHECK(h.take().empty());
  h.clock(15);
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].pane.timing == PaneTiming::kEarly);
  CHECK(h.state().next_processing_timer() == kNoTimer);

  h.watermark(
      200);  // past the end: processing-time panes are now LATE (not from a watermark timer)
  h.input({2});
  h.clock(30);
  out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].pane.timing == PaneTiming::kLate);
  CHECK(out[0].pane.nonspeculative_index == 0);
}

TEST_CASE("AfterProcessingTime with delay 0 fires within the bundle") {
  Harness h({.window_fn = FixedWindows(100), .trigger = AfterProcessingTime(0)});
  h.clock(7);
  h.input({1});
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].pane.is_last);
}

TEST_CASE("Always fires for each bundle; Never only at garbage collection") {
  Harness always({.window_fn = FixedWindows(10), .trigger = Always()});
  always.input({1});
  always.input({2, 3});
  CHECK(always.take().size() == 2);
  CHECK(always.state().next_event_timer() == 10);  // only garbage collection
  always.watermark(10);
  CHECK(always.take().empty());

  Harness never({.window_fn = FixedWindows(10), .trigger = Never(), .allowed_lateness = 5});
  never.input({1, 2});
  never.watermark(14);
  CHECK(never.take().empty());
  never.watermark(15);
  std::vector<Emitted> out = never.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == Values{1, 2});
  CHECK(out[0].pane.is_last);
}

TEST_CASE("AfterEach, AfterAll, AfterAny, OrFinally") {
  SUBCASE("AfterEach(AfterCount(2), AfterWatermark())") {
    Harness h({.window_fn = FixedWindows(10),
               .trigger = AfterEach({AfterCount(2), AfterWatermark()}),
               .accumulation_mode = AccumulationMode::kAccumulating});
    h.input({1, 2});
    CHECK(h.take().at(0).pane.timing == PaneTiming::kEarly);
    h.input({3});  // the watermark subtrigger is active now; it sees this element
    h.watermark(10);
    std::vector<Emitted> out = h.take();
    REQUIRE(out.size() == 1);
    CHECK(out[0].values == Values{1, 2, 3});
    CHECK(out[0].pane.timing == PaneTiming::kOnTime);
    CHECK(out[0].pane.index == 1);
    CHECK(out[0].pane.is_last);
  }
  SUBCASE("AfterAll(AfterCount(2), AfterWatermark()) waits for both") {
    Harness h({.window_fn = FixedWindows(10),
               .trigger = AfterAll({AfterCount(2), AfterWatermark()}),
               .allowed_lateness = 50});
    h.input({1, 2});  // count reached, watermark not
    h.watermark(10);  // both ready at the timer
    std::vector<Emitted> out = h.take();
    REQUIRE(out.size() == 1);
    CHECK(out[0].pane.timing == PaneTiming::kOnTime);
    CHECK(out[0].pane.is_last);
  }
  SUBCASE("AfterAny(AfterCount(2), AfterWatermark()) takes the first") {
    Harness h(
        {.window_fn = FixedWindows(10), .trigger = AfterAny({AfterCount(2), AfterWatermark()})});
    h.input({1});
    h.watermark(10);
    std::vector<Emitted> out = h.take();
    REQUIRE(out.size() == 1);
    CHECK(out[0].values == Values{1});
    CHECK(out[0].pane.is_last);
  }
  SUBCASE("OrFinally(Repeatedly(AfterCount(1)), AfterWatermark()): early panes until on time") {
    Harness h({.window_fn = FixedWindows(10),
               .trigger = OrFinally(Repeatedly(AfterCount(1)), AfterWatermark()),
               .allowed_lateness = 100});
    h.input({1});
    h.input({2});
    h.watermark(10);
    std::vector<Emitted> out = h.take();
    REQUIRE(out.size() == 3);
    CHECK(out[0].pane.timing == PaneTiming::kEarly);
    CHECK(out[1].pane.timing == PaneTiming::kEarly);
    CHECK(out[2].pane.timing == PaneTiming::kOnTime);
    CHECK(out[2].values.empty());  // discarding: nothing new since the last early pane
    CHECK(out[2].pane.is_last);
    CHECK(h.input({3}).dropped_closed == 1);
  }
}
