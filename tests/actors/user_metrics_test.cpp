// User metrics (graph/metrics.hpp) through the runner: Counters, Distributions and Gauges
// declared in DoFns, stateful DoFns and Map/Filter/FlatMap functions, summed over partitions
// into PipelineResult::metrics(), at parallelism 1, 2 and 4.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "io/collect.hpp"
#include "rill.hpp"
#include "tests/io/test_files.hpp"

using namespace rill;

namespace {

PipelineOptions opts(int parallelism, size_t batch = 7) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = batch;
  return o;
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream is(line);
  for (std::string w; is >> w;) out.push_back(w);
  return out;
}

// Declares its metrics in setup() and keeps the handles; one more through the emitter.
struct SplitFn : DoFn<std::string, std::string> {
  Counter lines, words;
  Distribution length;
  Counter never;
  Distribution never_updated;
  Gauge never_set;
  void setup(Metrics& m) {
    lines = m.counter("lines");
    words = m.counter("words");
    length = m.distribution("line_length");
    never = m.counter("never");
    never_updated = m.distribution("never");
    never_set = m.gauge("never");
  }
  void process(const std::string& line, Emitter<std::string>& out) {
    lines.inc();
    length.update(static_cast<int64_t>(line.size()));
    for (auto& w : words_of(line)) {
      out.emit(w);
      words.inc();
    }
    if (line.empty()) out.metrics().counter("empty_lines").inc();
  }
};

// Counts the keys it sees for the first time (exact whatever the partitioning: a key lives
// in one partition).
struct FirstSeenFn : StatefulDoFn<std::string, int64_t, std::string> {
  struct State {
    ValueState<int64_t> seen;
    template <class A>
    void serialize(A& ar) {
      ar(seen);
    }
  };
  Counter fresh;
  void setup(Metrics& m) { fresh = m.counter("fresh_keys"); }
  void process(const KV<std::string, int64_t>& e, Emitter<std::string>& out, State& st, Timers&) {
    if (!st.seen.read()) {
      fresh.inc();
      out.emit(e.key);
    }
    st.seen.write(1);
    out.metrics().counter("elements").inc();
  }
};

// Declares a metric in setup() and never processes anything.
struct IdleFn : DoFn<int64_t, int64_t> {
  Counter c;
  void setup(Metrics& m) { c = m.counter("idle"); }
  void process(const int64_t& x, Emitter<int64_t>& out) {
    c.inc();
    out.emit(x);
  }
};

// Counts its partitions: each one adds 1 when it is set up.
struct PartitionsFn : DoFn<int64_t, int64_t> {
  Distribution values;
  void setup(Metrics& m) {
    m.counter("partitions").inc();
    values = m.distribution("values");
  }
  void process(const int64_t& x, Emitter<int64_t>& out) {
    values.update(x);
    out.emit(x);
  }
};

std::vector<std::string> some_lines() {
  std::vector<std::string> lines;
  for (int i = 0; i < 60; ++i) {
    std::string l;
    for (int w = 0; w < i % 5; ++w) l += (w ? " " : "") + std::string(1 + (i + w) % 7, 'a' + w);
    lines.push_back(l);
  }
  return lines;
}

}  // namespace

