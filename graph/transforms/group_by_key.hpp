#pragma once
// GroupByKey: KV<K, V> -> KV<K, std::vector<V>>, one element per pane of each key and window
// (the windowing strategy of the input decides when panes fire). Runs on the keyed
// partitions after a hash shuffle on the key.
#include <tuple>
#include <vector>

#include "graph/engine.hpp"
#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/transforms/prebuilt_ops.hpp"
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

namespace detail {

// Adds the GroupByKey step; with `late_output`, a second output (port 1) of the input
// elements dropped as late (expired windows, closed windows). Returns the node's id.
template <class K, class V>
int add_group_by_key(const PCollection<KV<K, V>>& in, const std::string& name, bool late_output) {
  static_assert(check_shuffle_type<KV<K, V>>());
  NodeDef n;
  n.name = name;
  n.label = "GroupByKey";
  n.kind = NodeKind::kKeyed;
  n.inputs = {in.id()};
  n.make_op = [s = in.windowing(), late_output](const OpContext& ctx) {
    if constexpr (prebuilt::HasGroup<K, V>)
      return prebuilt::group_by_key_op(std::type_identity<K>{}, std::type_identity<V>{}, ctx.step,
                                       s, late_output);
    else
      return exec::make_keyed_window_op<K, GroupValuesPolicy<K, V>, std::vector<V>>(
          ctx.step, s, GroupValuesPolicy<K, V>{}, TakeValues{}, late_output);
  };
  return in.graph().add_node(std::move(n));
}

template <class U, class T>
PCollection<U> node_output(const PCollection<T>& in, int node, int port) {
  return PCollection<U>(in.graph_ptr(),
                        in.graph().add_collection(node, port, type_ops_for<U>(), in.windowing()));
}

}  // namespace detail

// GroupByKey(...).with_late_output(): the groups, and the input elements dropped as late
// (Flink's sideOutputLateData): those whose window had expired (its max timestamp plus the
// allowed lateness behind the watermark) or whose window's trigger had finished. They keep
// their timestamp and window, and are still counted as dropped late in the step's counters.
//   auto [groups, late] = windowed | rill::GroupByKey("Group").with_late_output();
struct GroupByKeyWithLateOutput {
  std::string name;

  template <class T>
  auto expand(const PCollection<T>& in) {
    if constexpr (!is_kv_v<T>) {
      static_assert(is_kv_v<T>,
                    "rill::GroupByKey: the input must be a PCollection<rill::KV<K, V>>");
      return detail::wiring_error(in);
    } else {
      using K = typename is_kv<T>::key_type;
      using V = typename is_kv<T>::value_type;
      const int node = detail::add_group_by_key<K, V>(in, name, /*late_output=*/true);
      return std::tuple<PCollection<KV<K, std::vector<V>>>, PCollection<T>>{
          detail::node_output<KV<K, std::vector<V>>>(in, node, 0),
          detail::node_output<T>(in, node, 1)};
    }
  }
};

struct GroupByKey {
  std::string name;
  explicit GroupByKey(std::string n) : name(std::move(n)) {}
  GroupByKeyWithLateOutput with_late_output() const { return {name}; }

  template <class T>
  auto expand(const PCollection<T>& in) {
    if constexpr (!is_kv_v<T>) {
      static_assert(is_kv_v<T>,
                    "rill::GroupByKey: the input must be a PCollection<rill::KV<K, V>>");
      return detail::wiring_error(in);
    } else {
      using K = typename is_kv<T>::key_type;
      using V = typename is_kv<T>::value_type;
      const int node = detail::add_group_by_key<K, V>(in, name, /*late_output=*/false);
      return detail::node_output<KV<K, std::vector<V>>>(in, node, 0);
    }
  }
};

}  // namespace rill
