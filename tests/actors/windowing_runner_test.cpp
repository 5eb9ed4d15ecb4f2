// Event time through the real runner: windows, triggers, lateness, checked with assert_that
// against expectations computed independently of rill.
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "io/assert_that.hpp"
#include "io/test_stream.hpp"
#include "rill.hpp"

using namespace rill;
using io::assert_that;

namespace {

struct Event {
  std::string user;
  int64_t score;
  Timestamp ts;
  template <class A>
  void serialize(A& ar) {
    ar(user, score, ts);
  }
};

std::vector<Event> random_events(int n, int users, Timestamp span, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Event> v;
  for (int i = 0; i < n; ++i)
    v.push_back({"u" + std::to_string(rng() % users), static_cast<int64_t>(rng() % 100),
                 static_cast<Timestamp>(rng() % span) - span / 4});  // some negative times
  return v;
}

PipelineOptions opts(int p) {
  PipelineOptions o;
  o.parallelism = p;
  o.workers = 2;
  o.batch_size = 37;
  return o;
}

PCollection<KV<std::string, int64_t>> keyed_scores(Pipeline& p, const std::vector<Event>& events) {
  return p | Create("Events", events) |
         WithTimestamps("Stamp", [](const Event& e) { return e.ts; }) | Map("Key", [](Event e) {
           return KV<std::string, int64_t>{e.user, e.score};
         });
}

Timestamp floor_div(Timestamp a, Timestamp b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

TEST_CASE("fixed windows: per-key sums per window, at any parallelism") {
  const auto events = random_events(3000, 7, 100'000, 1);
  const Duration size = 10'000;
  std::map<std::pair<std::string, Timestamp>, int64_t> expected;  // (user, start) -> sum
  for (const auto& e : events) expected[{e.user, floor_div(e.ts, size) * size}] += e.score;
  for (int p : {1, 3}) {
    CAPTURE(p);
    Pipeline pipe{opts(p)};
    auto sums = keyed_scores(pipe, events) | WindowInto("Fixed", FixedWindows(size)) |
                CombinePerKey("Sum", combine::Sum<int64_t>{}) |
                Map("WithWindow", [](KV<std::string, int64_t> kv) { return kv; });
    // One check per window, so a pane landing in the wrong window fails.
    std::map<Timestamp, std::vector<KV<std::string, int64_t>>> per_window;
    for (const auto& [k, v] : expected) per_window[k.second].push_back({k.first, v});
    int i = 0;
    for (const auto& [start, kvs] : per_window)
      assert_that(sums, "Check" + std::to_string(i++))
          .in_on_time_pane(Window{start, start + size})
          .contains_in_any_order(kvs);
    auto result = pipe.run();
    CHECK_MESSAGE(result.ok(), result.summary());
    CHECK(result.step("Fixed")->elements_out == 3000);
  }
}

TEST_CASE("sliding windows: every element lands in size/period windows") {
  const auto events = random_events(2000, 3, 50'000, 2);
  const Duration size = 6'000, period = 2'000;
  std::map<std::pair<std::string, Timestamp>, int64_t> expected;
  for (const auto& e : events)
    for (Timestamp start = floor_div(e.ts, period) * period; start > e.ts - size; start -= period)
      expected[{e.user, start}] += e.score;
  Pipeline pipe{opts(2)};
  auto sums = keyed_scores(pipe, events) | WindowInto("Sliding", SlidingWindows(size, period)) |
              CombinePerKey("Sum", combine::Sum<int64_t>{});
  std::vector<KV<std::string, int64_t>> all;
  std::map<Timestamp, std::vector<KV<std::string, int64_t>>> per_window;
  for (const auto& [k, v] : expected) per_window[k.second].push_back({k.first, v});
  int i = 0;
  for (const auto& [start, kvs] : per_window)
    assert_that(sums, "Check" + std::to_string(i++))
        .in_window(Window{start, start + size})
        .contains_in_any_order(kvs);
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("Sliding")->elements_out == 3 * 2000);
}

TEST_CASE("sessions merge events closer than the gap; exactly `gap` apart is a new session") {
  const Duration gap = 1'000;
  std::vector<Event> events = {{"a", 1, 0},      {"a", 1, 999},    {"a", 1, 1998},  // one session
                               {"a", 1, 2998},                                      // gap exactly
                               {"b", 5, 10'000}, {"b", 5, 10'500}, {"b", 5, 20'000}};
  auto more = random_events(500, 4, 60'000, 3);
  events.insert(events.end(), more.begin(), more.end());
  // Independent sessionization: sort each user's times, cut where the gap is >= `gap`.
  std::map<std::string, std::vector<std::pair<Timestamp, int64_t>>> by_user;
  for (const auto& e : events) by_user[e.user].push_back({e.ts, e.score});
  std::vector<std::string> expected;
  for (auto& [u, v] : by_user) {
    std::sort(v.begin(), v.end());
    size_t i = 0;
    while (i < v.size()) {
      size_t j = i;
      int64_t sum = v[i].second;
      while (j + 1 < v.size() && v[j + 1].first - v[j].first < gap) sum += v[++j].second;
      expected.push_back(u + "," + std::to_string(v[i].first) + "," +
                         std::to_string(v[j].first + gap) + "," + std::to_string(j - i + 1) + "," +
                         std::to_string(sum));
      i = j + 1;
    }
  }
  Pipeline pipe{opts(2)};
  auto sessions =
      keyed_scores(pipe, events) | WindowInto("Sessions", Sessions(gap)) | GroupByKey("Group") |
      ParDo("Format", [] {
        struct Fn : DoFn<KV<std::string, std::vector<int64_t>>, std::string> {
          void process(const KV<std::string, std::vector<int64_t>>& kv, Emitter<std::string>& out) {
            int64_t sum = 0;
            for (auto s : kv.value) sum += s;
            out.emit(kv.key + "," + std::to_string(out.window().start) + "," +
                     std::to_string(out.window().end) + "," + std::to_string(kv.value.size()) +
                     "," + std::to_string(sum));
          }
        };
        return Fn{};
      }());
  assert_that(sessions, "CheckSessions").contains_in_any_order(expected);
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("late data beyond the allowed lateness is dropped and counted; within it, a late pane") {
  Pipeline pipe{opts(2)};
  auto input = pipe | io::TestStream<KV<std::string, int64_t>>("Input")
                          .add_elements({{{"k", 1}, 1'000}, {{"k", 2}, 5'000}, {{"j", 7}, 2'000}})
                          .advance_watermark_to(20'000)         // [0, 10s) fired on time
                          .add_elements({{{"k", 4}, 3'000}})    // late, within 15 s lateness
                          .advance_watermark_to(40'000)         // [0, 10s) expires at 25 s
                          .add_elements({{{"k", 100}, 4'000}})  // too late: dropped
                          .advance_watermark_to_infinity();
  WindowingStrategy s{.window_fn = FixedWindows(10'000),
                      .accumulation_mode = AccumulationMode::kAccumulating,
                      .allowed_lateness = 15'000};
  auto sums = input | WindowInto("Window", s) | CombinePerKey("Sum", combine::Sum<int64_t>{});
  const Window w{0, 10'000};
  assert_that(sums, "OnTime").in_on_time_pane(w).contains_in_any_order({{"k", 3}, {"j", 7}});
  assert_that(sums, "Late").in_late_panes(w).contains_in_any_order({{"k", 7}});  // accumulated
  CHECK(pipe.explain().find(" x2") == std::string::npos);  // TestStream: serial execution
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
  REQUIRE(result.step("Sum/Merge") != nullptr);
  CHECK(result.step("Sum/Merge")->dropped_late == 1);
  CHECK(result.summary().find("dropped late: 1") != std::string::npos);
}

TEST_CASE("early firings with AfterCount, then the on-time pane (accumulating)") {
  Pipeline pipe{opts(1)};
  auto input = pipe | io::TestStream<KV<std::string, int64_t>>("Input")
                          .add_elements({{{"k", 1}, 100}, {{"k", 2}, 200}})
                          .advance_watermark_to(500)
                          .add_elements({{{"k", 3}, 300}, {{"k", 4}, 400}})
                          .advance_watermark_to(1'000);
  WindowingStrategy s{.window_fn = FixedWindows(1'000),
                      .trigger = AfterWatermark({.early = AfterCount(2)}),
                      .accumulation_mode = AccumulationMode::kAccumulating};
  auto groups = input | WindowInto("Window", s) | GroupByKey("Group") |
                Map("Sum", [](KV<std::string, std::vector<int64_t>> kv) {
                  int64_t t = 0;
                  for (auto v : kv.value) t += v;
                  return t;
                });
  const Window w{0, 1'000};
  assert_that(groups, "Early").in_early_panes(w).contains_in_any_order({3, 10});
  assert_that(groups, "OnTime").in_on_time_pane(w).contains_in_any_order({10});
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("a processing-time trigger fires before the watermark reaches the window end") {
  Pipeline pipe{opts(1)};
  auto input = pipe | io::TestStream<KV<std::string, int64_t>>("Input")
                          .add_elements({{{"k", 5}, 100}, {{"k", 6}, 200}})
                          .advance_processing_time(400)  // the 50 ms timer fires meanwhile
                          .advance_watermark_to_infinity();
  WindowingStrategy s{.window_fn = FixedWindows(60'000),
                      .trigger = Repeatedly(AfterProcessingTime(50))};
  auto sums = input | WindowInto("Window", s) | CombinePerKey("Sum", combine::Sum<int64_t>{});
  assert_that(sums, "Early").in_early_panes(Window{0, 60'000}).contains_in_any_order({{"k", 11}});
  assert_that(sums, "Nothing else").contains_in_any_order({{"k", 11}});
  auto result = pipe.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("a failing assertion fails the job with what was expected and what came") {
  Pipeline pipe{opts(2)};
  auto nums = pipe | Create("Nums", std::vector<int64_t>{1, 2, 3});
  assert_that(nums, "Wrong").contains_in_any_order({1, 2, 4});
  auto result = pipe.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Wrong");
  CHECK(result.error == "assert_that 'Wrong': expected (any order) [1, 2, 4] but got [1, 2, 3]");
}
