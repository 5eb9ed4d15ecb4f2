// The per-element path must not allocate: after a warm-up bundle, more bundles for the same
// windows cost no heap allocation with a combining policy.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "windowing/keyed_window_state.hpp"

namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace rill;

namespace {
struct SumPolicy {
  using Value = int64_t;
  using Acc = int64_t;
  static Acc empty() { return 0; }
  static void add(Acc& a, int64_t&& v) { a += v; }
  static void merge(Acc& into, Acc&& from) { into += from; }
};
struct Element {
  int64_t value;
  Timestamp timestamp;
  Window window;
};

long allocations_for_second_bundle(const WindowingStrategy& s) {
  KeyedWindowState<SumPolicy> state(&s);
  std::vector<Element> bundle;
  WindowList windows;
  for (Timestamp t = 0; t < 120'000; t += 100) {
    windows.clear();
    s.window_fn.assign(t, windows);
    for (const Window& w : windows) bundle.push_back(Element{1, t, w});
  }
  int64_t emitted = 0;
  auto emit = [&](const Window&, const PaneInfo&, Timestamp, auto&& sum) { emitted += sum; };
  auto copy = bundle;
  state.process_bundle(copy, 0, 0, emit);  // warm-up: creates the windows
  copy = bundle;
  g_allocations = 0;
  g_counting = true;
  state.process_bundle(copy, 0, 0, emit);
  state.on_watermark(60'000, emit);
  g_counting = false;
  CHECK(emitted > 0);
  return g_allocations.load();
}
}  // namespace

TEST_CASE("no allocation per element: fixed windows + default trigger") {
  WindowingStrategy s{.window_fn = FixedWindows(60'000)};
  CHECK(allocations_for_second_bundle(s) == 0);
}

TEST_CASE("no allocation per element: earliest hold, early count trigger, sliding windows") {
  WindowingStrategy s{.window_fn = SlidingWindows(60'000, 10'000),
                      .trigger = AfterWatermark({.early = AfterCount(100'000)}),
                      .timestamp_combiner = TimestampCombiner::kEarliest};
  CHECK(allocations_for_second_bundle(s) == 0);
}

TEST_CASE("no allocation per element: sessions one element at a time (merging, GC)") {
  WindowingStrategy s{.window_fn = Sessions(100)};
  KeyedWindowState<SumPolicy> state(&s);
  int64_t emitted = 0;
  auto emit = [&](const Window&, const PaneInfo&, Timestamp, auto&& sum) { emitted += sum; };
  // Sessions of 20 elements 30 ms apart, then a 300 ms gap; the watermark trails by 1 s, so
  // a few sessions are open or waiting at any time.
  Timestamp t = 0;
  auto run = [&](int sessions) {
    for (int k = 0; k < sessions; ++k) {
      for (int i = 0; i < 20; ++i, t += 30) {
        Element e{1, t, Window{t, t + 100}};
        state.process_element(e, t - 1'000, 0, emit);
      }
      t += 300;
    }
  };
  run(50);  // warm-up
  g_allocations = 0;
  g_counting = true;
  run(500);
  g_counting = false;
  CHECK(emitted > 0);
  CHECK(g_allocations.load() == 0);
}