TEST_CASE("a DoFn, a stateful DoFn and Map, Filter and FlatMap functions count exactly") {
  const auto lines = some_lines();
  // What the metrics must come to.
  int64_t n_words = 0, empty = 0, len_sum = 0, len_min = INT64_MAX, len_max = 0;
  int64_t chars = 0, short_words = 0, long_words = 0, digits = 0;
  std::set<std::string> distinct;
  for (const auto& l : lines) {
    const int64_t len = static_cast<int64_t>(l.size());
    len_sum += len;
    len_min = std::min(len_min, len);
    len_max = std::max(len_max, len);
    if (l.empty()) ++empty;
    for (const auto& w : words_of(l)) {
      ++n_words;
      chars += static_cast<int64_t>(w.size());
      distinct.insert(w);
      if (w.size() > 3) {
        ++long_words;
        digits += static_cast<int64_t>(std::to_string(w.size()).size());
      } else {
        ++short_words;
      }
    }
  }
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Pipeline pipe{opts(p)};
    auto words = pipe | Create("Lines", lines) | ParDo("Split", SplitFn{});
    // Same type in and out: a Map edited in place.
    auto upper = words | Map("Upper", [](std::string w, Metrics& m) {
                   m.counter("mapped").inc();
                   m.counter("chars").inc(static_cast<int64_t>(w.size()));
                   for (auto& c : w) c = static_cast<char>(c - 'a' + 'A');
                   return w;
                 });
    auto lens = upper | Map("Len", [](const std::string& w, Metrics& m) {
                  m.distribution("len").update(static_cast<int64_t>(w.size()));
                  m.gauge("constant").set(7);
                  return static_cast<int64_t>(w.size());
                });
    auto kept = lens | Filter("Long", [](const int64_t& n, Metrics& m) {
                  if (n > 3) return true;
                  m.counter("dropped").inc();
                  return false;
                });
    auto out = kept |
               FlatMap("Digits",
                       [](int64_t n, Metrics& m) {
                         m.counter("down").dec(2);
                         std::vector<int64_t> ds;
                         for (char c : std::to_string(n)) ds.push_back(c - '0');
                         return ds;
                       }) |
               FlatMap<int64_t>("Emit",
                                [](int64_t d, Emitter<int64_t>& e) {
                                  e.metrics().counter("seen").inc();
                                  e.emit(d);
                                }) |
               io::Collect("Out");
    auto firsts = upper |
                  Map("Key",
                      [](std::string w) {
                        return KV<std::string, int64_t>{w, 1};
                      }) |
                  ParDo("FirstSeen", FirstSeenFn{}) | io::Collect("Firsts");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    const auto& m = r.metrics();
    CHECK(m.counter("Split", "lines") == static_cast<int64_t>(lines.size()));
    CHECK(m.counter("Split", "words") == n_words);
    CHECK(m.counter("Split", "empty_lines") == empty);
    const auto len = m.distribution("Split", "line_length");
    CHECK(len.count == static_cast<int64_t>(lines.size()));
    CHECK(len.sum == len_sum);
    CHECK(len.min == len_min);
    CHECK(len.max == len_max);
    CHECK(len.mean() == doctest::Approx(static_cast<double>(len_sum) / lines.size()));
    CHECK(m.counter("Upper", "mapped") == n_words);
    CHECK(m.counter("Upper", "chars") == chars);
    CHECK(m.distribution("Len", "len").count == n_words);
    CHECK(m.distribution("Len", "len").sum == chars);
    CHECK(m.gauge("Len", "constant").value == 7);
    CHECK(m.counter("Long", "dropped") == short_words);
    CHECK(m.counter("Digits", "down") == -2 * long_words);
    CHECK(m.counter("Emit", "seen") == digits);
    CHECK(out->values().size() == static_cast<size_t>(digits));
    CHECK(m.counter("FirstSeen", "fresh_keys") == static_cast<int64_t>(distinct.size()));
    CHECK(m.counter("FirstSeen", "elements") == n_words);
    CHECK(firsts->values().size() == distinct.size());
    // One value per metric, whatever the parallelism.
    CHECK(m.values.size() == 16);
    const std::string summary = r.summary();
    CHECK(summary.find("user metrics:") != std::string::npos);
    CHECK(summary.find("Split/words") != std::string::npos);
  }
}

