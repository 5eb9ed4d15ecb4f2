#pragma once
// Distinct and DistinctBy (Beam's Distinct.create() / withRepresentativeValueFn): one element
// per distinct value (or per distinct key of key_fn) in each window, built on the lifted
// combine, so duplicates are dropped before the shuffle as far as each partition sees them.
//   auto unique = ids | rill::Distinct("Unique");
//   auto first = events | rill::DistinctBy("OnePerUser", [](const Event& e) { return e.user; });
// DistinctBy keeps one element of each key: which one is not specified (as in Beam).
#include <type_traits>
#include <vector>

#include "graph/transforms/combine.hpp"
#include "graph/transforms/count.hpp"
#include "graph/transforms/kv_transforms.hpp"

namespace rill {

namespace combine {
// Keeps one input (the first this accumulator saw); an accumulator is never empty at output.
template <class T>
struct AnyOne {
  using InputT = T;
  using AccumT = std::vector<T>;  // empty or one element
  using OutputT = T;
  AccumT create_accumulator() const { return {}; }
  void add_input(AccumT& acc, const T& x) const {
    if (acc.empty()) acc.push_back(x);
  }
  void merge_accumulators(AccumT& acc, AccumT&& other) const {
    if (acc.empty() && !other.empty()) acc.push_back(std::move(other.front()));
  }
  T extract_output(const AccumT& acc) const { return acc.front(); }
};
}  // namespace combine

struct Distinct {
  std::string name;
  explicit Distinct(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    StepScope scope(in.graph(), name);
    return in | Count::PerElement("Once") | Keys("Values");  // a count per value, then the values
  }
};

template <class F>
struct DistinctBy {
  std::string name;
  F key_fn;
  DistinctBy(std::string n, F f) : name(std::move(n)), key_fn(std::move(f)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(std::is_invocable_v<F&, const T&>,
                  "rill::DistinctBy: the key function must take (const T&) for the elements of "
                  "the PCollection it is applied to");
    StepScope scope(in.graph(), name);
    return in | WithKeys("Key", key_fn) | CombinePerKey("One", combine::AnyOne<T>{}) |
           Values("Values");
  }
};

}  // namespace rill
