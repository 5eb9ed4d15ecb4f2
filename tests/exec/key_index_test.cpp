// KeyIndex against std::unordered_map under random inserts and erasures, with hashes chosen
// to collide (long probe runs that wrap around the table) and to spread.
#include "exec/key_index.hpp"

#include <doctest/doctest.h>

#include <random>
#include <unordered_map>
#include <vector>

using rill::detail::KeyIndex;

namespace {
void run(uint64_t hash_mask, uint64_t seed) {
  std::mt19937_64 rng(seed);
  KeyIndex index;
  std::unordered_map<uint64_t, uint32_t> model;  // key -> id
  std::vector<uint64_t> keys;                    // ids' keys (UINT64_MAX when free)
  auto hash = [&](uint64_t key) { return (key * 0x9E3779B97F4A7C15ULL) & hash_mask; };
  auto find = [&](uint64_t key) {
    return index.find(hash(key), [&](uint32_t id) { return keys[id] == key; });
  };
  for (int step = 0; step < 20000; ++step) {
    const uint64_t key = rng() % 300;
    const uint32_t id = find(key);
    auto it = model.find(key);
    REQUIRE((id == KeyIndex::kNone) == (it == model.end()));
    if (it != model.end()) REQUIRE(id == it->second);
    if (it == model.end()) {
      const auto fresh = static_cast<uint32_t>(keys.size());
      keys.push_back(key);
      index.insert(hash(key), fresh);
      model.emplace(key, fresh);
    } else if (rng() % 2 == 0) {
      index.erase(hash(key), id);
      keys[id] = UINT64_MAX;
      model.erase(it);
    }
    REQUIRE(index.size() == model.size());
  }
  for (const auto& [key, id] : model) CHECK(find(key) == id);
}
}  // namespace

TEST_CASE("KeyIndex: spread hashes") {
  run(~uint64_t{0}, 1);
}

TEST_CASE("KeyIndex: colliding hashes (few distinct home cells, runs wrap around)") {
  run(0x3, 2);
  run(0xF00000000000000FULL, 3);
}
