#pragma once
// Count::PerElement, Count::PerKey and Count::Globally, built on the lifted combine.
#include "graph/transforms/combine.hpp"

namespace rill::Count {

struct PerElement {
  std::string name;
  explicit PerElement(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    StepScope scope(in.graph(), name);
    return in |
           Map("PairWithOne",
               [](T x) {
                 return KV<T, int64_t>{std::move(x), 1};
               }) |
           CombinePerKey("Sum", combine::Sum<int64_t>{});
  }
};

struct PerKey {
  std::string name;
  explicit PerKey(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::Count::PerKey: the input must be a PCollection<rill::KV<K, V>>");
    using V = typename is_kv<T>::value_type;
    return in | CombinePerKey(name, combine::Count<V>{});
  }
};

struct Globally {
  std::string name;
  explicit Globally(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    return in | CombineGlobally(name, combine::Count<T>{});
  }
};

}  // namespace rill::Count
