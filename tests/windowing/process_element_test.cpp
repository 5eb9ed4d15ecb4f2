// KeyedWindowState::process_element is process_bundle on a bundle of one, only cheaper: the
// two are driven side by side through random scripts (elements in and out of order, late
// data, watermark and processing-time advances) and must emit the same panes, in the same
// order, with the same values in the same order, and report the same state after each step.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "windowing/keyed_window_state.hpp"

using namespace rill;

namespace {

struct Element {
  int64_t value;
  Timestamp timestamp;
  Window window;
};

struct Pane {
  Window window;
  PaneInfo pane;
  Timestamp timestamp;
  std::vector<int64_t> values;  // in accumulator order: merges must keep it
  bool operator==(const Pane&) const = default;
};

struct Recorder {
  std::vector<Pane>* out;
  template <class Values>
  void operator()(const Window& w, const PaneInfo& p, Timestamp ts, Values&& values) const {
    out->push_back(Pane{w, p, ts, std::vector<int64_t>(values.begin(), values.end())});
  }
};

using State = KeyedWindowState<BufferPolicy<int64_t>>;

std::string describe(const WindowingStrategy& s) {
  return s.to_string();
}

// Whether everything observable of the two states agrees (checked in detail when not).
bool same(const State& a, const State& b, const std::vector<Pane>& pa,
          const std::vector<Pane>& pb) {
  if (pa != pb || a.windows() != b.windows()) return false;
  for (const Window& w : a.windows())
    if (a.is_closed(w) != b.is_closed(w)) return false;
  return a.hold() == b.hold() && a.next_event_timer() == b.next_event_timer() &&
         a.next_processing_timer() == b.next_processing_timer() && a.watermark() == b.watermark() &&
         a.processing_time() == b.processing_time();
}

bool check_same(const State& a, const State& b, const std::vector<Pane>& pa,
                const std::vector<Pane>& pb, int step) {
  if (same(a, b, pa, pb)) return true;
  INFO("step " << step);
  CHECK(pa.size() == pb.size());
  for (size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    INFO("pane " << i);
    CHECK(pa[i].window == pb[i].window);
    CHECK(pa[i].pane == pb[i].pane);
    CHECK(pa[i].timestamp == pb[i].timestamp);
    CHECK(pa[i].values == pb[i].values);
  }
  CHECK(a.windows() == b.windows());
  CHECK(a.hold() == b.hold());
  CHECK(a.next_event_timer() == b.next_event_timer());
  CHECK(a.next_processing_timer() == b.next_processing_timer());
  CHECK(a.watermark() == b.watermark());
  CHECK(a.processing_time() == b.processing_time());
  return false;
}

// One random script against both paths; returns how many panes it produced.
size_t run_script(const WindowingStrategy& s, uint64_t seed, bool in_order) {
  std::mt19937_64 rng(seed);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  State by_element(&s), by_bundle(&s);
  std::vector<Pane> pa, pb;
  Timestamp wm = kMinTimestamp, now = 0, cursor = 0;
  int64_t next_value = 0;
  WindowList windows;
  for (int step = 0; step < 300; ++step) {
    const int64_t action = uniform(0, 99);
    if (action < 70) {
      // An element; the input watermark sometimes moves with it (as the runtime passes its
      // current watermark to every element).
      cursor += uniform(0, 4);
      const Timestamp ts = in_order ? cursor : cursor + uniform(-30, 10);
      if (uniform(0, 9) == 0) wm = std::max(wm, cursor - uniform(10, 40));
      windows.clear();
      s.window_fn.assign(ts, windows);
      for (const Window& w : windows) {
        const int64_t v = next_value++;
        Element ea{v, ts, w}, eb{v, ts, w};
        BundleResult ra = by_element.process_element(ea, wm, now, Recorder{&pa});
        BundleResult rb = by_bundle.process_bundle(std::span(&eb, 1), wm, now, Recorder{&pb});
        if (ra.dropped_late != rb.dropped_late || ra.dropped_closed != rb.dropped_closed) {
          CHECK(ra.dropped_late == rb.dropped_late);
          CHECK(ra.dropped_closed == rb.dropped_closed);
          return pa.size();
        }
      }
    } else if (action < 88) {
      wm = std::max(wm, cursor - uniform(-5, 30));
      by_element.on_watermark(wm, Recorder{&pa});
      by_bundle.on_watermark(wm, Recorder{&pb});
    } else {
      now += uniform(1, 6);
      by_element.on_processing_time(now, Recorder{&pa});
      by_bundle.on_processing_time(now, Recorder{&pb});
    }
    if (!check_same(by_element, by_bundle, pa, pb, step)) return pa.size();
  }
  by_element.on_watermark(kMaxTimestamp, Recorder{&pa});
  by_bundle.on_watermark(kMaxTimestamp, Recorder{&pb});
  check_same(by_element, by_bundle, pa, pb, -1);
  CHECK(by_element.empty());
  return pa.size();
}

std::vector<Trigger> triggers() {
  return {DefaultTrigger(), AfterWatermark({.early = AfterCount(2), .late = AfterCount(1)}),
          AfterWatermark({.early = AfterProcessingTime(3)}), Repeatedly(AfterCount(3)),
          AfterCount(2),  // closes windows: tombstones
          Repeatedly(AfterProcessingTime(5)),
          OrFinally(Repeatedly(AfterCount(2)), AfterWatermark()),
          AfterEach({AfterCount(2), AfterProcessingTime(3)}),
          // Arms the end-of-window timer for late data without consuming it (AfterCount is
          // asked first): the timer is then due at once.
          Repeatedly(AfterAll({AfterCount(3), AfterWatermark()})), Never()};
}

void run_all(const WindowFn& fn) {
  uint64_t seed = 1;
  size_t panes = 0;
  for (const Trigger& t : triggers()) {
    for (Duration lateness : {Duration{0}, Duration{25}}) {
      for (auto combiner : {TimestampCombiner::kEndOfWindow, TimestampCombiner::kEarliest,
                            TimestampCombiner::kLatest}) {
        for (auto mode : {AccumulationMode::kDiscarding, AccumulationMode::kAccumulating}) {
          WindowingStrategy s{.window_fn = fn,
                              .trigger = t,
                              .accumulation_mode = mode,
                              .allowed_lateness = lateness,
                              .timestamp_combiner = combiner};
          for (bool in_order : {true, false}) {
            CAPTURE(describe(s));
            CAPTURE(in_order);
            panes += run_script(s, seed++, in_order);
          }
        }
      }
    }
  }
  CHECK(panes > 1000);  // the scripts do exercise the state machine
}

}  // namespace

