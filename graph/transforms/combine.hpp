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
//
// The combining function is a CombineFn (graph/transforms/combine_fn.hpp) or a plain binary
// function of the values, as Beam's CombinePerKey(sum):
//   kvs | rill::CombinePerKey("Sum", std::plus<>{})
//   xs | rill::CombineGlobally("Max", [](int64_t a, int64_t b) { return std::max(a, b); })
//   xs | rill::CombineGlobally("Sum", rill::combine::Sum<int64_t>{}).without_defaults()
//   auto total = xs | rill::CombineGlobally("Total", std::plus<>{}).as_singleton_view();
//   kvs | rill::CombinePerKey("Sum", std::plus<>{}).with_hot_key_fanout(16)
#include <cstdint>
#include <stdexcept>
#include <type_traits>

#include "graph/engine.hpp"
#include "graph/kv.hpp"
#include "graph/pcollection.hpp"
#include "graph/transforms/combine_fn.hpp"
#include "graph/transforms/elementwise.hpp"
#include "graph/transforms/prebuilt_ops.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill {

// A key's sub-key under hot-key fan-out: (key, nonce), partitioned by both.
template <class K>
struct FanoutKey {
  K key;
  uint32_t nonce = 0;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(key, nonce);
  }
  friend bool operator==(const FanoutKey&, const FanoutKey&) = default;
};

template <class K>
uint64_t stable_hash(const FanoutKey<K>& k) {
  return mix64(stable_hash(k.key) ^ (uint64_t{k.nonce} + 1) * 0x9E3779B97F4A7C15ULL);
}

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

// Adds the pair of steps Name/Partial and Name/Merge, combining per key and window under
// `strategy` (the input's unless a caller needs another: hot-key fan-out).
template <class K, class Fn>
PCollection<KV<K, typename Fn::OutputT>> add_combine(
    const PCollection<KV<K, typename Fn::InputT>>& in, const std::string& name, Fn fn,
    std::shared_ptr<const WindowingStrategy> strategy) {
  using Acc = typename Fn::AccumT;
  using Out = typename Fn::OutputT;
  static_assert(check_shuffle_type<KV<K, Acc>>());
  StepScope scope(in.graph(), name);
  const bool lift = can_lift(strategy.get());
  auto partial = add_step<KV<K, Acc>>(
      in, "Partial", lift ? "CombinePartial" : "CombineInputs", NodeKind::kElementwise,
      [fn, lift](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        if constexpr (prebuilt::HasCombine<K, Fn>)
          return prebuilt::partial_combine_op(std::type_identity<K>{}, std::type_identity<Fn>{}, fn,
                                              ctx.step, lift);
        else
          return exec::make_partial_combine_op<K, Fn>(ctx.step, fn, lift);
      },
      strategy);
  return add_step<KV<K, Out>>(
      partial, "Merge", "CombineMerge", NodeKind::kKeyed,
      [fn, s = strategy](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
        if constexpr (prebuilt::HasCombine<K, Fn>)
          return prebuilt::merge_combine_op(std::type_identity<K>{}, std::type_identity<Fn>{}, fn,
                                            ctx.step, s);
        else
          return exec::make_keyed_window_op<K, MergeAccumulatorsPolicy<K, Fn>, Out>(
              ctx.step, s, MergeAccumulatorsPolicy<K, Fn>{fn}, ExtractOutput<Fn>{fn},
              /*late_output=*/false);
      },
      strategy);
}

template <class K, class Fn>
PCollection<KV<K, typename Fn::OutputT>> add_combine(
    const PCollection<KV<K, typename Fn::InputT>>& in, const std::string& name, Fn fn) {
  return add_combine<K, Fn>(in, name, std::move(fn), in.windowing());
}

// ---- Plain binary functions ---------------------------------------------------------------

template <class Fn, class V>
inline constexpr bool is_binary_combiner_v =
    !is_combine_fn_v<Fn> && std::is_invocable_r_v<V, const Fn&, const V&, const V&>;

// The CombineFn that combines values V with `fn`: fn itself, or Binary<V, Fn>.
template <class V, class Fn>
auto combine_fn_for(const Fn& fn) {
  if constexpr (is_combine_fn_v<Fn>)
    return fn;
  else
    return combine::Binary<V, Fn>{fn};
}

// A CombineFn is checked member by member (check_combine_fn); anything else must be a binary
// function of V, or this is the one error.
template <class Fn, class V>
constexpr bool check_combiner() {
  if constexpr (is_combine_fn_v<Fn>) {
    return check_combine_fn<Fn, V>();
  } else {
    static_assert(is_binary_combiner_v<Fn, V>,
                  "rill: a combine takes a CombineFn (member types InputT, AccumT, OutputT and "
                  "create_accumulator, add_input, merge_accumulators, extract_output: see "
                  "graph/transforms/combine_fn.hpp) or a binary function V(const V&, const V&) "
                  "of the values V it combines, such as std::plus<>{}");
    return is_binary_combiner_v<Fn, V>;
  }
}

