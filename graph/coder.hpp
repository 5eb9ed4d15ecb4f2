#pragma once
// Coders turn elements into bytes for the wire and for state snapshots (Cereal binary).
// Every type that crosses a shuffle or a process boundary must be Cereal-serializable:
// either a member `template <class A> void serialize(A&)` or a free function.
#include <cereal/archives/binary.hpp>
#include <cereal/types/map.hpp>
#include <cereal/types/string.hpp>
#include <cereal/types/tuple.hpp>
#include <cereal/types/utility.hpp>
#include <cereal/types/variant.hpp>
#include <cereal/types/vector.hpp>
#include <sstream>
#include <string>

#include "graph/stable_hash.hpp"

namespace rill {

template <class T>
std::string encode(const T& value) {
  std::ostringstream os(std::ios::binary);
  {
    cereal::BinaryOutputArchive ar{os};
    ar(value);
  }
  return std::move(os).str();
}

template <class T>
T decode(const std::string& bytes) {
  std::istringstream is(bytes, std::ios::binary);
  T value{};
  {
    cereal::BinaryInputArchive ar{is};
    ar(value);
  }
  return value;
}

// True when Cereal can write and read T with the binary archives.
template <class T>
inline constexpr bool is_serializable_v =
    cereal::traits::is_output_serializable<T, cereal::BinaryOutputArchive>::value&&
        cereal::traits::is_input_serializable<T, cereal::BinaryInputArchive>::value;

template <class T>
constexpr bool check_shuffle_type() {
  static_assert(is_serializable_v<T>,
                "rill: this element type crosses a shuffle, so Cereal must be able to encode it: "
                "give it a member `template <class A> void serialize(A& ar) { ar(fields...); }`");
  return true;
}

template <class K>
uint64_t stable_hash(const K& key) {
  if constexpr (std::is_convertible_v<const K&, std::string_view>) {
    std::string_view s = key;
    return hash_bytes(s.data(), s.size());
  } else if constexpr (std::is_integral_v<K> || std::is_enum_v<K>) {
    return mix64(static_cast<uint64_t>(key) ^ 0x2545F4914F6CDD1DULL);
  } else {
    std::string bytes = encode(key);
    return hash_bytes(bytes.data(), bytes.size());
  }
}

// Hash functor for the keyed state tables: the same hash that picks the partition.
template <class K>
struct KeyHash {
  size_t operator()(const K& k) const { return static_cast<size_t>(stable_hash(k)); }
};

}  // namespace rill
