#pragma once
// OnTimeWindowOp: the keyed side of a shuffle for the common windowing strategy: the default
// trigger, no allowed lateness, a non-merging WindowFn and end-of-window output times. Under
// that strategy each window fires exactly one pane, on time, when the watermark passes its
// end, and its state is collected right after; elements behind the watermark belong to
// expired windows and are dropped as late. That needs no trigger state machine, so the
// state is one flat (key, window) table (see KeyedWindowOp for every other strategy; both
// produce the same panes for this strategy).
#include <cereal/archives/binary.hpp>
#include "exec/window_table.hpp"

#include "graph/kv.hpp"
#include "graph/operator.hpp"
#include "graph/step_error.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill::detail {

// What the on-time operators (OnTimeWindowOp, OnTimeSessionOp) share: the output, the
// watermark they were given, and firing what their table holds behind it, each window as
// its one ON_TIME pane stamped at the window's max timestamp.
template <class K, class OutV>
class OnTimePanes : public OperatorBase {
 public:
  using Out = KV<K, OutV>;
  explicit OnTimePanes(std::string step) : OperatorBase(std::move(step)) {}
  AnyOutput* output(int) override { return &out_; }

 protected:
  template <class Table, class ToOut>
  void fire_due(Timestamp wm, Table& table, ToOut& to_out) {
    if (wm <= wm_) return;
    wm_ = wm;
    as_step(step(), [&] {
      table.fire_before(wm, [&](const K& key, const Window& w, auto&& acc) {
        buf_.emplace_back(Out{key, to_out(std::move(acc))}, w.max_timestamp(), w,
                          PaneInfo{PaneTiming::kOnTime, true, true, 0, 0});
      });
    });
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }

  // False, and counted, for an element behind the watermark: its window (or the session it
  // would join) has fired and expired.
  template <class E>
  bool on_time(const E& e) {
    if (e.window.max_timestamp() >= wm_) return true;
    ++counters_.dropped_late;
    return false;
  }

  // Checkpoints: the watermark seen and the table (by key group).
  template <class Table>
  void save_table(cereal::BinaryOutputArchive& ar, const Table& table) const {
    if constexpr (Table::kCheckpointable) {
      ar(wm_);
      table.save(ar);
    } else {
      throw StepError(step(), "its keys or accumulators have no coder: it cannot be checkpointed");
    }
  }
  template <class Table>
  std::string table_problem(const Table&) const {
    return Table::kCheckpointable ? ""
                                  : "its keys or accumulators have no coder: it cannot be "
                                    "checkpointed";
  }
  template <class Table>
  void load_table(cereal::BinaryInputArchive& ar, Table& table) {
    if constexpr (Table::kCheckpointable) {
      ar(wm_);
      table.load(ar);
    }
  }

  Timestamp wm_ = kMinTimestamp;  // elements of windows that end at or before it are late

 private:
  Output<Out> out_;
  Batch<Out> buf_;
};

template <class K, class P, class OutV, class ToOut>
class OnTimeWindowOp final : public OnTimePanes<K, OutV>, public Consumer<typename P::Value> {
  using In = typename P::Value;
  using Base = OnTimePanes<K, OutV>;
  using Base::counters_;

 public:
  using Base::step;
  OnTimeWindowOp(std::string step, P policy, ToOut to_out)
      : Base(std::move(step)), policy_(std::move(policy)), to_out_(std::move(to_out)) {}

  AnyConsumer* input(int) override { return this; }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    as_step(step(), [&] {
      table_.update_if(
          batch.begin(), batch.end(), [](const auto& e) -> const K& { return e.value.key; },
          [&](const auto& e) { return this->on_time(e); }, [&] { return policy_.empty(); },
          [&](auto& e, typename P::Acc& acc) { policy_.add(acc, std::move(e.value)); });
    });
  }

  void on_watermark(Timestamp wm) override { this->fire_due(wm, table_, to_out_); }

  Timestamp hold() const override { return table_.hold(); }
  void snapshot(cereal::BinaryOutputArchive& ar) const override { this->save_table(ar, table_); }
  void restore(cereal::BinaryInputArchive& ar) override { this->load_table(ar, table_); }

 private:
  P policy_;
  ToOut to_out_;
  WindowTable<K, typename P::Acc> table_;

 public:
  std::string checkpoint_problem() const override { return this->table_problem(table_); }
};

}  // namespace rill::detail
