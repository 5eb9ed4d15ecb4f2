#pragma once
// CombineFn: how CombinePerKey/CombineGlobally aggregate. A CombineFn is a copyable type:
//   using InputT, AccumT, OutputT;
//   AccumT create_accumulator() const;
//   void add_input(AccumT& acc, const InputT& x) const;
//   void merge_accumulators(AccumT& acc, AccumT&& other) const;
//   OutputT extract_output(const AccumT& acc) const;
// AccumT crosses the shuffle, so it must be Cereal-serializable.
// CombinePerKey and CombineGlobally also take a plain binary function V(V, V), such as
// std::plus<>{} (Beam's CombinePerKey(sum)): it becomes combine::Binary<V, F>.
#include <cereal/types/optional.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

namespace rill {

template <class Fn, class In>
constexpr bool check_combine_fn() {
  static_assert(
      requires {
        typename Fn::InputT;
        typename Fn::AccumT;
        typename Fn::OutputT;
      },
      "rill: a CombineFn needs the member types InputT, AccumT and OutputT");
  static_assert(std::is_same_v<typename Fn::InputT, In>,
                "rill: the CombineFn's InputT differs from the values it is applied to");
  using A = typename Fn::AccumT;
  static_assert(
      requires(const Fn f) {
        { f.create_accumulator() } -> std::convertible_to<A>;
      },
      "rill: a CombineFn needs AccumT create_accumulator() const");
  static_assert(
      requires(const Fn f, A& a, const In& x) { f.add_input(a, x); },
      "rill: a CombineFn needs void add_input(AccumT&, const InputT&) const");
  static_assert(
      requires(const Fn f, A& a, A&& b) { f.merge_accumulators(a, std::move(b)); },
      "rill: a CombineFn needs void merge_accumulators(AccumT&, AccumT&&) const");
  static_assert(
      requires(const Fn f, const A& a) {
        { f.extract_output(a) } -> std::convertible_to<typename Fn::OutputT>;
      },
      "rill: a CombineFn needs OutputT extract_output(const AccumT&) const");
  return true;
}

template <class Fn>
inline constexpr bool is_combine_fn_v = requires {
  typename Fn::InputT;
  typename Fn::AccumT;
  typename Fn::OutputT;
};

namespace combine {

// A binary function f(V, V) -> V, associative and commutative, as a CombineFn. An empty
// accumulator (no input yet) extracts as V{} (CombineGlobally's default: 0 for std::plus<>).
template <class V, class F>
struct Binary {
  using InputT = V;
  using AccumT = std::optional<V>;
  using OutputT = V;
  F f;
  AccumT create_accumulator() const { return std::nullopt; }
  void add_input(AccumT& acc, const V& x) const {
    if (acc)
      *acc = f(std::as_const(*acc), x);
    else
      acc.emplace(x);
  }
  void merge_accumulators(AccumT& acc, AccumT&& other) const {
    if (!other) return;
    if (acc)
      *acc = f(std::as_const(*acc), std::as_const(*other));
    else
      acc = std::move(other);
  }
  V extract_output(const AccumT& acc) const { return acc ? *acc : V{}; }
};

template <class T>
struct Sum {
  using InputT = T;
  using AccumT = T;
  using OutputT = T;
  T create_accumulator() const { return T{}; }
  void add_input(T& acc, const T& x) const { acc += x; }
  void merge_accumulators(T& acc, T&& other) const { acc += other; }
  T extract_output(const T& acc) const { return acc; }
};

template <class T>
struct Count {
  using InputT = T;
  using AccumT = int64_t;
  using OutputT = int64_t;
  int64_t create_accumulator() const { return 0; }
  void add_input(int64_t& acc, const T&) const { ++acc; }
  void merge_accumulators(int64_t& acc, int64_t&& other) const { acc += other; }
  int64_t extract_output(const int64_t& acc) const { return acc; }
};

template <class T>
struct Min {
  using InputT = T;
  using AccumT = T;
  using OutputT = T;
  T create_accumulator() const { return std::numeric_limits<T>::max(); }
  void add_input(T& acc, const T& x) const { acc = std::min(acc, x); }
  void merge_accumulators(T& acc, T&& other) const { acc = std::min(acc, other); }
  T extract_output(const T& acc) const { return acc; }
};

template <class T>
struct Max {
  using InputT = T;
  using AccumT = T;
  using OutputT = T;
  T create_accumulator() const { return std::numeric_limits<T>::lowest(); }
  void add_input(T& acc, const T& x) const { acc = std::max(acc, x); }
  void merge_accumulators(T& acc, T&& other) const { acc = std::max(acc, other); }
  T extract_output(const T& acc) const { return acc; }
};

template <class T>
struct Mean {
  using InputT = T;
  using AccumT = std::pair<double, int64_t>;  // sum, count
  using OutputT = double;
  AccumT create_accumulator() const { return {0.0, 0}; }
  void add_input(AccumT& acc, const T& x) const {
    acc.first += static_cast<double>(x);
    ++acc.second;
  }
  void merge_accumulators(AccumT& acc, AccumT&& o) const {
    acc.first += o.first;
    acc.second += o.second;
  }
  double extract_output(const AccumT& acc) const {
    return acc.second == 0 ? 0.0 : acc.first / static_cast<double>(acc.second);
  }
};

template <class T>
struct ToList {
  using InputT = T;
  using AccumT = std::vector<T>;
  using OutputT = std::vector<T>;
  AccumT create_accumulator() const { return {}; }
  void add_input(AccumT& acc, const T& x) const { acc.push_back(x); }
  void merge_accumulators(AccumT& acc, AccumT&& o) const {
    acc.insert(acc.end(), std::make_move_iterator(o.begin()), std::make_move_iterator(o.end()));
  }
  OutputT extract_output(const AccumT& acc) const { return acc; }
};

}  // namespace combine
}  // namespace rill
