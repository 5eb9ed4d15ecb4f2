// Side inputs through the real runner.
#include <doctest/doctest.h>

#include <map>

#include "io/assert_that.hpp"
#include "io/test_stream.hpp"
#include "rill.hpp"

using namespace rill;
using io::assert_that;

namespace {
PipelineOptions opts(int p) {
  PipelineOptions o;
  o.parallelism = p;
  o.workers = 2;
  o.batch_size = 256;
  return o;
}
struct Order {
  std::string sku;
  int64_t qty;
  template <class A>
  void serialize(A& ar) {
    ar(sku, qty);
  }
};
}  // namespace

TEST_CASE("AsSingleton of a total computed from the same input (a diamond), spilling main input") {
  // 200k main elements wait for the total, more than the in-memory budget: they spill.
  const int64_t n = 200'000;
  std::vector<int64_t> nums(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) nums[static_cast<size_t>(i)] = i % 1000;
  int64_t total = 0;
  for (auto x : nums) total += x;
  Pipeline p{opts(2)};
  auto values = p | Create("Nums", nums) | Map("Id", [](int64_t x) { return x; });
  auto sum = AsSingleton(values | CombineGlobally("Total", combine::Sum<int64_t>{}));
  auto above =
      values |
      Filter(
          "AboveMean",
          [sum, n](const int64_t& x, const SideInputs& side) { return x * n > side[sum]; }, sum) |
      Count::Globally("CountAbove");
  int64_t expected = 0;
  for (auto x : nums) expected += x * n > total;
  assert_that(above, "Check").contains_in_any_order({expected});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("AsSingleton: a default for an empty input, clear errors for none or several") {
  {
    Pipeline p{opts(2)};
    auto none = p | Create("None", std::vector<int64_t>{});
    auto dflt = AsSingleton(none, int64_t{42});
    auto out = p | Create("Main", std::vector<int64_t>{1, 2}) |
               Map(
                   "Add", [dflt](int64_t x, const SideInputs& s) { return x + s[dflt]; }, dflt);
    assert_that(out, "Check").contains_in_any_order({43, 44});
    auto result = p.run();
    CHECK_MESSAGE(result.ok(), result.summary());
  }
  {
    Pipeline p{opts(2)};
    auto none = AsSingleton(p | Create("None", std::vector<int64_t>{}));
    p | Create("Main", std::vector<int64_t>{1}) |
        Map(
            "Use", [none](int64_t x, const SideInputs& s) { return x + s[none]; }, none);
    auto result = p.run();
    CHECK(result.state == JobState::kFailed);
    CHECK(result.failed_step == "Use");
    CHECK(result.error.find("side input 'None.out' (AsSingleton) has 0 elements") !=
          std::string::npos);
  }
  {
    Pipeline p{opts(2)};
    auto three = AsSingleton(p | Create("Three", std::vector<int64_t>{1, 2, 3}));
    p | Create("Main", std::vector<int64_t>{1}) |
        Map(
            "Use", [three](int64_t x, const SideInputs& s) { return x + s[three]; }, three);
    auto result = p.run();
    CHECK(result.state == JobState::kFailed);
    CHECK(result.error.find("(AsSingleton) has 3 elements") != std::string::npos);
  }
}

TEST_CASE("AsList / AsIter reference set and AsDict enrichment, AsMultimap grouping") {
  Pipeline p{opts(3)};
  auto allowed = AsList(p | Create("Allowed", std::vector<std::string>{"a", "c"}));
  auto stock = AsDict(
      p | Create("Stock", std::vector<KV<std::string, int64_t>>{{"a", 5}, {"b", 0}, {"c", 9}}));
  auto tags = AsMultimap(p | Create("Tags", std::vector<KV<std::string, std::string>>{
                                                {"a", "red"}, {"a", "big"}, {"c", "blue"}}));
  auto orders = p | Create("Orders", std::vector<Order>{{"a", 1}, {"b", 2}, {"c", 3}, {"a", 7}});
  auto out = orders |
             Filter(
                 "KeepAllowed",
                 [allowed](const Order& o, const SideInputs& s) {
                   const auto& list = s[allowed];
                   return std::find(list.begin(), list.end(), o.sku) != list.end();
                 },
                 allowed) |
             Map(
                 "Enrich",
                 [stock, tags](Order o, const SideInputs& s) {
                   auto ts = s[tags].at(o.sku);
                   std::sort(ts.begin(), ts.end());
                   std::string line = o.sku + " x" + std::to_string(o.qty) +
                                      " stock=" + std::to_string(s[stock].at(o.sku));
                   for (auto& t : ts) line += " " + t;
                   return line;
                 },
                 stock, tags);
  assert_that(out, "Check")
      .contains_in_any_order({"a x1 stock=5 big red", "a x7 stock=5 big red", "c x3 stock=9 blue"});
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("AsDict with a duplicate key fails the job naming the key") {
  Pipeline p{opts(2)};
  auto dict = AsDict(
      p | Create("Dict", std::vector<KV<std::string, int64_t>>{{"k1", 1}, {"dup", 2}, {"dup", 3}}));
  p | Create("Main", std::vector<std::string>{"k1"}) |
      Map(
          "Lookup", [dict](std::string k, const SideInputs& s) { return s[dict].at(k); }, dict);
  auto result = p.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Lookup");
  CHECK(result.error.find("(AsDict) has the key 'dup' more than once") != std::string::npos);
}

TEST_CASE("windowed side input: each main element sees the side window of its own window") {
  Pipeline p{opts(2)};
  // Side: per 10 s window, the maximum reading. Main: readings, compared to their window's max.
  std::vector<KV<std::string, int64_t>> readings;
  std::map<Timestamp, int64_t> max_per_window;
  for (int64_t i = 0; i < 300; ++i) {
    const Timestamp ts = i * 137;
    const int64_t v = (i * 7919) % 101;
    readings.push_back({"r" + std::to_string(i), v});
    auto& m = max_per_window[ts / 10'000 * 10'000];
    m = std::max(m, v);
  }
  auto stamped = p | Create("Readings", readings) |
                 WithTimestamps("Stamp",
                                [](const KV<std::string, int64_t>& kv) {
                                  return std::stoll(kv.key.substr(1)) * 137;
                                }) |
                 WindowInto("Windows", FixedWindows(10'000));
  auto maxima =
      AsSingleton(stamped | Map("Value", [](KV<std::string, int64_t> kv) { return kv.value; }) |
                  CombineGlobally("Max", combine::Max<int64_t>{}));
  auto flagged = stamped |
                 Filter(
                     "IsMax",
                     [maxima](const KV<std::string, int64_t>& kv, const SideInputs& s) {
                       return kv.value == s[maxima];
                     },
                     maxima) |
                 Map("Key", [](KV<std::string, int64_t> kv) { return kv.key; });
  std::vector<std::string> expected;
  for (int64_t i = 0; i < 300; ++i)
    if ((i * 7919) % 101 == max_per_window[i * 137 / 10'000 * 10'000])
      expected.push_back("r" + std::to_string(i));
  assert_that(flagged, "Check").contains_in_any_order(expected);
  auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}
