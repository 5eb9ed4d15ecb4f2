#pragma once
// WindowTable<K, S>: one state S per (key, window) in a single flat hash table, for the keyed
// paths that need no trigger machinery: the partial combine before a shuffle, and windows
// that fire exactly once at their end (see OnTimeWindowOp).
//
// Lifetime: an entry is created by the first element of its key in its window, and emitted
// and erased by fire_before() once the watermark passes the window's max timestamp.
// Checkpointed whole (save/load), by key group.
// Watermark rule: the table holds the output watermark at the smallest max timestamp of the
// windows it still buffers (what it emits is stamped at its window's end).
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "exec/key_groups.hpp"
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
// Firing scans the entries and removes each fired one in O(1): its cell is deleted with a
// backward shift and the last entry moves into its place.
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
    Timestamp next_min = kMaxTimestamp;
    for (size_t i = 0; i < entries_.size();) {
      Entry& e = entries_[i];
      const Window& w = e.kw.window;
      if (w.max_timestamp() >= wm) {
        next_min = std::min(next_min, w.max_timestamp());
        ++i;
        continue;
      }
      fire(std::as_const(e.kw.key), w, std::move(e.state));
      remove(i);  // the last entry takes its place and is looked at next
    }
    min_pending_ = next_min;
  }

  Timestamp hold() const { return min_pending_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  // Checkpoints: every entry (key, window, state), by key group; load() replaces the table.
  static constexpr bool kCheckpointable = is_serializable_v<K> && is_serializable_v<S>;
  template <class A>
  void save(A& ar) const {
    exec::save_key_groups(
        ar, entries_, [](const Entry& e) { return stable_hash(e.kw.key); },
        [](A& a, const Entry& e) { a(e.kw.key, e.kw.window, e.state); });
  }
  template <class A>
  void load(A& ar) {
    cells_.clear();
    mask_ = 0;
    entries_.clear();
    min_pending_ = kMaxTimestamp;
    exec::load_key_groups(ar, [&](A& a) {
      K key{};
      Window w;
      S state{};
      a(key, w, state);
      at(key, w, [&] { return std::move(state); });
    });
  }

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

  // Re-indexes the entries in `cells` cells (a power of two, at least twice the entries).
  void rebuild(size_t cells) {
    size_t size = std::max<size_t>(cells, 16);
    while (size < 2 * (entries_.size() + 1)) size *= 2;
    cells_.assign(size, Cell{});
    mask_ = size - 1;
    for (size_t e = 0; e < entries_.size(); ++e) {
      size_t i = entries_[e].hash & mask_;
      while (cells_[i].entry != kEmpty) i = (i + 1) & mask_;
      cells_[i] = Cell{entries_[e].hash, static_cast<uint32_t>(e)};
    }
  }

  // The cell that points at entry `entry` (stored under hash h).
  size_t cell_of(uint64_t h, size_t entry) const {
    size_t i = h & mask_;
    while (cells_[i].entry != entry) i = (i + 1) & mask_;
    return i;
  }

  // Removes entry i: its cell goes (later cells of the probe run shift back into the hole
  // unless their home lies cyclically in (hole, cell]), and the last entry moves into i.
  void remove(size_t i) {
    size_t hole = cell_of(entries_[i].hash, i);
    for (size_t j = (hole + 1) & mask_;; j = (j + 1) & mask_) {
      const Cell& c = cells_[j];
      if (c.entry == kEmpty) break;
      const size_t home = c.hash & mask_;
      const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
      if (stays) continue;
      cells_[hole] = c;
      hole = j;
    }
    cells_[hole] = Cell{};
    const size_t last = entries_.size() - 1;
    if (i != last) {
      cells_[cell_of(entries_[last].hash, last)].entry = static_cast<uint32_t>(i);
      entries_[i] = std::move(entries_[last]);
    }
    entries_.pop_back();
  }

  std::vector<Cell> cells_;
  size_t mask_ = 0;
  std::vector<Entry> entries_;
  std::vector<uint64_t> hashes_;  // update_all's scratch
  Timestamp min_pending_ = kMaxTimestamp;
};

}  // namespace rill::detail
