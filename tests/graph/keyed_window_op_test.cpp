// KeyedWindowOp (keys grouped per batch, timers and holds in lazy heaps, entries reused) against
// a plain reference: one KeyedWindowState per key fed bundles of one element, every key told of
// every watermark. Per key the panes must come out the same and in the same order; the hold
// and the dropped counts must agree after every step.
#include "graph/transforms/keyed_window_op.hpp"

#include <doctest/doctest.h>

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
