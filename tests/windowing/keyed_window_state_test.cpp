#include "windowing/keyed_window_state.hpp"

#include <doctest/doctest.h>

#include <memory>

#include "harness.hpp"

using namespace rill;
using namespace rill::test;

TEST_CASE("fixed windows + default trigger: one on-time pane when W reaches the end") {
  Harness h({.window_fn = FixedWindows(10)});  // Beam Java defaults: discarding, lateness 0
  h.input({1, 2, 12});
  CHECK(h.take().empty());
  CHECK(h.state().window_count() == 2);
  CHECK(h.state().next_event_timer() == 10);
  CHECK(h.state().hold() == 9);  // end-of-window holds: min(9, 19)

  h.watermark(9);  // W = 9 is not past the max timestamp 9
  CHECK(h.take().empty());
  h.watermark(10);
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{0, 10});
  CHECK(out[0].values == Values{1, 2});
  CHECK(out[0].timestamp == 9);
  CHECK(out[0].pane.timing == PaneTiming::kOnTime);
  CHECK(out[0].pane.index == 0);
  CHECK(out[0].pane.nonspeculative_index == 0);
  CHECK(out[0].pane.is_first);
  CHECK(out[0].pane.is_last);  // lateness 0: the window is collected at once
  CHECK(h.state().window_count() == 1);
  CHECK(h.state().hold() == 19);
  CHECK(h.state().next_event_timer() == 20);

  h.watermark(20);
  out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == Values{12});
  CHECK(h.state().empty());
  CHECK(h.state().hold() == kMaxTimestamp);
  CHECK(h.state().next_event_timer() == kNoTimer);
}

TEST_CASE("late data: LATE panes within the allowed lateness, dropped and counted beyond it") {
  Harness h({.window_fn = FixedWindows(10),
             .accumulation_mode = AccumulationMode::kAccumulating,
             .allowed_lateness = 5});
  h.input({1});
  h.watermark(10);
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].pane.timing == PaneTiming::kOnTime);
  CHECK_FALSE(out[0].pane.is_last);           // collected only after 9 + 5
  CHECK(h.state().next_event_timer() == 15);  // garbage collection

  BundleResult r = h.input({2, 3});
  CHECK(r.dropped_late == 0);
  out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == Values{1, 2, 3});
  CHECK(out[0].timestamp == 9);
  CHECK(out[0].pane.timing == PaneTiming::kLate);
  CHECK(out[0].pane.index == 1);
  CHECK(out[0].pane.nonspeculative_index == 1);
  CHECK_FALSE(out[0].pane.is_first);

  h.watermark(14);  // 9 + 5: still there
  CHECK(h.state().window_count() == 1);
  h.watermark(15);
  CHECK(h.take().empty());  // nothing pending: no final pane
  CHECK(h.state().empty());

  r = h.input({4, 5, 25});
  CHECK(r.dropped_late == 2);
  CHECK(r.dropped_closed == 0);
  CHECK(h.state().windows() == std::vector<Window>{{20, 30}});
  CHECK(h.state().next_event_timer() == 30);
}

TEST_CASE("closed windows drop data until garbage collection removes the tombstone") {
  Harness h({.window_fn = FixedWindows(10), .trigger = AfterCount(2), .allowed_lateness = 10});
  h.input({1, 2});
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].pane.timing == PaneTiming::kEarly);
  CHECK(out[0].pane.nonspeculative_index == -1);
  CHECK(out[0].pane.is_last);
  CHECK(h.state().is_closed(Window{0, 10}));

  BundleResult r = h.input({3});
  CHECK(r.dropped_closed == 1);
  CHECK(r.dropped_late == 0);
  CHECK(h.take().empty());
  CHECK(h.state().next_event_timer() == 20);  // no end-of-window timer; GC after 9 + 10
  h.watermark(19);
  CHECK(h.state().has_window(Window{0, 10}));
  h.watermark(20);
  CHECK(h.take().empty());
  CHECK(h.state().empty());
}

