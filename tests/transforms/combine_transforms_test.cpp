// Top, Sample, Latest, combines with a binary function, CombineGlobally's without_defaults()
// and as_singleton_view(), and hot-key fan-out, through the runner at several parallelisms
// and batch sizes, against results computed here.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
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

// 0..n-1 scrambled, with repeats: (i * 7919) % 503.
std::vector<int64_t> numbers(int n) {
  std::vector<int64_t> v;
  for (int i = 0; i < n; ++i) v.push_back((int64_t{i} * 7919) % 503);
  return v;
}

// Element i at event time i (ms); windows of 100 ms.
template <class T>
PCollection<T> windowed(Pipeline& p, const std::string& name, std::vector<T> xs,
                        std::function<Timestamp(const T&)> at) {
  return p | Create(name, std::move(xs)) | WithTimestamps(name + "At", at) |
         WindowInto(name + "Win", FixedWindows(100));
}

const std::vector<std::pair<int, size_t>> kSettings = {{1, 1}, {2, 16}, {4, 1024}, {4, 3}};

}  // namespace

TEST_CASE("Top::Largest, Smallest and Of per window, globally and per key") {
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    // (index, value): the index gives the time, so window w holds indices [100w, 100w + 100).
    std::vector<KV<int64_t, int64_t>> xs;
    const auto vals = numbers(300);
    for (int64_t i = 0; i < 300; ++i) xs.push_back({i, vals[i]});
    auto in = windowed<KV<int64_t, int64_t>>(pipe, "In", xs,
                                             [](const KV<int64_t, int64_t>& kv) { return kv.key; });
    auto values = in | Values("V");
    auto largest = values | Top::Largest("Largest", 4) | io::Collect("LargestOut");
    auto smallest = values | Top::Smallest("Smallest", 3) | io::Collect("SmallestOut");
    // By the last decimal digit, then the value: a total order unlike operator<.
    auto by_digit = values |
                    Top::Of("ByDigit", 5,
                            [](const int64_t& a, const int64_t& b) {
                              return std::pair(a % 10, a) < std::pair(b % 10, b);
                            }) |
                    io::Collect("ByDigitOut");
    auto keyed = in | Map("Parity", [](KV<int64_t, int64_t> kv) {
                   return KV<std::string, int64_t>{kv.value % 2 ? "odd" : "even", kv.value};
                 });
    auto per_large = keyed | Top::LargestPerKey("PerKeyLargest", 2) | io::Collect("PLOut");
    auto per_small = keyed | Top::SmallestPerKey("PerKeySmallest", 2) | io::Collect("PSOut");
    auto per_of = keyed | Top::PerKey("PerKeyOf", 3, std::greater<>{}) | io::Collect("POOut");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());

    std::map<int64_t, std::vector<int64_t>> by_window;  // window start -> values
    for (const auto& kv : xs) by_window[kv.key / 100 * 100].push_back(kv.value);
    auto expect = [&](auto& out, auto cmp, size_t n) {
      std::map<int64_t, std::vector<int64_t>> got;
      for (const auto& e : out->elements()) {
        CHECK(got.count(e.window.start) == 0);  // one output per window
        got[e.window.start] = e.value;
      }
      REQUIRE(got.size() == 3);
      for (auto [start, v] : by_window) {
        std::sort(v.begin(), v.end(), [&](int64_t a, int64_t b) { return cmp(b, a); });
        v.resize(n);
        CHECK(got[start] == v);
      }
    };
    expect(largest, std::less<>{}, 4);
    expect(smallest, std::greater<>{}, 3);
    expect(
        by_digit, [](int64_t a, int64_t b) { return std::pair(a % 10, a) < std::pair(b % 10, b); },
        5);

    auto expect_per_key = [&](auto& out, auto cmp, size_t n) {
      std::map<std::pair<int64_t, std::string>, std::vector<int64_t>> want, got;
      for (const auto& [start, v] : by_window)
        for (int64_t x : v) want[{start, x % 2 ? "odd" : "even"}].push_back(x);
      for (auto& [k, v] : want) {
        std::sort(v.begin(), v.end(), [&](int64_t a, int64_t b) { return cmp(b, a); });
        v.resize(std::min(v.size(), n));
      }
      for (const auto& e : out->elements()) got[{e.window.start, e.value.key}] = e.value.value;
      CHECK(got == want);
    };
    expect_per_key(per_large, std::less<>{}, 2);
    expect_per_key(per_small, std::greater<>{}, 2);
    expect_per_key(per_of, std::greater<>{}, 3);
  }
}

