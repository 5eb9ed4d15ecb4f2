#pragma once
// The keyed side of a shuffle: per key, a KeyedWindowState (windowing/) holds that key's
// windows, triggers, holds and timers; this operator owns the table of keys and turns panes
// into output elements. GroupByKey and the merge half of a lifted Combine are instances.
//
// A batch is grouped by key first (one hash and one probe of a flat index per element, none
// when consecutive elements share a key); then each key's elements go through its state one at a
// time, in arrival order (KeyedWindowState::process_element: a bundle of one, as before), and the
// key's timers and hold are re-registered once per batch.
//
// Lifetime of a key's entry: created by the key's first element; freed once its state is
// empty (every window fired and garbage-collected, at watermark > max timestamp + allowed
// lateness). Entries live in a slab and are reused (their state keeps its storage).
//
// Timers and holds are kept in three min-heaps of (time, entry) with lazy invalidation: an
// item is live only while its entry has that very time registered (a freed entry registers
// none; when a reused entry registers the same time, the item stands for it just as well).
// * Event-time timers: each key registers its earliest event-time timer; an advancing
//   watermark pops only the keys whose timers are due.
// * Processing-time timers (triggers with AfterProcessingTime only): the same, by wall clock.
// * Holds: the operator's hold is the minimum over keys of the earliest output timestamp
//   still buffered (the top of the heap); the stage forwards min(input watermark, hold).
// A heap that has grown to more than twice its live registrations plus a margin is rebuilt
// from them, so stale items stay bounded.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "graph/coder.hpp"
#include "graph/kv.hpp"
#include "graph/operator.hpp"
#include "graph/step_error.hpp"
#include "graph/transforms/key_index.hpp"
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

// Per entry id, at most one registered time, and a min-heap of (time, id) items that go stale
// instead of being removed: an item is live while its id still has that time registered (a
// freed entry has none; when a reused entry registers the same time, the item stands for it
// just as well). Stale items are dropped when they reach the top, and the heap is rebuilt
// from the registrations once they outnumber the live ones by far.
class LazyTimeHeap {
 public:
  struct Item {
    Timestamp time;
    uint32_t id;
  };
  static constexpr Timestamp kNone = kNoTimer;

  void resize(size_t ids) { registered_.resize(ids, kNone); }
  Timestamp registered(uint32_t id) const { return registered_[id]; }
  // Registers t for id (kNone: nothing); an earlier registration goes stale.
  void set(uint32_t id, Timestamp t) {
    Timestamp& r = registered_[id];
    live_ += (t != kNone) - (r != kNone);
    r = t;
    if (t != kNone) {
      items_.push_back(Item{t, id});
      std::push_heap(items_.begin(), items_.end(), Later{});
    }
  }
  // The earliest registered time, or kNone.
  Timestamp top() {
    while (!items_.empty() && registered_[items_.front().id] != items_.front().time) pop();
    return items_.empty() ? kNone : items_.front().time;
  }
  // Takes (and unregisters) the earliest registration if its time is <= t.
  bool pop_due(Timestamp t, Item& out) {
    if (top() > t) return false;
    out = items_.front();
    pop();
    set(out.id, kNone);
    return true;
  }
  void compact() {
    if (items_.size() <= 2 * live_ + 1024) return;
    items_.clear();
    for (uint32_t id = 0; id < registered_.size(); ++id)
      if (registered_[id] != kNone) items_.push_back(Item{registered_[id], id});
    std::make_heap(items_.begin(), items_.end(), Later{});
  }

 private:
  struct Later {
    bool operator()(const Item& a, const Item& b) const { return a.time > b.time; }
  };
  void pop() {
    std::pop_heap(items_.begin(), items_.end(), Later{});
    items_.pop_back();
  }
  std::vector<Item> items_;
  std::vector<Timestamp> registered_;  // per id
  size_t live_ = 0;                    // ids with a registration
};

// P: the accumulator policy (Value is KV<K, X>); ToOut(key, acc) builds the output value.
template <class K, class P, class OutV, class ToOut>
class KeyedWindowOp final : public OperatorBase, public Consumer<typename P::Value> {
  using In = typename P::Value;
  using Out = KV<K, OutV>;
  using Item = LazyTimeHeap::Item;

