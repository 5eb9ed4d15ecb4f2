#pragma once
// WindowTable<K, S>: one state S per (key, window) in a single hash table (one node per
// entry, the state inline), for the keyed paths that need no trigger machinery: the partial
// combine before a shuffle, and windows that fire exactly once at their end (see
// OnTimeWindowOp).
//
// Lifetime: an entry is created by the first element of its key in its window, and emitted
// and erased by fire_before() once the watermark passes the window's max timestamp.
// Watermark rule: the table holds the output watermark at the smallest max timestamp of the
// windows it still buffers (what it emits is stamped at its window's end).
#include <unordered_map>

#include "graph/coder.hpp"
#include "graph/windowed_value.hpp"

namespace rill::detail {

template <class K>
struct KeyWindow {
  K key;
  Window window;
  bool operator==(const KeyWindow&) const = default;
};

// Looks a (key, window) up without copying the key.
template <class K>
struct KeyWindowRef {
  const K& key;
  const Window& window;
};

template <class K>
struct KeyWindowHash {
  using is_transparent = void;
  static size_t of(const K& key, const Window& w) {
    return static_cast<size_t>(stable_hash(key) ^ mix64(static_cast<uint64_t>(w.start)));
  }
  size_t operator()(const KeyWindow<K>& kw) const { return of(kw.key, kw.window); }
  size_t operator()(const KeyWindowRef<K>& kw) const { return of(kw.key, kw.window); }
};

template <class K>
struct KeyWindowEq {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return a.window == b.window && a.key == b.key;
  }
};

template <class K, class S>
class WindowTable {
 public:
  // The state of (key, window), created with `init` when new.
  template <class Init>
  S& at(const K& key, const Window& w, Init&& init) {
    auto it = table_.find(KeyWindowRef<K>{key, w});
    if (it == table_.end()) {
      it = table_.emplace(KeyWindow<K>{key, w}, init()).first;
      if (w.max_timestamp() < min_pending_) min_pending_ = w.max_timestamp();
    }
    return it->second;
  }

  // Calls fire(key, window, state&&) for every window whose max timestamp is before `wm`,
  // then forgets them.
  template <class Fire>
  void fire_before(Timestamp wm, Fire&& fire) {
    if (wm <= min_pending_) return;
    Timestamp next_min = kMaxTimestamp;
    for (auto it = table_.begin(); it != table_.end();) {
      const Window& w = it->first.window;
      if (w.max_timestamp() < wm) {
        fire(it->first.key, w, std::move(it->second));
        it = table_.erase(it);
      } else {
        next_min = std::min(next_min, w.max_timestamp());
        ++it;
      }
    }
    min_pending_ = next_min;
  }

  Timestamp hold() const { return min_pending_; }
  size_t size() const { return table_.size(); }
  bool empty() const { return table_.empty(); }

 private:
  std::unordered_map<KeyWindow<K>, S, KeyWindowHash<K>, KeyWindowEq<K>> table_;
  Timestamp min_pending_ = kMaxTimestamp;
};

}  // namespace rill::detail
