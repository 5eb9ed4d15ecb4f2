#pragma once
// Synthetic records and the per-record functions of the stateless and keyed workloads.
// Both the pipelines and the hand loops call exactly these functions, so the two sides do
// the same work per element.
#include <cstdint>

#include "bench/digest.hpp"
#include "graph/kv.hpp"

namespace rill::bench {

struct Record {
  int64_t key = 0;
  int64_t value = 0;
  int64_t timestamp = 0;  // ms
};

// Record i of the stateless input: a pseudo-random key in [0, 10000) and value.
inline Record make_record(uint64_t i) {
  const uint64_t h = rill::mix64(i + 1);
  return Record{static_cast<int64_t>(h % 10000), static_cast<int64_t>(h >> 44),
                static_cast<int64_t>(1'700'000'000'000LL + static_cast<int64_t>(i))};
}

// The three stateless steps.
inline Record enrich(Record r) {  // Map
  r.value = r.value * 3 + r.key;
  r.timestamp += 1000;
  return r;
}
inline bool keep(const Record& r) {
  return r.value % 4 != 0;
}  // Filter: keeps ~3/4
inline Record reshape(Record r) {  // Map
  r.key = (r.key << 20) | (r.timestamp & 0xFFFFF);
  r.value -= 7;
  return r;
}

struct HashRecord {
  uint64_t operator()(const Record& r) const {
    return hash_combine(hash_combine(static_cast<uint64_t>(r.key), static_cast<uint64_t>(r.value)),
                        static_cast<uint64_t>(r.timestamp));
  }
};

// Element i of the keyed-sum input: a pseudo-random key in [0, k) and a value in [0, 1024).
inline rill::KV<int64_t, int64_t> make_kv(uint64_t i, uint64_t k) {
  const uint64_t h = rill::mix64(i + 1);
  return {static_cast<int64_t>(h % k), static_cast<int64_t>(h >> 54)};
}

}  // namespace rill::bench
