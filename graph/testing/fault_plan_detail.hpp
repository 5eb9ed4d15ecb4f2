#pragma once
// Internal to graph/testing/fault_plan*.cpp: what the parser and the resolver share.
#include <cstdint>
#include <string>

namespace rill::testing::detail {

// Throws std::invalid_argument("fault 'FAULT': WHY").
[[noreturn]] void bad(const std::string& fault, const std::string& why);

// splitmix64: a tiny, good generator whose state is one integer (FaultDice, random plans).
inline uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace rill::testing::detail
