#pragma once
// The keyed side of a shuffle: per key, a KeyedWindowState (windowing/) holds that key's
// windows, triggers, holds and timers; this operator owns the table of keys and turns panes
// into output elements. GroupByKey and the merge half of a lifted Combine are instances.
//
// Lifetime of a key's entry: created by the key's first element; erased once its state is
// empty (every window fired and garbage-collected, at watermark > max timestamp + allowed
// lateness). Timers: each key registers its earliest event-time timer in a min-heap; an
// advancing watermark pops only the keys whose timers are due (stale heap entries, whose
// time no longer matches the key's registration, are skipped).
// Watermark rule: the operator's hold is the minimum over keys of the earliest output
// timestamp still buffered; the stage forwards min(input watermark, hold).
#include <chrono>
#include <memory>
#include <queue>
#include <unordered_map>

#include "graph/coder.hpp"
#include "graph/kv.hpp"
#include "graph/operator.hpp"
#include "graph/step_error.hpp"
#include "graph/transforms/on_time_window_op.hpp"
#include "windowing/keyed_window_state.hpp"

namespace rill::detail {

inline const WindowingStrategy& default_strategy() {
  static const WindowingStrategy s{};
  return s;
}

inline Timestamp processing_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// P: the accumulator policy (Value is KV<K, X>); ToOut(key, acc) builds the output value.
template <class K, class P, class OutV, class ToOut>
class KeyedWindowOp final : public OperatorBase, public Consumer<typename P::Value> {
  using In = typename P::Value;
  using Out = KV<K, OutV>;

 public:
  KeyedWindowOp(std::string step, std::shared_ptr<const WindowingStrategy> strategy, P policy,
                ToOut to_out)
      : OperatorBase(std::move(step)),
        strategy_(std::move(strategy)),
        policy_(std::move(policy)),
        to_out_(std::move(to_out)) {}

  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    const Timestamp now = processing_now();
    as_step(step(), [&] {
      for (auto& e : batch) {
        auto [it, fresh] = keys_.try_emplace(e.value.key, strategy(), policy_);
        auto r = it->second.state.process_bundle(std::span(&e, 1), wm_, now, emitter(it->first));
        counters_.dropped_late += static_cast<int64_t>(r.dropped_late + r.dropped_closed);
        settle(it);
      }
    });
    emit_buffer();
  }

  void on_watermark(Timestamp wm) override {
    if (wm <= wm_) return;
    wm_ = wm;
    as_step(step(), [&] {
      while (!timers_.empty() && timers_.top().first <= wm) {
        auto [t, key] = timers_.top();
        timers_.pop();
        auto it = keys_.find(key);
        if (it == keys_.end() || it->second.registered != t) continue;  // stale
        it->second.registered = kNoTimer;
        it->second.state.on_watermark(wm, emitter(it->first));
        settle(it);
      }
    });
    emit_buffer();
  }

  Timestamp next_processing_timer() const override { return next_processing_; }
  static_assert(kNoTimer == OperatorBase::kNoProcessingTimer);

  void on_processing_time(Timestamp now) override {
    next_processing_ = kNoTimer;
    as_step(step(), [&] {
      for (auto it = keys_.begin(); it != keys_.end();) {
        auto& st = it->second.state;
        if (st.next_processing_timer() <= now) st.on_processing_time(now, emitter(it->first));
        next_processing_ = std::min(next_processing_, st.next_processing_timer());
        if (st.empty()) {
          it = keys_.erase(it);
        } else {
          register_timer(it);
          ++it;
        }
      }
    });
    emit_buffer();
  }

  Timestamp hold() const override {
    Timestamp h = kMaxTimestamp;
    for (const auto& [k, entry] : keys_) h = std::min(h, entry.state.hold());
    return h;
  }

 private:
  struct Entry {
    Entry(const WindowingStrategy* s, const P& p) : state(s, p) {}
    KeyedWindowState<P> state;
    Timestamp registered = kNoTimer;  // the event-time timer this key has in the heap
  };
  using Table = std::unordered_map<K, Entry, KeyHash<K>>;

  const WindowingStrategy* strategy() const {
    return strategy_ ? strategy_.get() : &default_strategy();
  }

  auto emitter(const K& key) {
    return [this, &key](const Window& w, const PaneInfo& pane, Timestamp ts, auto&& acc) {
      buf_.push_back({Out{key, to_out_(std::forward<decltype(acc)>(acc))}, ts, w, pane});
    };
  }

  // After a key's state changed: erase it when empty, else keep its timers registered.
  void settle(typename Table::iterator it) {
    if (it->second.state.empty()) {
      keys_.erase(it);
      return;
    }
    register_timer(it);
    next_processing_ = std::min(next_processing_, it->second.state.next_processing_timer());
  }

  void register_timer(typename Table::iterator it) {
    const Timestamp t = it->second.state.next_event_timer();
    if (t < it->second.registered) {
      it->second.registered = t;
      timers_.emplace(t, it->first);
    }
  }

  void emit_buffer() {
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }

  using Timer = std::pair<Timestamp, K>;
  struct Later {
    bool operator()(const Timer& a, const Timer& b) const { return a.first > b.first; }
  };

  std::shared_ptr<const WindowingStrategy> strategy_;
  P policy_;
  ToOut to_out_;
  Table keys_;
  std::priority_queue<Timer, std::vector<Timer>, Later> timers_;
  Timestamp wm_ = kMinTimestamp;
  Timestamp next_processing_ = kNoTimer;
  Output<Out> out_;
  Batch<Out> buf_;
};

template <class K, class P, class OutV, class ToOut>
std::unique_ptr<OperatorBase> make_keyed_window_op(const std::string& step,
                                                   std::shared_ptr<const WindowingStrategy> s,
                                                   P policy, ToOut to_out) {
  if (fires_once_on_time(s.get()))
    return std::make_unique<OnTimeWindowOp<K, P, OutV, ToOut>>(step, std::move(policy),
                                                               std::move(to_out));
  return std::make_unique<KeyedWindowOp<K, P, OutV, ToOut>>(step, std::move(s), std::move(policy),
                                                            std::move(to_out));
}

}  // namespace rill::detail
