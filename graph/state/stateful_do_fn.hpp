#pragma once
// Stateful DoFns: per key and window state cells and timers, on the keyed partitions (the
// input is hash-shuffled on the key, like a GroupByKey). The operator that runs them, and the
// lifetime of their state, are in exec/stateful_pardo_op.hpp.
//   struct CountFn : rill::StatefulDoFn<std::string, int64_t, std::string> {
//     struct State { rill::ValueState<int64_t> n; template <class A> void serialize(A& a) { a(n); }
//     }; void process(const rill::KV<std::string, int64_t>& e, rill::Emitter<std::string>& out,
//                  State& st, rill::Timers& timers);
//     void on_timer(const rill::TimerFiring<std::string>& t, rill::Emitter<std::string>& out,
//                   State& st, rill::Timers& timers);   // only needed when timers are set
//   };
#include <tuple>

#include "graph/engine.hpp"
#include "graph/state/state_cells.hpp"
#include "graph/state/timers.hpp"
#include "graph/transforms/do_fn.hpp"

namespace rill {

template <class K, class V, class Out>
struct StatefulDoFn {
  using KeyT = K;
  using ValueT = V;
  using InputT = KV<K, V>;
  using OutputT = Out;
  using ExtraOutputs = std::tuple<>;
  void setup() {}
  void start_bundle() {}
  void finish_bundle() {}
  void teardown() {}
};

namespace detail {

template <class Fn, class T>
PCollection<typename Fn::OutputT> add_stateful_pardo(const PCollection<T>& in,
                                                     const std::string& name, Fn fn) {
  static_assert(std::is_same_v<T, KV<typename Fn::KeyT, typename Fn::ValueT>>,
                "rill::ParDo: a StatefulDoFn<K, V, Out> must be applied to a "
                "PCollection<rill::KV<K, V>>");
  static_assert(std::is_default_constructible_v<typename Fn::State>,
                "rill::ParDo: a stateful DoFn's State must be default-constructible");
  static_assert(check_shuffle_type<T>());
  static_assert(
      requires(Fn f, const T& x, Emitter<typename Fn::OutputT>& e, typename Fn::State& s,
               Timers& t) { f.process(x, e, s, t); },
      "rill::ParDo: a stateful DoFn needs process(const KV<K, V>&, rill::Emitter<Out>&, "
      "State&, rill::Timers&)");
  auto factory = [fn = std::move(fn),
                  s = in.windowing()](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return exec::make_stateful_pardo_op<Fn>(ctx.step, fn, s, spill_size(ctx));
  };
  return add_step<typename Fn::OutputT>(in, name, "StatefulParDo", NodeKind::kKeyed, factory,
                                        in.windowing());
}

}  // namespace detail
}  // namespace rill
