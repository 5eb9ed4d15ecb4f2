#pragma once
// The table of a partial (pre-shuffle) combine: one accumulator per (key, window).
//
// Lifetime: an entry is created by the first input of that key in that window and emitted
// and erased by fire_before(); the partial combine calls it with the end of time to flush.
// Watermark rule: the table holds the output watermark at the smallest max timestamp of the
// windows it still buffers (partials are stamped at their window's end).
#include <unordered_map>
#include <vector>

#include "graph/coder.hpp"
#include "graph/windowed_value.hpp"

namespace rill::detail {

template <class K, class S>
class CombineTable {
 public:
  struct Entry {
    Window window;
    S state;
  };

  // The state of (key, window), created with `init` when new.
  template <class Init>
  S& at(const K& key, const Window& w, Init&& init) {
    auto& entries = table_[key];
    for (auto& e : entries)
      if (e.window == w) return e.state;
    entries.push_back(Entry{w, init()});
    if (w.max_timestamp() < min_pending_) min_pending_ = w.max_timestamp();
    return entries.back().state;
  }

  // Calls fire(key, window, state&&) for every window whose max timestamp is before `wm`,
  // then forgets them.
  template <class Fire>
  void fire_before(Timestamp wm, Fire&& fire) {
    if (wm <= min_pending_) return;
    Timestamp next_min = kMaxTimestamp;
    for (auto it = table_.begin(); it != table_.end();) {
      auto& entries = it->second;
      for (size_t i = 0; i < entries.size();) {
        if (entries[i].window.max_timestamp() < wm) {
          fire(it->first, entries[i].window, std::move(entries[i].state));
          entries[i] = std::move(entries.back());
          entries.pop_back();
        } else {
          next_min = std::min(next_min, entries[i].window.max_timestamp());
          ++i;
        }
      }
      it = entries.empty() ? table_.erase(it) : std::next(it);
    }
    min_pending_ = next_min;
  }

  Timestamp hold() const { return min_pending_; }
  size_t keys() const { return table_.size(); }

 private:
  std::unordered_map<K, std::vector<Entry>, KeyHash<K>> table_;
  Timestamp min_pending_ = kMaxTimestamp;
};

}  // namespace rill::detail