TEST_CASE("Top globally: fewer elements than n, n = 0, and an empty input") {
  Pipeline pipe{opts(2, 4)};
  auto three = pipe | Create("Three", std::vector<std::string>{"b", "c", "a"});
  auto all = three | Top::Largest("All", 10) | io::Collect("AllOut");
  auto none = three | Top::Largest("None", 0) | io::Collect("NoneOut");
  auto empty = pipe | Create("Empty", std::vector<std::string>{}) | Top::Smallest("E", 2) |
               io::Collect("EmptyOut");
  const auto r = pipe.run();
  REQUIRE_MESSAGE(r.ok(), r.summary());
  CHECK(all->values() == std::vector<std::vector<std::string>>{{"c", "b", "a"}});
  CHECK(none->values() == std::vector<std::vector<std::string>>{{}});
  CHECK(empty->values() == std::vector<std::vector<std::string>>{{}});  // Beam's default
}

TEST_CASE("Sample::FixedSizeGlobally and FixedSizePerKey: size and membership") {
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    std::vector<int64_t> xs;
    for (int64_t i = 0; i < 250; ++i) xs.push_back(i);  // windows of 100, 100 and 50
    auto in = windowed<int64_t>(pipe, "In", xs, [](const int64_t& x) { return x; });
    auto sample = in | Sample::FixedSizeGlobally("Sample", 7) | io::Collect("SampleOut");
    auto few = in | Sample::FixedSizeGlobally("Few", 1000) | io::Collect("FewOut");
    auto per_key = in | WithKeys("Mod", [](const int64_t& x) { return x % 3; }) |
                   Sample::FixedSizePerKey("PerKey", 4) | io::Collect("PerKeyOut");
    auto any = in | Sample::Any("Any", 5) | io::Collect("AnyOut");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    auto in_window = [](int64_t x, int64_t start) { return x >= start && x < start + 100; };
    REQUIRE(sample->elements().size() == 3);
    for (const auto& e : sample->elements()) {
      CHECK(e.value.size() == 7);
      CHECK(std::set<int64_t>(e.value.begin(), e.value.end()).size() == 7);  // no repeats
      for (int64_t x : e.value) CHECK(in_window(x, e.window.start));
    }
    REQUIRE(few->elements().size() == 3);
    for (const auto& e : few->elements()) {
      std::vector<int64_t> want;
      for (int64_t x : xs)
        if (in_window(x, e.window.start)) want.push_back(x);
      CHECK(sorted(e.value) == want);  // all of them
    }
    std::set<std::pair<int64_t, int64_t>> seen;  // (window, key)
    for (const auto& e : per_key->elements()) {
      CHECK(seen.insert({e.window.start, e.value.key}).second);
      CHECK(e.value.value.size() == 4);
      CHECK(std::set<int64_t>(e.value.value.begin(), e.value.value.end()).size() == 4);
      for (int64_t x : e.value.value) {
        CHECK(x % 3 == e.value.key);
        CHECK(in_window(x, e.window.start));
      }
    }
    CHECK(seen.size() == 9);
    std::map<int64_t, int> any_per_window;
    for (const auto& e : any->elements()) {
      CHECK(in_window(e.value, e.window.start));
      ++any_per_window[e.window.start];
    }
    CHECK(any_per_window == std::map<int64_t, int>{{0, 5}, {100, 5}, {200, 5}});
  }
}

