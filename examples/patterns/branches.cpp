#include "examples/patterns/branches.hpp"

#include <cstdio>

namespace rill::examples::patterns {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::string hex16(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

uint64_t order_fingerprint(std::string_view order_id, int rounds) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : order_id) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  for (int i = 0; i < rounds; ++i) h = splitmix64(h);
  return h;
}

Branches heavy_and_light_branches(const PCollection<Order>& orders, int rounds) {
  auto heavy = orders | Reshuffle("SpreadHeavyWork") | Map("Fingerprint", [rounds](const Order& o) {
                 return o.order_id + "," + hex16(order_fingerprint(o.order_id, rounds));
               });
  auto light = orders | Map("Category", [](const Order& o) { return o.category; }) |
               Count::PerElement("CountPerCategory") |
               Map("FormatCount", [](const KV<std::string, int64_t>& kv) {
                 return kv.key + "," + std::to_string(kv.value);
               });
  return {heavy, light};
}

}  // namespace rill::examples::patterns
