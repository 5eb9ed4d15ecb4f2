// GroupByKey(...).with_late_output() through the runner: the elements a window drops (expired,
// or its trigger finished) come out of the late output whole, with their timestamps and
// windows; the groups are those of a run without late output; dropped_late still counts them.
#include <doctest/doctest.h>

#include <algorithm>
#include <tuple>

#include "io/assert_that.hpp"
#include "io/collect.hpp"
#include "io/test_stream.hpp"
#include "rill.hpp"

using namespace rill;
using io::assert_that;

namespace {

using Pair = KV<std::string, int64_t>;

PipelineOptions opts() {
  PipelineOptions o;
  o.parallelism = 2;  // a TestStream pipeline runs at 1 anyway
  o.workers = 2;
  o.batch_size = 3;
  o.metrics_interval = 0;
  return o;
}

std::vector<std::tuple<std::string, int64_t, Timestamp, Window>> late_of(
    const io::Collected<Pair>& c) {
  std::vector<std::tuple<std::string, int64_t, Timestamp, Window>> v;
  for (const auto& e : c.elements())
    v.emplace_back(e.value.key, e.value.value, e.timestamp, e.window);
  std::sort(v.begin(), v.end());
  return v;
}

int64_t sum_of(const KV<std::string, std::vector<int64_t>>& kv) {
  int64_t t = 0;
  for (auto v : kv.value) t += v;
  return t;
}

io::TestStream<Pair> script() {
  return io::TestStream<Pair>("Input")
      .add_elements({{{"k", 1}, 1'000}, {{"k", 2}, 5'000}, {{"j", 7}, 2'000}})
      .advance_watermark_to(20'000)                           // [0, 10s) fires on time
      .add_elements({{{"k", 4}, 3'000}, {{"j", 8}, 25'000}})  // 4 is late; 8 on time
      .advance_watermark_to(40'000)
      .add_elements({{{"k", 100}, 4'000}, {{"j", 9}, 19'999}})  // both late
      .advance_watermark_to_infinity();
}

}  // namespace

TEST_CASE("the default strategy: late elements come out of the late output, nothing else does") {
  Pipeline pipe{opts()};
  auto windowed =
      pipe | script() | WindowInto("Window", WindowingStrategy{.window_fn = FixedWindows(10'000)});
  auto [groups, late] = windowed | GroupByKey("Group").with_late_output();
  auto late_out = late | io::Collect("Late");
  auto sums = groups | Map("Sum", [](const KV<std::string, std::vector<int64_t>>& kv) {
                return Pair{kv.key, sum_of(kv)};
              });
  assert_that(sums, "Groups").contains_in_any_order({{"k", 3}, {"j", 7}, {"j", 8}});
  auto result = pipe.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  using Row = std::tuple<std::string, int64_t, Timestamp, Window>;
  CHECK(late_of(*late_out) == std::vector<Row>{{"j", 9, 19'999, Window{10'000, 20'000}},
                                               {"k", 4, 3'000, Window{0, 10'000}},
                                               {"k", 100, 4'000, Window{0, 10'000}}});
  REQUIRE(result.step("Group") != nullptr);
  CHECK(result.step("Group")->dropped_late == 3);
}

TEST_CASE("within the allowed lateness a late pane; beyond it, the late output") {
  Pipeline pipe{opts()};
  WindowingStrategy s{.window_fn = FixedWindows(10'000),
                      .accumulation_mode = AccumulationMode::kAccumulating,
                      .allowed_lateness = 15'000};
  auto [groups, late] =
      pipe | script() | WindowInto("Window", s) | GroupByKey("Group").with_late_output();
  auto late_out = late | io::Collect("Late");
  auto sums = groups | Map("Sum", [](const KV<std::string, std::vector<int64_t>>& kv) {
                return Pair{kv.key, sum_of(kv)};
              });
  const Window w0{0, 10'000}, w1{10'000, 20'000}, w2{20'000, 30'000};
  assert_that(sums, "OnTime0").in_on_time_pane(w0).contains_in_any_order({{"k", 3}, {"j", 7}});
  assert_that(sums, "Late0").in_late_panes(w0).contains_in_any_order({{"k", 7}});
  // 9 at 19.999 s arrives at watermark 40 s: 19.999 + 15 < 40, its window has expired.
  assert_that(sums, "OnTime2").in_on_time_pane(w2).contains_in_any_order({{"j", 8}});
  auto result = pipe.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  using Row = std::tuple<std::string, int64_t, Timestamp, Window>;
  CHECK(late_of(*late_out) == std::vector<Row>{{"j", 9, 19'999, w1}, {"k", 100, 4'000, w0}});
  CHECK(result.step("Group")->dropped_late == 2);
}

TEST_CASE("elements of a window whose trigger has finished go to the late output") {
  Pipeline pipe{opts()};
  WindowingStrategy s{.window_fn = FixedWindows(10'000), .trigger = AfterCount(2)};
  auto input = pipe | io::TestStream<Pair>("Input")
                          .add_elements({{{"k", 1}, 1'000}, {{"k", 2}, 2'000}})  // fires, finishes
                          .add_elements({{{"k", 3}, 3'000}})                     // window closed
                          .advance_watermark_to_infinity();
  auto [groups, late] = input | WindowInto("Window", s) | GroupByKey("Group").with_late_output();
  auto late_out = late | io::Collect("Late");
  auto sums = groups | Map("Sum", [](const KV<std::string, std::vector<int64_t>>& kv) {
                return Pair{kv.key, sum_of(kv)};
              });
  assert_that(sums, "Groups").contains_in_any_order({{"k", 3}});
  auto result = pipe.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(late_out->values() == std::vector<Pair>{{"k", 3}});
}

TEST_CASE("sessions: a late element that would have joined a fired session is routed") {
  Pipeline pipe{opts()};
  auto input = pipe | io::TestStream<Pair>("Input")
                          .add_elements({{{"u", 1}, 1'000}, {{"u", 2}, 3'000}})
                          .advance_watermark_to(60'000)  // session [1 s, 13 s) fired
                          .add_elements({{{"u", 5}, 4'000}, {{"u", 6}, 70'000}})
                          .advance_watermark_to_infinity();
  auto [groups, late] = input |
                        WindowInto("Window", WindowingStrategy{.window_fn = Sessions(10'000)}) |
                        GroupByKey("Group").with_late_output();
  auto late_out = late | io::Collect("Late");
  auto sums = groups | Map("Sum", [](const KV<std::string, std::vector<int64_t>>& kv) {
                return Pair{kv.key, sum_of(kv)};
              });
  assert_that(sums, "Groups").contains_in_any_order({{"u", 3}, {"u", 6}});
  auto result = pipe.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  using Row = std::tuple<std::string, int64_t, Timestamp, Window>;
  CHECK(late_of(*late_out) == std::vector<Row>{{"u", 5, 4'000, Window{4'000, 14'000}}});
}
