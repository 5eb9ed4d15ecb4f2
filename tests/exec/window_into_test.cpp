// WindowIntoOp against WindowFn::assign: every element comes out once per window, in order,
// for in-order and shuffled timestamps (the operator reuses the last window / window set).
#include "exec/window_into_op.hpp"
#include "graph/transforms/window_into.hpp"

#include <doctest/doctest.h>

#include <random>
#include <vector>

using namespace rill;

namespace {
struct Capture final : Consumer<int64_t> {
  std::vector<WindowedValue<int64_t>> got;
  void consume(Batch<int64_t>& batch) override {
    for (auto& e : batch) got.push_back(e);
  }
};

void check(const WindowFn& fn, bool in_order) {
  auto strategy = std::make_shared<const WindowingStrategy>(WindowingStrategy{.window_fn = fn});
  exec::WindowIntoOp<int64_t> op("Window", strategy);
  Capture capture;
  op.output(0)->connect(&capture);
  std::mt19937_64 rng(3);
  std::vector<WindowedValue<int64_t>> expected;
  Timestamp t = -5'000;
  for (int b = 0; b < 50; ++b) {
    Batch<int64_t> batch;
    for (int i = 0; i < 40; ++i) {
      t += static_cast<int64_t>(rng() % 7);
      const Timestamp ts = in_order ? t : t + static_cast<int64_t>(rng() % 200) - 100;
      batch.push_back({i, ts, Window{0, 1}, PaneInfo{PaneTiming::kLate, false, false, 4, 2}});
      WindowList ws;
      fn.assign(ts, ws);
      for (const Window& w : ws) expected.push_back({i, ts, w, PaneInfo::no_firing()});
    }
    op.consume(batch);
  }
  REQUIRE(capture.got.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(capture.got[i].value == expected[i].value);
    CHECK(capture.got[i].timestamp == expected[i].timestamp);
    CHECK(capture.got[i].window == expected[i].window);
    CHECK(capture.got[i].pane == expected[i].pane);
  }
  CHECK(op.counters().elements_out == static_cast<int64_t>(expected.size()));
}
}  // namespace

TEST_CASE("WindowInto assigns what the WindowFn assigns, in and out of order") {
  for (bool in_order : {true, false}) {
    CAPTURE(in_order);
    check(FixedWindows(60), in_order);
    check(FixedWindows(60, 7), in_order);
    check(SlidingWindows(60, 20), in_order);     // the period divides the size
    check(SlidingWindows(50, 20, 3), in_order);  // it does not
    check(SlidingWindows(10, 30), in_order);     // gaps between windows
    check(Sessions(25), in_order);
    check(GlobalWindows{}, in_order);
  }
}

TEST_CASE("an element in thousands of windows goes on in batches of at most 4096 copies") {
  auto strategy = std::make_shared<const WindowingStrategy>(
      WindowingStrategy{.window_fn = SlidingWindows(10'000, 1)});
  exec::WindowIntoOp<int64_t> op("Window", strategy);
  struct Sizes final : Consumer<int64_t> {
    std::vector<size_t> sizes;
    void consume(Batch<int64_t>& batch) override { sizes.push_back(batch.size()); }
  } sizes;
  op.output(0)->connect(&sizes);
  Batch<int64_t> batch;
  for (int i = 0; i < 3; ++i) batch.push_back({i, 100 + i});
  op.consume(batch);
  size_t total = 0;
  for (size_t s : sizes.sizes) {
    CHECK(s <= 4096);
    total += s;
  }
  CHECK(total == 30'000);
  CHECK(op.counters().elements_out == 30'000);
  CHECK_THROWS_AS(SlidingWindows(10'001, 1), std::invalid_argument);
}
