#pragma once
// ParDo with a user DoFn. Lifecycle of a DoFn instance (one per partition of the stage,
// copied from the prototype given to ParDo): setup() once, then per bundle (one input
// batch) start_bundle(), process() per element, finish_bundle(); teardown() once at the end,
// also when the job fails. A DoFn that throws fails the job with the step's name.
//
//   struct Split : rill::DoFn<std::string, std::string> {
//     void process(const std::string& line, rill::Emitter<std::string>& out) { ... }
//   };
//   words = lines | rill::ParDo("Split", Split{});
#include <string>
#include <tuple>
#include <type_traits>

#include "graph/options.hpp"
#include "graph/pcollection.hpp"
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

// Runs `f`, turning any exception but a StepError into one that names `step`.
template <class F>
decltype(auto) as_step(const std::string& step, F&& f) {
  try {
    return f();
  } catch (const StepError&) {
    throw;
  } catch (const std::exception& e) {
    throw StepError(step, e.what());
  }
}

// One output of a ParDo: its port, the batch being filled and the DoFn's emitter for it.
template <class T>
struct OutputLane {
  Output<T> out;
  Batch<T> buf;
  Emitter<T> em;
  void begin(size_t spill_at) {
    buf.clear();
    em.bind(&buf, &out, spill_at);
  }
  int64_t end() {
    const int64_t n = em.emitted();
    out.emit(buf);
    return n;
  }
};

template <class Fn, class Extras = typename Fn::ExtraOutputs>
class ParDoOp;

template <class Fn, class... Extra>
class ParDoOp<Fn, std::tuple<Extra...>> final : public OperatorBase,
                                               public Consumer<typename Fn::InputT> {
  using In = typename Fn::InputT;
  using Out = typename Fn::OutputT;

 public:
  ParDoOp(std::string step, Fn fn, size_t spill_at)
      : OperatorBase(std::move(step)), fn_(std::move(fn)), spill_at_(spill_at) {}

  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int port) override {
    if (port == 0) return &main_.out;
    AnyOutput* found = nullptr;
    int i = 1;
    std::apply([&](auto&... lane) { ((found = (i++ == port ? &lane.out : found)), ...); }, extra_);
    return found;
  }
  void setup() override {
    as_step(step(), [&] { fn_.setup(); });
  }
  void teardown() override {
    as_step(step(), [&] { fn_.teardown(); });
  }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    main_.begin(spill_at_);
    std::apply([&](auto&... lane) { (lane.begin(spill_at_), ...); }, extra_);
    as_step(step(), [&] {
      fn_.start_bundle();
      for (auto& e : batch) {
        main_.em.set_current(e);
        std::apply(
            [&](auto&... lane) {
              (lane.em.set_current(e), ...);
              fn_.process(std::move(e.value), main_.em, lane.em...);
            },
            extra_);
      }
      fn_.finish_bundle();
    });
    counters_.elements_out += main_.end();
    std::apply([&](auto&... lane) { (count_extra(lane), ...); }, extra_);
  }

 private:
  template <class T>
  void count_extra(OutputLane<T>& lane) {
    const int64_t n = lane.end();
    if constexpr (std::is_same_v<T, DeadLetter>) counters_.malformed += n;  // routed away
  }

  Fn fn_;
  size_t spill_at_;
  OutputLane<Out> main_;
  std::tuple<OutputLane<Extra>...> extra_;
};

inline size_t spill_size(const OpContext& ctx) {
  return ctx.options ? ctx.options->batch_size * 4 : 4096;
}

template <class Fn>
OperatorFactory pardo_factory(Fn fn) {
  return [fn = std::move(fn)](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<ParDoOp<Fn>>(ctx.step, fn, spill_size(ctx));
  };
}

// Adds a single-output ParDo step running copies of `fn` (already checked against T).
template <class Fn, class T>
PCollection<typename Fn::OutputT> add_pardo(const PCollection<T>& in, const std::string& name,
                                            std::string label, Fn fn) {
  return add_step<typename Fn::OutputT>(in, name, std::move(label), NodeKind::kElementwise,
                                        pardo_factory(std::move(fn)), in.windowing());
}

// Adds a ParDo step with extra outputs; returns all its outputs, main first.
template <class Fn, class T, class... Extra>
auto add_multi_pardo(const PCollection<T>& in, const std::string& name, Fn fn,
                     std::tuple<Extra...>*) {
  NodeDef n;
  n.name = name;
  n.label = "ParDo";
  n.kind = NodeKind::kElementwise;
  n.inputs = {in.id()};
  n.make_op = pardo_factory(std::move(fn));
  auto& g = in.graph();
  const int node = g.add_node(std::move(n));
  int port = 0;
  auto make = [&]<class U>(std::type_identity<U>) {
    const int id = g.add_collection(node, port++, type_ops_for<U>(), in.windowing());
    return PCollection<U>(in.graph_ptr(), id);
  };
  auto main = make(std::type_identity<typename Fn::OutputT>{});
  return std::tuple<PCollection<typename Fn::OutputT>, PCollection<Extra>...>{
      main, make(std::type_identity<Extra>{})...};
}

template <class Fn, class T, class... Extra>
constexpr bool can_process(std::tuple<Extra...>*) {
  return requires(Fn f, T x, Emitter<typename Fn::OutputT>& e, Emitter<Extra>&... extra) {
    f.process(std::move(x), e, extra...);
  };
}

}  // namespace detail

template <class Fn>
struct ParDo {
  std::string name;
  Fn fn;
  ParDo(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(requires { typename Fn::InputT; typename Fn::OutputT; typename Fn::ExtraOutputs; },
                  "rill::ParDo: the DoFn must derive from rill::DoFn<In, Out>");
    static_assert(std::is_same_v<typename Fn::InputT, T>,
                  "rill::ParDo: the DoFn's input type (the In of DoFn<In, Out>) differs from the "
                  "element type of the PCollection it is applied to");
    static_assert(std::is_copy_constructible_v<Fn>,
                  "rill::ParDo: the DoFn must be copyable (each partition runs its own copy)");
    using Extras = typename Fn::ExtraOutputs;
    static_assert(detail::can_process<Fn, T>(static_cast<Extras*>(nullptr)),
                  "rill::ParDo: the DoFn needs process(const In&, rill::Emitter<Out>&) (plus one "
                  "rill::Emitter<Extra>& per extra output of DoFn<In, Out, Extra...>)");
    if constexpr (std::tuple_size_v<Extras> == 0) {
      return detail::add_pardo(in, name, "ParDo", fn);
    } else {
      return detail::add_multi_pardo(in, name, fn, static_cast<Extras*>(nullptr));
    }
  }
};

}  // namespace rill
