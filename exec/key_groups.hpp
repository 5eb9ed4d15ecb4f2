#pragma once
// Key groups: keyed state is checkpointed in kKeyGroups buckets of the key's stable hash, a
// number fixed for rill and independent of the parallelism (Flink's maximum parallelism), so
// that a later restore can hand whole groups to partitions of another parallelism. Today a
// restore uses the same parallelism: each partition reads back the groups it wrote.
//
// Layout written by save_key_groups: the count of non-empty groups, then per group its
// number, its entry count and its entries (each by `save_one`), groups in ascending order.
#include <array>
#include <cstdint>
#include <vector>

#include "graph/stable_hash.hpp"

namespace rill::exec {

inline constexpr uint32_t kKeyGroups = 128;

inline uint32_t key_group_of(uint64_t key_hash) {
  return bucket_of(key_hash, kKeyGroups);
}

// Writes `entries` (a range) grouped by key group: key_hash_of(entry) -> the key's stable
// hash; save_one(ar, entry) writes one entry.
template <class Archive, class Range, class KeyHashOf, class SaveOne>
void save_key_groups(Archive& ar, const Range& entries, KeyHashOf&& key_hash_of,
                     SaveOne&& save_one) {
  using Entry = std::remove_cvref_t<decltype(*std::begin(entries))>;
  std::array<std::vector<const Entry*>, kKeyGroups> groups;
  for (const auto& e : entries) groups[key_group_of(key_hash_of(e))].push_back(&e);
  uint32_t non_empty = 0;
  for (const auto& g : groups) non_empty += g.empty() ? 0 : 1;
  ar(non_empty);
  for (uint32_t g = 0; g < kKeyGroups; ++g) {
    if (groups[g].empty()) continue;
    ar(g, static_cast<uint64_t>(groups[g].size()));
    for (const Entry* e : groups[g]) save_one(ar, *e);
  }
}

// Reads what save_key_groups wrote: load_one(ar) reads one entry (of any group).
template <class Archive, class LoadOne>
void load_key_groups(Archive& ar, LoadOne&& load_one) {
  uint32_t non_empty = 0;
  ar(non_empty);
  for (uint32_t i = 0; i < non_empty; ++i) {
    uint32_t group = 0;
    uint64_t count = 0;
    ar(group, count);
    for (uint64_t k = 0; k < count; ++k) load_one(ar);
  }
}

}  // namespace rill::exec
