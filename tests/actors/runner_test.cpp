#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <map>

#include "io/assert_that.hpp"
#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {
PipelineOptions with_parallelism(int p) {
  PipelineOptions o;
  o.parallelism = p;
  o.workers = 2;
  o.batch_size = 64;
  return o;
}
std::vector<int64_t> iota(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
  return v;
}
}  // namespace

TEST_CASE("a map-filter-map chain gives the same elements as a plain loop") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Pipeline pipe{with_parallelism(p)};
    auto out = pipe | Create("Nums", iota(10000)) | Map("Square", [](int64_t x) { return x * x; }) |
               Filter("Even", [](const int64_t& x) { return x % 2 == 0; }) |
               Map("Half", [](int64_t x) { return x / 2; }) | io::Collect("Out");
    auto result = pipe.run();
    REQUIRE(result.ok());
    std::vector<int64_t> expected;
    for (int64_t i = 0; i < 10000; ++i)
      if ((i * i) % 2 == 0) expected.push_back(i * i / 2);
    auto got = out->values();
    std::sort(got.begin(), got.end());
    CHECK(got == expected);
    REQUIRE(result.step("Even") != nullptr);
    CHECK(result.step("Even")->elements_in == 10000);
    CHECK(result.step("Even")->elements_out == 5000);
    CHECK(result.step("Nums")->elements_out == 10000);
  }
}

TEST_CASE("GroupByKey and CombinePerKey agree with a std::map") {
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) words.push_back("w" + std::to_string((i * 7919) % 97));
  std::map<std::string, int64_t> expected;
  for (auto& w : words) expected[w]++;

  Pipeline p{with_parallelism(3)};
  auto pairs = p | Create("Words", words) | Map("Pair", [](std::string w) {
                 return KV<std::string, int64_t>{std::move(w), 1};
               });
  auto grouped = pairs | GroupByKey("Group") | io::Collect("Grouped");
  auto summed = pairs | CombinePerKey("Sum", combine::Sum<int64_t>{}) | io::Collect("Summed");
  auto counted = p | Create("Words2", words) | Count::PerElement("Count") | io::Collect("Counted");
  auto result = p.run();
  REQUIRE(result.ok());

  std::map<std::string, int64_t> from_gbk, from_combine, from_count;
  for (auto& kv : grouped->values()) {
    CHECK(from_gbk.count(kv.key) == 0);  // one group per key
    from_gbk[kv.key] = static_cast<int64_t>(kv.value.size());
  }
  for (auto& kv : summed->values()) from_combine[kv.key] += kv.value;
  for (auto& kv : counted->values()) from_count[kv.key] += kv.value;
  CHECK(from_gbk == expected);
  CHECK(from_combine == expected);
  CHECK(from_count == expected);
  CHECK(summed->values().size() == expected.size());
  // Grouped output is on time, in the global window, stamped at its end.
  auto el = grouped->elements().front();
  CHECK(el.window.is_global());
  CHECK(el.pane.timing == PaneTiming::kOnTime);
  CHECK(el.timestamp == Window::global().max_timestamp());
}

TEST_CASE("CombineGlobally and Count::Globally, including the empty input default") {
  Pipeline p{with_parallelism(2)};
  auto sum = p | Create("Nums", iota(1001)) | CombineGlobally("Sum", combine::Sum<int64_t>{}) |
             io::Collect("SumOut");
  auto mean = p | Create("Nums2", iota(11)) | CombineGlobally("Mean", combine::Mean<int64_t>{}) |
              io::Collect("MeanOut");
  auto empty = p | Create("None", std::vector<int64_t>{}) | Count::Globally("CountNone") |
               io::Collect("EmptyOut");
  auto result = p.run();
  REQUIRE(result.ok());
  CHECK(sum->values() == std::vector<int64_t>{500500});
  CHECK(mean->values() == std::vector<double>{5.0});
  CHECK(empty->values() == std::vector<int64_t>{0});
}

TEST_CASE("Partition and Flatten route every element exactly once") {
  Pipeline p{with_parallelism(2)};
  auto parts = p | Create("Nums", iota(300)) | Partition("Mod3", 3, [](const int64_t& x, int n) {
                 return static_cast<int>(x % n);
               });
  REQUIRE(parts.size() == 3);
  auto tagged0 = parts[0] | Map("Tag0", [](int64_t x) { return x * 10; });
  auto tagged2 = parts[2] | Map("Tag2", [](int64_t x) { return x * 10 + 2; });
  auto all = std::vector{tagged0, tagged2} | Flatten("Both") | io::Collect("All");
  auto ones = parts[1] | io::Collect("Ones");
  auto result = p.run();
  REQUIRE(result.ok());
  auto got = all->values();
  std::sort(got.begin(), got.end());
  std::vector<int64_t> expected;
  for (int64_t i = 0; i < 300; ++i)
    if (i % 3 == 0)
      expected.push_back(i * 10);
    else if (i % 3 == 2)
      expected.push_back(i * 10 + 2);
  std::sort(expected.begin(), expected.end());
  CHECK(got == expected);
  CHECK(ones->values().size() == 100);
}

