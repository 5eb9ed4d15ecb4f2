#pragma once
// Pattern: one input feeding two parallel branches, a heavy one and a light one. Both read
// the same orders; neither waits for the other, so the light branch finishes long before the
// heavy one. The heavy branch starts with a Reshuffle: its per-element work is spread over all
// partitions of its own stage instead of staying wherever the orders happened to be read.
//   heavy: "order_id,fingerprint"   a key-stretched 64-bit fingerprint (16 hex digits),
//                                   standing in for any CPU-bound per-element work
//   light: "category,orders"        the number of orders per category
#include <cstdint>
#include <string>
#include <string_view>

#include "examples/patterns/order.hpp"
#include "rill.hpp"

namespace rill::examples::patterns {

// Enough rounds that the heavy branch is visibly the slow one, few enough for tests.
inline constexpr int kFingerprintRounds = 5'000;

// FNV-1a (64-bit) of `order_id`, then `rounds` rounds of the splitmix64 finalizer.
uint64_t order_fingerprint(std::string_view order_id, int rounds);

struct Branches {
  PCollection<std::string> fingerprints;     // heavy
  PCollection<std::string> category_counts;  // light
};

Branches heavy_and_light_branches(const PCollection<Order>& orders,
                                  int rounds = kFingerprintRounds);

}  // namespace rill::examples::patterns