// ---- Hot-key fan-out (Beam's Combine.PerKey.withHotKeyFanout) ------------------------------

// The pre-combine half: folds inputs into accumulators and outputs them as they are.
template <class Fn>
struct PreCombine {
  Fn fn;
  using InputT = typename Fn::InputT;
  using AccumT = typename Fn::AccumT;
  using OutputT = typename Fn::AccumT;
  AccumT create_accumulator() const { return fn.create_accumulator(); }
  void add_input(AccumT& acc, const InputT& x) const { fn.add_input(acc, x); }
  void merge_accumulators(AccumT& acc, AccumT&& o) const {
    fn.merge_accumulators(acc, std::move(o));
  }
  OutputT extract_output(const AccumT& acc) const { return acc; }
};

// The final half: merges the pre-combined accumulators and extracts the output.
template <class Fn>
struct PostCombine {
  Fn fn;
  using InputT = typename Fn::AccumT;
  using AccumT = typename Fn::AccumT;
  using OutputT = typename Fn::OutputT;
  AccumT create_accumulator() const { return fn.create_accumulator(); }
  void add_input(AccumT& acc, const InputT& x) const { fn.merge_accumulators(acc, AccumT(x)); }
  void merge_accumulators(AccumT& acc, AccumT&& o) const {
    fn.merge_accumulators(acc, std::move(o));
  }
  OutputT extract_output(const AccumT& acc) const { return fn.extract_output(acc); }
};

// Spreads a key's values over `fanout` sub-keys in turn (Beam's nonce); each partition starts
// at its own sub-key.
template <class K, class V>
struct AddNonceFn : DoFn<KV<K, V>, KV<FanoutKey<K>, V>> {
  uint32_t fanout = 1;
  uint32_t next = 0;
  void process(KV<K, V>&& kv, Emitter<KV<FanoutKey<K>, V>>& out) {
    out.emit({{std::move(kv.key), next}, std::move(kv.value)});
    next = next + 1 == fanout ? 0 : next + 1;
  }
};

template <class K, class A>
struct StripNonceFn : DoFn<KV<FanoutKey<K>, A>, KV<K, A>> {
  void process(KV<FanoutKey<K>, A>&& kv, Emitter<KV<K, A>>& out) {
    out.emit({std::move(kv.key.key), std::move(kv.value)});
  }
};

// Name/AddNonce -> Name/PreCombine (per sub-key: accumulators) -> Name/StripNonce ->
// Name/PostCombine (per key: the output). The same output as add_combine: a key's values are
// folded in `fanout` parts in parallel, then the parts merged. As in Beam, the pre-combine
// discards fired panes (an accumulating pre-combine would count a pane's inputs again in the
// next); the final combine keeps the input's windowing.
template <class K, class Fn>
PCollection<KV<K, typename Fn::OutputT>> add_fanout_combine(
    const PCollection<KV<K, typename Fn::InputT>>& in, const std::string& name, Fn fn,
    uint32_t fanout) {
  using V = typename Fn::InputT;
  using Acc = typename Fn::AccumT;
  StepScope scope(in.graph(), name);
  auto pre_strategy = in.windowing();
  if (pre_strategy && pre_strategy->accumulation_mode == AccumulationMode::kAccumulating) {
    auto discarding = std::make_shared<WindowingStrategy>(*pre_strategy);
    discarding->accumulation_mode = AccumulationMode::kDiscarding;
    pre_strategy = std::move(discarding);
  }
  auto spread = add_pardo_per_partition(
      in, "AddNonce", "ParDo", AddNonceFn<K, V>{{}, fanout, 0},
      [fanout](AddNonceFn<K, V>& f, const OpContext& ctx) {
        f.next = static_cast<uint32_t>(ctx.partition) % fanout;
      },
      pre_strategy);
  auto pre = add_combine<FanoutKey<K>, PreCombine<Fn>>(spread, "PreCombine", PreCombine<Fn>{fn},
                                                       pre_strategy);
  auto parts = add_pardo_per_partition(
      pre, "StripNonce", "Map", StripNonceFn<K, Acc>{}, [](auto&, const OpContext&) {},
      in.windowing());
  return add_combine<K, PostCombine<Fn>>(parts, "PostCombine", PostCombine<Fn>{fn}, in.windowing());
}

}  // namespace detail

