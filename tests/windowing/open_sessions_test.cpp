// OpenSessions against a brute-force model: the open sessions are the connected components of
// the intervals inserted since the last firing (Beam's interval merge rule), each holding the
// values of its intervals in insertion order when merges fold in start order.
#include "windowing/open_sessions.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <vector>

using namespace rill;

namespace {

using Acc = std::vector<int>;
auto init = [] { return Acc{}; };
auto merge = [](Acc& into, Acc&& from) { into.insert(into.end(), from.begin(), from.end()); };

struct Model {
  struct S {
    Window w;
    std::vector<int> values;
  };
  std::vector<S> open;
  void insert(const Window& w, int value) {
    S merged{w, {}};
    std::vector<S> rest;
    std::vector<S> hits;
    for (S& s : open) (s.w.intersects(w) ? hits : rest).push_back(std::move(s));
    std::sort(hits.begin(), hits.end(), [](const S& a, const S& b) { return a.w < b.w; });
    for (S& h : hits) {
      merged.w = merged.w.span(h.w);
      merged.values.insert(merged.values.end(), h.values.begin(), h.values.end());
    }
    merged.values.push_back(value);
    rest.push_back(std::move(merged));
    open = std::move(rest);
    std::sort(open.begin(), open.end(), [](const S& a, const S& b) { return a.w < b.w; });
  }
};

}  // namespace

TEST_CASE("OpenSessions: in-order intervals extend the last session, a gap starts a new one") {
  OpenSessions<Acc> s;
  s.insert(Window{0, 10}, init, merge).push_back(1);
  s.insert(Window{5, 15}, init, merge).push_back(2);
  s.insert(Window{15, 25}, init, merge).push_back(3);  // touches [0, 15): a new session
  REQUIRE(s.size() == 2);
  CHECK(s.first_end() == 15);
  std::vector<std::pair<Window, Acc>> fired;
  auto fire = [&](const Window& w, Acc&& a) { fired.emplace_back(w, std::move(a)); };
  CHECK(s.fire_before(14, fire) == 0);
  CHECK(s.fire_before(15, fire) == 1);  // end <= watermark
  REQUIRE(fired.size() == 1);
  CHECK(fired[0].first == Window{0, 15});
  CHECK(fired[0].second == Acc{1, 2});
  // An interval bridging two sessions merges them, in start order.
  s.insert(Window{40, 50}, init, merge).push_back(4);
  s.insert(Window{20, 45}, init, merge).push_back(5);
  REQUIRE(s.size() == 1);
  CHECK(s.fire_before(100, fire) == 1);
  CHECK(fired[1].first == Window{15, 50});
  CHECK(fired[1].second == Acc{3, 4, 5});
  CHECK(s.empty());
}

TEST_CASE("OpenSessions agrees with the connected components of its intervals") {
  std::mt19937 rng(5);
  for (int round = 0; round < 200; ++round) {
    OpenSessions<Acc> s;
    Model m;
    Timestamp cursor = 0, wm = kMinTimestamp;
    int value = 0;
    for (int step = 0; step < 200; ++step) {
      if (rng() % 5 != 0) {
        cursor += static_cast<Timestamp>(rng() % 4);
        // Mostly in order; sometimes far behind, sometimes a long (already merged) interval.
        const Timestamp start = cursor - static_cast<Timestamp>(rng() % 3 == 0 ? rng() % 40 : 0);
        const Timestamp len = 1 + static_cast<Timestamp>(rng() % 8 == 0 ? rng() % 30 : rng() % 6);
        const Window w{start, start + len};
        if (w.max_timestamp() < wm) continue;  // the caller drops expired intervals
        s.insert(w, init, merge).push_back(value);
        m.insert(w, value);
        ++value;
      } else {
        wm = std::max(wm, cursor - static_cast<Timestamp>(rng() % 10));
        std::vector<std::pair<Window, Acc>> got, want;
        s.fire_before(wm, [&](const Window& w, Acc&& a) { got.emplace_back(w, std::move(a)); });
        std::vector<Model::S> rest;
        for (Model::S& x : m.open)
          if (x.w.end <= wm) {
            want.emplace_back(x.w, std::move(x.values));
          } else {
            rest.push_back(std::move(x));
          }
        m.open = std::move(rest);
        REQUIRE(got == want);
      }
      REQUIRE(s.size() == m.open.size());
      if (!s.empty()) REQUIRE(s.first_end() == m.open.front().w.end);
    }
  }
}
