#pragma once
// HotKeySketch: the most frequent keys on a keyed (hash) edge, by the space-saving algorithm
// (Metwally et al.) over a sample of the elements. Plain C++.
//
// Why sampled, and at the sender: the hash edge writer is where every keyed element's key is
// hashed anyway; observing one element in kStride there (hashing it again) keeps the hot path
// as it was. Counts are scaled back by kStride, so they are estimates; `error` bounds the
// overestimate of the sketch itself (sampling adds its own noise).
//
// Lifetime: one per hash edge writer, i.e. per sending partition; never snapshotted (a
// restart starts a new sketch; the job keeps the failed attempt's last report). The job
// merges the partitions' entries by key text.
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/describe.hpp"

namespace rill {

class HotKeySketch {
 public:
  static constexpr size_t kStride = 64;   // observe one element in kStride, on average
  static constexpr size_t kEntries = 16;  // keys tracked per sketch

  struct Entry {
    uint64_t hash = 0;
    int64_t count = 0, error = 0;  // in samples
    std::string key;               // text, set once the key recurs
  };

  // Samples `batch` (elements with .value.key), hashing with `hash_of`. Keeps the phase across
  // batches so that small batches are sampled too. The gaps vary (kStride/2 .. 3kStride/2):
  // a fixed stride would alias with a periodic stream (every other element hot, say).
  template <class Batch, class HashOf>
  void observe_batch(const Batch& batch, HashOf&& hash_of) {
    size_t i = phase_;
    for (; i < batch.size(); i += next_gap()) {
      const auto& key = batch[i].value.key;
      observe(hash_of(key), key);
    }
    phase_ = i - batch.size();
  }

  template <class Key>
  void observe(uint64_t h, const Key& key) {
    Entry* slot = nullptr;
    for (auto& e : entries_)
      if (e.count > 0 && e.hash == h) {
        slot = &e;
        break;
      }
    if (!slot) {  // replace the least counted entry: it inherits its count as error
      slot = &*std::min_element(entries_.begin(), entries_.end(),
                                [](const Entry& a, const Entry& b) { return a.count < b.count; });
      slot->hash = h;
      slot->error = slot->count;
      slot->key.clear();
    }
    ++slot->count;
    // The text only for a key seen at least twice beyond its error: a stream of distinct keys
    // churns the sketch without formatting each one.
    if (slot->key.empty() && slot->count - slot->error >= 2) slot->key = describe(key);
  }

  // The tracked keys that recurred, largest first, counts scaled to elements.
  std::vector<Entry> top() const {
    std::vector<Entry> out;
    for (const auto& e : entries_)
      if (!e.key.empty())
        out.push_back(Entry{e.hash, e.count * static_cast<int64_t>(kStride),
                            e.error * static_cast<int64_t>(kStride), e.key});
    std::sort(out.begin(), out.end(),
              [](const Entry& a, const Entry& b) { return a.count > b.count; });
    return out;
  }

 private:
  size_t next_gap() {  // xorshift64
    rng_ ^= rng_ << 13;
    rng_ ^= rng_ >> 7;
    rng_ ^= rng_ << 17;
    return kStride / 2 + static_cast<size_t>(rng_ % kStride);
  }

  std::array<Entry, kEntries> entries_{};
  size_t phase_ = 0;
  uint64_t rng_ = 0x9e3779b97f4a7c15ULL;
};

}  // namespace rill