TEST_CASE("garbage collection emits data the trigger has not fired") {
  Harness h({.window_fn = FixedWindows(10), .trigger = AfterCount(2), .allowed_lateness = 10});
  h.input({11});
  h.watermark(29);  // 19 + 10
  CHECK(h.take().empty());
  h.watermark(30);
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == Values{11});
  CHECK(out[0].timestamp == 19);
  CHECK(out[0].pane.is_last);
  CHECK(out[0].pane.timing == PaneTiming::kOnTime);  // first non-early pane, from a timer
  CHECK(h.state().empty());
}

TEST_CASE("holds: combiners, elements behind the watermark, release after the pane") {
  SUBCASE("earliest; elements behind W do not hold") {
    Harness h({.window_fn = FixedWindows(10),
               .accumulation_mode = AccumulationMode::kAccumulating,
               .allowed_lateness = 100,
               .timestamp_combiner = TimestampCombiner::kEarliest});
    h.watermark(5);
    h.input({2, 7, 3, 8});
    CHECK(h.state().hold() == 7);
    h.watermark(10);
    std::vector<Emitted> out = h.take();
    REQUIRE(out.size() == 1);
    CHECK(out[0].values == Values{2, 3, 7, 8});
    CHECK(out[0].timestamp == 7);
    CHECK(h.state().hold() == kMaxTimestamp);  // released
    h.input({4});  // late, behind W: no hold, pane at the window's max timestamp
    out = h.take();
    REQUIRE(out.size() == 1);
    CHECK(out[0].timestamp == 9);
    CHECK(out[0].pane.timing == PaneTiming::kLate);
  }
  SUBCASE("latest") {
    Harness h({.window_fn = FixedWindows(10), .timestamp_combiner = TimestampCombiner::kLatest});
    h.input({1, 5, 3});
    CHECK(h.state().hold() == 5);
    h.watermark(10);
    CHECK(h.take().at(0).timestamp == 5);
  }
  SUBCASE("end of window; no hold once the window's end is behind W") {
    Harness h({.window_fn = FixedWindows(10), .allowed_lateness = 100});
    h.input({1});
    CHECK(h.state().hold() == 9);
    h.watermark(50);
    CHECK(h.take().size() == 1);
    h.input({2});
    CHECK(h.state().hold() == kMaxTimestamp);
    CHECK(h.take().at(0).timestamp == 9);
  }
  SUBCASE("earliest transformed uses the WindowFn's output time transform") {
    Harness h(
        {.window_fn =
             WindowFn(FixedWindows(10)).with_output_time_transform([](const Window&, Timestamp t) {
               return t + 100;
             }),
         .timestamp_combiner = TimestampCombiner::kEarliestTransformed});
    h.input({3, 1, 2});
    CHECK(h.state().hold() == 101);
    h.watermark(10);
    CHECK(h.take().at(0).timestamp == 101);
  }
}

TEST_CASE("every pane releases the holds (Beam Java), also when an on-time pane will follow") {
  SUBCASE("AfterWatermark: the on-time pane's timestamp comes from the elements since") {
    Harness h({.window_fn = FixedWindows(10),
               .trigger = AfterWatermark({.early = AfterCount(2)}),
               .timestamp_combiner = TimestampCombiner::kEarliest});
    h.input({3, 4});
    CHECK(h.take().at(0).timestamp == 3);
    CHECK(h.state().hold() == kMaxTimestamp);
    h.input({6});
    CHECK(h.state().hold() == 6);
    h.watermark(10);
    std::vector<Emitted> out = h.take();
    REQUIRE(out.size() == 1);
    CHECK(out[0].values == Values{6});  // discarding
    CHECK(out[0].timestamp == 6);       // Beam Java's rule (Python would give 3)
    CHECK(out[0].pane.timing == PaneTiming::kOnTime);
  }
  SUBCASE("no on-time pane: every pane releases the holds") {
    Harness h({.window_fn = FixedWindows(10),
               .trigger = Repeatedly(AfterCount(2)),
               .timestamp_combiner = TimestampCombiner::kEarliest});
    h.input({3, 4});
    CHECK(h.take().at(0).timestamp == 3);
    CHECK(h.state().hold() == kMaxTimestamp);
    h.input({6});
    CHECK(h.state().hold() == 6);
  }
}

