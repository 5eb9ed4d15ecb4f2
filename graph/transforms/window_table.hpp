#pragma once
// WindowTable<K, S>: one state S per (key, window) in a single flat hash table, for the keyed
// paths that need no trigger machinery: the partial combine before a shuffle, and windows
// that fire exactly once at their end (see OnTimeWindowOp).
//
// Lifetime: an entry is created by the first element of its key in its window, and emitted
// and erased by fire_before() once the watermark passes the window's max timestamp.
// Watermark rule: the table holds the output watermark at the smallest max timestamp of the
// windows it still buffers (what it emits is stamped at its window's end).
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "graph/coder.hpp"
#include "graph/windowed_value.hpp"

namespace rill::detail {

template <class K>
struct KeyWindow {
  K key;
  Window window;
  bool operator==(const KeyWindow&) const = default;
};

template <class K>
struct KeyWindowHash {
  static uint64_t of(const K& key, const Window& w) {
    return stable_hash(key) ^ mix64(static_cast<uint64_t>(w.start));
  }
};

// Storage: the entries in one dense vector, and an index of (hash, entry) cells with open
// addressing (linear probing, power-of-two size, at most half full). A lookup hashes once,
// probes adjacent cells comparing the full 64-bit hash, and compares the key of one entry.
// Firing compacts the surviving entries and rebuilds the index (it visits every entry
// anyway).
template <class K, class S>
class WindowTable {
 public:
  // The state of (key, window), created with `init` when new. The reference is valid until
  // the next call that adds or fires entries.
  template <class Init>
  S& at(const K& key, const Window& w, Init&& init) {
    return at_hashed(KeyWindowHash<K>::of(key, w), key, w, init);
  }

  // at() for each element of [first, last) (with .window), keyed by key_of(element): calls
  // use(element, state&). A large table misses the cache twice per lookup (the cell, then
  // the entry); here the elements are hashed first, and the loads of the cells and entries
  // of elements a little further on are started ahead of their lookups.
  template <class It, class KeyOf, class Init, class Use>
  void update_all(It first, It last, KeyOf&& key_of, Init&& init, Use&& use) {
    update_if(
        first, last, key_of, [](const auto&) { return true; }, init, use);
  }
  // The same for the elements for which keep(element) is true; the others are left alone.
  template <class It, class KeyOf, class Keep, class Init, class Use>
  void update_if(It first, It last, KeyOf&& key_of, Keep&& keep, Init&& init, Use&& use) {
    const auto n = static_cast<size_t>(last - first);
    hashes_.resize(n);
    for (size_t i = 0; i < n; ++i)
      hashes_[i] = KeyWindowHash<K>::of(key_of(first[i]), first[i].window);
    constexpr size_t kCellsAhead = 16, kEntriesAhead = 8;
    for (size_t i = 0; i < n; ++i) {
      if (!cells_.empty()) {
        if (i + kCellsAhead < n) __builtin_prefetch(&cells_[hashes_[i + kCellsAhead] & mask_]);
        if (i + kEntriesAhead < n) {
          const Cell& c = cells_[hashes_[i + kEntriesAhead] & mask_];
          if (c.entry < entries_.size()) __builtin_prefetch(&entries_[c.entry]);
        }
      }
      auto& e = first[i];
      if (keep(e)) use(e, at_hashed(hashes_[i], key_of(e), e.window, init));
    }
  }

  template <class Init>
  S& at_hashed(uint64_t h, const K& key, const Window& w, Init& init) {
    if (2 * (entries_.size() + 1) > cells_.size()) rebuild(2 * cells_.size());
    size_t i = h & mask_;
    for (;; i = (i + 1) & mask_) {
      const Cell c = cells_[i];
      if (c.entry == kEmpty) break;
      if (c.hash == h) {
        Entry& e = entries_[c.entry];
        if (e.kw.window == w && e.kw.key == key) return e.state;
      }
    }
    cells_[i] = Cell{h, static_cast<uint32_t>(entries_.size())};
    entries_.push_back(Entry{KeyWindow<K>{key, w}, h, init()});
    if (w.max_timestamp() < min_pending_) min_pending_ = w.max_timestamp();
    return entries_.back().state;
  }

  // Calls fire(key, window, state&&) for every window whose max timestamp is before `wm`,
  // then forgets them.
  template <class Fire>
  void fire_before(Timestamp wm, Fire&& fire) {
    if (wm <= min_pending_) return;
    const size_t before = entries_.size();
    Timestamp next_min = kMaxTimestamp;
    size_t kept = 0;
    for (size_t i = 0; i < entries_.size(); ++i) {
      Entry& e = entries_[i];
      const Window& w = e.kw.window;
      if (w.max_timestamp() < wm) {
        fire(std::as_const(e.kw.key), w, std::move(e.state));
      } else {
        next_min = std::min(next_min, w.max_timestamp());
        if (kept != i) entries_[kept] = std::move(e);
        ++kept;
      }
    }
    entries_.erase(entries_.begin() + static_cast<ptrdiff_t>(kept), entries_.end());
    min_pending_ = next_min;
    rebuild(cells_.size(), before);  // sized for what the table held: it fills up again
  }

  Timestamp hold() const { return min_pending_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Cell {
    uint64_t hash = 0;
    uint32_t entry = kEmpty;
  };
  struct Entry {
    KeyWindow<K> kw;
    uint64_t hash;
    S state;
  };

  // Re-indexes the entries in `cells` cells, or in fewer when that is far more than twice
  // `expected` entries need, or in more when the entries need it (at least 16).
  void rebuild(size_t cells, size_t expected = 0) {
    size_t need = 16;
    while (need < 2 * (std::max(entries_.size(), expected) + 1)) need *= 2;
    size_t size = std::max(cells, need);
    if (size > 8 * need) size = need;
    if (size != cells_.size()) {
      cells_.assign(size, Cell{});
    } else {
      std::fill(cells_.begin(), cells_.end(), Cell{});
    }
    mask_ = size - 1;
    for (size_t e = 0; e < entries_.size(); ++e) {
      size_t i = entries_[e].hash & mask_;
      while (cells_[i].entry != kEmpty) i = (i + 1) & mask_;
      cells_[i] = Cell{entries_[e].hash, static_cast<uint32_t>(e)};
    }
  }

  std::vector<Cell> cells_;
  size_t mask_ = 0;
  std::vector<Entry> entries_;
  std::vector<uint64_t> hashes_;  // update_all's scratch
  Timestamp min_pending_ = kMaxTimestamp;
};

}  // namespace rill::detail