TEST_CASE("unknown metrics read as zero; declared ones report even when never updated") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Pipeline pipe{opts(p)};
    auto nums = pipe | Create("Nums", std::vector<int64_t>{1, 2, 3});
    nums | Filter("None", [](const int64_t&) { return false; }) | ParDo("Idle", IdleFn{}) |
        io::Collect("IdleOut");
    pipe | Create("Lines", std::vector<std::string>{"a b", "c"}) | ParDo("Split", SplitFn{}) |
        io::Collect("Words");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    const auto& m = r.metrics();
    // Declared in setup(), never updated: present, zero.
    const auto* idle = m.find("Idle", "idle", UserMetricValue::Kind::kCounter);
    REQUIRE(idle != nullptr);
    CHECK(idle->value == 0);
    REQUIRE(m.find("Split", "never", UserMetricValue::Kind::kCounter) != nullptr);
    CHECK(m.counter("Split", "never") == 0);
    const auto* d = m.find("Split", "never", UserMetricValue::Kind::kDistribution);
    REQUIRE(d != nullptr);
    CHECK(d->count == 0);
    CHECK(d->min == 0);
    CHECK(d->max == 0);
    CHECK(m.distribution("Split", "never").mean() == 0.0);
    const auto* g = m.find("Split", "never", UserMetricValue::Kind::kGauge);
    REQUIRE(g != nullptr);
    CHECK(m.gauge("Split", "never").timestamp_ms == 0);
    // Declared in process() only when an element needs it: not there.
    CHECK(m.find("Split", "empty_lines", UserMetricValue::Kind::kCounter) == nullptr);
    // Unknown step, name or kind.
    CHECK(m.counter("Split", "nope") == 0);
    CHECK(m.counter("Nope", "words") == 0);
    CHECK(m.counter("Split", "line_length") == 0);  // a distribution, not a counter
    CHECK(m.find("Split", "nope", UserMetricValue::Kind::kCounter) == nullptr);
    const auto none = m.distribution("Split", "nope");
    CHECK(none.count == 0);
    CHECK(none.sum == 0);
    CHECK(none.mean() == 0.0);
    CHECK(m.gauge("Split", "nope").value == 0);
    CHECK(m.gauge("Split", "nope").timestamp_ms == 0);
    CHECK(m.counter("Split", "words") == 3);
    CHECK(r.summary().find("Split/never") != std::string::npos);
  }
}

TEST_CASE("values are summed over partitions; a gauge keeps the value set last") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Pipeline pipe{opts(p, 3)};
    std::vector<int64_t> nums;
    for (int64_t i = 1; i <= 100; ++i) nums.push_back(i);
    const int64_t before = now_ms();
    // After the Reshuffle, the step runs in p partitions.
    pipe | Create("Nums", nums) | Reshuffle("Spread") | ParDo("Count", PartitionsFn{}) |
        io::Collect("Out");
    // Two elements over p partitions: the empty partitions' distributions (count 0) must not
    // pull min or max to 0.
    pipe | Create("Two", std::vector<int64_t>{5, 9}) | Reshuffle("Spread2") |
        ParDo("Sparse", PartitionsFn{}) | io::Collect("Out2");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    const auto& m = r.metrics();
    CHECK(m.counter("Count", "partitions") == p);
    const auto v = m.distribution("Count", "values");
    CHECK(v.count == 100);
    CHECK(v.sum == 5050);
    CHECK(v.min == 1);
    CHECK(v.max == 100);
    CHECK(v.mean() == doctest::Approx(50.5));
    CHECK(m.counter("Sparse", "partitions") == p);
    const auto s = m.distribution("Sparse", "values");
    CHECK(s.count == 2);
    CHECK(s.min == 5);
    CHECK(s.max == 9);
    if (p == 1) {
      // One partition reads in order: its gauge ends at the last element.
      Pipeline ordered{opts(1)};
      ordered | Create("Nums", nums) | Map("Last", [](int64_t x, Metrics& m) {
        m.gauge("last").set(x);
        return x;
      }) | io::Collect("Out");
      const auto r1 = ordered.run();
      REQUIRE_MESSAGE(r1.ok(), r1.summary());
      const auto g = r1.metrics().gauge("Last", "last");
      CHECK(g.value == 100);
      CHECK(g.timestamp_ms >= before);
      CHECK(g.timestamp_ms <= now_ms());
    }
  }
}

