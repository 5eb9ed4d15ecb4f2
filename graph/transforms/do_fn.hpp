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
#include "graph/side_input.hpp"
#include "graph/spill_buffer.hpp"
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

template <class Fn, class Extras = typename Fn::ExtraOutputs>
class ParDoOp;

// Runs a DoFn over batches. With side inputs, input port 0 is the main input and ports 1..n
// the side inputs; a main element is processed once every side window it needs is complete.
// Until then it waits in a SpillBuffer (bounded memory), and the operator holds the output
// watermark at the earliest waiting timestamp.
template <class Fn, class... Extra>
class ParDoOp<Fn, std::tuple<Extra...>> final : public OperatorBase,
                                                public Consumer<typename Fn::InputT> {
  using In = typename Fn::InputT;
  using Out = typename Fn::OutputT;
  static constexpr bool kSides =
      wants_side_inputs<Fn, In, Out>(static_cast<std::tuple<Extra...>*>(nullptr));
  static constexpr size_t kWaitingInMemory = 1 << 16;

 public:
  ParDoOp(std::string step, Fn fn, size_t spill_at, std::unique_ptr<SideInputs> sides = nullptr)
      : OperatorBase(std::move(step)),
        fn_(std::move(fn)),
        spill_at_(spill_at),
        sides_(std::move(sides)),
        waiting_(kWaitingInMemory) {}

  AnyConsumer* input(int port) override {
    if (port == 0) return this;
    return sides_->at(static_cast<size_t>(port - 1)).consumer();
  }
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
    if constexpr (kSides) {
      ready_.clear();
      for (auto& e : batch) admit(std::move(e));
      run(ready_);
    } else {
      run(batch);
    }
  }
  void on_input_watermark(int port, Timestamp wm) override {
    if constexpr (kSides) {
      if (port == 0) return;
      sides_->at(static_cast<size_t>(port - 1)).on_watermark(wm);
      if (waiting_.empty()) return;
      ready_.clear();
      waiting_min_ts_ = kMaxTimestamp;
      as_step(step(), [&] { waiting_.drain([&](WindowedValue<In>&& e) { admit(std::move(e)); }); });
      run(ready_);
    }
  }
  Timestamp hold() const override { return waiting_.empty() ? kMaxTimestamp : waiting_min_ts_; }

 private:
  // A main element goes to ready_ when its side windows are complete, else it waits.
  void admit(WindowedValue<In>&& e) {
    if (sides_->ready_for(e.window)) {
      ready_.push_back(std::move(e));
    } else {
      waiting_min_ts_ = std::min(waiting_min_ts_, e.timestamp);
      waiting_.push(std::move(e));
    }
  }

  void run(Batch<In>& batch) {
    if (batch.empty()) return;
    main_.begin(spill_at_);
    std::apply([&](auto&... lane) { (lane.begin(spill_at_), ...); }, extra_);
    as_step(step(), [&] {
      fn_.start_bundle();
      for (auto& e : batch) {
        main_.em.set_current(e);
        std::apply(
            [&](auto&... lane) {
              (lane.em.set_current(e), ...);
              if constexpr (kSides) {
                sides_->set_window(e.window);
                fn_.process(std::move(e.value), main_.em, lane.em..., std::as_const(*sides_));
              } else {
                fn_.process(std::move(e.value), main_.em, lane.em...);
              }
            },
            extra_);
      }
      fn_.finish_bundle();
    });
    counters_.elements_out += main_.end();
    std::apply([&](auto&... lane) { (count_extra(lane), ...); }, extra_);
  }

  template <class T>
  void count_extra(OutputLane<T>& lane) {
    const int64_t n = lane.end();
    if constexpr (std::is_same_v<T, DeadLetter>) counters_.malformed += n;  // routed away
  }

  Fn fn_;
  size_t spill_at_;
  OutputLane<Out> main_;
  std::tuple<OutputLane<Extra>...> extra_;
  std::unique_ptr<SideInputs> sides_;
  SpillBuffer<In> waiting_;  // main elements whose side windows are not complete yet
  Timestamp waiting_min_ts_ = kMaxTimestamp;
  Batch<In> ready_;
};

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
    return std::make_unique<ParDoOp<Fn>>(ctx.step, fn, spill_size(ctx), std::move(sides));
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
