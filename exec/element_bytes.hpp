#pragma once
// What an element costs in memory while it waits in a batch: sizeof(WindowedValue<T>) plus
// the heap it owns. Flow control bounds a channel's bytes with it (PipelineOptions::
// channel_bytes): EdgeWriter cuts a batch once it holds channel_bytes / credits.
// Only strings, vectors and KVs or pairs of them are looked into (HeapBytes<T>::dynamic);
// for any other type the estimate is its size alone.
#include <string>
#include <utility>
#include <vector>

#include "graph/kv.hpp"

namespace rill {

template <class T>
struct HeapBytes {
  static constexpr bool dynamic = false;
  static size_t of(const T&) { return 0; }
};

template <>
struct HeapBytes<std::string> {
  static constexpr bool dynamic = true;
  // libstdc++ keeps up to 15 characters inside the string object.
  static size_t of(const std::string& s) { return s.capacity() > 15 ? s.capacity() + 1 : 0; }
};

template <class U>
struct HeapBytes<std::vector<U>> {
  static constexpr bool dynamic = true;
  static size_t of(const std::vector<U>& v) {
    size_t n = v.capacity() * sizeof(U);
    if constexpr (HeapBytes<U>::dynamic)
      for (const auto& u : v) n += HeapBytes<U>::of(u);
    return n;
  }
};

template <class K, class V>
struct HeapBytes<KV<K, V>> {
  static constexpr bool dynamic = HeapBytes<K>::dynamic || HeapBytes<V>::dynamic;
  static size_t of(const KV<K, V>& kv) {
    return HeapBytes<K>::of(kv.key) + HeapBytes<V>::of(kv.value);
  }
};

template <class A, class B>
struct HeapBytes<std::pair<A, B>> {
  static constexpr bool dynamic = HeapBytes<A>::dynamic || HeapBytes<B>::dynamic;
  static size_t of(const std::pair<A, B>& p) {
    return HeapBytes<A>::of(p.first) + HeapBytes<B>::of(p.second);
  }
};

}  // namespace rill
