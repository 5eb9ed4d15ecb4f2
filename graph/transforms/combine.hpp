#pragma once
// CombinePerKey and CombineGlobally. "Name/Partial" runs fused with the producer and turns
// inputs into accumulators; after the hash shuffle, "Name/Merge" merges them per key and
// window and extracts the output when a pane fires.
//
// Combiner lifting: when every window fires once, on time (the default trigger, no allowed
// lateness, non-merging windows, end-of-window output times), the partial step folds many
// inputs into one accumulator per key and window before the shuffle. Beam's runners lift
// only under similar conditions: with data-driven triggers, lateness or element timestamps,
// pre-combining would change what fires and when. Otherwise every input becomes its own
// accumulator, keeping its timestamp.
#include <cstdint>
#include <type_traits>

#include "graph/engine.hpp"
#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/transforms/combine_fn.hpp"
#include "graph/transforms/elementwise.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill {
namespace detail {

inline bool can_lift(const WindowingStrategy* s) {
  return fires_once_on_time(s);
}

// Merging partial accumulators per key and window.
template <class K, class Fn>
struct MergeAccumulatorsPolicy {
  Fn fn;
  using Value = KV<K, typename Fn::AccumT>;
  using Acc = typename Fn::AccumT;
  Acc empty() const { return fn.create_accumulator(); }
  void add(Acc& acc, Value&& kv) const { fn.merge_accumulators(acc, std::move(kv.value)); }
  void merge(Acc& into, Acc&& from) const { fn.merge_accumulators(into, std::move(from)); }
};

template <class Fn>
struct ExtractOutput {
  Fn fn;
  typename Fn::OutputT operator()(const typename Fn::AccumT& acc) const {
    return fn.extract_output(acc);
  }
};

// Adds the pair of steps Name/Partial and Name/Merge.
template <class K, class Fn>
PCollection<KV<K, typename Fn::OutputT>> add_combine(
    const PCollection<KV<K, typename Fn::InputT>>& in, const std::string& name, Fn fn) {
  using Acc = typename Fn::AccumT;
  using Out = typename Fn::OutputT;
  static_assert(check_shuffle_type<KV<K, Acc>>());
  StepScope scope(in.graph(), name);
  const bool lift = can_lift(in.windowing().get());
  auto partial = add_step<KV<K, Acc>>(
      in, "Partial", lift ? "CombinePartial" : "CombineInputs", NodeKind::kElementwise,
      [fn, lift](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return exec::make_partial_combine_op<K, Fn>(ctx.step, fn, lift);
      },
      in.windowing());
  return add_step<KV<K, Out>>(
      partial, "Merge", "CombineMerge", NodeKind::kKeyed,
      [fn, s = in.windowing()](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        return exec::make_keyed_window_op<K, MergeAccumulatorsPolicy<K, Fn>, Out>(
            ctx.step, s, MergeAccumulatorsPolicy<K, Fn>{fn}, ExtractOutput<Fn>{fn});
      },
      in.windowing());
}

}  // namespace detail

template <class Fn>
struct CombinePerKey {
  std::string name;
  Fn fn;
  CombinePerKey(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::CombinePerKey: the input must be a PCollection<rill::KV<K, V>>");
    using K = typename is_kv<T>::key_type;
    static_assert(check_combine_fn<Fn, typename is_kv<T>::value_type>());
    return detail::add_combine<K, Fn>(in, name, fn);
  }
};

// Combines all elements (per window) into one value. In the global window an empty input
// gives extract_output(create_accumulator()), as in Beam.
template <class Fn>
struct CombineGlobally {
  std::string name;
  Fn fn;
  CombineGlobally(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(check_combine_fn<Fn, T>());
    using Out = typename Fn::OutputT;
    StepScope scope(in.graph(), name);
    auto keyed = in | Map("KeyByUnit", [](T x) { return KV<uint8_t, T>{0, std::move(x)}; });
    auto combined = detail::add_combine<uint8_t, Fn>(keyed, "Combine", fn);
    const WindowingStrategy* s = in.windowing().get();
    if (s == nullptr || s->window_fn.get_if<GlobalWindows>() != nullptr) {
      combined = add_step<KV<uint8_t, Out>>(
          combined, "Default", "CombineDefault", NodeKind::kElementwise,
          [fn = fn](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
            return exec::make_global_default_op<Fn>(ctx, fn);
          },
          in.windowing());
    }
    return combined | Map("Unkey", [](KV<uint8_t, Out> kv) { return std::move(kv.value); });
  }
};

}  // namespace rill