 public:
  KeyedWindowOp(std::string step, std::shared_ptr<const WindowingStrategy> strategy, P policy,
                ToOut to_out)
      : OperatorBase(std::move(step)),
        strategy_(std::move(strategy)),
        policy_(std::move(policy)),
        to_out_(std::move(to_out)),
        uses_processing_time_(this->strategy()->trigger.uses_processing_time()) {}

  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &out_; }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    const Timestamp now = processing_now();
    as_step(step(), [&] {
      group_by_key(batch);
      for (uint32_t id : touched_) {
        Entry& en = entries_[id];
        auto emit = emitter(en);
        for (int32_t i = en.head; i >= 0; i = next_[static_cast<size_t>(i)]) {
          auto r = en.state.process_element(batch[static_cast<size_t>(i)], wm_, now, emit);
          counters_.dropped_late += static_cast<int64_t>(r.dropped_late + r.dropped_closed);
        }
        settle(id);
      }
    });
    compact();
    emit_buffer();
  }

  void on_watermark(Timestamp wm) override {
    if (wm <= wm_) return;
    wm_ = wm;
    as_step(step(), [&] {
      Item due;
      while (timers_.pop_due(wm, due)) {
        Entry& en = entries_[due.id];
        en.state.on_watermark(wm, emitter(en));
        settle(due.id);
      }
    });
    compact();
    emit_buffer();
  }

  Timestamp next_processing_timer() const override {
    return uses_processing_time_ ? ptimers_.top() : kNoTimer;
  }
  static_assert(kNoTimer == OperatorBase::kNoProcessingTimer);

  void on_processing_time(Timestamp now) override {
    if (!uses_processing_time_) return;
    as_step(step(), [&] {
      Item due;
      while (ptimers_.pop_due(now, due)) {
        Entry& en = entries_[due.id];
        if (en.state.next_processing_timer() <= now) en.state.on_processing_time(now, emitter(en));
        settle(due.id);
      }
    });
    compact();
    emit_buffer();
  }

  Timestamp hold() const override {
    const Timestamp h = holds_.top();
    return h == LazyTimeHeap::kNone ? kMaxTimestamp : h;
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
      ptimers_.resize(entries_.size());
      holds_.resize(entries_.size());
    }
    index_.insert(h, id);
    return id;
  }

  auto emitter(const Entry& en) {
    return [this, key = &en.key](const Window& w, const PaneInfo& pane, Timestamp ts, auto&& acc) {
      buf_.push_back({Out{*key, to_out_(std::forward<decltype(acc)>(acc))}, ts, w, pane});
    };
  }

  // After a key's state changed: free it when empty, else re-register its timers and hold.
  // A timer is registered again only when it moved earlier: one registered too early just
  // calls on the key for nothing, which then registers the right one.
  void settle(uint32_t id) {
    Entry& en = entries_[id];
    if (en.state.empty()) {
      index_.erase(en.hash, id);
      en.live = false;
      en.state.reset();
      timers_.set(id, LazyTimeHeap::kNone);
      if (uses_processing_time_) ptimers_.set(id, LazyTimeHeap::kNone);
      holds_.set(id, LazyTimeHeap::kNone);
      free_.push_back(id);
      return;
    }
    if (const Timestamp t = en.state.next_event_timer(); t < timers_.registered(id))
      timers_.set(id, t);
    if (uses_processing_time_) {
      if (const Timestamp t = en.state.next_processing_timer(); t < ptimers_.registered(id))
        ptimers_.set(id, t);
    }
    Timestamp h = en.state.hold();
    if (h == kMaxTimestamp) h = LazyTimeHeap::kNone;
    if (h != holds_.registered(id)) holds_.set(id, h);
  }

  // Once per call that settled keys (the heaps outgrow the keys by at most one batch).
  void compact() {
    timers_.compact();
    ptimers_.compact();
    holds_.compact();
  }

  void emit_buffer() {
    counters_.elements_out += static_cast<int64_t>(buf_.size());
    out_.emit(buf_);
    buf_.clear();
  }

  std::shared_ptr<const WindowingStrategy> strategy_;
  P policy_;
  ToOut to_out_;
  bool uses_processing_time_;
  KeyIndex index_;  // stable_hash(key) -> entries_ index
  std::vector<Entry> entries_;
  std::vector<uint32_t> free_;
  LazyTimeHeap timers_;
  mutable LazyTimeHeap ptimers_;  // top() drops stale items: a cache, also in const calls
  mutable LazyTimeHeap holds_;
  uint64_t batch_no_ = 0;
  std::vector<uint32_t> touched_;
  std::vector<int32_t> next_;
  Timestamp wm_ = kMinTimestamp;
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
