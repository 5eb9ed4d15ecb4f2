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
#include <type_traits>

#include "graph/options.hpp"
#include "graph/pcollection.hpp"
#include "graph/step_error.hpp"
#include "graph/transforms/emitter.hpp"

namespace rill {

template <class In, class Out>
struct DoFn {
  using InputT = In;
  using OutputT = Out;
  void setup() {}
  void start_bundle() {}
  void finish_bundle() {}
  void teardown() {}
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

template <class Fn>
class ParDoOp final : public OperatorBase, public Consumer<typename Fn::InputT> {
  using In = typename Fn::InputT;
  using Out = typename Fn::OutputT;

 public:
  ParDoOp(std::string step, Fn fn, size_t spill_at)
      : OperatorBase(std::move(step)), fn_(std::move(fn)), spill_at_(spill_at) {}

  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }
  void setup() override {
    as_step(step(), [&] { fn_.setup(); });
  }
  void teardown() override {
    as_step(step(), [&] { fn_.teardown(); });
  }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    buf_.clear();
    em_.bind(&buf_, &out_, spill_at_);
    as_step(step(), [&] {
      fn_.start_bundle();
      for (auto& e : batch) {
        em_.set_current(e);
        fn_.process(std::move(e.value), em_);
      }
      fn_.finish_bundle();
    });
    counters_.elements_out += em_.emitted();
    out_.emit(buf_);
  }

 private:
  Fn fn_;
  size_t spill_at_;
  Output<Out> out_;
  Batch<Out> buf_;
  Emitter<Out> em_;
};

inline size_t spill_size(const OpContext& ctx) {
  return ctx.options ? ctx.options->batch_size * 4 : 4096;
}

// Adds a ParDo step running copies of `fn` (already checked against T).
template <class Fn, class T>
PCollection<typename Fn::OutputT> add_pardo(const PCollection<T>& in, const std::string& name,
                                            std::string label, Fn fn) {
  auto factory = [fn = std::move(fn)](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
    return std::make_unique<ParDoOp<Fn>>(ctx.step, fn, spill_size(ctx));
  };
  return add_step<typename Fn::OutputT>(in, name, std::move(label), NodeKind::kElementwise,
                                        std::move(factory), in.windowing());
}

}  // namespace detail

template <class Fn>
struct ParDo {
  std::string name;
  Fn fn;
  ParDo(std::string n, Fn f) : name(std::move(n)), fn(std::move(f)) {}

  template <class T>
  auto expand(const PCollection<T>& in) {
    static_assert(requires { typename Fn::InputT; typename Fn::OutputT; },
                  "rill::ParDo: the DoFn must derive from rill::DoFn<In, Out>");
    static_assert(std::is_same_v<typename Fn::InputT, T>,
                  "rill::ParDo: the DoFn's input type (the In of DoFn<In, Out>) differs from the "
                  "element type of the PCollection it is applied to");
    static_assert(std::is_copy_constructible_v<Fn>,
                  "rill::ParDo: the DoFn must be copyable (each partition runs its own copy)");
    static_assert(requires(Fn f, T x, Emitter<typename Fn::OutputT>& e) {
                    f.process(std::move(x), e);
                  }, "rill::ParDo: the DoFn needs process(const In&, rill::Emitter<Out>&)");
    return detail::add_pardo(in, name, "ParDo", fn);
  }
};

}  // namespace rill