// kFanout: whether the fan-out steps are compiled in (with_hot_key_fanout()); a plain
// CombinePerKey does not instantiate them (they triple its operators' code).
template <class Fn, bool kFanout = false>
struct CombinePerKey {
  std::string name;
  Fn fn;
  uint32_t fanout = 0;
  CombinePerKey(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  // Beam's withHotKeyFanout(n): each key's values are first combined on n sub-keys, spread
  // over the partitions, and only their n accumulators meet on the key's partition. For keys
  // so hot that one partition cannot keep up with them; the output is the same.
  CombinePerKey<Fn, true> with_hot_key_fanout(int n) const {
    if (n < 0) throw std::invalid_argument("rill::CombinePerKey: hot-key fan-out must be >= 0");
    CombinePerKey<Fn, true> c{name, fn};
    c.fanout = static_cast<uint32_t>(n);
    return c;
  }

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(is_kv_v<T>,
                  "rill::CombinePerKey: the input must be a PCollection<rill::KV<K, V>>");
    if constexpr (is_kv_v<T>) {
      using K = typename is_kv<T>::key_type;
      using V = typename is_kv<T>::value_type;
      if constexpr (detail::check_combiner<Fn, V>()) {
        auto f = detail::combine_fn_for<V>(fn);
        if constexpr (kFanout) {
          if (fanout > 1) return detail::add_fanout_combine<K>(in, name, std::move(f), fanout);
        }
        return detail::add_combine<K>(in, name, std::move(f));
      } else {
        return detail::wiring_error(in);
      }
    } else {
      return detail::wiring_error(in);
    }
  }
};

template <class Fn, bool kFanout>
struct CombineGloballyAsSingletonView;

// Combines all elements (per window) into one value. In the global window an empty input
// gives extract_output(create_accumulator()), as in Beam, unless without_defaults().
// kFanout: as CombinePerKey's (with_fanout()).
template <class Fn, bool kFanout = false>
struct CombineGlobally {
  std::string name;
  Fn fn;
  bool insert_default = true;
  uint32_t fanout = 0;
  CombineGlobally(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  // Beam's withoutDefaults(): an empty input gives no element, in any window.
  CombineGlobally without_defaults() const {
    CombineGlobally c = *this;
    c.insert_default = false;
    return c;
  }
  // Beam's withFanout(n): the single key's values are pre-combined on n sub-keys in parallel.
  CombineGlobally<Fn, true> with_fanout(int n) const {
    if (n < 0) throw std::invalid_argument("rill::CombineGlobally: fan-out must be >= 0");
    CombineGlobally<Fn, true> c{name, fn};
    c.insert_default = insert_default;
    c.fanout = static_cast<uint32_t>(n);
    return c;
  }
  // Beam's asSingletonView(): the combined value as a side input (AsSingleton) instead of a
  // PCollection; a window with no input reads the default (unless without_defaults()).
  CombineGloballyAsSingletonView<Fn, kFanout> as_singleton_view() const { return {*this}; }

  template <class T>
  auto expand(const PCollection<T>& in) {
    if constexpr (detail::check_combiner<Fn, T>())
      return expand_with(in, detail::combine_fn_for<T>(fn));
    else
      return detail::wiring_error(in);
  }

 private:
  template <class T, class F>
  PCollection<typename F::OutputT> expand_with(const PCollection<T>& in, F f) {
    using Out = typename F::OutputT;
    StepScope scope(in.graph(), name);
    auto keyed = in | Map("KeyByUnit", [](T x) { return KV<uint8_t, T>{0, std::move(x)}; });
    auto combined = [&] {
      if constexpr (kFanout) {
        if (fanout > 1) return detail::add_fanout_combine<uint8_t>(keyed, "Combine", f, fanout);
      }
      return detail::add_combine<uint8_t>(keyed, "Combine", f);
    }();
    const WindowingStrategy* s = in.windowing().get();
    if (insert_default && (s == nullptr || s->window_fn.get_if<GlobalWindows>() != nullptr)) {
      combined = add_step<KV<uint8_t, Out>>(
          combined, "Default", "CombineDefault", NodeKind::kElementwise,
          [f](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
            return exec::make_global_default_op<F>(ctx, f);
          },
          in.windowing());
    }
    return combined | Map("Unkey", [](KV<uint8_t, Out> kv) { return std::move(kv.value); });
  }
};

template <class Fn, bool kFanout>
struct CombineGloballyAsSingletonView {
  CombineGlobally<Fn, kFanout> combine;

  template <class T>
  auto expand(const PCollection<T>& in) {
    if constexpr (detail::check_combiner<Fn, T>()) {
      auto f = detail::combine_fn_for<T>(combine.fn);
      using Out = typename decltype(f)::OutputT;
      auto values = in | combine.without_defaults();
      if (!combine.insert_default) return AsSingleton(values);
      return AsSingleton(values, Out(f.extract_output(f.create_accumulator())));
    } else {
      return detail::wiring_error(in);
    }
  }
};

}  // namespace rill
