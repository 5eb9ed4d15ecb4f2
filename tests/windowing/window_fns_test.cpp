#include "windowing/window_fns.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "windowing/window_merging.hpp"

using namespace rill;

namespace {
std::vector<Window> assign(const auto& fn, Timestamp ts) {
  WindowList out;
  fn.assign(ts, out);
  return {out.begin(), out.end()};
}
}  // namespace

TEST_CASE("floor_mod is mathematical modulo") {
  CHECK(floor_mod(7, 5) == 2);
  CHECK(floor_mod(-1, 10) == 9);
  CHECK(floor_mod(-10, 10) == 0);
  CHECK(floor_mod(-11, 10) == 9);
}

TEST_CASE("GlobalWindows assigns the global window") {
  CHECK(assign(GlobalWindows{}, -5) == std::vector<Window>{Window::global()});
  CHECK(Window::global().max_timestamp() == kGlobalWindowMaxTimestamp);
}

TEST_CASE("FixedWindows with negative timestamps floor towards minus infinity") {
  FixedWindows f(10);
  CHECK(f.window_for(0) == Window{0, 10});
  CHECK(f.window_for(9) == Window{0, 10});
  CHECK(f.window_for(10) == Window{10, 20});
  CHECK(f.window_for(-1) == Window{-10, 0});
  CHECK(f.window_for(-10) == Window{-10, 0});
  CHECK(f.window_for(-11) == Window{-20, -10});
  CHECK(assign(f, 25) == std::vector<Window>{{20, 30}});
}

TEST_CASE("FixedWindows offsets are reduced into [0, size)") {
  FixedWindows f(10, 3);
  CHECK(f.window_for(3) == Window{3, 13});
  CHECK(f.window_for(2) == Window{-7, 3});
  CHECK(f.window_for(-8) == Window{-17, -7});
  CHECK(FixedWindows(10, -3).offset() == 7);
  CHECK(FixedWindows(10, -3).window_for(-3) == Window{-3, 7});
  CHECK(FixedWindows(10, 13).offset() == 3);
  CHECK(FixedWindows(10, 13) == FixedWindows(10, 3));
  CHECK(FixedWindows(10, 3).to_string() == "FixedWindows(10, 3)");
  CHECK_THROWS_AS(FixedWindows(0), std::invalid_argument);
  CHECK_THROWS_AS(FixedWindows(-5), std::invalid_argument);
}

TEST_CASE("window ends are capped at the end of the global window") {
  FixedWindows f(1000);
  Window w = f.window_for(kGlobalWindowMaxTimestamp);
  CHECK(w.contains(kGlobalWindowMaxTimestamp));
  CHECK(w.end == kGlobalWindowMaxTimestamp + 1);
  CHECK(f.window_for(kMinTimestamp).contains(kMinTimestamp));
}

TEST_CASE("SlidingWindows assigns every window containing the timestamp") {
  SlidingWindows s(10, 5);
  CHECK(assign(s, 1) == std::vector<Window>{{-5, 5}, {0, 10}});
  CHECK(assign(s, 5) == std::vector<Window>{{0, 10}, {5, 15}});
  CHECK(assign(SlidingWindows(10, 3), 5) == std::vector<Window>{{-3, 7}, {0, 10}, {3, 13}});
  // Offset 2 with negative timestamps: starts ..., -13, -8, -3, 2, ...
  CHECK(assign(SlidingWindows(10, 5, 2), -4) == std::vector<Window>{{-13, -3}, {-8, 2}});
  CHECK(SlidingWindows(10, 5, -3).offset() == 2);
  // Period longer than size: gaps.
  CHECK(assign(SlidingWindows(5, 10), 7).empty());
  CHECK(assign(SlidingWindows(5, 10), 12) == std::vector<Window>{{10, 15}});
  CHECK_THROWS_AS(SlidingWindows(10, 0), std::invalid_argument);
}