TEST_CASE("Sample picks each element about equally often") {
  // 400 keys with the values 0..19 each; a sample of 5 per key picks each value about
  // 400 * 5 / 20 = 100 times (standard deviation 8.7). The bounds are 5 deviations wide: a
  // correct sampler fails them about once in a million runs; one that favours the first or
  // last elements of a partition (or of a batch) fails them every time.
  for (auto [p, seed] :
       std::vector<std::pair<int, std::optional<uint64_t>>>{{1, 42}, {4, 7}, {2, std::nullopt}}) {
    CAPTURE(p);
    Pipeline pipe{opts(p, 64)};
    std::vector<KV<int64_t, int64_t>> xs;
    for (int64_t v = 0; v < 20; ++v)
      for (int64_t k = 0; k < 400; ++k) xs.push_back({k, v});
    auto sample = Sample::FixedSizePerKey("Sample", 5);
    if (seed) sample = sample.with_seed(*seed);
    auto out = pipe | Create("In", xs) | sample | io::Collect("Out");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::map<int64_t, int> picked;
    REQUIRE(out->values().size() == 400);
    for (const auto& kv : out->values()) {
      REQUIRE(kv.value.size() == 5);
      for (int64_t v : kv.value) ++picked[v];
    }
    REQUIRE(picked.size() == 20);
    for (auto [v, n] : picked) {
      CAPTURE(v);
      CHECK(n > 100 - 45);
      CHECK(n < 100 + 45);
    }
  }
}

TEST_CASE("Sample with a seed gives the same sample for the same input and parallelism") {
  auto run = [](int p) {
    Pipeline pipe{opts(p, 8)};
    std::vector<int64_t> xs(200);
    for (int64_t i = 0; i < 200; ++i) xs[i] = i;
    auto out = pipe | Create("In", xs) | Sample::FixedSizeGlobally("Sample", 10).with_seed(2024) |
               io::Collect("Out");
    REQUIRE(pipe.run().ok());
    REQUIRE(out->values().size() == 1);
    return sorted(out->values().front());
  };
  CHECK(run(1) == run(1));
  CHECK(run(1) != std::vector<int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
}

TEST_CASE("Latest::Globally and Latest::PerKey keep the element with the greatest timestamp") {
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    // Element i has a distinct timestamp t(i) (a permutation of 0..299) and value 1000 + i.
    std::vector<KV<std::string, int64_t>> xs;
    for (int64_t i = 0; i < 300; ++i) xs.push_back({"k" + std::to_string(i % 4), i});
    auto t = [](const KV<std::string, int64_t>& kv) { return (kv.value * 7919) % 300; };
    auto in = windowed<KV<std::string, int64_t>>(pipe, "In", xs, t);
    auto global = in | Map("Plus", [](KV<std::string, int64_t> kv) { return 1000 + kv.value; }) |
                  Latest::Globally("Latest") | io::Collect("GlobalOut");
    auto per_key = in | Latest::PerKey("LatestPerKey") | io::Collect("PerKeyOut");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::map<int64_t, std::pair<Timestamp, int64_t>> want;  // window -> (t, value)
    std::map<std::pair<int64_t, std::string>, std::pair<Timestamp, int64_t>> want_kv;
    for (const auto& kv : xs) {
      const Timestamp ts = t(kv);
      auto& w = want[ts / 100 * 100];
      if (ts >= w.first) w = {ts, 1000 + kv.value};
      auto& wk = want_kv[{ts / 100 * 100, kv.key}];
      if (ts >= wk.first) wk = {ts, kv.value};
    }
    std::map<int64_t, int64_t> got;
    for (const auto& e : global->elements()) CHECK(got.emplace(e.window.start, e.value).second);
    REQUIRE(got.size() == want.size());
    for (auto [start, tv] : want) CHECK(got[start] == tv.second);
    std::map<std::pair<int64_t, std::string>, int64_t> got_kv;
    for (const auto& e : per_key->elements())
      CHECK(got_kv.emplace(std::pair(e.window.start, e.value.key), e.value.value).second);
    REQUIRE(got_kv.size() == want_kv.size());
    for (auto [k, tv] : want_kv) CHECK(got_kv[k] == tv.second);
  }
}