TEST_CASE("pane info through early, on-time, late and final panes") {
  Harness h({.window_fn = FixedWindows(10),
             .trigger = AfterWatermark({.early = AfterCount(1), .late = AfterCount(1)}),
             .accumulation_mode = AccumulationMode::kAccumulating,
             .allowed_lateness = 20});
  h.input({1});
  h.input({2});
  h.watermark(10);
  h.input({3});
  h.input({4});
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 5);
  const PaneTiming timings[] = {PaneTiming::kEarly, PaneTiming::kEarly, PaneTiming::kOnTime,
                                PaneTiming::kLate, PaneTiming::kLate};
  const int64_t nsi[] = {-1, -1, 0, 1, 2};
  for (size_t i = 0; i < out.size(); ++i) {
    CAPTURE(i);
    CHECK(out[i].pane.index == static_cast<int64_t>(i));
    CHECK(out[i].pane.is_first == (i == 0));
    CHECK_FALSE(out[i].pane.is_last);
    CHECK(out[i].pane.timing == timings[i]);
    CHECK(out[i].pane.nonspeculative_index == nsi[i]);
  }
  CHECK(out[2].values == Values{1, 2});
  CHECK(out[4].values == Values{1, 2, 3, 4});
}

namespace {
// An accumulator that counts its copies.
struct CopyCounted {
  std::vector<int64_t> v;
  static inline int copies = 0;
  CopyCounted() = default;
  CopyCounted(const CopyCounted& o) : v(o.v) { ++copies; }
  CopyCounted& operator=(const CopyCounted& o) {
    v = o.v;
    ++copies;
    return *this;
  }
  CopyCounted(CopyCounted&&) noexcept = default;
  CopyCounted& operator=(CopyCounted&&) noexcept = default;
};

struct CopyCountedPolicy {
  using Value = int64_t;
  using Acc = CopyCounted;
  static Acc empty() { return {}; }
  static void add(Acc& a, int64_t&& v) { a.v.push_back(v); }
  static void merge(Acc& into, Acc&& from) {
    into.v.insert(into.v.end(), from.v.begin(), from.v.end());
  }
};

// Records whether each pane was handed over (moved) or lent (const reference).
struct HandOffRecorder {
  std::vector<std::pair<bool, size_t>>* log;  // (moved, size)
  void operator()(const Window&, const PaneInfo&, Timestamp, CopyCounted&& acc) const {
    CopyCounted taken = std::move(acc);
    log->emplace_back(true, taken.v.size());
  }
  void operator()(const Window&, const PaneInfo&, Timestamp, const CopyCounted& acc) const {
    log->emplace_back(false, acc.v.size());
  }
};

void feed(KeyedWindowState<CopyCountedPolicy>& s, std::vector<Timestamp> ts,
          const HandOffRecorder& emit) {
  std::vector<Element> bundle;
  for (Timestamp t : ts) bundle.push_back(Element{t, t, FixedWindows(10).window_for(t)});
  s.process_bundle(bundle, s.watermark(), 0, emit);
}
}  // namespace

