// KeyedWindowOp (keys grouped per batch, timers and holds in lazy heaps, entries reused) against
// a plain reference: one KeyedWindowState per key fed bundles of one element, every key told of
// every watermark. Per key the panes must come out the same and in the same order; the hold
// and the dropped counts must agree after every step.
#include "exec/keyed_window_op.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace rill;

namespace {

// GroupByKey-like: the values of a window in arrival order.
struct ValuesPolicy {
  using Value = KV<std::string, int64_t>;
  using Acc = std::vector<int64_t>;
  static Acc empty() { return {}; }
  static void add(Acc& acc, Value&& kv) { acc.push_back(kv.value); }
  static void merge(Acc& into, Acc&& from) { into.insert(into.end(), from.begin(), from.end()); }
};
struct ToValues {
  std::vector<int64_t> operator()(const std::vector<int64_t>& acc) const { return acc; }
};

using Out = KV<std::string, std::vector<int64_t>>;
using Op = detail::KeyedWindowOp<std::string, ValuesPolicy, std::vector<int64_t>, ToValues>;
using Record = std::tuple<Window, PaneInfo, Timestamp, std::vector<int64_t>>;
using PerKey = std::map<std::string, std::vector<Record>>;

struct Capture final : Consumer<Out> {
  PerKey* out;
  explicit Capture(PerKey* o) : out(o) {}
  void consume(Batch<Out>& batch) override {
    for (auto& e : batch)
      (*out)[e.value.key].emplace_back(e.window, e.pane, e.timestamp, e.value.value);
  }
};

class Reference {
  struct Emit {
    std::vector<Record>* out;
    void operator()(const Window& w, const PaneInfo& p, Timestamp ts,
                    const std::vector<int64_t>& acc) const {
      out->emplace_back(w, p, ts, acc);
    }
  };
  Emit emitter(const std::string& key) { return Emit{&out[key]}; }

 public:
  explicit Reference(const WindowingStrategy* s) : s_(s) {}
  void consume(Batch<ValuesPolicy::Value>& batch) {
    for (auto& e : batch) {
      auto it = keys_.try_emplace(e.value.key, s_).first;
      auto r = it->second.process_bundle(std::span(&e, 1), wm_, 0, emitter(it->first));
      dropped_ += static_cast<int64_t>(r.dropped_late + r.dropped_closed);
      if (it->second.empty()) keys_.erase(it);
    }
  }
  void on_watermark(Timestamp wm) {
    if (wm <= wm_) return;
    wm_ = wm;
    for (auto it = keys_.begin(); it != keys_.end();) {
      it->second.on_watermark(wm, emitter(it->first));
      it = it->second.empty() ? keys_.erase(it) : std::next(it);
    }
  }
  Timestamp hold() const {
    Timestamp h = kMaxTimestamp;
    for (const auto& [k, st] : keys_) h = std::min(h, st.hold());
    return h;
  }
  PerKey out;
  int64_t dropped_ = 0;
  size_t live_keys() const { return keys_.size(); }