TEST_CASE("Latest of an empty input gives nothing") {
  Pipeline pipe{opts(2, 16)};
  auto out =
      pipe | Create("In", std::vector<int64_t>{}) | Latest::Globally("Latest") | io::Collect("Out");
  REQUIRE(pipe.run().ok());
  CHECK(out->values().empty());
}

TEST_CASE("CombinePerKey and CombineGlobally with a plain binary function") {
  for (auto [p, batch] : kSettings) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    const auto vals = numbers(300);
    std::vector<KV<std::string, int64_t>> xs;
    for (size_t i = 0; i < vals.size(); ++i)
      xs.push_back({"k" + std::to_string(vals[i] % 5), vals[i] - 250});  // negatives too
    auto in = pipe | Create("In", xs);
    auto sums = in | CombinePerKey("Sum", std::plus<>{}) | io::Collect("SumOut");
    auto maxes = in | CombinePerKey("Max", [](int64_t a, int64_t b) { return std::max(a, b); }) |
                 io::Collect("MaxOut");
    auto total =
        in | Values("V") | CombineGlobally("Total", std::plus<int64_t>{}) | io::Collect("TotalOut");
    auto longest =
        in | Keys("K") |
        CombineGlobally("Longest",
                        [](const std::string& a, const std::string& b) {
                          return a.size() > b.size() || (a.size() == b.size() && a > b) ? a : b;
                        }) |
        io::Collect("LongestOut");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::map<std::string, int64_t> want_sum, want_max;
    int64_t want_total = 0;
    for (const auto& kv : xs) {
      want_sum[kv.key] += kv.value;
      auto [it, fresh] = want_max.emplace(kv.key, kv.value);
      if (!fresh) it->second = std::max(it->second, kv.value);
      want_total += kv.value;
    }
    std::map<std::string, int64_t> got_sum, got_max;
    for (const auto& kv : sums->values()) got_sum[kv.key] = kv.value;
    for (const auto& kv : maxes->values()) got_max[kv.key] = kv.value;
    CHECK(got_sum == want_sum);
    CHECK(got_max == want_max);
    CHECK(total->values() == std::vector<int64_t>{want_total});
    CHECK(longest->values() == std::vector<std::string>{"k4"});
  }
}

TEST_CASE("CombineGlobally: the default for an empty input, without_defaults(), windows") {
  Pipeline pipe{opts(2, 8)};
  auto empty = pipe | Create("Empty", std::vector<int64_t>{});
  auto with_default = empty | CombineGlobally("Sum", std::plus<>{}) | io::Collect("DefaultOut");
  auto with_fn =
      empty | CombineGlobally("Count", combine::Count<int64_t>{}) | io::Collect("CountOut");
  auto without = empty | CombineGlobally("NoDefault", std::plus<>{}).without_defaults() |
                 io::Collect("WithoutOut");
  auto fn_without = empty |
                    CombineGlobally("NoCount", combine::Count<int64_t>{}).without_defaults() |
                    io::Collect("FnWithoutOut");
  // Windows 0 and 200 have input, window 100 none: no output for it in either form.
  auto in = windowed<int64_t>(pipe, "In", {1, 2, 250, 260}, [](const int64_t& x) { return x; });
  auto per_window = in | CombineGlobally("PerWindow", std::plus<>{}).without_defaults() |
                    io::Collect("PerWindowOut");
  const auto r = pipe.run();
  REQUIRE_MESSAGE(r.ok(), r.summary());
  CHECK(with_default->values() == std::vector<int64_t>{0});
  CHECK(with_fn->values() == std::vector<int64_t>{0});
  CHECK(without->values().empty());
  CHECK(fn_without->values().empty());
  std::map<int64_t, int64_t> got;
  for (const auto& e : per_window->elements()) got[e.window.start] = e.value;
  CHECK(got == std::map<int64_t, int64_t>{{0, 3}, {200, 510}});
}

