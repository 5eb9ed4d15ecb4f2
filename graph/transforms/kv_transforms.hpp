#pragma once
// Beam's small KV transforms: Keys, Values, KvSwap and WithKeys, as element-wise Maps (fused
// with their neighbours; timestamps, windows and panes kept).
//   auto words = counts | rill::Keys("Words");          // KV<K, V> -> K
//   auto swapped = counts | rill::KvSwap("ByCount");    // KV<K, V> -> KV<V, K>
//   auto keyed = users | rill::WithKeys("ById", [](const User& u) { return u.id; });
#include <type_traits>

#include "graph/transforms/elementwise.hpp"

namespace rill {

struct Keys {
  std::string name;
  explicit Keys(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>, "rill::Keys: the input must be a PCollection<rill::KV<K, V>>");
    return in | Map(name, [](T kv) { return std::move(kv.key); });
  }
};

struct Values {
  std::string name;
  explicit Values(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>, "rill::Values: the input must be a PCollection<rill::KV<K, V>>");
    return in | Map(name, [](T kv) { return std::move(kv.value); });
  }
};

struct KvSwap {
  std::string name;
  explicit KvSwap(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>, "rill::KvSwap: the input must be a PCollection<rill::KV<K, V>>");
    using K = typename is_kv<T>::key_type;
    using V = typename is_kv<T>::value_type;
    return in | Map(name, [](T kv) { return KV<V, K>{std::move(kv.value), std::move(kv.key)}; });
  }
};

// Keys each element with key_fn(element): T -> KV<key, T>.
template <class F>
struct WithKeys {
  std::string name;
  F key_fn;
  WithKeys(std::string n, F f) : name(std::move(n)), key_fn(std::move(f)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(std::is_invocable_v<F&, const T&>,
                  "rill::WithKeys: the key function must take (const T&) for the elements of the "
                  "PCollection it is applied to");
    using K = std::remove_cvref_t<std::invoke_result_t<F&, const T&>>;
    static_assert(!std::is_void_v<K>, "rill::WithKeys: the key function must return the key");
    return in | Map(name, [f = key_fn](T x) mutable {
             K k = f(static_cast<const T&>(x));
             return KV<K, T>{std::move(k), std::move(x)};
           });
  }
};

}  // namespace rill