TEST_CASE("process_element == process_bundle of one: sessions") {
  run_all(Sessions(10));
}

TEST_CASE("process_element == process_bundle of one: fixed windows") {
  run_all(FixedWindows(10));
}

TEST_CASE("process_element == process_bundle of one: sliding windows") {
  run_all(SlidingWindows(20, 5));
}

TEST_CASE("sessions: an element bridging two open sessions merges both, in order") {
  WindowingStrategy s{.window_fn = Sessions(10),
                      .trigger = Never(),
                      .accumulation_mode = AccumulationMode::kAccumulating};
  State state(&s);
  std::vector<Pane> out;
  std::vector<Element> es{{1, 0, Window{0, 10}}, {2, 15, Window{15, 25}}, {3, 8, Window{8, 18}}};
  for (Element& e : es) state.process_element(e, kMinTimestamp, 0, Recorder{&out});
  CHECK(state.windows() == std::vector<Window>{{0, 25}});
  state.on_watermark(kMaxTimestamp, Recorder{&out});
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == std::vector<int64_t>{1, 2, 3});
}

TEST_CASE("sessions: a merge whose result is a closed window drops the element") {
  WindowingStrategy s{.window_fn = Sessions(10), .trigger = AfterCount(2)};
  State state(&s);
  std::vector<Pane> out;
  std::vector<Element> es{{1, 1, Window{1, 11}}, {2, 2, Window{2, 12}}};  // [1,12) closes
  state.process_bundle(es, kMinTimestamp, 0, Recorder{&out});
  REQUIRE(out.size() == 1);
  Element open{3, 3, Window{3, 11}};  // inside the closed window: a new open session [3,11)
  CHECK(state.process_element(open, kMinTimestamp, 0, Recorder{&out}).dropped_closed == 0);
  Element bridge{4, 1, Window{1, 12}};  // merges [3,11) into exactly the closed [1,12)
  CHECK(state.process_element(bridge, kMinTimestamp, 0, Recorder{&out}).dropped_closed == 1);
  CHECK(state.windows() == std::vector<Window>{{1, 12}});
  CHECK(state.is_closed(Window{1, 12}));
  CHECK(state.hold() == kMaxTimestamp);
}

TEST_CASE("sessions: a merged window ordered before a tombstone with the same end") {
  WindowingStrategy s{.window_fn = Sessions(10), .trigger = AfterCount(3)};
  State state(&s);
  std::vector<Pane> out;
  auto element = [&](Timestamp t) {
    Element e{t, t, Window{t, t + 10}};
    return state.process_element(e, kMinTimestamp, 0, Recorder{&out});
  };
  element(3);
  element(10);
  element(4);  // [3,20) fires and closes
  REQUIRE(out.size() == 1);
  element(10);  // [10,20): a new open session beside the tombstone
  element(2);   // [2,12) merges it into [2,20), which sorts before [3,20)
  CHECK(state.windows() == std::vector<Window>{{2, 20}, {3, 20}});
  CHECK(state.is_closed(Window{3, 20}));
  CHECK(state.has_window(Window{2, 20}));
  CHECK_FALSE(state.is_closed(Window{2, 20}));
  CHECK(element(5).dropped_closed == 0);  // inside [2,20): its third element
  REQUIRE(out.size() == 2);
  CHECK(out[1].window == Window{2, 20});
  CHECK(out[1].values == std::vector<int64_t>{10, 2, 5});
}

// KeyedWindowState evaluates the default trigger inline by this rule; it must be what the
// trigger state machine does.
TEST_CASE("the default trigger: arms the end-of-window timer, fires once W >= end, never ends") {
  const Trigger t = DefaultTrigger();
  for (Timestamp wm : {Timestamp{-5}, Timestamp{9}, Timestamp{10}, Timestamp{11}, kMaxTimestamp}) {
    CAPTURE(wm);
    TriggerState st(t);
    TriggerContext ctx(Window{0, 10}, wm, 0);
    st.on_elements(t, 3, ctx);
    const bool fire = st.should_fire(t, ctx);
    CHECK(fire == (wm >= 10));
    if (fire) CHECK_FALSE(st.on_fire(t, ctx));
    CHECK(ctx.set_end_of_window_timer);
    CHECK(ctx.clear_end_of_window_timer == fire);
    CHECK(ctx.processing_timer == kNoDeadline);
    CHECK(st.words().empty());
  }
}
