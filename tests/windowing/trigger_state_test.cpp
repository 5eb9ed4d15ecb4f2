#include "windowing/trigger_state.hpp"

#include <doctest/doctest.h>

using namespace rill;

namespace {
const Window kWindow{0, 10};

struct Probe {
  Trigger trigger;
  TriggerState state{trigger};

  // Elements at watermark wm / processing time now; returns the context for its requests.
  TriggerContext elements(int64_t n, Timestamp wm = kMinTimestamp, Timestamp now = 0) {
    TriggerContext ctx(kWindow, wm, now);
    state.on_elements(trigger, n, ctx);
    return ctx;
  }
  bool should_fire(Timestamp wm = kMinTimestamp, Timestamp now = 0) {
    TriggerContext ctx(kWindow, wm, now);
    return state.should_fire(trigger, ctx);
  }
  bool fire(Timestamp wm = kMinTimestamp, Timestamp now = 0) {  // returns finished
    TriggerContext ctx(kWindow, wm, now);
    return state.on_fire(trigger, ctx);
  }
};
}  // namespace

TEST_CASE("Default asks for the end-of-window timer and fires once W >= end") {
  Probe p{DefaultTrigger()};
  CHECK(p.elements(1).set_end_of_window_timer);
  CHECK_FALSE(p.should_fire(9));
  TriggerContext ctx(kWindow, 10, 0);
  CHECK(p.state.should_fire(p.trigger, ctx));
  CHECK(ctx.clear_end_of_window_timer);  // consumed, so late data does not fire twice
  CHECK_FALSE(p.fire(10));               // never finishes
}

TEST_CASE("AfterCount counts per bundle and finishes when it fires") {
  Probe p{AfterCount(3)};
  p.elements(2);
  CHECK_FALSE(p.should_fire());
  p.elements(1);
  CHECK(p.should_fire());
  CHECK(p.fire());
}

TEST_CASE("Repeatedly resets its subtrigger after each firing") {
  Probe p{Repeatedly(AfterCount(2))};
  p.elements(3);
  CHECK(p.should_fire());
  CHECK_FALSE(p.fire());
  CHECK_FALSE(p.should_fire());  // count reset to 0
  p.elements(1);
  CHECK_FALSE(p.should_fire());
  p.elements(1);
  CHECK(p.should_fire());
}

TEST_CASE("AfterWatermark: early firings, on-time firing, then the late phase") {
  Probe p{AfterWatermark({.early = AfterCount(2), .late = AfterCount(3)})};
  CHECK(p.elements(2).set_end_of_window_timer);
  CHECK(p.should_fire(5));        // early count reached
  CHECK_FALSE(p.fire(5));         // early firing re-arms
  CHECK_FALSE(p.should_fire(5));  // early count reset
  CHECK(p.should_fire(10));       // on time
  CHECK_FALSE(p.fire(10));        // late firings exist: not finished; now in the late phase
  CHECK(p.state.words()[0] == 1);
  CHECK_FALSE(p.elements(2, 10).set_end_of_window_timer);  // late elements feed `late`
  CHECK_FALSE(p.should_fire(10));
  p.elements(1, 10);
  CHECK(p.should_fire(10));
  CHECK_FALSE(p.fire(10));
}

TEST_CASE("AfterWatermark without late firings finishes on time") {
  Probe p{AfterWatermark()};
  p.elements(1);
  CHECK_FALSE(p.should_fire(9));
  CHECK(p.should_fire(10));
  CHECK(p.fire(10));
}

TEST_CASE("AfterProcessingTime: the first element starts the delay") {
  Probe p{Repeatedly(AfterProcessingTime(10))};
  CHECK(p.elements(1, kMinTimestamp, 5).processing_timer == 15);
  CHECK(p.elements(1, kMinTimestamp, 8).processing_timer == 15);  // unchanged
  CHECK_FALSE(p.should_fire(kMinTimestamp, 14));
  CHECK(p.should_fire(kMinTimestamp, 15));
  CHECK_FALSE(p.fire(kMinTimestamp, 15));
  CHECK_FALSE(p.should_fire(kMinTimestamp, 100));  // reset: no deadline until the next element
  CHECK(p.elements(1, kMinTimestamp, 20).processing_timer == 30);
}

TEST_CASE("AfterEach moves to the next subtrigger when one finishes") {
  Probe p{AfterEach({AfterCount(2), AfterCount(1)})};
  p.elements(2);
  CHECK(p.should_fire());
  CHECK_FALSE(p.fire());
  CHECK(p.state.words()[0] == 1);  // index of the active subtrigger
  CHECK_FALSE(p.should_fire());    // the second count starts at 0
  p.elements(1);
  CHECK(p.should_fire());
  CHECK(p.fire());
}

TEST_CASE("AfterAny fires with any subtrigger, AfterAll with all") {
  Probe any{AfterAny({AfterCount(3), AfterCount(1)})};
  any.elements(1);
  CHECK(any.should_fire());
  CHECK(any.fire());  // a once-subtrigger finished
  Probe all{AfterAll({AfterCount(3), AfterCount(1)})};
  all.elements(2);
  CHECK_FALSE(all.should_fire());
  all.elements(1);
  CHECK(all.should_fire());
  CHECK(all.fire());
  Probe repeated{AfterAny({Repeatedly(AfterCount(1)), Never()})};
  repeated.elements(1);
  CHECK(repeated.should_fire());
  CHECK_FALSE(repeated.fire());  // a repeated subtrigger never finishes
}

TEST_CASE("OrFinally fires with main and finishes with until") {
  Probe p{OrFinally(Repeatedly(AfterCount(2)), AfterCount(3))};
  p.elements(2);
  CHECK(p.should_fire());
  CHECK_FALSE(p.fire());
  p.elements(1);  // main 1, until 3
  CHECK(p.should_fire());
  CHECK(p.fire());
}

TEST_CASE("Always and Never") {
  Probe always{Always()};
  CHECK(always.should_fire());
  CHECK_FALSE(always.fire());
  Probe never{Never()};
  never.elements(100);
  CHECK_FALSE(never.should_fire(kMaxTimestamp, kMaxTimestamp));
}

TEST_CASE("merging trigger state: counts sum, deadlines take the min, phases and indexes max") {
  Trigger t = AfterEach(
      {AfterWatermark({.early = AfterProcessingTime(5), .late = AfterCount(4)}), AfterCount(3)});
  TriggerState a(t);
  TriggerState b(t);
  TriggerContext ca(kWindow, kMinTimestamp, 10);
  a.on_elements(t, 2, ca);
  TriggerContext cb(kWindow, kMinTimestamp, 3);
  b.on_elements(t, 1, cb);
  // b goes on time: enters the late phase and collects one late element.
  TriggerContext on_time(kWindow, 10, 3);
  REQUIRE(b.should_fire(t, on_time));
  b.on_fire(t, on_time);
  b.on_elements(t, 1, on_time);
  a.merge_from(t, b);
  // words: [AfterEach index, AfterWatermark late bit, APT deadline, late AfterCount(4),
  // AfterCount(3)]
  std::span<const int64_t> w = a.words();
  REQUIRE(w.size() == 5);
  CHECK(w[0] == 0);
  CHECK(w[1] == 1);  // or-ed
  CHECK(w[2] == 8);  // min(10 + 5, 3 + 5)
  CHECK(w[3] == 1);  // summed: 0 + 1
  CHECK(w[4] == 0);
}