TEST_CASE("discarding mode moves the accumulator out, accumulating lends it; no copies") {
  CopyCounted::copies = 0;
  std::vector<std::pair<bool, size_t>> log;
  HandOffRecorder emit{&log};
  SUBCASE("discarding") {
    WindowingStrategy s{.window_fn = FixedWindows(10),
                        .trigger = AfterWatermark({.early = AfterCount(1)})};
    KeyedWindowState<CopyCountedPolicy> state(&s);
    feed(state, {1, 2}, emit);
    feed(state, {3}, emit);
    state.on_watermark(10, emit);
    CHECK(log == std::vector<std::pair<bool, size_t>>{{true, 2}, {true, 1}, {true, 0}});
  }
  SUBCASE("accumulating: lent until the last pane, which hands it over") {
    WindowingStrategy s{.window_fn = FixedWindows(10),
                        .trigger = AfterWatermark({.early = AfterCount(1)}),
                        .accumulation_mode = AccumulationMode::kAccumulating,
                        .allowed_lateness = 10};
    KeyedWindowState<CopyCountedPolicy> state(&s);
    feed(state, {1, 2}, emit);
    feed(state, {3}, emit);
    state.on_watermark(10, emit);  // on time; no late firings: the trigger finishes
    CHECK(log == std::vector<std::pair<bool, size_t>>{{false, 2}, {false, 3}, {true, 3}});
  }
  CHECK(CopyCounted::copies == 0);
}

namespace {
struct SumPolicy {
  using Value = int64_t;
  using Acc = int64_t;
  static Acc empty() { return 0; }
  static void add(Acc& a, int64_t&& v) { a += v; }
  static void merge(Acc& into, Acc&& from) { into += from; }
};
}  // namespace

TEST_CASE("a combining policy keeps one accumulator per window, merged for sessions") {
  WindowingStrategy s{.window_fn = Sessions(10),
                      .trigger = AfterWatermark({.early = AfterCount(2)}),
                      .accumulation_mode = AccumulationMode::kAccumulating};
  KeyedWindowState<SumPolicy> state(&s);
  std::vector<std::tuple<Window, int64_t, PaneTiming>> out;
  auto emit = [&](const Window& w, const PaneInfo& p, Timestamp, auto&& sum) {
    out.emplace_back(w, sum, p.timing);
  };
  std::vector<Element> b1{{1, 1, Window{1, 11}}};
  state.process_bundle(b1, kMinTimestamp, 0, emit);
  std::vector<Element> b2{{5, 5, Window{5, 15}}};
  state.process_bundle(b2, kMinTimestamp, 0, emit);  // merged: [1,15), count 2
  state.on_watermark(15, emit);
  REQUIRE(out.size() == 2);
  CHECK(out[0] == std::tuple{Window{1, 15}, int64_t{6}, PaneTiming::kEarly});
  CHECK(out[1] == std::tuple{Window{1, 15}, int64_t{6}, PaneTiming::kOnTime});
}

TEST_CASE("sessions: a merge into a new window restarts the pane index; an existing one keeps it") {
  Harness h({.window_fn = Sessions(10),
             .trigger = AfterWatermark({.early = AfterCount(2)}),
             .accumulation_mode = AccumulationMode::kAccumulating});
  h.input({1});
  h.input({3});  // [3,13) merges with [1,11): new window [1,13), counts summed to 2
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{1, 13});
  CHECK(out[0].pane.index == 0);
  CHECK(h.state().windows() == std::vector<Window>{{1, 13}});

  h.input({12});    // [1,22): new window, count 1
  h.input({2, 4});  // inside [1,22): count 3 -> fires
  out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{1, 22});
  CHECK(out[0].pane.index == 0);
  CHECK(out[0].values == Values{1, 2, 3, 4, 12});
  h.input({5, 6});  // the result is the existing window: counters kept
  out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].pane.index == 1);
  CHECK(h.state().next_event_timer() == 22);
}

TEST_CASE("sessions: closed sessions do not merge; their exact window still drops data") {
  Harness h({.window_fn = Sessions(10), .trigger = AfterCount(2)});
  h.input({1, 2});  // [1,12) fires and closes
  CHECK(h.take().at(0).pane.is_last);
  BundleResult r = h.input({1, 2});  // merges to exactly the closed window
  CHECK(r.dropped_closed == 2);
  CHECK(h.take().empty());

  r = h.input({5});  // overlaps [1,12) but starts a new session
  CHECK(r.dropped_closed == 0);
  CHECK(h.take().empty());
  CHECK(h.state().windows() == std::vector<Window>{{1, 12}, {5, 15}});
  CHECK(h.state().is_closed(Window{1, 12}));
  CHECK_FALSE(h.state().is_closed(Window{5, 15}));

  h.watermark(12);  // [1,12) expires (11 < 12); [5,15) stays
  CHECK(h.state().windows() == std::vector<Window>{{5, 15}});
  h.watermark(15);  // [5,15) expires with one element not emitted: final pane
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].values == Values{5});
  CHECK(out[0].pane.is_last);
  CHECK(h.state().empty());
}

