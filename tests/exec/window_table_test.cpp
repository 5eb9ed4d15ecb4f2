// WindowTable against a std::map model: random lookups (string keys, several windows per key),
// firing at random watermarks (fired entries, their states, the hold), growth and shrinking.
#include "exec/window_table.hpp"

#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <tuple>

using namespace rill;
using rill::detail::WindowTable;

TEST_CASE("WindowTable keeps one state per (key, window) and fires what the watermark passes") {
  std::mt19937_64 rng(11);
  WindowTable<std::string, int64_t> table;
  std::map<std::tuple<std::string, Timestamp, Timestamp>, int64_t> model;
  Timestamp wm = kMinTimestamp;
  for (int step = 0; step < 30000; ++step) {
    if (rng() % 50 != 0) {
      const std::string key = "key-" + std::to_string(rng() % (step < 15000 ? 2000 : 50));
      const Timestamp start =
          std::max<Timestamp>(wm, 0) / 10 * 10 + static_cast<int64_t>(rng() % 5) * 10;
      const Window w{start, start + 10};
      const auto v = static_cast<int64_t>(rng() % 100);
      table.at(key, w, [] { return int64_t{0}; }) += v;
      model[{key, w.start, w.end}] += v;
    } else {
      wm += static_cast<int64_t>(rng() % 40);
      std::map<std::tuple<std::string, Timestamp, Timestamp>, int64_t> fired;
      table.fire_before(wm, [&](const std::string& k, const Window& w, int64_t&& s) {
        CHECK(fired.emplace(std::tuple{k, w.start, w.end}, s).second);
      });
      for (auto it = model.begin(); it != model.end();) {
        if (std::get<2>(it->first) - 1 < wm) {
          auto f = fired.find(it->first);
          REQUIRE(f != fired.end());
          CHECK(f->second == it->second);
          fired.erase(f);
          it = model.erase(it);
        } else {
          ++it;
        }
      }
      CHECK(fired.empty());
    }
    REQUIRE(table.size() == model.size());
    if (step % 64 != 0) continue;
    Timestamp hold = kMaxTimestamp;
    for (const auto& [kw, s] : model) hold = std::min(hold, std::get<2>(kw) - 1);
    REQUIRE(table.hold() == hold);
  }
}

TEST_CASE("WindowTable::update_all finds or creates each element's state, in order") {
  struct El {
    int64_t key;
    Window window;
    int64_t value;
  };
  std::mt19937_64 rng(12);
  WindowTable<int64_t, std::vector<int64_t>> table;
  std::map<std::pair<int64_t, Timestamp>, std::vector<int64_t>> model;
  for (int b = 0; b < 200; ++b) {
    std::vector<El> batch;
    const size_t n = rng() % 100;  // also empty and short batches (fewer than the look-ahead)
    for (size_t i = 0; i < n; ++i) {
      const auto start = static_cast<Timestamp>(rng() % 4) * 10;
      batch.push_back({static_cast<int64_t>(rng() % (b < 100 ? 5000 : 20)),
                       Window{start, start + 10}, static_cast<int64_t>(rng())});
    }
    int64_t created = 0;
    table.update_all(
        batch.begin(), batch.end(), [](const El& e) -> const int64_t& { return e.key; },
        [&] {
          ++created;
          return std::vector<int64_t>{};
        },
        [](const El& e, std::vector<int64_t>& s) { s.push_back(e.value); });
    const size_t before = model.size();
    for (const El& e : batch) model[{e.key, e.window.start}].push_back(e.value);
    CHECK(created == static_cast<int64_t>(model.size() - before));
    REQUIRE(table.size() == model.size());
  }
  std::map<std::pair<int64_t, Timestamp>, std::vector<int64_t>> fired;
  table.fire_before(kMaxTimestamp,
                    [&](const int64_t& k, const Window& w, std::vector<int64_t>&& s) {
                      fired[{k, w.start}] = std::move(s);
                    });
  CHECK(fired == model);
  CHECK(table.empty());
}
