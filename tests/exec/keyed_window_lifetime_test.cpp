// A key of a GroupByKey or Combine in the global window (or any window collected only at the
// end of time) leaves memory once its panes have fired and it holds nothing: discarding mode,
// nothing pending, no timer, the trigger back at its start. Its results stay the same; the
// only trace is that its next pane is numbered from 0 again.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "exec/keyed_window_op.hpp"

using namespace rill;

namespace {

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
using Element = WindowedValue<ValuesPolicy::Value>;

struct Pane {
  Window window;
  PaneInfo info;
  std::vector<int64_t> values;
};

struct Recorder {
  std::vector<Pane>* out;
  void operator()(const Window& w, const PaneInfo& p, Timestamp, const std::vector<int64_t>& acc) {
    out->push_back({w, p, acc});
  }
};

WindowingStrategy strategy(WindowFn fn, Trigger t, AccumulationMode mode) {
  return WindowingStrategy{
      .window_fn = std::move(fn), .trigger = std::move(t), .accumulation_mode = mode};
}

Element at(int64_t v, Timestamp ts, Window w = Window::global()) {
  return Element{{"k", v}, ts, w, PaneInfo{}};
}

}  // namespace

TEST_CASE("global window, discarding: a key whose pane fired holds nothing and is empty") {
  const auto s =
      strategy(GlobalWindows{}, Repeatedly(AfterCount(2)), AccumulationMode::kDiscarding);
  KeyedWindowState<ValuesPolicy> state(&s);
  std::vector<Pane> panes;
  Recorder rec{&panes};
  auto e1 = at(1, 10), e2 = at(2, 11), e3 = at(3, 12), e4 = at(4, 13);
  state.process_element(e1, 0, 0, rec);
  CHECK(state.window_count() == 1);
  state.process_element(e2, 0, 0, rec);
  CHECK(state.empty());  // kept a slot for ever before
  state.process_element(e3, 0, 0, rec);
  state.process_element(e4, 0, 0, rec);
  CHECK(state.empty());
  REQUIRE(panes.size() == 2);
  CHECK(panes[0].values == std::vector<int64_t>{1, 2});
  CHECK(panes[1].values == std::vector<int64_t>{3, 4});
  // The key was forgotten between its panes: the second is numbered as a first one.
  CHECK(panes[1].info.index == 0);
  CHECK(panes[1].info.is_first);
  CHECK(panes[1].info.timing == PaneTiming::kEarly);
}

TEST_CASE("a window that still holds something stays: accumulating, pending data, or expiring") {
  std::vector<Pane> panes;
  Recorder rec{&panes};
  SUBCASE("accumulating: the accumulator is the state") {
    const auto s =
        strategy(GlobalWindows{}, Repeatedly(AfterCount(2)), AccumulationMode::kAccumulating);
    KeyedWindowState<ValuesPolicy> state(&s);
    auto e1 = at(1, 10), e2 = at(2, 11);
    state.process_element(e1, 0, 0, rec);
    state.process_element(e2, 0, 0, rec);
    CHECK(state.window_count() == 1);
  }
  SUBCASE("discarding, but an element is pending") {
    const auto s =
        strategy(GlobalWindows{}, Repeatedly(AfterCount(2)), AccumulationMode::kDiscarding);
    KeyedWindowState<ValuesPolicy> state(&s);
    auto e1 = at(1, 10), e2 = at(2, 11), e3 = at(3, 12);
    state.process_element(e1, 0, 0, rec);
    state.process_element(e2, 0, 0, rec);
    state.process_element(e3, 0, 0, rec);
    CHECK(state.window_count() == 1);
  }
  SUBCASE("a fixed window keeps its pane counters until it expires") {
    const auto s =
        strategy(FixedWindows(100), Repeatedly(AfterCount(2)), AccumulationMode::kDiscarding);
    KeyedWindowState<ValuesPolicy> state(&s);
    const Window w{0, 100};
    auto e1 = at(1, 10, w), e2 = at(2, 11, w), e3 = at(3, 12, w), e4 = at(4, 13, w);
    for (Element* e : {&e1, &e2, &e3, &e4}) state.process_element(*e, 0, 0, rec);
    CHECK(state.window_count() == 1);
    REQUIRE(panes.size() == 2);
    CHECK(panes[1].info.index == 1);
    state.on_watermark(100, rec);
    CHECK(state.empty());
  }
}

TEST_CASE("KeyedWindowOp: global-window keys leave once their processing-time panes fired") {
  // Nexmark Q12's strategy: bids per bidder in processing-time panes.
  auto s = std::make_shared<const WindowingStrategy>(strategy(
      GlobalWindows{}, Repeatedly(AfterProcessingTime(1000)), AccumulationMode::kDiscarding));
  detail::KeyedWindowOp<std::string, ValuesPolicy, std::vector<int64_t>, ToValues> op(
      "Group", s, ValuesPolicy{}, ToValues{});
  std::map<std::string, int64_t> sums;
  struct Sum final : Consumer<KV<std::string, std::vector<int64_t>>> {
    std::map<std::string, int64_t>* sums;
    void consume(Batch<KV<std::string, std::vector<int64_t>>>& batch) override {
      for (auto& e : batch)
        for (int64_t v : e.value.value) (*sums)[e.value.key] += v;
    }
  } sink;
  sink.sums = &sums;
  op.output(0)->connect(&sink);

  std::map<std::string, int64_t> expected;
  for (int round = 0; round < 3; ++round) {
    Batch<ValuesPolicy::Value> batch;
    for (int64_t k = 0; k < 100; ++k) {
      const std::string key = "k" + std::to_string(k);
      batch.push_back({{key, k + round}, 10 * k, Window::global(), PaneInfo{}});
      expected[key] += k + round;
    }
    op.consume(batch);
    CHECK(op.live_keys() == 100);
    // Every key's pane is due (a pane fires at its first element + 1 s of processing time).
    op.on_processing_time(detail::processing_now() + 60'000 * (round + 1));
    CHECK(op.live_keys() == 0);  // all 100 stayed before
  }
  op.on_watermark(kMaxTimestamp);
  CHECK(sums == expected);
}
