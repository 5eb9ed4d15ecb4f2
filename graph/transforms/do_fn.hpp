#pragma once
// ParDo with a user DoFn. Lifecycle of a DoFn instance (one per partition of the stage,
// copied from the prototype given to ParDo): setup() once, then per bundle (one input
// batch) start_bundle(), process() per element, finish_bundle(); teardown() once at the end,
// also when the job fails. A DoFn that throws fails the job with the step's name.
// setup(rill::Metrics&) instead of setup() declares user metrics (graph/metrics.hpp).
//
//   struct Split : rill::DoFn<std::string, std::string> {
//     void process(const std::string& line, rill::Emitter<std::string>& out) { ... }
//   };
//   words = lines | rill::ParDo("Split", Split{});
#include <string>
#include <tuple>
#include <type_traits>

#include "graph/engine.hpp"
#include "graph/options.hpp"
#include "graph/pcollection.hpp"
#include "graph/side_input.hpp"
#include "graph/step_error.hpp"
#include "graph/transforms/emitter.hpp"

namespace rill {

// A DoFn may declare extra outputs: DoFn<In, Out, Extra...> gets one Emitter per output,
//   void process(const In&, Emitter<Out>& out, Emitter<Extra>&... extra);
// and ParDo then returns std::tuple<PCollection<Out>, PCollection<Extra>...>:
//   auto [events, dead] = lines | rill::ParDo("Parse", ParseFn{});
template <class In, class Out, class... Extra>
struct DoFn {
  using InputT = In;
  using OutputT = Out;
  using ExtraOutputs = std::tuple<Extra...>;
  void setup() {}
  void start_bundle() {}
  void finish_bundle() {}
  void teardown() {}
};

// A record that a step could not process: where, why, and the record itself.
struct DeadLetter {
  std::string step;
  std::string error;
  std::string record;
  template <class Archive>
  void serialize(Archive& ar) {
    ar(step, error, record);
  }
  friend bool operator==(const DeadLetter&, const DeadLetter&) = default;
  friend auto operator<=>(const DeadLetter&, const DeadLetter&) = default;
};

namespace detail {

template <class Fn, class In, class Out, class... Extra>
constexpr bool wants_side_inputs(std::tuple<Extra...>*) {
  return requires(Fn f, In x, Emitter<Out> & e, Emitter<Extra> & ... extra, const SideInputs& s) {
    f.process(std::move(x), e, extra..., s);
  };
}

template <class Fn, class In, class Out, class... Extra>
constexpr bool can_process(std::tuple<Extra...>*) {
  return requires(Fn f, In x, Emitter<Out> & e, Emitter<Extra> & ... extra) {
    f.process(std::move(x), e, extra...);
  }
  || wants_side_inputs<Fn, In, Out>(static_cast<std::tuple<Extra...>*>(nullptr));
}

// Runs fn.setup(metrics) when the DoFn declares metrics there, else fn.setup().
template <class Fn>
void call_setup(Fn& fn, Metrics& metrics) {
  if constexpr (requires { fn.setup(metrics); })
    fn.setup(metrics);
  else
    fn.setup();
}

inline size_t spill_size(const OpContext& ctx) {
  return ctx.options ? ctx.options->batch_size * 4 : 4096;
}

// Adds a ParDo step running copies of `fn` over `in`, reading `views` as side inputs.
// Returns PCollection<Out>, or a tuple of all outputs (main first) for a DoFn with extras.
template <class Fn, class T, class... Views>
auto add_pardo(const PCollection<T>& in, const std::string& name, std::string label, Fn fn,
               const std::tuple<Views...>& views = {}) {
  NodeDef n;
  n.name = name;
  n.label = std::move(label);
  n.kind = NodeKind::kElementwise;
  n.inputs = {in.id()};
  std::apply([&](const auto&... v) { (n.inputs.push_back(v.pc.id), ...); }, views);
  n.side_inputs = static_cast<int>(sizeof...(Views));
  n.make_op = [fn = std::move(fn), views](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    std::unique_ptr<SideInputs> sides;
    if constexpr (sizeof...(Views) > 0) {
      std::vector<std::unique_ptr<AnySideInput>> list;
      std::apply(
          [&](const auto&... v) {
            (list.push_back(std::make_unique<TypedSideInput<std::remove_cvref_t<decltype(v)>>>(v)),
             ...);
          },
          views);
      sides = std::make_unique<SideInputs>(std::move(list));
    }
    return exec::make_pardo_op<Fn>(ctx.step, fn, spill_size(ctx), std::move(sides));
  };
  auto& g = in.graph();
  const int node = g.add_node(std::move(n));
  int port = 0;
  auto make = [&]<class U>(std::type_identity<U>) {
    const int id = g.add_collection(node, port++, type_ops_for<U>(), in.windowing());
    return PCollection<U>(in.graph_ptr(), id);
  };
  return [&]<class... Extra>(std::tuple<Extra...>*) {
    auto main = make(std::type_identity<typename Fn::OutputT>{});
    if constexpr (sizeof...(Extra) == 0) {
      return main;
    } else {
      return std::tuple<PCollection<typename Fn::OutputT>, PCollection<Extra>...>{
          main, make(std::type_identity<Extra>{})...};
    }
  }(static_cast<typename Fn::ExtraOutputs*>(nullptr));
}

// Adds a one-output ParDo step whose copy of `fn` in each partition is first passed to
// init(fn, ctx): a partition's own random seed or counter. Its output takes `windowing`.
template <class Fn, class T, class Init>
PCollection<typename Fn::OutputT> add_pardo_per_partition(
    const PCollection<T>& in, const std::string& name, std::string label, Fn fn, Init init,
    std::shared_ptr<const WindowingStrategy> windowing) {
  auto factory = [fn = std::move(fn), init](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    Fn copy = fn;
    init(copy, ctx);
    return exec::make_pardo_op<Fn>(ctx.step, std::move(copy), spill_size(ctx), nullptr);
  };
  return add_step<typename Fn::OutputT>(in, name, std::move(label), NodeKind::kElementwise,
                                        std::move(factory), std::move(windowing));
}

template <class T, class... Views>
constexpr bool check_side_inputs() {
  static_assert((SideInputView<Views> && ...),
                "rill: side inputs are views: rill::AsSingleton(pc), AsList, AsIter, AsDict or "
                "AsMultimap");
  static_assert(sizeof...(Views) == 0 || is_serializable_v<T>,
                "rill: a step with side inputs may have to set main-input elements aside (on "
                "disk) until its side inputs are ready, so its input type must be "
                "Cereal-serializable");
  return true;
}

}  // namespace detail

}  // namespace rill