namespace {
std::atomic<int> g_setups{0}, g_teardowns{0}, g_bundles{0};
struct CountingFn : DoFn<int64_t, int64_t> {
  void setup() { ++g_setups; }
  void start_bundle() { ++g_bundles; }
  void process(int64_t x, Emitter<int64_t>& out) {
    if (x % 2 == 0) out.emit(x);
    out.emit_at(x + 1, 42);
  }
  void teardown() { ++g_teardowns; }
};
}  // namespace

TEST_CASE("DoFn lifecycle: setup and teardown once per instance, bundles per batch") {
  g_setups = g_teardowns = g_bundles = 0;
  Pipeline p{with_parallelism(3)};
  auto out = p | Create("Nums", iota(1000)) | ParDo("Fn", CountingFn{}) | io::Collect("Out");
  auto result = p.run();
  REQUIRE(result.ok());
  CHECK(g_setups == 3);
  CHECK(g_teardowns == 3);
  CHECK(g_bundles >= 1000 / 64);
  CHECK(out->values().size() == 1500);
  int at42 = 0;
  for (auto& e : out->elements()) at42 += e.timestamp == 42;
  CHECK(at42 == 1000);
}

namespace {
struct SplitByParity : DoFn<int64_t, int64_t, std::string> {
  void process(int64_t x, Emitter<int64_t>& evens, Emitter<std::string>& odds) {
    if (x % 2 == 0)
      evens.emit(x);
    else
      odds.emit("odd " + std::to_string(x));
  }
};
}  // namespace

TEST_CASE("a DoFn with tagged outputs returns one typed PCollection per output") {
  Pipeline p{with_parallelism(2)};
  auto [evens, odds] = p | Create("Nums", iota(10)) | ParDo("Split", SplitByParity{});
  io::assert_that(evens, "Evens").contains_in_any_order({0, 2, 4, 6, 8});
  io::assert_that(odds, "Odds")
      .contains_in_any_order({"odd 1", "odd 3", "odd 5", "odd 7", "odd 9"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("Split")->elements_out == 5);
}

TEST_CASE("TryMap sends failing records with step and error to the dead-letter output") {
  Pipeline p{with_parallelism(3)};
  auto lines = p | Create("Lines", std::vector<std::string>{"1", "x", "30", "", "7"});
  auto [nums, dead] = lines | Composite("Parse", [](const PCollection<std::string>& in) {
                        return in | TryMap("ToInt", [](const std::string& s) -> int64_t {
                                 size_t used = 0;
                                 const int64_t v = std::stoll(s, &used);
                                 if (used != s.size()) throw std::invalid_argument("trailing junk");
                                 return v;
                               });
                      });
  io::assert_that(nums, "Nums").contains_in_any_order({1, 30, 7});
  io::assert_that(dead, "Dead")
      .contains_in_any_order(
          {DeadLetter{"Parse/ToInt", "stoll", "x"}, DeadLetter{"Parse/ToInt", "stoll", ""}});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
  CHECK(result.step("Parse/ToInt")->malformed == 2);
  CHECK(result.summary().find("malformed: 2") != std::string::npos);
}

TEST_CASE("CoGroupByKey gives, per key, one list per input (keys from either side)") {
  Pipeline p{with_parallelism(2)};
  auto left =
      p | Create("Left", std::vector<KV<std::string, int64_t>>{{"a", 1}, {"b", 2}, {"a", 3}});
  auto right =
      p | Create("Right", std::vector<KV<std::string, std::string>>{{"a", "x"}, {"c", "y"}});
  auto joined =
      std::tuple{left, right} | CoGroupByKey("Join") |
      Map("Format",
          [](KV<std::string, std::tuple<std::vector<int64_t>, std::vector<std::string>>> kv) {
            auto [ls, rs] = kv.value;
            std::sort(ls.begin(), ls.end());
            std::string s = kv.key + "|";
            for (auto l : ls) s += std::to_string(l) + ";";
            s += "|";
            for (auto& r : rs) s += r + ";";
            return s;
          });
  io::assert_that(joined, "Check").contains_in_any_order({"a|1;3;|x;", "b|2;|", "c||y;"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("Reshuffle breaks fusion, deals batches across partitions and keeps every element") {
  Pipeline p{with_parallelism(3)};
  auto out = p | Create("Nums", iota(5000)) | Map("A", [](int64_t x) { return x; }) |
             Reshuffle("Spread") | Map("B", [](int64_t x) { return x * 2; });
  std::vector<int64_t> expected;
  for (int64_t i = 0; i < 5000; ++i) expected.push_back(2 * i);
  io::assert_that(out, "Check").contains_in_any_order(expected);
  const std::string plan = p.explain();
  CHECK(plan.find("[round-robin]") != std::string::npos);
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}