TEST_CASE("after a restart the result has what the finishing attempts counted (attempted)") {
  using rill::io::text::testing::TempDir;
  const int64_t n = 3000;
  std::vector<int64_t> nums;
  for (int64_t i = 0; i < n; ++i) nums.push_back(i);
  for (int64_t interval : {int64_t{60000}, int64_t{10}}) {
    CAPTURE(interval);
    TempDir dir;
    PipelineOptions o = opts(2, 16);
    o.checkpoint_dir = dir.path().string();
    o.checkpoint_interval = interval;
    o.faults = testing::FaultPlan::parse("crash:step=Count,partition=0,after=1000");
    Pipeline pipe{o};
    auto out = pipe | Create("Nums", nums) |
               Map("Pace",
                   [](int64_t v) {
                     if (v % 64 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                     return v;
                   }) |
               Reshuffle("Spread") | ParDo("Count", PartitionsFn{}) | io::Collect("Out");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    REQUIRE(r.checkpoints.restarts == 1);
    CHECK(out->values().size() == static_cast<size_t>(n));
    const int64_t counted = r.metrics().distribution("Count", "values").count;
    if (r.checkpoints.restored_from == 0) {
      // Restarted from the beginning: the failed attempt's counts are not added.
      CHECK(counted == n);
    } else {
      // From a checkpoint: what was counted before it is not counted again.
      CHECK(counted <= n);
    }
    // Set up again by the restart; the failed attempt's setups are not added.
    CHECK(r.metrics().counter("Count", "partitions") == 2);
  }
}

TEST_CASE("the job merges partitions' and workers' values per step and name") {
  auto value = [](std::string step, std::string name, UserMetricValue::Kind kind) {
    UserMetricValue v;
    v.step = std::move(step);
    v.name = std::move(name);
    v.kind = kind;
    return v;
  };
  using K = UserMetricValue::Kind;
  MetricResults m;
  auto c = value("B", "n", K::kCounter);
  c.value = 3;
  m.merge(c);
  c.value = 4;
  m.merge(c);
  auto d = value("B", "n", K::kDistribution);  // the same name, another kind: another metric
  m.merge(d);                                  // empty partition first
  d.count = 2, d.sum = 10, d.min = 4, d.max = 6;
  m.merge(d);
  d.count = 1, d.sum = -1, d.min = -1, d.max = -1;
  m.merge(d);
  auto g = value("A", "g", K::kGauge);
  g.value = 1, g.timestamp_ms = 2000;
  m.merge(g);
  g.value = 2, g.timestamp_ms = 1000;  // set earlier, on another worker
  m.merge(g);
  m.order_by({"A", "B"});
  REQUIRE(m.values.size() == 3);
  CHECK(m.values[0].step == "A");
  CHECK(m.counter("B", "n") == 7);
  const auto dist = m.distribution("B", "n");
  CHECK(dist.count == 3);
  CHECK(dist.sum == 9);
  CHECK(dist.min == -1);
  CHECK(dist.max == 6);
  CHECK(m.gauge("A", "g").value == 1);
  CHECK(m.gauge("A", "g").timestamp_ms == 2000);
}

TEST_CASE("Metrics: a name declared again is the same cell; a kind is part of the name") {
  Metrics m;
  auto a = m.counter("x");
  auto b = m.counter("x");
  a.inc(2);
  b.dec();
  m.distribution("x").update(5);
  m.gauge("y");
  CHECK(m.size() == 3);
  UserMetricValues out;
  m.append_values("S", out);
  REQUIRE(out.size() == 3);
  CHECK(out[0].step == "S");
  CHECK(out[0].value == 1);
  CHECK(out[1].count == 1);
  CHECK(out[1].min == 5);
  CHECK(out[2].timestamp_ms == 0);
  CHECK_THROWS_AS(m.counter(""), std::invalid_argument);
  CHECK_FALSE(Counter{});
  CHECK(a);
}
