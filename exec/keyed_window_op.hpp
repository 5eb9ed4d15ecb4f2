#pragma once
// The keyed side of a shuffle: per key, a KeyedWindowState (windowing/) holds that key's
// windows, triggers, holds and timers; this operator owns the table of keys and turns panes
// into output elements. GroupByKey and the merge half of a lifted Combine are instances.
// make_keyed_window_op() picks a leaner operator when every window fires once, on time:
// OnTimeWindowOp (non-merging windows) or OnTimeSessionOp (sessions).
//
// A batch is grouped by key first (one hash and one probe of a flat index per element, none
// when consecutive elements share a key); then each key's elements go through its state one
// at a time, in arrival order (KeyedWindowState::process_element: a bundle of one), and the
// key's timers and hold are updated once per batch.
//
// Lifetime of a key's entry: created by the key's first element; freed once its state is
// empty (every window fired and garbage-collected, at watermark > max timestamp + allowed
// lateness; or, for a window collected only at the end of time such as the global window,
// idle after a discarding pane: see keyed_window_state.hpp). Entries live in a slab and are
// reused (their state keeps its storage); the slab and the index keep the size of the most
// keys live at once.
//
// Timers and holds: per entry, its state's next event-time timer, next processing-time timer
// (triggers with AfterProcessingTime only) and hold, each in a MinTree over the entry ids
// (O(log n) per change, the minimum in O(1)). An advancing watermark or clock takes only the
// keys whose timers are due; the operator's hold is the minimum over keys of the earliest
// output timestamp still buffered, and the stage forwards min(input watermark, hold).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include <cereal/archives/binary.hpp>
#include <cereal/types/vector.hpp>

