// Keys, Values, KvSwap, WithKeys, Distinct and DistinctBy through the runner, at several
// parallelisms and batch sizes.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

PipelineOptions opts(int parallelism, size_t batch) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = batch;
  return o;
}

template <class T>
std::vector<T> sorted(std::vector<T> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("Keys, Values, KvSwap and WithKeys") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Pipeline pipe{opts(p, 3)};
    std::vector<KV<std::string, int64_t>> kvs;
    for (int64_t i = 0; i < 50; ++i) kvs.push_back({"k" + std::to_string(i % 7), i});
    auto in = pipe | Create("In", kvs);
    auto keys = in | Keys("Keys") | io::Collect("KeysOut");
    auto values = in | Values("Values") | io::Collect("ValuesOut");
    auto swapped = in | KvSwap("Swap") | io::Collect("SwapOut");
    auto keyed = in | Values("V2") |
                 WithKeys("Parity", [](const int64_t& v) { return v % 2 == 0; }) |
                 io::Collect("KeyedOut");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::vector<std::string> want_keys;
    std::vector<int64_t> want_values;
    for (const auto& kv : kvs) {
      want_keys.push_back(kv.key);
      want_values.push_back(kv.value);
    }
    CHECK(sorted(keys->values()) == sorted(want_keys));
    CHECK(sorted(values->values()) == sorted(want_values));
    const auto sw = swapped->values();
    REQUIRE(sw.size() == kvs.size());
    for (const auto& kv : sw) CHECK(kv.value == "k" + std::to_string(kv.key % 7));
    const auto k = keyed->values();
    REQUIRE(k.size() == kvs.size());
    for (const auto& kv : k) CHECK(kv.key == (kv.value % 2 == 0));
  }
}

TEST_CASE("Distinct keeps one of each value per window; DistinctBy one per key") {
  for (int p : {1, 2, 4}) {
    for (size_t batch : {size_t{1}, size_t{16}, size_t{1024}}) {
      CAPTURE(p);
      CAPTURE(batch);
      Pipeline pipe{opts(p, batch)};
      // Values 0..19, each 5 times in window [0, 1000) and twice in [1000, 2000).
      std::vector<int64_t> numbers;
      for (int rep = 0; rep < 7; ++rep)
        for (int64_t v = 0; v < 20; ++v) numbers.push_back(rep * 100 + v);
      auto windowed =
          pipe | Create("Numbers", numbers) |
          WithTimestamps("At",
                         [](const int64_t& x) { return x / 100 < 5 ? x % 100 : 1000 + x % 100; }) |
          Map("Value", [](int64_t x) { return x % 100; }) |
          WindowInto("Second", FixedWindows(1000));
      auto distinct = windowed | Distinct("Unique") | io::Collect("UniqueOut");
      auto by = windowed | DistinctBy("ByTens", [](const int64_t& v) { return v / 10; }) |
                io::Collect("ByOut");
      const auto r = pipe.run();
      REQUIRE_MESSAGE(r.ok(), r.summary());
      std::map<int64_t, std::multiset<int64_t>> per_window;  // window start -> values
      for (const auto& e : distinct->elements()) per_window[e.window.start].insert(e.value);
      REQUIRE(per_window.size() == 2);
      for (const auto& [start, values] : per_window) {
        CAPTURE(start);
        CHECK(values.size() == 20);
        CHECK(std::set<int64_t>(values.begin(), values.end()).size() == 20);
      }
      // DistinctBy: one element per key (v / 10: 0 or 1) and window, of that key.
      std::map<std::pair<int64_t, int64_t>, int> by_key;
      for (const auto& e : by->elements()) ++by_key[{e.window.start, e.value / 10}];
      CHECK(by_key.size() == 4);
      for (const auto& [k, n] : by_key) CHECK(n == 1);
    }
  }
}
