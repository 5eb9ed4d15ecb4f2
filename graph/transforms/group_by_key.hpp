#pragma once
// GroupByKey: KV<K, V> -> KV<K, std::vector<V>>, one element per pane of each key and window
// (the windowing strategy of the input decides when panes fire). Runs on the keyed
// partitions after a hash shuffle on the key.
#include <vector>

#include "graph/engine.hpp"
#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "windowing/accumulator_policies.hpp"

namespace rill {
namespace detail {

// A window's pane is the list of its values, in arrival order.
template <class K, class V>
struct GroupValuesPolicy {
  using Value = KV<K, V>;
  using Acc = std::vector<V>;
  static Acc empty() { return {}; }
  static void add(Acc& acc, Value&& kv) { acc.push_back(std::move(kv.value)); }
  static void merge(Acc& into, Acc&& from) { BufferPolicy<V>::merge(into, std::move(from)); }
};

struct TakeValues {
  template <class A>
  auto operator()(A&& acc) const {
    return std::remove_cvref_t<A>(std::forward<A>(acc));  // moves when the window lets go
  }
};

}  // namespace detail

struct GroupByKey {
  std::string name;
  explicit GroupByKey(std::string n) : name(std::move(n)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>, "rill::GroupByKey: the input must be a PCollection<rill::KV<K, V>>");
    using K = typename is_kv<T>::key_type;
    using V = typename is_kv<T>::value_type;
    static_assert(check_shuffle_type<T>());
    auto factory = [s = in.windowing()](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return exec::make_keyed_window_op<K, detail::GroupValuesPolicy<K, V>, std::vector<V>>(
          ctx.step, s, detail::GroupValuesPolicy<K, V>{}, detail::TakeValues{});
    };
    return add_step<KV<K, std::vector<V>>>(in, name, "GroupByKey", NodeKind::kKeyed, factory,
                                           in.windowing());
  }
};

}  // namespace rill
