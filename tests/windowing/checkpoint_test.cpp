// KeyedWindowState round-trips through a Cereal archive and then behaves identically.
#include <doctest/doctest.h>

#include <cereal/archives/binary.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>
#include <tuple>

#include "harness.hpp"

using namespace rill;
using namespace rill::test;

namespace {
using State = KeyedWindowState<BufferPolicy<int64_t>>;
using PaneRecord = std::tuple<Window, PaneTiming, int64_t, int64_t, std::vector<int64_t>>;

struct Recorder {
  std::vector<PaneRecord>* out;
  template <class Values>
  void operator()(const Window& w, const PaneInfo& p, Timestamp ts, const Values& values) const {
    out->emplace_back(w, p.timing, p.index, ts, std::vector<int64_t>(values.begin(), values.end()));
  }
};

void feed(State& s, std::vector<Timestamp> ts, Timestamp wm, Timestamp now, Recorder emit) {
  std::vector<Element> bundle;
  for (Timestamp t : ts) bundle.push_back(Element{t, t, Window{t, t + 10}});  // Sessions(10)
  s.process_bundle(bundle, wm, now, emit);
}

// Everything that happens after the checkpoint.
std::vector<PaneRecord> continue_run(State& s) {
  std::vector<PaneRecord> out;
  Recorder emit{&out};
  feed(s, {4, 6}, kMinTimestamp, 7, emit);  // [1,16): a new window, count 2: early pane
  s.on_watermark(100, emit);                // on time for [1,16) and [30,40)
  feed(s, {5}, 100, 110, emit);             // late, inside [1,16): processing-time deadline 115
  s.on_processing_time(115, emit);
  s.on_watermark(300, emit);  // everything expires, nothing pending
  return out;
}
}  // namespace

TEST_CASE("checkpoint and restore in the middle of a session's life") {
  WindowingStrategy strategy{
      .window_fn = Sessions(10),
      .trigger = AfterWatermark({.early = AfterCount(2), .late = AfterProcessingTime(5)}),
      .accumulation_mode = AccumulationMode::kAccumulating,
      .allowed_lateness = 200,
      .timestamp_combiner = TimestampCombiner::kEarliest};
  State original(&strategy);
  std::vector<PaneRecord> before;
  feed(original, {1}, kMinTimestamp, 0, Recorder{&before});
  feed(original, {3}, kMinTimestamp, 2, Recorder{&before});  // merged [1,13): early pane
  feed(original, {30}, kMinTimestamp, 3, Recorder{&before});
  REQUIRE(before.size() == 1);

  std::stringstream bytes;
  {
    cereal::BinaryOutputArchive out(bytes);
    out(original);
  }
  State restored(&strategy);
  {
    cereal::BinaryInputArchive in(bytes);
    in(restored);
  }
  CHECK(restored.windows() == original.windows());
  CHECK(restored.hold() == original.hold());
  CHECK(restored.watermark() == original.watermark());
  CHECK(restored.processing_time() == original.processing_time());
  CHECK(restored.next_event_timer() == original.next_event_timer());

  std::vector<PaneRecord> expected = continue_run(original);
  // [1,16) early (index 0: a new window after the merge), [1,16) and [30,40) on time,
  // [1,16) late from processing time.
  REQUIRE(expected.size() == 4);
  CHECK(std::get<1>(expected[0]) == PaneTiming::kEarly);
  CHECK(std::get<0>(expected[0]) == Window{1, 16});
  CHECK(std::get<2>(expected[0]) == 0);
  CHECK(std::get<3>(expected[0]) == 4);  // earliest since the last pane: [1,13)'s was released
  CHECK(std::get<1>(expected[1]) == PaneTiming::kOnTime);
  CHECK(std::get<0>(expected[2]) == Window{30, 40});
  CHECK(std::get<1>(expected[3]) == PaneTiming::kLate);
  CHECK(std::get<4>(expected[3]) == std::vector<int64_t>{1, 3, 4, 6, 5});  // arrival order
  CHECK(continue_run(restored) == expected);
}
