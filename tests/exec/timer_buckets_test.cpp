// TimerBuckets against a multiset: every timer comes out exactly once, at the first pop_due
// whose time reaches it, including timers beyond the ring, behind the ring and added while
// popping; lower_bound() never exceeds a pending time.
#include "exec/timer_buckets.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <utility>
#include <vector>

using namespace rill;
using rill::detail::TimerBuckets;

TEST_CASE("TimerBuckets pops each timer once, when the watermark reaches it") {
  for (Duration width : {Duration{1}, Duration{3}, Duration{50}}) {
    CAPTURE(width);
    std::mt19937_64 rng(width);
    TimerBuckets tb(width);
    std::multiset<std::pair<Timestamp, uint32_t>> model;
    Timestamp wm = -500;
    uint32_t next_id = 0;
    for (int step = 0; step < 5000; ++step) {
      const auto r = rng() % 10;
      if (r < 6) {
        // Mostly near the watermark, sometimes far beyond the ring (64 buckets).
        const Timestamp t = wm + 1 +
                            static_cast<Timestamp>(rng() % 3 == 0 ? rng() % (width * 200)
                                                                  : rng() % (width * 8 + 5));
        tb.add(next_id, t);
        model.insert({t, next_id++});
      } else {
        // Small steps, and now and then a jump far ahead.
        wm += static_cast<Timestamp>(r == 9 && rng() % 4 == 0 ? rng() % (width * 300)
                                                              : rng() % (width * 2 + 2));
        std::vector<std::pair<Timestamp, uint32_t>> got;
        tb.pop_due(wm, [&](uint32_t id, Timestamp t) {
          got.push_back({t, id});
          if (id % 5 == 0) {  // re-register while popping, after the watermark
            const Timestamp again = wm + 1 + static_cast<Timestamp>(rng() % (width * 4 + 1));
            tb.add(id, again);
            model.insert({again, id});
          }
        });
        std::vector<std::pair<Timestamp, uint32_t>> want;
        for (auto it = model.begin(); it != model.end() && it->first <= wm;) {
          want.push_back(*it);
          it = model.erase(it);
        }
        // Re-registrations made during this pop are after wm: not in `want`.
        std::sort(got.begin(), got.end());
        REQUIRE(got == want);
      }
      REQUIRE(tb.size() == model.size());
      if (model.empty()) {
        REQUIRE(tb.lower_bound() == TimerBuckets::kNone);
      } else {
        REQUIRE(tb.lower_bound() <= model.begin()->first);
      }
    }
    tb.pop_due(kMaxTimestamp - 1, [&](uint32_t, Timestamp) {});
    CHECK(tb.empty());
  }
}

TEST_CASE("TimerBuckets: a timer added behind the buckets already passed is due next") {
  TimerBuckets tb(10);
  tb.add(1, 100);
  tb.pop_due(55, [](uint32_t, Timestamp) { FAIL("nothing is due at 55"); });
  tb.add(2, 3);  // behind bucket 5
  std::vector<uint32_t> got;
  tb.pop_due(56, [&](uint32_t id, Timestamp) { got.push_back(id); });
  CHECK(got == std::vector<uint32_t>{2});
  tb.pop_due(100, [&](uint32_t id, Timestamp) { got.push_back(id); });
  CHECK(got == std::vector<uint32_t>{2, 1});
  CHECK(tb.empty());
}
