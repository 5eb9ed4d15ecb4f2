#pragma once
// Latest (Beam's Latest.globally / perKey): per window, the element with the greatest event
// timestamp (of several with the same timestamp, any one).
//   auto last = readings | rill::Latest::Globally("Last");        // PCollection<T>
//   auto per = readings_by_id | rill::Latest::PerKey("LastPerId");  // KV<K, V>
// A CombineFn sees values only, so a first step pairs each value with its timestamp
// (TimestampedValue<T>); the combine keeps the latest pair. An empty input gives no element,
// in the global window too (Beam gives null there, which C++ has no value for).
#include <optional>
#include <type_traits>

#include "graph/timestamped_value.hpp"
#include "graph/transforms/combine.hpp"

namespace rill {

namespace combine {
template <class T>
struct LatestValue {
  using InputT = TimestampedValue<T>;
  using AccumT = std::optional<TimestampedValue<T>>;
  using OutputT = T;
  AccumT create_accumulator() const { return std::nullopt; }
  void add_input(AccumT& acc, const InputT& x) const {
    if (!acc || x.timestamp > acc->timestamp) acc = x;
  }
  void merge_accumulators(AccumT& acc, AccumT&& other) const {
    if (other && (!acc || other->timestamp > acc->timestamp)) acc = std::move(other);
  }
  T extract_output(const AccumT& acc) const {
    if constexpr (std::is_default_constructible_v<T>)
      return acc ? acc->value : T{};
    else
      return acc.value().value;
  }
};
}  // namespace combine

namespace detail {
template <class T>
struct StampFn : DoFn<T, TimestampedValue<T>> {
  void process(T&& x, Emitter<TimestampedValue<T>>& out) {
    out.emit({std::move(x), out.timestamp()});
  }
};
template <class K, class V>
struct StampValueFn : DoFn<KV<K, V>, KV<K, TimestampedValue<V>>> {
  void process(KV<K, V>&& kv, Emitter<KV<K, TimestampedValue<V>>>& out) {
    out.emit({std::move(kv.key), {std::move(kv.value), out.timestamp()}});
  }
};
}  // namespace detail

namespace Latest {

struct Globally {
  std::string name;
  explicit Globally(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    StepScope scope(in.graph(), name);
    return detail::add_pardo(in, "Stamp", "ParDo", detail::StampFn<T>{}) |
           CombineGlobally("Latest", combine::LatestValue<T>{}).without_defaults();
  }
};

struct PerKey {
  std::string name;
  explicit PerKey(std::string n) : name(std::move(n)) {}
  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::Latest::PerKey: the input must be a PCollection<rill::KV<K, V>>");
    if constexpr (is_kv_v<T>) {
      using K = typename is_kv<T>::key_type;
      using V = typename is_kv<T>::value_type;
      StepScope scope(in.graph(), name);
      return detail::add_pardo(in, "Stamp", "ParDo", detail::StampValueFn<K, V>{}) |
             CombinePerKey("Latest", combine::LatestValue<V>{});
    } else {
      return detail::wiring_error(in);
    }
  }
};

}  // namespace Latest
}  // namespace rill
