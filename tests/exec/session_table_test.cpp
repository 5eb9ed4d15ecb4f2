// SessionTable against a brute-force model: per key, the open sessions are the connected
// components of the intervals inserted since they last fired; fire_before(wm) emits those that
// end at or before wm. Run with and without update_if's prefetching (prefetch_from 0 forces
// it), over few and many keys, with data in order, a little out of order (as two readers'
// batches interleave) and far behind.
#include "exec/session_table.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>
#include <vector>

using namespace rill;

namespace {

struct Element {
  int64_t key;
  int64_t value;
  Window window;
};

struct Model {
  std::map<int64_t, std::vector<std::pair<Window, int64_t>>> open;  // key -> (session, sum)
  void insert(const Element& e) {
    auto& sessions = open[e.key];
    Window w = e.window;
    int64_t sum = e.value;
    std::vector<std::pair<Window, int64_t>> rest;
    for (const auto& [s, v] : sessions) {
      if (s.intersects(e.window)) {
        w = w.span(s);
        sum += v;
      } else {
        rest.emplace_back(s, v);
      }
    }
    rest.emplace_back(w, sum);
    sessions = std::move(rest);
  }
  // Removes and returns the sessions ending at or before wm.
  std::vector<std::tuple<int64_t, Window, int64_t>> fire(Timestamp wm) {
    std::vector<std::tuple<int64_t, Window, int64_t>> out;
    for (auto it = open.begin(); it != open.end();) {
      auto& sessions = it->second;
      for (const auto& [s, v] : sessions)
        if (s.end <= wm) out.emplace_back(it->first, s, v);
      std::erase_if(sessions, [&](const auto& x) { return x.first.end <= wm; });
      it = sessions.empty() ? open.erase(it) : std::next(it);
    }
    return out;
  }
  Timestamp first_end() const {
    Timestamp t = kMaxTimestamp;
    for (const auto& [k, sessions] : open)
      for (const auto& [s, v] : sessions) t = std::min(t, s.end);
    return t;
  }
};

void run(uint64_t seed, int64_t keys, size_t prefetch_from) {
  CAPTURE(seed);
  CAPTURE(keys);
  CAPTURE(prefetch_from);
  constexpr Duration kGap = 40;
  detail::SessionTable<int64_t, int64_t> table(kGap / 4, prefetch_from);
  Model model;
  std::mt19937_64 rng(seed);
  Timestamp cursor = 0, wm = kMinTimestamp;
  auto init = [] { return int64_t{0}; };
  auto merge = [](int64_t& into, int64_t&& from) { into += from; };
  // What the table and the model fire at t, each sorted; returns how many fired.
  auto fire_both = [&](Timestamp t) {
    std::vector<std::tuple<int64_t, Window, int64_t>> got;
    table.fire_before(t, [&](const int64_t& key, const Window& w, int64_t&& sum) {
      got.emplace_back(key, w, sum);
    });
    auto want = model.fire(t);
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    REQUIRE(got == want);
    return want.size();
  };
  for (int step = 0; step < 300; ++step) {
    if (rng() % 3 != 0) {
      std::vector<Element> batch;
      for (int i = 0; i < 64; ++i) {
        cursor += static_cast<Timestamp>(rng() % 3);
        // Mostly in order; a quarter up to a gap behind; a few far behind (bridging).
        const auto r = rng() % 16;
        const Timestamp behind = static_cast<Timestamp>(r < 12   ? 0
                                                        : r < 15 ? rng() % kGap
                                                                 : rng() % (4 * kGap));
        const Timestamp ts = cursor - behind;
        const Element e{static_cast<int64_t>(rng() % static_cast<uint64_t>(keys)),
                        static_cast<int64_t>(rng() % 100), Window{ts, ts + kGap}};
        if (e.window.max_timestamp() < wm) continue;  // late: the operator drops it first
        batch.push_back(e);
        model.insert(e);
      }
      table.update_if(
          batch.begin(), batch.end(), [](const Element& e) -> const int64_t& { return e.key; },
          [](const Element&) { return true; }, init, merge,
          [](const Element& e, int64_t& acc) { acc += e.value; });
    } else {
      wm = std::max(wm, cursor - static_cast<Timestamp>(kGap + rng() % (2 * kGap)));
      fire_both(wm);
    }
    REQUIRE(table.empty() == model.open.empty());
    // The hold: never after what an open session will emit (its max timestamp), never
    // before the watermark last fired.
    if (!model.open.empty()) {
      REQUIRE(table.hold() <= model.first_end() - 1);
      if (wm != kMinTimestamp) REQUIRE(table.hold() >= wm);
    } else {
      REQUIRE(table.hold() == kMaxTimestamp);
    }
  }
  CHECK(fire_both(kMaxTimestamp) > 0);
  CHECK(table.empty());
}

}  // namespace

TEST_CASE("SessionTable agrees with a brute-force model, with and without prefetching") {
  for (uint64_t seed : {1u, 2u, 3u})
    for (int64_t keys : {int64_t{7}, int64_t{3000}})
      for (size_t prefetch_from :
           {size_t{0}, detail::SessionTable<int64_t, int64_t>::kPrefetchFrom})
        run(seed, keys, prefetch_from);
}
