// Slowly updating side inputs through the runner: PeriodicImpulse ticks, a side input in the
// global window with a repeated trigger (each tick a new pane), and a main input that runs
// meanwhile and sees the latest version; and the per-window variant (with_fixed_windows()).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

PipelineOptions opts(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 4;
  o.metrics_interval = 0;
  return o;
}

struct Seen {
  int64_t main = 0;     // the main element (its tick time)
  int64_t version = 0;  // the side input's value when it was processed
  int partition = 0;
  int64_t order = 0;  // processing order within the partition
  template <class A>
  void serialize(A& ar) {
    ar(main, version, partition, order);
  }
};

// Tags each main element with the side input's current value, in processing order.
struct TagFn : DoFn<Timestamp, Seen> {
  SingletonView<int64_t> side;
  int64_t order = 0;
  void process(const Timestamp& t, Emitter<Seen>& out, const SideInputs& s) {
    out.emit(Seen{t, s[side], out.log().partition(), order++});
  }
};

}  // namespace

TEST_CASE("PeriodicImpulse: ticks on multiples of the interval, then ends after stop_after") {
  Pipeline p{opts(2)};
  auto ticks = p | PeriodicImpulse("Tick", 20).stop_after(5) | io::Collect("Out");
  auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  auto values = ticks->values();
  std::sort(values.begin(), values.end());
  REQUIRE(values.size() == 5);
  for (size_t i = 0; i < values.size(); ++i) {
    CHECK(values[i] % 20 == 0);
    if (i > 0) CHECK(values[i] - values[i - 1] == 20);
  }
  for (const auto& e : ticks->elements()) CHECK(e.timestamp == e.value);
}

TEST_CASE("PeriodicImpulse refuses a bad interval or count") {
  CHECK_THROWS_WITH(PeriodicImpulse("Tick", 0), doctest::Contains("the interval must be"));
  CHECK_THROWS_WITH(PeriodicImpulse("Tick", 10).stop_after(-1), doctest::Contains("stop_after"));
}

TEST_CASE("a side input refreshed on every tick: the main input sees the latest version") {
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    Pipeline p{opts(parallelism)};
    WindowingStrategy refresh{.trigger = Repeatedly(AfterCount(1)),
                              .accumulation_mode = AccumulationMode::kDiscarding};
    auto versions = p | PeriodicImpulse("Refresh", 60).stop_after(8) |
                    WindowInto("EveryTick", refresh) |
                    CombineGlobally("Latest", combine::Max<int64_t>{});
    auto side = AsSingleton(versions);
    TagFn tag;
    tag.side = side;
    auto seen = p | PeriodicImpulse("Main", 5).stop_after(150) | ParDo("Tag", tag, side) |
                io::Collect("Out");
    auto result = p.run();
    REQUIRE_MESSAGE(result.ok(), result.summary());

    auto all = seen->values();
    REQUIRE(all.size() == 150);  // every main element was processed
    const auto ticks = [&] {
      std::set<int64_t> s;
      for (const auto& e : all) s.insert(e.version);
      return s;
    }();
    // Only real ticks of the side input (all multiples of 60), never a default.
    for (int64_t v : ticks) CHECK(v % 60 == 0);
    // The side input changed while the main input ran: several versions were seen.
    CHECK(ticks.size() >= 3);
    // Within a partition the version never goes back.
    std::map<int, std::vector<Seen>> by_partition;
    for (const auto& e : all) by_partition[e.partition].push_back(e);
    for (auto& [part, list] : by_partition) {
      std::sort(list.begin(), list.end(),
                [](const Seen& a, const Seen& b) { return a.order < b.order; });
      for (size_t i = 1; i < list.size(); ++i) CHECK(list[i].version >= list[i - 1].version);
    }
    // A main element processed after the side's last tick sees the last version.
    CHECK(*ticks.rbegin() == [&] {
      int64_t last = 0;
      for (const auto& e : all) last = std::max(last, e.version);
      return last;
    }());
  }
}

TEST_CASE("with_fixed_windows: each main window sees the side value of its own window") {
  Pipeline p{opts(2)};
  // -1 where a main window has no tick: the side input may start ticking a window after the
  // main input (both start at the next multiple of their interval).
  auto side = AsSingleton(p | PeriodicImpulse("Refresh", 50).stop_after(8).with_fixed_windows() |
                              Map("Version", [](const Timestamp& t) { return t / 50; }),
                          int64_t{-1});
  auto tagged = p | PeriodicImpulse("Main", 10).stop_after(25) |
                WindowInto("Window", FixedWindows(50)) |
                Map(
                    "Tag",
                    [side](const Timestamp& t, const SideInputs& s) {
                      return KV<int64_t, int64_t>{t, s[side]};
                    },
                    side) |
                io::Collect("Out");
  auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  auto all = tagged->values();
  REQUIRE(all.size() == 25);
  int64_t first_window = INT64_MAX;
  for (const auto& kv : all) first_window = std::min(first_window, kv.key / 50);
  int with_value = 0;
  for (const auto& kv : all) {
    CAPTURE(kv.key);
    if (kv.value == -1) {
      CHECK(kv.key / 50 == first_window);  // only the main input's first window
    } else {
      CHECK(kv.value == kv.key / 50);  // the tick of the element's own window
      ++with_value;
    }
  }
  CHECK(with_value >= 20);
}
