#pragma once
// KV<K, V>: the element type of keyed collections (GroupByKey, CombinePerKey, ...).
#include <type_traits>
#include <utility>

namespace rill {

template <class K, class V>
struct KV {
  K key;
  V value;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(key, value);
  }
  friend bool operator==(const KV& a, const KV& b) { return a.key == b.key && a.value == b.value; }
  friend bool operator<(const KV& a, const KV& b) {
    return a.key < b.key || (!(b.key < a.key) && a.value < b.value);
  }
};

template <class K, class V>
KV(K, V) -> KV<K, V>;

template <class T>
struct is_kv : std::false_type {};
template <class K, class V>
struct is_kv<KV<K, V>> : std::true_type {
  using key_type = K;
  using value_type = V;
};
template <class T>
inline constexpr bool is_kv_v = is_kv<T>::value;

}  // namespace rill
