#pragma once
// ParDoOp: runs a DoFn (graph/transforms/do_fn.hpp) over batches, one instance per partition:
// setup() once, then per bundle (one input batch) start_bundle(), process() per element,
// finish_bundle(); teardown() once at the end, also when the job fails.
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>

#include <cereal/archives/binary.hpp>

#include "exec/spill_buffer.hpp"
#include "graph/step_error.hpp"
#include "graph/transforms/do_fn.hpp"

namespace rill::exec {

using rill::detail::as_step;
using rill::detail::can_process;
using rill::detail::wants_side_inputs;

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
        waiting_(kWaitingInMemory) {
    main_.em.set_metrics(&metrics_);
    main_.em.set_log(&log_);
    if constexpr (kSides) sides_->on_update([this] { admit_waiting(); });
    std::apply(
        [&](auto&... lane) { ((lane.em.set_metrics(&metrics_), lane.em.set_log(&log_)), ...); },
        extra_);
  }

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
    as_step(step(), [&] { rill::detail::call_setup(fn_, metrics_); });
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
      admit_waiting();
    }
  }
  Timestamp hold() const override { return waiting_.empty() ? kMaxTimestamp : waiting_min_ts_; }

  // Checkpoints: with side inputs, their elements and the main elements waiting for them.
  // (A DoFn's own members are not state: as in Beam, they live for a bundle or the run.)
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    if constexpr (kSides) {
      if constexpr (!is_serializable_v<In>)
        throw StepError(step(), checkpoint_problem());
      else {
        sides_->snapshot(ar);
        waiting_.save(ar);
        ar(waiting_min_ts_);
      }
    }
  }
  std::string checkpoint_problem() const override {
    if constexpr (kSides) {
      if constexpr (!is_serializable_v<In>)
        return "its input has no coder, so the elements waiting for its side inputs cannot be "
               "checkpointed";
      else
        return sides_->checkpoint_problem();
    }
    return {};
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    if constexpr (kSides && is_serializable_v<In>) {
      sides_->restore(ar);
      waiting_.load(ar);
      ar(waiting_min_ts_);
    }
  }

 private:
  // Side windows may have become ready (a side watermark advanced, or a triggered side
  // input's pane came): the waiting elements that can go, go.
  void admit_waiting() {
    if (waiting_.empty()) return;
    ready_.clear();
    waiting_min_ts_ = kMaxTimestamp;
    as_step(step(), [&] { waiting_.drain([&](WindowedValue<In>&& e) { admit(std::move(e)); }); });
    run(ready_);
  }

  // A main element goes to ready_ when its side windows are ready, else it waits.
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
  mutable SpillBuffer<In> waiting_;  // main elements whose side windows are not complete yet
  Timestamp waiting_min_ts_ = kMaxTimestamp;
  Batch<In> ready_;
};

template <class Fn>
std::unique_ptr<OperatorBase> make_pardo_op(const std::string& step, Fn fn, size_t spill_at,
                                            std::unique_ptr<SideInputs> sides) {
  return std::make_unique<ParDoOp<Fn>>(step, std::move(fn), spill_at, std::move(sides));
}

}  // namespace rill::exec
