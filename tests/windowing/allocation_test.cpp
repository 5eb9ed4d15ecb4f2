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