TEST_CASE("CombineGlobally(...).as_singleton_view() is a side input of the combined value") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Pipeline pipe{opts(p, 16)};
    std::vector<int64_t> xs;
    for (int64_t i = 1; i <= 100; ++i) xs.push_back(i);
    auto in = pipe | Create("In", xs);
    auto total = in | CombineGlobally("Total", std::plus<>{}).as_singleton_view();
    auto mean = in | CombineGlobally("Mean", combine::Mean<int64_t>{}).as_singleton_view();
    auto none = pipe | Create("None", std::vector<int64_t>{}) |
                CombineGlobally("NoneSum", std::plus<>{}).as_singleton_view();
    auto out = in |
               Map(
                   "Share",
                   [total, mean, none](int64_t x, const SideInputs& side) {
                     return KV<int64_t, std::string>{x, std::to_string(x * 10'000 / side[total]) +
                                                            "/" + std::to_string(side[mean]) + "/" +
                                                            std::to_string(side[none])};
                   },
                   total, mean, none) |
               io::Collect("Out");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    const auto got = out->values();
    REQUIRE(got.size() == 100);
    for (const auto& kv : got)
      CHECK(kv.value == std::to_string(kv.key * 10'000 / 5050) + "/" + std::to_string(50.5) + "/0");
  }
}

TEST_CASE("without_defaults().as_singleton_view() of an empty input has no value") {
  Pipeline pipe{opts(1, 16)};
  auto none = pipe | Create("None", std::vector<int64_t>{}) |
              CombineGlobally("NoneSum", std::plus<>{}).without_defaults().as_singleton_view();
  pipe | Create("In", std::vector<int64_t>{1}) |
      Map(
          "Read", [none](int64_t x, const SideInputs& side) { return x + side[none]; }, none) |
      io::Collect("Out");
  const auto r = pipe.run();
  CHECK(r.state == JobState::kFailed);
  CHECK(r.error.find("AsSingleton") != std::string::npos);
}

namespace {

// 2,000 inputs: 80% on the key "hot", the rest on 20 cold keys; timestamps over 3 windows.
std::vector<KV<std::string, int64_t>> skewed() {
  std::vector<KV<std::string, int64_t>> xs;
  const auto vals = numbers(2000);
  for (size_t i = 0; i < vals.size(); ++i)
    xs.push_back({i % 5 == 0 ? "cold" + std::to_string(vals[i] % 20) : "hot", vals[i]});
  return xs;
}

template <class Fn>
std::map<std::pair<int64_t, std::string>, typename Fn::OutputT> per_key_window(
    const std::vector<KV<std::string, int64_t>>& xs, Fn fn) {
  std::map<std::pair<int64_t, std::string>, typename Fn::AccumT> acc;
  for (size_t i = 0; i < xs.size(); ++i) {
    auto [it, fresh] = acc.try_emplace({static_cast<int64_t>(i % 300) / 100 * 100, xs[i].key},
                                       fn.create_accumulator());
    fn.add_input(it->second, xs[i].value);
  }
  std::map<std::pair<int64_t, std::string>, typename Fn::OutputT> out;
  for (auto& [k, a] : acc) out[k] = fn.extract_output(a);
  return out;
}

}  // namespace

TEST_CASE("with_hot_key_fanout gives the same output as without, on a skewed key") {
  const auto xs = skewed();
  const auto want_sum = per_key_window(xs, combine::Sum<int64_t>{});
  const auto want_mean = per_key_window(xs, combine::Mean<int64_t>{});
  const auto want_top = per_key_window(xs, combine::TopN<int64_t, std::less<>>{3, {}});
  for (auto [p, batch] : kSettings) {
    for (int fanout : {2, 7}) {
      CAPTURE(p);
      CAPTURE(batch);
      CAPTURE(fanout);
      Pipeline pipe{opts(p, batch)};
      std::vector<KV<int64_t, KV<std::string, int64_t>>> indexed;
      for (size_t i = 0; i < xs.size(); ++i) indexed.push_back({static_cast<int64_t>(i), xs[i]});
      auto in = windowed<KV<int64_t, KV<std::string, int64_t>>>(
                    pipe, "In", indexed,
                    [](const KV<int64_t, KV<std::string, int64_t>>& kv) { return kv.key % 300; }) |
                Values("KVs");
      auto sum = in | CombinePerKey("Sum", std::plus<>{}).with_hot_key_fanout(fanout) |
                 io::Collect("SumOut");
      auto mean = in | CombinePerKey("Mean", combine::Mean<int64_t>{}).with_hot_key_fanout(fanout) |
                  io::Collect("MeanOut");
      auto top = in |
                 CombinePerKey("Top", combine::TopN<int64_t, std::less<>>{3, {}})
                     .with_hot_key_fanout(fanout) |
                 io::Collect("TopOut");
      auto plain = in | CombinePerKey("Plain", std::plus<>{}) | io::Collect("PlainOut");
      auto global = in | Values("V") |
                    CombineGlobally("Global", std::plus<>{}).with_fanout(fanout) |
                    io::Collect("GlobalOut");
      const auto r = pipe.run();
      REQUIRE_MESSAGE(r.ok(), r.summary());
      auto got = [](auto& out) {
        std::map<std::pair<int64_t, std::string>, std::decay_t<decltype(out->values()[0].value)>> m;
        for (const auto& e : out->elements())
          CHECK(m.emplace(std::pair(e.window.start, e.value.key), e.value.value).second);
        return m;
      };
      CHECK(got(sum) == want_sum);
      CHECK(got(plain) == want_sum);
      CHECK(got(mean) == want_mean);
      CHECK(got(top) == want_top);
      std::map<int64_t, int64_t> want_global, got_global;
      for (const auto& [k, v] : want_sum) want_global[k.first] += v;
      for (const auto& e : global->elements()) got_global[e.window.start] = e.value;
      CHECK(got_global == want_global);
      // The hot key's values went through `fanout` sub-keys before their key's combine.
      const auto* pre = r.step("Sum/PreCombine/Merge");
      REQUIRE(pre != nullptr);
      const auto* post = r.step("Sum/PostCombine/Merge");
      REQUIRE(post != nullptr);
      CHECK(post->elements_out == static_cast<int64_t>(want_sum.size()));
    }
  }
}

TEST_CASE("hot-key fan-out under an accumulating trigger with early firings") {
  // Each window fires early every 50 elements of a key and on time; accumulating panes. The
  // last (on-time) pane of each key and window is the full sum, with or without fan-out.
  const auto xs = skewed();
  const auto want = per_key_window(xs, combine::Sum<int64_t>{});
  for (int p : {1, 3}) {
    CAPTURE(p);
    Pipeline pipe{opts(p, 32)};
    WindowingStrategy s{.window_fn = FixedWindows(100),
                        .trigger = AfterWatermark({.early = AfterCount(50)}),
                        .accumulation_mode = AccumulationMode::kAccumulating};
    std::vector<KV<int64_t, KV<std::string, int64_t>>> indexed;
    for (size_t i = 0; i < xs.size(); ++i) indexed.push_back({static_cast<int64_t>(i), xs[i]});
    auto in =
        pipe | Create("In", indexed) |
        WithTimestamps(
            "At", [](const KV<int64_t, KV<std::string, int64_t>>& kv) { return kv.key % 300; }) |
        WindowInto("Win", s) | Values("KVs");
    auto sum =
        in | CombinePerKey("Sum", std::plus<>{}).with_hot_key_fanout(4) | io::Collect("SumOut");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::map<std::pair<int64_t, std::string>, int64_t> last;
    for (const auto& e : sum->elements())
      if (e.pane.is_last) last[{e.window.start, e.value.key}] = e.value.value;
    CHECK(last == want);
  }
}