 private:
  const WindowingStrategy* s_;
  std::map<std::string, KeyedWindowState<ValuesPolicy>> keys_;
  Timestamp wm_ = kMinTimestamp;
};

void run(const WindowingStrategy& strategy, uint64_t seed, int keys) {
  auto shared = std::make_shared<const WindowingStrategy>(strategy);
  Op op("Group", shared, ValuesPolicy{}, ToValues{});
  PerKey got;
  Capture capture(&got);
  op.output(0)->connect(&capture);
  Reference ref(shared.get());

  std::mt19937_64 rng(seed);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  Timestamp cursor = 0, wm = kMinTimestamp;
  int64_t value = 0;
  WindowList windows;
  for (int step = 0; step < 150; ++step) {
    if (uniform(0, 3) > 0) {
      Batch<ValuesPolicy::Value> batch, copy;
      const int64_t n = uniform(1, 60);
      for (int64_t i = 0; i < n; ++i) {
        cursor += uniform(0, 2);
        const Timestamp ts = cursor + uniform(-25, 5);
        // Runs of one key, as after a shuffle of sorted input, and single elements.
        const std::string key = "k" + std::to_string(uniform(0, keys - 1));
        const int64_t run = uniform(0, 4) == 0 ? uniform(2, 5) : 1;
        for (int64_t r = 0; r < run; ++r) {
          windows.clear();
          strategy.window_fn.assign(ts, windows);
          for (const Window& w : windows) batch.push_back({{key, value++}, ts, w, PaneInfo{}});
        }
      }
      copy = batch;
      op.consume(batch);
      ref.consume(copy);
    } else {
      wm = std::max(wm, cursor - uniform(-3, 30));
      op.on_watermark(wm);
      ref.on_watermark(wm);
    }
    REQUIRE(op.hold() == ref.hold());
    REQUIRE(op.counters().dropped_late == ref.dropped_);
  }
  op.on_watermark(kMaxTimestamp);
  ref.on_watermark(kMaxTimestamp);
  CHECK(ref.live_keys() == 0);
  CHECK(op.hold() == kMaxTimestamp);
  REQUIRE(got.size() == ref.out.size());
  for (const auto& [key, records] : ref.out) {
    CAPTURE(key);
    REQUIRE(got[key].size() == records.size());
    for (size_t i = 0; i < records.size(); ++i) {
      if (got[key][i] == records[i]) continue;
      CAPTURE(i);
      CHECK(std::get<0>(got[key][i]) == std::get<0>(records[i]));
      CHECK(std::get<1>(got[key][i]) == std::get<1>(records[i]));
      CHECK(std::get<2>(got[key][i]) == std::get<2>(records[i]));
      CHECK(std::get<3>(got[key][i]) == std::get<3>(records[i]));
    }
  }
  CHECK(op.counters().elements_out > 0);
}

void run_all(const WindowFn& fn) {
  uint64_t seed = 7;
  const std::vector<Trigger> triggers{
      DefaultTrigger(), AfterWatermark({.early = AfterCount(2), .late = AfterCount(1)}),
      Repeatedly(AfterCount(3)), AfterCount(2), Never()};
  for (const Trigger& t : triggers)
    for (Duration lateness : {Duration{0}, Duration{20}})
      for (auto combiner : {TimestampCombiner::kEndOfWindow, TimestampCombiner::kEarliest})
        for (int keys : {1, 3, 40}) {
          WindowingStrategy s{.window_fn = fn,
                              .trigger = t,
                              .accumulation_mode = AccumulationMode::kAccumulating,
                              .allowed_lateness = lateness,
                              .timestamp_combiner = combiner};
          CAPTURE(s.to_string());
          CAPTURE(keys);
          run(s, seed++, keys);
        }
}

}  // namespace

TEST_CASE("KeyedWindowOp agrees with one KeyedWindowState per key: sessions") {
  run_all(Sessions(10));
}

TEST_CASE("KeyedWindowOp agrees with one KeyedWindowState per key: fixed and sliding windows") {
  run_all(FixedWindows(10));
  run_all(SlidingWindows(20, 5));
}

// Under the fire-once strategy (default trigger, no lateness, non-merging windows, end-of-
// window times) the flat table (OnTimeWindowOp) and the state machine produce the same panes
// and drop the same late elements.
TEST_CASE("OnTimeWindowOp agrees with KeyedWindowOp under the fire-once strategy") {
  for (const WindowFn& fn : {WindowFn(FixedWindows(10)), WindowFn(SlidingWindows(20, 5))}) {
    auto strategy = std::make_shared<const WindowingStrategy>(WindowingStrategy{.window_fn = fn});
    REQUIRE(fires_once_on_time(strategy.get()));
    detail::OnTimeWindowOp<std::string, ValuesPolicy, std::vector<int64_t>, ToValues> flat(
        "Flat", ValuesPolicy{}, ToValues{});
    Op machine("Machine", strategy, ValuesPolicy{}, ToValues{});
    PerKey got_flat, got_machine;
    Capture cf(&got_flat), cm(&got_machine);
    flat.output(0)->connect(&cf);
    machine.output(0)->connect(&cm);
    std::mt19937_64 rng(21);
    Timestamp cursor = 0, wm = kMinTimestamp;
    int64_t value = 0;
    WindowList windows;
    for (int step = 0; step < 300; ++step) {
      if (rng() % 4 != 0) {
        Batch<ValuesPolicy::Value> batch;
        for (int i = 0; i < 40; ++i) {
          cursor += static_cast<int64_t>(rng() % 3);
          const Timestamp ts = cursor - static_cast<int64_t>(rng() % 30);  // some late
          windows.clear();
          fn.assign(ts, windows);
          const std::string key = "k" + std::to_string(rng() % 30);
          for (const Window& w : windows) batch.push_back({{key, value++}, ts, w, PaneInfo{}});
        }
        Batch<ValuesPolicy::Value> copy = batch;
        flat.consume(batch);
        machine.consume(copy);
      } else {
        wm = std::max(wm, cursor - static_cast<int64_t>(rng() % 20));
        flat.on_watermark(wm);
        machine.on_watermark(wm);
      }
      REQUIRE(flat.hold() == machine.hold());
      REQUIRE(flat.counters().dropped_late == machine.counters().dropped_late);
    }
    flat.on_watermark(kMaxTimestamp);
    machine.on_watermark(kMaxTimestamp);
    CHECK(flat.counters().dropped_late > 0);
    REQUIRE(got_flat.size() == got_machine.size());
    for (auto& [key, records] : got_machine) {
      // Per key, the same panes; the flat table fires a watermark's windows in table order.
      auto& other = got_flat[key];
      auto by_window = [](const Record& a, const Record& b) {
        return std::get<0>(a) < std::get<0>(b);
      };
      std::sort(records.begin(), records.end(), by_window);
      std::sort(other.begin(), other.end(), by_window);
      CHECK(other == records);
    }
  }
}

