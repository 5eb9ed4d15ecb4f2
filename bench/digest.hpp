#pragma once
// Digest: an order-independent fingerprint of a multiset of results. Each element is hashed
// to 64 bits; the digest keeps the count and two independent sums of mixed hashes, so two
// runs that produce the same elements in any order (and any partitioning) compare equal,
// and different results collide with probability about 2^-128.
#include <cstdint>
#include <string_view>

#include "graph/kv.hpp"
#include "graph/stable_hash.hpp"

namespace rill::bench {

struct Digest {
  uint64_t count = 0;
  uint64_t sum_a = 0;
  uint64_t sum_b = 0;

  void add(uint64_t h) {
    ++count;
    sum_a += rill::mix64(h);
    sum_b += rill::mix64(h ^ 0xD6E8FEB86659FD93ULL);
  }
  void merge(const Digest& o) {
    count += o.count;
    sum_a += o.sum_a;
    sum_b += o.sum_b;
  }
  friend bool operator==(const Digest&, const Digest&) = default;
};

inline uint64_t hash_combine(uint64_t h, uint64_t x) {
  return rill::mix64(h ^ (x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2)));
}

// The element hashes the workloads use, on both the rill and the hand-loop side.
struct HashKV {
  uint64_t operator()(const rill::KV<int64_t, int64_t>& kv) const {
    return hash_combine(static_cast<uint64_t>(kv.key), static_cast<uint64_t>(kv.value));
  }
};

struct HashString {
  uint64_t operator()(std::string_view s) const { return rill::hash_bytes(s.data(), s.size()); }
};

}  // namespace rill::bench