TEST_CASE("SlidingWindows agrees with a brute-force enumeration") {
  for (Duration size : {1, 3, 5, 10}) {
    for (Duration period : {1, 2, 3, 5, 7, 12}) {
      for (Duration offset : {-4, 0, 1, 6}) {
        SlidingWindows s(size, period, offset);
        for (Timestamp ts = -40; ts <= 40; ++ts) {
          std::vector<Window> expected;
          for (Timestamp start = -100; start <= 100; ++start)
            if (floor_mod(start - offset, period) == 0 && start <= ts && ts < start + size)
              expected.push_back(Window{start, start + size});
          CAPTURE(size);
          CAPTURE(period);
          CAPTURE(offset);
          CAPTURE(ts);
          CHECK(assign(s, ts) == expected);
        }
      }
    }
  }
}

TEST_CASE("Sessions assign the proto-window [t, t + gap)") {
  CHECK(assign(Sessions(10), -3) == std::vector<Window>{{-3, 7}});
  CHECK_THROWS_AS(Sessions(0), std::invalid_argument);
}

TEST_CASE("merging: overlapping windows merge, touching ones do not") {
  std::vector<Window> ws = {{10, 20}, {0, 10}, {25, 30}, {5, 12}, {29, 35}, {40, 45}, {0, 10}};
  std::vector<WindowMerge> m = merge_overlapping_windows(ws);
  REQUIRE(m.size() == 2);
  // [0,10), [5,12) and [10,20) chain: [5,12) overlaps both.
  CHECK(m[0].result == Window{0, 20});
  CHECK(m[0].sources == std::vector<Window>{{0, 10}, {5, 12}, {10, 20}});
  CHECK(m[1].result == Window{25, 35});
  CHECK(m[1].sources == std::vector<Window>{{25, 30}, {29, 35}});

  CHECK(merge_overlapping_windows(std::vector<Window>{{0, 10}, {10, 20}}).empty());
  CHECK(merge_overlapping_windows(std::vector<Window>{{0, 10}, {0, 10}}).empty());
  // A window inside another: the result is the existing window.
  std::vector<WindowMerge> inside =
      merge_overlapping_windows(std::vector<Window>{{1, 15}, {1, 11}});
  REQUIRE(inside.size() == 1);
  CHECK(inside[0].result == Window{1, 15});
}

TEST_CASE("SmallVector stays inline up to N and then grows") {
  SmallVector<int64_t, 2> v;
  v.push_back(1);
  v.push_back(2);
  CHECK(v.is_inline());
  v.push_back(3);
  CHECK_FALSE(v.is_inline());
  CHECK(v.size() == 3);
  CHECK(v[2] == 3);
  SmallVector<int64_t, 2> copy = v;
  CHECK(copy == v);
  SmallVector<int64_t, 2> moved = std::move(copy);
  CHECK(moved == v);
  CHECK(copy.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  SmallVector<int64_t, 2> small{7};
  SmallVector<int64_t, 2> small_moved = std::move(small);
  CHECK(small_moved.size() == 1);
  CHECK(small_moved[0] == 7);
  small_moved = v;
  CHECK(small_moved == v);
  // Heap to heap, heap to inline and inline to heap, by move and by copy.
  SmallVector<int64_t, 2> big{1, 2, 3, 4, 5};
  small_moved = std::move(big);
  CHECK(small_moved.size() == 5);
  CHECK(small_moved[4] == 5);
  SmallVector<int64_t, 2> tiny{9};
  small_moved = tiny;
  CHECK(small_moved == tiny);
  tiny = small_moved;
  CHECK(tiny.size() == 1);
  SmallVector<int64_t, 2> grown{1, 2, 3};
  tiny = std::move(grown);
  CHECK(tiny == (SmallVector<int64_t, 2>{1, 2, 3}));
  tiny.assign(40, 6);
  CHECK(tiny.size() == 40);
  CHECK(tiny.capacity() >= 40);
  CHECK(tiny[39] == 6);
  // Per-window state stays small: three trigger words take 32 bytes.
  static_assert(sizeof(SmallVector<int64_t, 3>) == 32);
}