#include "exec/key_groups.hpp"
#include "exec/key_index.hpp"
#include "exec/min_tree.hpp"
#include "exec/on_time_session_op.hpp"
#include "exec/on_time_window_op.hpp"
#include "graph/coder.hpp"
#include "graph/kv.hpp"
#include "graph/operator.hpp"
#include "graph/step_error.hpp"
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
        to_out_(std::move(to_out)),
        uses_processing_time_(this->strategy()->trigger.uses_processing_time()) {}

  AnyConsumer* input(int) override { return this; }
  // Port 1: the late output (GroupByKey(...).with_late_output()), the input elements the
  // state dropped, as they came; nothing is kept for it when it is not connected.
  AnyOutput* output(int port) override {
    if (port == 1) return &late_out_;
    return &out_;
  }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    const Timestamp now = processing_now();
    as_step(step(), [&] {
      group_by_key(batch);
      for (uint32_t id : touched_) {
        Entry& en = entries_[id];
        auto emit = emitter(en);
        for (int32_t i = en.head; i >= 0; i = next_[static_cast<size_t>(i)]) {
          auto& e = batch[static_cast<size_t>(i)];
          auto r = en.state.process_element(e, wm_, now, emit);
          const size_t dropped = r.dropped_late + r.dropped_closed;
          counters_.dropped_late += static_cast<int64_t>(dropped);
          // A dropped element keeps its value (the state moves only what it adds).
          if (dropped > 0 && late_out_.connected()) late_.push_back(std::move(e));
        }
        settle(id);
      }
    });
    emit_buffer();
  }

  void on_watermark(Timestamp wm) override {
    if (wm <= wm_) return;
    wm_ = wm;
    as_step(step(), [&] {
      uint32_t id;
      while (timers_.pop_due(wm, id)) {
        Entry& en = entries_[id];
        en.state.on_watermark(wm, emitter(en));
        settle(id);
      }
    });
    emit_buffer();
  }

  Timestamp next_processing_timer() const override {
    return uses_processing_time_ ? ptimers_.min() : kNoTimer;
  }
  static_assert(kNoTimer == OperatorBase::kNoProcessingTimer && kNoTimer == MinTree::kNone);

  void on_processing_time(Timestamp now) override {
    if (!uses_processing_time_) return;
    as_step(step(), [&] {
      uint32_t id;
      while (ptimers_.pop_due(now, id)) {
        Entry& en = entries_[id];
        if (en.state.next_processing_timer() <= now) en.state.on_processing_time(now, emitter(en));
        settle(id);
      }
    });
    emit_buffer();
  }

  Timestamp hold() const override {
    const Timestamp h = holds_.min();
    return h == MinTree::kNone ? kMaxTimestamp : h;
  }

  // Introspection (tests): keys with state now.
  size_t live_keys() const { return index_.size(); }

  // Checkpoints: the watermark, then every live key's KeyedWindowState (windows, triggers,
  // holds, timers, pane counters: its serialize()), by key group. A restore adds the keys to
  // the empty operator and indexes their timers and holds anew.
  static constexpr bool kCheckpointable =
      is_serializable_v<K> && is_serializable_v<typename P::Acc>;
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    if constexpr (kCheckpointable) {
      ar(wm_);
      std::vector<const Entry*> live;
      for (const Entry& en : entries_)
        if (en.live) live.push_back(&en);
      exec::save_key_groups(
          ar, live, [](const Entry* en) { return en->hash; },
          [](cereal::BinaryOutputArchive& a, const Entry* en) {
            a(en->key);
            const_cast<KeyedWindowState<P>&>(en->state).serialize(a);
          });
    } else {
      throw StepError(step(), checkpoint_problem());
    }
  }
  std::string checkpoint_problem() const override {
    return kCheckpointable ? ""
                           : "its keys or accumulators have no coder: it cannot be checkpointed";
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    if constexpr (kCheckpointable) {
      ar(wm_);
      exec::load_key_groups(ar, [&](cereal::BinaryInputArchive& a) {
        K key{};
        a(key);
        const uint32_t id = lookup(key);
        entries_[id].state.serialize(a);
        settle(id);
      });
    }
  }

 private:
  struct Entry {
    Entry(const WindowingStrategy* s, const P& p, const K& k, uint64_t h)
        : state(s, p), key(k), hash(h) {}
    KeyedWindowState<P> state;
    K key;
    uint64_t hash;                 // stable_hash(key)
    bool live = true;              // false while on the free list
    uint64_t batch = 0;            // the last batch that had this key
    int32_t head = -1, tail = -1;  // that batch's elements of this key (through next_)
  };

  const WindowingStrategy* strategy() const {
    return strategy_ ? strategy_.get() : &default_strategy();
  }

  // Sets touched_ to the entries of the batch's keys (first-appearance order) and chains each
  // key's elements, in order, from its entry's head through next_.
  void group_by_key(Batch<In>& batch) {
    ++batch_no_;
    touched_.clear();
    next_.resize(batch.size());
    uint32_t id = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
      const K& key = batch[i].value.key;
      if (i == 0 || !(key == entries_[id].key)) id = lookup(key);
      Entry& en = entries_[id];
      const auto pos = static_cast<int32_t>(i);
      next_[i] = -1;
      if (en.batch != batch_no_) {
        en.batch = batch_no_;
        en.head = pos;
        touched_.push_back(id);
      } else {
        next_[static_cast<size_t>(en.tail)] = pos;
      }
      en.tail = pos;
    }
  }

  // The entry of `key`, created (or reused from the free list) when new.
  uint32_t lookup(const K& key) {
    const uint64_t h = stable_hash(key);
    uint32_t id = index_.find(h, [&](uint32_t i) { return entries_[i].key == key; });
    if (id != KeyIndex::kNone) return id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
      Entry& en = entries_[id];
      en.key = key;
      en.hash = h;
      en.live = true;
    } else {
      id = static_cast<uint32_t>(entries_.size());
      entries_.emplace_back(strategy(), policy_, key, h);
      timers_.resize(entries_.size());
      if (uses_processing_time_) ptimers_.resize(entries_.size());
      holds_.resize(entries_.size());
    }
    index_.insert(h, id);
    return id;
  }

  auto emitter(const Entry& en) {
    return [this, key = &en.key](const Window& w, const PaneInfo& pane, Timestamp ts, auto&& acc) {
      buf_.emplace_back(Out{*key, to_out_(std::forward<decltype(acc)>(acc))}, ts, w, pane);
    };
  }

  // After a key's state changed: free it when empty, else update its timers and hold.
  void settle(uint32_t id) {
    Entry& en = entries_[id];
    if (en.state.empty()) {
      index_.erase(en.hash, id);
      en.live = false;
      en.state.reset();
      timers_.set(id, MinTree::kNone);
      if (uses_processing_time_) ptimers_.set(id, MinTree::kNone);
      holds_.set(id, MinTree::kNone);
      free_.push_back(id);
      return;
    }
    timers_.set(id, en.state.next_event_timer());  // kNoTimer == MinTree::kNone
    if (uses_processing_time_) ptimers_.set(id, en.state.next_processing_timer());
    const Timestamp h = en.state.hold();
    holds_.set(id, h == kMaxTimestamp ? MinTree::kNone : h);
  }

  void emit_buffer() {
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
    if (!late_.empty()) {
      late_out_.emit(late_);
      late_.clear();
    }
  }

  std::shared_ptr<const WindowingStrategy> strategy_;
  P policy_;
  ToOut to_out_;
  bool uses_processing_time_;
  KeyIndex index_;  // stable_hash(key) -> entries_ index
  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;
  MinTree timers_;   // per entry: its state's next event-time timer
  MinTree ptimers_;  // per entry: its next processing-time timer (only if the trigger has any)
  MinTree holds_;    // per entry: its state's hold
  uint64_t batch_no_ = 0;
  std::vector<uint32_t> touched_;
  std::vector<int32_t> next_;
  Timestamp wm_ = kMinTimestamp;
  Output<Out> out_;
  Batch<Out> buf_;
  Output<In> late_out_;
  Batch<In> late_;  // this batch's dropped elements, sent with its panes
};

}  // namespace rill::detail

namespace rill::exec {

// The keyed operator for a strategy: the flat table when windows fire once on time, the
// trigger state machine otherwise, and always with a late output (only it has one).
template <class K, class P, class OutV, class ToOut>
std::unique_ptr<OperatorBase> make_keyed_window_op(const std::string& step,
                                                   std::shared_ptr<const WindowingStrategy> s,
                                                   P policy, ToOut to_out, bool late_output) {
  using namespace detail;
  if (late_output)
    return std::make_unique<KeyedWindowOp<K, P, OutV, ToOut>>(step, std::move(s), std::move(policy),
                                                              std::move(to_out));
  if (fires_once_on_time(s.get()))
    return std::make_unique<OnTimeWindowOp<K, P, OutV, ToOut>>(step, std::move(policy),
                                                               std::move(to_out));
  if (on_time_sessions(s.get()))
    return std::make_unique<OnTimeSessionOp<K, P, OutV, ToOut>>(
        step, s->window_fn.get_if<Sessions>()->gap(), std::move(policy), std::move(to_out));
  return std::make_unique<KeyedWindowOp<K, P, OutV, ToOut>>(step, std::move(s), std::move(policy),
                                                            std::move(to_out));
}

}  // namespace rill::exec
