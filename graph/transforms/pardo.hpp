#pragma once
// ParDo: runs a DoFn over a collection.
//   lines | rill::ParDo("Split", SplitFn{})                     // DoFn<In, Out>
//   lines | rill::ParDo("Parse", ParseFn{})                     // DoFn<In, Out, Extra...>: tuple
//   of outputs orders | rill::ParDo("Enrich", EnrichFn{}, rill::AsDict(inventory))   // side inputs
//   events | rill::ParDo("Dedup", DedupFn{})                    // StatefulDoFn<K, V, Out>: keyed
#include "graph/state/stateful_do_fn.hpp"
#include "graph/transforms/do_fn.hpp"

namespace rill {

// ParDo("Name", fn) or ParDo("Name", fn, side views...).
template <class Fn, class... Views>
struct ParDo {
  std::string name;
  Fn fn;
  std::tuple<Views...> views;
  ParDo(std::string n, Fn f, Views... vs)
      : name(std::move(n)), fn(std::move(f)), views(std::move(vs)...) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(
        requires {
          typename Fn::InputT;
          typename Fn::OutputT;
          typename Fn::ExtraOutputs;
        },
        "rill::ParDo: the DoFn must derive from rill::DoFn<In, Out> (or "
        "rill::StatefulDoFn<K, V, Out>)");
    if constexpr (requires { typename Fn::State; }) {
      static_assert(sizeof...(Views) == 0, "rill::ParDo: stateful DoFns take no side inputs");
      return detail::add_stateful_pardo(in, name, fn);
    } else {
      return expand_stateless(in);
    }
  }

 private:
  template <class T>
  auto expand_stateless(const PCollection<T>& in) {
    static_assert(std::is_same_v<typename Fn::InputT, T>,
                  "rill::ParDo: the DoFn's input type (the In of DoFn<In, Out>) differs from the "
                  "element type of the PCollection it is applied to");
    static_assert(std::is_copy_constructible_v<Fn>,
                  "rill::ParDo: the DoFn must be copyable (each partition runs its own copy)");
    using Extras = typename Fn::ExtraOutputs;
    static_assert(detail::can_process<Fn, T, typename Fn::OutputT>(static_cast<Extras*>(nullptr)),
                  "rill::ParDo: the DoFn needs process(const In&, rill::Emitter<Out>&) (plus one "
                  "rill::Emitter<Extra>& per extra output of DoFn<In, Out, Extra...>, plus "
                  "const rill::SideInputs& last when it reads side inputs)");
    static_assert(detail::check_side_inputs<T, Views...>());
    return detail::add_pardo(in, name, "ParDo", fn, views);
  }
};

}  // namespace rill
