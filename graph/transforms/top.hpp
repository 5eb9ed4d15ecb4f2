#pragma once
// Top (Beam's Top.of / largest / smallest, globally and per key): the n greatest elements of
// each window under a comparison, as one std::vector sorted greatest first.
//   auto best = scores | rill::Top::Largest("Best3", 3);          // PCollection<vector<T>>
//   auto low = scores | rill::Top::Smallest("Low3", 3);           // smallest first
//   auto by = events | rill::Top::Of("Latest", 5, [](const Ev& a, const Ev& b) { return a.t < b.t;
//   }); auto per = kvs | rill::Top::LargestPerKey("PerUser", 2);     // KV<K, vector<V>>
// compare(a, b) is "a < b": Of keeps the n greatest. An empty input in the global window gives
// an empty vector (globally), as in Beam. The accumulator is a heap of at most n elements,
// folded before the shuffle (graph/transforms/combine.hpp).
#include <algorithm>
#include <cstddef>
#include <functional>
#include <type_traits>
#include <vector>

#include "graph/transforms/combine.hpp"

namespace rill {

namespace combine {
// Keeps the n greatest inputs under `less` in a min-heap (its front is the one to evict).
template <class T, class Compare>
struct TopN {
  using InputT = T;
  using AccumT = std::vector<T>;
  using OutputT = std::vector<T>;
  size_t n;
  Compare less;

  AccumT create_accumulator() const { return {}; }
  void add_input(AccumT& acc, const T& x) const { push(acc, x); }
  void merge_accumulators(AccumT& acc, AccumT&& other) const {
    for (auto& x : other) push(acc, std::move(x));
  }
  OutputT extract_output(const AccumT& acc) const {
    OutputT out = acc;
    std::sort(out.begin(), out.end(), [&](const T& a, const T& b) { return less(b, a); });
    return out;
  }

 private:
  // The heap's order: greater-first, so that the least kept element is at the front.
  bool heap_order(const T& a, const T& b) const { return less(b, a); }
  template <class U>
  void push(AccumT& acc, U&& x) const {
    auto order = [this](const T& a, const T& b) { return heap_order(a, b); };
    if (acc.size() < n) {
      acc.push_back(std::forward<U>(x));
      std::push_heap(acc.begin(), acc.end(), order);
    } else if (n > 0 && less(acc.front(), x)) {
      std::pop_heap(acc.begin(), acc.end(), order);
      acc.back() = std::forward<U>(x);
      std::push_heap(acc.begin(), acc.end(), order);
    }
  }
};
}  // namespace combine

namespace detail {
template <class Compare, class T>
inline constexpr bool compares = std::is_invocable_r_v<bool, const Compare&, const T&, const T&>;
}  // namespace detail

namespace Top {

// Top::Of(name, n, compare): one vector per window of the n greatest elements, greatest first.
template <class Compare>
struct Of {
  std::string name;
  size_t n;
  Compare compare;
  Of(std::string nm, size_t count, Compare c)
      : name(std::move(nm)), n(count), compare(std::move(c)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(detail::compares<Compare, T>,
                  "rill::Top: the comparison must take (const T&, const T&) for the elements of "
                  "the PCollection and return bool (a < b)");
    if constexpr (detail::compares<Compare, T>)
      return in | CombineGlobally(name, combine::TopN<T, Compare>{n, compare});
    else
      return detail::wiring_error(in);
  }
};

// Top::PerKey(name, n, compare): KV<K, V> -> KV<K, vector<V>>, the n greatest values of each
// key and window, greatest first.
template <class Compare>
struct PerKey {
  std::string name;
  size_t n;
  Compare compare;
  PerKey(std::string nm, size_t count, Compare c)
      : name(std::move(nm)), n(count), compare(std::move(c)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>, "rill::Top::PerKey: the input must be a PCollection<rill::KV<K, V>>");
    if constexpr (is_kv_v<T>) {
      using V = typename is_kv<T>::value_type;
      static_assert(detail::compares<Compare, V>,
                    "rill::Top::PerKey: the comparison must take (const V&, const V&) for the "
                    "values of the KVs and return bool (a < b)");
      if constexpr (detail::compares<Compare, V>)
        return in | CombinePerKey(name, combine::TopN<V, Compare>{n, compare});
      else
        return detail::wiring_error(in);
    } else {
      return detail::wiring_error(in);
    }
  }
};

// The n largest (largest first) and the n smallest (smallest first), by operator<.
inline Of<std::less<>> Largest(std::string name, size_t n) {
  return {std::move(name), n, std::less<>{}};
}
inline Of<std::greater<>> Smallest(std::string name, size_t n) {
  return {std::move(name), n, std::greater<>{}};
}
inline PerKey<std::less<>> LargestPerKey(std::string name, size_t n) {
  return {std::move(name), n, std::less<>{}};
}
inline PerKey<std::greater<>> SmallestPerKey(std::string name, size_t n) {
  return {std::move(name), n, std::greater<>{}};
}

}  // namespace Top
}  // namespace rill
