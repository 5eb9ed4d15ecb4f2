#pragma once
// SessionTable<K, Acc>: every key's open sessions (OpenSessions, windowing/) for session
// windows that fire once, on time (see OnTimeSessionOp). A key's entry lives in a slab found
// through a KeyIndex (one hash and one probe per element, none when consecutive elements
// share the key).
//
// Lifetime of a key's entry: created by its first interval; freed (back to the free list,
// keeping its storage) once its last session fired.
//
// Timers, lazily: an entry with sessions has one registered time in TimerBuckets, at most the
// end of its first session. Growing a session (in-order data, the usual case) moves its end
// later and leaves the registration alone; only a new first session that ends earlier
// registers again (the older registration goes stale and is skipped when it comes up). When
// the watermark passes a registered time, the entry fires what is due and registers its new
// first end: an early registration costs one extra O(1) visit.
// Watermark rule: what the table emits is stamped at its session's max timestamp. Every open
// session ends after the last watermark fired (fire_before) and at or after the first pending
// timer bucket, so the table holds the output watermark at max(that bucket's start - 1, wm).
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "exec/key_groups.hpp"
#include "exec/key_index.hpp"
#include "exec/timer_buckets.hpp"
#include "graph/coder.hpp"
#include "windowing/open_sessions.hpp"

namespace rill::detail {

template <class K, class Acc>
class SessionTable {
 public:
  // Fewer keys than this, and their entries and index cells fit in L2.
  static constexpr size_t kPrefetchFrom = 4096;

  // timer_width: the timer bucket width, in the order of the session gap. prefetch_from: the
  // number of keys from which update_if() prefetches (below it the table stays in cache).
  explicit SessionTable(Duration timer_width, size_t prefetch_from = kPrefetchFrom)
      : prefetch_from_(prefetch_from), timers_(timer_width) {}

  // Inserts interval w for key (OpenSessions::insert) and returns the accumulator of the
  // session containing it; valid until the next call that adds or fires.
  template <class Init, class Merge>
  Acc& at(const K& key, const Window& w, Init&& init, Merge&& merge) {
    return at_hashed(stable_hash(key), key, w, init, merge);
  }
  template <class Init, class Merge>
  Acc& at_hashed(uint64_t h, const K& key, const Window& w, Init& init, Merge& merge) {
    // The hash, not the entry, is compared first: the entry's load must not wait for the
    // previous lookup (that would chain every lookup of a batch to the one before).
    if (h != last_hash_ || last_ == KeyIndex::kNone || !(entries_[last_].key == key)) {
      last_ = lookup(h, key);
      last_hash_ = h;
    }
    Entry& en = entries_[last_];
    Acc& acc = en.sessions.insert(w, init, merge);
    const Timestamp first_end = en.sessions.first_end();
    if (first_end < en.timer) {
      en.timer = first_end;
      timers_.add(last_, first_end);
    }
    return acc;
  }

  // at() for each element of [first, last) (with .window) for which keep(element) holds,
  // keyed by key_of(element): calls use(element, Acc&). A lookup misses the cache up to twice
  // (the index cell, then the entry holding the newest session), the second load waiting for
  // the first; here the batch is hashed first and both are started a few elements ahead.
  template <class It, class KeyOf, class Keep, class Init, class Merge, class Use>
  void update_if(It first, It last, KeyOf&& key_of, Keep&& keep, Init&& init, Merge&& merge,
                 Use&& use) {
    const auto n = static_cast<size_t>(last - first);
    if (entries_.size() < prefetch_from_) {  // the table is in cache: prefetching only costs
      for (It it = first; it != last; ++it)
        if (keep(*it)) {
          const K& key = key_of(*it);
          use(*it, at_hashed(stable_hash(key), key, it->window, init, merge));
        }
      return;
    }
    hashes_.resize(n);
    for (size_t i = 0; i < n; ++i) hashes_[i] = stable_hash(key_of(first[i]));
    constexpr size_t kCellsAhead = 12, kEntriesAhead = 6;
    for (size_t i = 0; i < n; ++i) {
      if (i + kCellsAhead < n) index_.prefetch(hashes_[i + kCellsAhead]);
      if (i + kEntriesAhead < n) {
        const uint32_t id = index_.first_id(hashes_[i + kEntriesAhead]);
        if (id < entries_.size()) {  // an entry may straddle two cache lines
          __builtin_prefetch(&entries_[id]);
          __builtin_prefetch(reinterpret_cast<const char*>(&entries_[id] + 1) - 1);
        }
      }
      auto& e = first[i];
      if (keep(e)) use(e, at_hashed(hashes_[i], key_of(e), e.window, init, merge));
    }
  }