TEST_CASE("sessions: an open session bridged to a closed one keeps its data") {
  Harness h({.window_fn = Sessions(10),
             .trigger = AfterCount(3),
             .accumulation_mode = AccumulationMode::kAccumulating});
  h.input({1, 2, 3});  // [1,13) closes
  CHECK(h.take().size() == 1);
  h.input({20});  // open [20,30)
  h.input({12});  // [12,22): overlaps closed [1,13) and open [20,30) -> merges with [20,30) only
  CHECK(h.state().windows() == std::vector<Window>{{1, 13}, {12, 30}});
  h.input({25});  // [25,35) extends it to [12,35); count 3
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{12, 35});
  CHECK(out[0].values == Values{12, 20, 25});
}

TEST_CASE("sliding windows: each window of an element fires on its own") {
  Harness h({.window_fn = SlidingWindows(10, 5)});
  h.input({7});
  CHECK(h.state().windows() == std::vector<Window>{{0, 10}, {5, 15}});
  h.watermark(10);
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{0, 10});
  h.watermark(15);
  out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{5, 15});
}

TEST_CASE("watermark: a newer input watermark is applied before the bundle; it never regresses") {
  Harness h({.window_fn = FixedWindows(10)});
  h.input({1});
  h.input_at({15}, 12);  // fires [0,10) first, then adds 15 to [10,20)
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window == Window{0, 10});
  CHECK(h.state().watermark() == 12);
  CHECK(h.state().windows() == std::vector<Window>{{10, 20}});

  h.watermark(20);
  CHECK(h.take().size() == 1);
  h.watermark(5);
  CHECK(h.state().watermark() == 20);
  BundleResult r = h.input_at({12}, 5);
  CHECK(r.dropped_late == 1);
}

TEST_CASE("the global window fires and is collected at the end of time") {
  Harness h({});
  h.input({1, 2});
  h.watermark(kGlobalWindowMaxTimestamp);
  CHECK(h.take().empty());
  CHECK(h.state().next_event_timer() == kGlobalWindowMaxTimestamp + 1);
  h.watermark(kMaxTimestamp);
  std::vector<Emitted> out = h.take();
  REQUIRE(out.size() == 1);
  CHECK(out[0].window.is_global());
  CHECK(out[0].timestamp == kGlobalWindowMaxTimestamp);
  CHECK(out[0].pane.timing == PaneTiming::kOnTime);
  CHECK(out[0].pane.is_last);
  CHECK(h.state().empty());
}

namespace {
// The shape of graph's WindowedValue<T>, with a move-only value.
template <class T>
struct WindowedValueLike {
  T value;
  Timestamp timestamp;
  Window window;
  PaneInfo pane;
};
}  // namespace

TEST_CASE("accepts runtime element types and moves move-only values") {
  WindowingStrategy s{.window_fn = FixedWindows(10)};
  KeyedWindowState<BufferPolicy<std::unique_ptr<int>>> state(&s);
  std::vector<WindowedValueLike<std::unique_ptr<int>>> bundle;
  bundle.push_back({std::make_unique<int>(7), 3, Window{0, 10}, PaneInfo::no_firing()});
  bundle.push_back({std::make_unique<int>(8), 4, Window{0, 10}, PaneInfo::no_firing()});
  state.process_bundle(bundle, kMinTimestamp, 0, [](auto&&...) {});
  CHECK(bundle[0].value == nullptr);  // moved into the window
  int sum = 0;
  state.on_watermark(10, [&](const Window&, const PaneInfo&, Timestamp, auto&& values) {
    for (auto& v : values) sum += *v;
  });
  CHECK(sum == 15);
}
