#pragma once
// OnTimeSessionOp: the keyed side of a shuffle for session windows under the strategy where
// each session fires exactly one pane, on time: the default trigger, no allowed lateness and
// end-of-window output times. A session then needs no trigger state, hold or pane counter,
// so the state is every key's open sessions and their accumulators (SessionTable), and
// elements whose window has expired (max timestamp behind the watermark) are dropped as late.
// KeyedWindowOp handles every other strategy; both produce the same panes for this one.
#include "exec/on_time_window_op.hpp"
#include "exec/session_table.hpp"
#include "graph/kv.hpp"
#include "graph/operator.hpp"
#include "graph/step_error.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill::detail {

template <class K, class P, class OutV, class ToOut>
class OnTimeSessionOp final : public OnTimePanes<K, OutV>, public Consumer<typename P::Value> {
  using In = typename P::Value;
  using Acc = typename P::Acc;
  using Base = OnTimePanes<K, OutV>;
  using Base::counters_;

 public:
  using Base::step;
  // gap: the Sessions gap; timers are bucketed at a quarter of it.
  OnTimeSessionOp(std::string step, Duration gap, P policy, ToOut to_out)
      : Base(std::move(step)),
        policy_(std::move(policy)),
        to_out_(std::move(to_out)),
        table_(std::max<Duration>(gap / 4, 1)) {}

  AnyConsumer* input(int) override { return this; }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    as_step(step(), [&] {
      table_.update_if(
          batch.begin(), batch.end(), [](const auto& e) -> const K& { return e.value.key; },
          [&](const auto& e) { return this->on_time(e); }, [&] { return policy_.empty(); },
          [&](Acc& into, Acc&& from) { policy_.merge(into, std::move(from)); },
          [&](auto& e, Acc& acc) { policy_.add(acc, std::move(e.value)); });
    });
  }

  void on_watermark(Timestamp wm) override { this->fire_due(wm, table_, to_out_); }

  Timestamp hold() const override { return table_.hold(); }
  void snapshot(cereal::BinaryOutputArchive& ar) const override { this->save_table(ar, table_); }
  void restore(cereal::BinaryInputArchive& ar) override { this->load_table(ar, table_); }

 private:
  P policy_;
  ToOut to_out_;
  SessionTable<K, Acc> table_;

 public:
  std::string checkpoint_problem() const override { return this->table_problem(table_); }
};

}  // namespace rill::detail