// Sessions under the same strategy: OnTimeSessionOp (open intervals per key, no trigger state)
// and the state machine produce the same panes per key in the same order, drop the same late
// elements and hold the watermark at the same time. The stream mixes in-order runs, elements
// far behind (merging sessions in the middle, late ones) and already merged windows, as the
// merge side of a combine receives them.
TEST_CASE("OnTimeSessionOp agrees with KeyedWindowOp for sessions that fire once on time") {
  auto strategy =
      std::make_shared<const WindowingStrategy>(WindowingStrategy{.window_fn = Sessions(10)});
  REQUIRE(on_time_sessions(strategy.get()));
  REQUIRE_FALSE(fires_once_on_time(strategy.get()));
  for (uint64_t seed : {3u, 4u, 5u}) {
    detail::OnTimeSessionOp<std::string, ValuesPolicy, std::vector<int64_t>, ToValues> flat(
        "Flat", 10, ValuesPolicy{}, ToValues{});
    Op machine("Machine", strategy, ValuesPolicy{}, ToValues{});
    PerKey got_flat, got_machine;
    Capture cf(&got_flat), cm(&got_machine);
    flat.output(0)->connect(&cf);
    machine.output(0)->connect(&cm);
    std::mt19937_64 rng(seed);
    Timestamp cursor = 0, wm = kMinTimestamp;
    int64_t value = 0;
    for (int step = 0; step < 400; ++step) {
      if (rng() % 4 != 0) {
        Batch<ValuesPolicy::Value> batch;
        for (int i = 0; i < 40; ++i) {
          cursor += static_cast<int64_t>(rng() % 4);
          const Timestamp ts = cursor - static_cast<int64_t>(rng() % 5 == 0 ? rng() % 40 : 0);
          const Duration len = rng() % 6 == 0 ? 10 + static_cast<Duration>(rng() % 30) : 10;
          const std::string key = "k" + std::to_string(rng() % 12);
          batch.push_back({{key, value++}, ts, Window{ts, ts + len}, PaneInfo{}});
        }
        Batch<ValuesPolicy::Value> copy = batch;
        flat.consume(batch);
        machine.consume(copy);
      } else {
        wm = std::max(wm, cursor - static_cast<int64_t>(rng() % 25));
        flat.on_watermark(wm);
        machine.on_watermark(wm);
      }
      // The flat hold is a lower bound of what is buffered that never holds back the
      // watermark it was given (every open session ends after it).
      REQUIRE(flat.hold() <= machine.hold());
      if (machine.hold() != kMaxTimestamp) REQUIRE(flat.hold() >= wm);
      if (machine.hold() == kMaxTimestamp) REQUIRE(flat.hold() == kMaxTimestamp);
      REQUIRE(flat.counters().dropped_late == machine.counters().dropped_late);
    }
    flat.on_watermark(kMaxTimestamp);
    machine.on_watermark(kMaxTimestamp);
    CHECK(flat.counters().dropped_late > 0);
    CHECK(flat.hold() == kMaxTimestamp);
    CHECK(flat.counters().elements_out == machine.counters().elements_out);
    CHECK(got_flat == got_machine);
  }
}