  // Calls fire(key, window, Acc&&) for every session whose max timestamp is before wm
  // (end <= wm), then forgets them.
  template <class Fire>
  void fire_before(Timestamp wm, Fire&& fire) {
    if (wm <= wm_) return;
    wm_ = wm;
    timers_.pop_due(wm, [&](uint32_t id, Timestamp time) {
      Entry& en = entries_[id];
      if (time != en.timer) return;  // stale: the entry registered an earlier time since
      en.sessions.fire_before(
          wm, [&](const Window& w, Acc&& acc) { fire(std::as_const(en.key), w, std::move(acc)); });
      if (en.sessions.empty()) {
        release(id);
      } else {
        en.timer = en.sessions.first_end();  // > wm
        timers_.add(id, en.timer);
      }
    });
  }

  Timestamp hold() const {
    if (empty()) return kMaxTimestamp;
    const Timestamp bound = timers_.lower_bound();
    return std::max(bound == TimerBuckets::kNone ? kMaxTimestamp : bound - 1, wm_);
  }
  // No open session: an entry is freed exactly when its last session fires.
  bool empty() const { return entries_.size() == free_.size(); }

  // Checkpoints: the watermark fired and every key's open sessions, by key group; load()
  // into an empty table.
  static constexpr bool kCheckpointable = is_serializable_v<K> && is_serializable_v<Acc>;
  template <class A>
  void save(A& ar) const {
    ar(wm_);
    std::vector<const Entry*> live;
    for (const Entry& en : entries_)
      if (!en.sessions.empty()) live.push_back(&en);
    exec::save_key_groups(
        ar, live, [](const Entry* en) { return stable_hash(en->key); },
        [](A& a, const Entry* en) {
          a(en->key, static_cast<uint64_t>(en->sessions.size()));
          en->sessions.for_each([&](const Window& w, const Acc& acc) { a(w, acc); });
        });
  }
  template <class A>
  void load(A& ar) {
    ar(wm_);
    exec::load_key_groups(ar, [&](A& a) {
      K key{};
      uint64_t n = 0;
      a(key, n);
      const uint32_t id = lookup(stable_hash(key), key);
      Entry& en = entries_[id];
      for (uint64_t i = 0; i < n; ++i) {
        Window w;
        Acc acc{};
        a(w, acc);
        en.sessions.restore_append(w, std::move(acc));
      }
      if (!en.sessions.empty()) {
        en.timer = en.sessions.first_end();
        timers_.add(id, en.timer);
      }
    });
  }

 private:
  static constexpr Timestamp kNoTimer = TimerBuckets::kNone;
  // One cache line for small keys and accumulators (64 bytes for int64 ones): a lookup then
  // touches one line of the slab, and a partition's slab of a few thousand keys stays in L2.
  struct alignas(64) Entry {
    K key;
    Timestamp timer = kNoTimer;  // the registered time that counts (earlier ones are stale)
    OpenSessions<Acc> sessions;
  };

  // The entry of `key`, created (or reused from the free list) when new.
  uint32_t lookup(uint64_t h, const K& key) {
    const uint32_t id = index_.find(h, [&](uint32_t i) { return entries_[i].key == key; });
    return id != KeyIndex::kNone ? id : add_entry(h, key);
  }

  [[gnu::noinline]] uint32_t add_entry(uint64_t h, const K& key) {
    uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
      entries_[id].key = key;
    } else {
      id = static_cast<uint32_t>(entries_.size());
      entries_.push_back(Entry{key, kNoTimer, {}});
    }
    index_.insert(h, id);
    return id;
  }

  void release(uint32_t id) {
    Entry& en = entries_[id];
    index_.erase(stable_hash(en.key), id);
    en.sessions.clear();
    en.timer = kNoTimer;
    free_.push_back(id);
    if (last_ == id) last_ = KeyIndex::kNone;
  }

  size_t prefetch_from_;
  KeyIndex index_;  // stable_hash(key) -> entries_ index
  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;
  TimerBuckets timers_;
  Timestamp wm_ = kMinTimestamp;     // the last watermark fired: every open session ends after it
  uint32_t last_ = KeyIndex::kNone;  // the entry of the last key looked up
  uint64_t last_hash_ = 0;           // and its hash
  std::vector<uint64_t> hashes_;     // update_if's scratch
};

}  // namespace rill::detail
