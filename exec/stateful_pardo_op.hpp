#pragma once
// Stateful DoFns: per key and window state cells and timers, on the keyed partitions (the
// input is hash-shuffled on the key, like a GroupByKey).
//   struct CountFn : rill::StatefulDoFn<std::string, int64_t, std::string> {
//     struct State { rill::ValueState<int64_t> n; template <class A> void serialize(A& a) { a(n); }
//     }; void process(const rill::KV<std::string, int64_t>& e, rill::Emitter<std::string>& out,
//                  State& st, rill::Timers& timers);
//     void on_timer(const rill::TimerFiring<std::string>& t, rill::Emitter<std::string>& out,
//                   State& st, rill::Timers& timers);   // only needed when timers are set
//   };
//
// Lifetime of a (key, window) entry: created by the first element of that key in that
// window (fresh cells, no timers); erased as soon as it holds nothing, i.e. after a process()
// or on_timer() call that leaves every cell empty and no timer set (state_is_empty.hpp: an
// empty entry reads exactly as a fresh one, so a later element simply creates it again);
// at the latest destroyed (state cleared, processing-time timers dropped) once the watermark
// passes the window's max timestamp + allowed lateness, after its due event-time timers have
// fired. Elements for an expired window are dropped and counted as late. In the global
// window (and any window whose expiry is the end of time) the early erasure is the only one
// before the input ends: a DoFn that clears its state at a timer, as Nexmark's Q3 does,
// then keeps memory proportional to its live keys, not to every key it has seen.
// Snapshot/restore: none yet (the runtime takes no checkpoints of operator state so far);
// the cells serialize what empty() reads, so a restored entry would be erased alike.
// Watermark rule: a pending event-time timer holds the output watermark at its timestamp
// (what on_timer emits is stamped with it), so hold() = the earliest pending timer.
#include <algorithm>
#include <queue>
#include <unordered_map>

#include <cereal/archives/binary.hpp>

#include "exec/key_groups.hpp"
#include "exec/keyed_window_op.hpp"
#include "exec/pardo_op.hpp"
#include "exec/state_is_empty.hpp"
#include "graph/state/stateful_do_fn.hpp"

namespace rill {

namespace detail {

template <class Fn>
class StatefulParDoOp final : public OperatorBase, public Consumer<typename Fn::InputT> {
  using K = typename Fn::KeyT;
  using In = typename Fn::InputT;
  using Out = typename Fn::OutputT;
  using State = typename Fn::State;

 public:
  StatefulParDoOp(std::string step, Fn fn, std::shared_ptr<const WindowingStrategy> strategy,
                  size_t spill_at)
      : OperatorBase(std::move(step)),
        fn_(std::move(fn)),
        lateness_(strategy ? strategy->allowed_lateness : 0),
        spill_at_(spill_at) {
    lane_.em.set_metrics(&metrics_);
    lane_.em.set_log(&log_);
  }

  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return &lane_.out; }
  void setup() override {
    as_step(step(), [&] { call_setup(fn_, metrics_); });
  }
  void teardown() override {
    as_step(step(), [&] { fn_.teardown(); });
  }

  void consume(Batch<In>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    lane_.begin(spill_at_);
    as_step(step(), [&] {
      fn_.start_bundle();
      for (auto& e : batch) {
        const Timestamp expiry = garbage_collection_time(e.window, lateness_);
        if (wm_ > expiry) {
          ++counters_.dropped_late;
          continue;
        }
        Entry& en = entry(e.value.key, e.window, expiry);
        Timers timers(&en.timers, &en.window, expiry, &generation_);
        lane_.em.set_current(e);
        fn_.process(std::as_const(e.value), lane_.em, en.state, timers);
        index(timers, e.value.key, e.window);
        if (holds_nothing(en)) erase(e.value.key, e.window);
      }
      fn_.finish_bundle();
    });
    counters_.elements_out += lane_.end();
  }

  void on_watermark(Timestamp wm) override {
    if (wm <= wm_) return;
    wm_ = wm;
    lane_.begin(spill_at_);
    as_step(step(), [&] {
      fire_due(event_timers_, wm, /*strictly_before=*/true);
      collect_garbage(wm);
    });
    counters_.elements_out += lane_.end();
  }

  Timestamp next_processing_timer() const override {
    return processing_timers_.empty() ? kNoProcessingTimer : processing_timers_.top().ts;
  }
  void on_processing_time(Timestamp now) override {
    lane_.begin(spill_at_);
    as_step(step(), [&] { fire_due(processing_timers_, now, /*strictly_before=*/false); });
    counters_.elements_out += lane_.end();
  }

  Timestamp hold() const override {
    return event_timers_.empty() ? kMaxTimestamp : event_timers_.top().ts;
  }

  // Introspection (tests): the (key, window) entries alive, and the keys that have any.
  // Checkpoints: the watermark, the timer generation, and per key (by key group) its
  // entries: window, expiry, the State's cells (its serialize()) and its timers. A restore
  // rebuilds the timer heaps and the expiry references from them.
  static constexpr bool kCheckpointable = is_serializable_v<State> && is_serializable_v<K>;
  void snapshot(cereal::BinaryOutputArchive& ar) const override {
    if constexpr (kCheckpointable) {
      ar(wm_, generation_);
      exec::save_key_groups(
          ar, keys_, [](const auto& kv) { return stable_hash(kv.first); },
          [](cereal::BinaryOutputArchive& a, const auto& kv) {
            a(kv.first, static_cast<uint64_t>(kv.second.size()));
            for (const Entry& en : kv.second) a(en.window, en.expiry, en.state, en.timers);
          });
    } else {
      throw StepError(step(), checkpoint_problem());
    }
  }
  std::string checkpoint_problem() const override {
    return kCheckpointable ? ""
                           : "its State (or key) has no serialize(): a stateful DoFn's state "
                             "cells must be listed in `template <class A> void serialize(A& "
                             "ar)` to be checkpointed";
  }
  void restore(cereal::BinaryInputArchive& ar) override {
    if constexpr (kCheckpointable) {
      ar(wm_, generation_);
      exec::load_key_groups(ar, [&](cereal::BinaryInputArchive& a) {
        K key{};
        uint64_t n = 0;
        a(key, n);
        auto& entries = keys_[key];
        for (uint64_t i = 0; i < n; ++i) {
          Entry en;
          a(en.window, en.expiry, en.state, en.timers);
          if (en.expiry < kGlobalWindowMaxTimestamp) gc_.push(GcRef{en.expiry, key, en.window});
          for (const TimerSpec& t : en.timers) {
            auto& heap = t.domain == TimeDomain::kEventTime ? event_timers_ : processing_timers_;
            heap.push(TimerRef{t.timestamp, key, en.window, t.name, t.generation});
          }
          entries.push_back(std::move(en));
        }
      });
    }
  }

  size_t live_entries() const {
    size_t n = 0;
    for (const auto& [key, entries] : keys_) n += entries.size();
    return n;
  }
  size_t live_keys() const { return keys_.size(); }

 private:
  struct Entry {
    Window window;
    Timestamp expiry;
    State state{};
    std::vector<TimerSpec> timers;
  };
  struct TimerRef {
    Timestamp ts;
    K key;
    Window window;
    std::string name;
    uint64_t generation;
  };
  struct GcRef {
    Timestamp ts;  // the window's expiry
    K key;
    Window window;
  };
  template <class R>
  struct Later {
    bool operator()(const R& a, const R& b) const { return a.ts > b.ts; }
  };
  template <class R>
  using MinHeap = std::priority_queue<R, std::vector<R>, Later<R>>;

  Entry& entry(const K& key, const Window& w, Timestamp expiry) {
    auto& entries = keys_[key];
    for (auto& en : entries)
      if (en.window == w) return en;
    entries.push_back(Entry{w, expiry, State{}, {}});
    // A window that expires only at the end of time gets no collection reference: one per
    // creation would pile up, since such entries come and go (erase()) but never expire;
    // collect_garbage() sweeps them at the end. Elsewhere an entry erased early and created
    // again in the same window leaves a stale reference, gone when the window expires.
    if (expiry < kGlobalWindowMaxTimestamp) gc_.push(GcRef{expiry, key, w});
    return entries.back();
  }
  bool holds_nothing(const Entry& en) { return en.timers.empty() && state_is_empty(en.state); }
  // Forgets (key, w); its timers' heap references are stale (their entry is not found).
  void erase(const K& key, const Window& w) {
    auto it = keys_.find(key);
    if (it == keys_.end()) return;
    std::erase_if(it->second, [&](const Entry& en) { return en.window == w; });
    if (it->second.empty()) keys_.erase(it);
  }
  Entry* find(const K& key, const Window& w) {
    auto it = keys_.find(key);
    if (it == keys_.end()) return nullptr;
    for (auto& en : it->second)
      if (en.window == w) return &en;
    return nullptr;
  }

  void index(Timers& timers, const K& key, const Window& w) {
    for (auto& t : timers.take_new()) {
      auto& heap = t.domain == TimeDomain::kEventTime ? event_timers_ : processing_timers_;
      heap.push(TimerRef{t.timestamp, key, w, std::move(t.name), t.generation});
    }
  }

  // Fires, in timestamp order, the timers due at `limit` (event time: timestamp < watermark;
  // processing time: timestamp <= now), including timers that on_timer sets for due times.
  void fire_due(MinHeap<TimerRef>& heap, Timestamp limit, bool strictly_before) {
    while (!heap.empty() && (strictly_before ? heap.top().ts < limit : heap.top().ts <= limit)) {
      TimerRef ref = heap.top();
      heap.pop();
      Entry* en = find(ref.key, ref.window);
      if (!en) continue;
      auto live = std::find_if(en->timers.begin(), en->timers.end(), [&](const TimerSpec& s) {
        return s.name == ref.name && s.generation == ref.generation;
      });
      if (live == en->timers.end()) continue;  // cleared or replaced since
      const TimeDomain domain = live->domain;
      en->timers.erase(live);
      if constexpr (requires { &Fn::on_timer; }) {
        // Output of a timer is stamped with its time (event time), or with the input
        // watermark (processing time), kept inside the window.
        const Timestamp out_ts =
            domain == TimeDomain::kEventTime
                ? ref.ts
                : std::clamp(wm_, en->window.start, en->window.max_timestamp());
        const WindowedValue<char> at{0, out_ts, en->window, PaneInfo::no_firing()};
        lane_.em.set_current(at);
        Timers timers(&en->timers, &en->window, en->expiry, &generation_);
        fn_.on_timer(TimerFiring<K>{ref.name, ref.key, ref.window, ref.ts, domain}, lane_.em,
                     en->state, timers);
        index(timers, ref.key, ref.window);
        if (holds_nothing(*en)) erase(ref.key, ref.window);
      } else {
        throw std::logic_error("timer '" + ref.name + "' fired but the DoFn has no on_timer");
      }
    }
  }

  void collect_garbage(Timestamp wm) {
    while (!gc_.empty() && gc_.top().ts < wm) {
      GcRef ref = gc_.top();
      gc_.pop();
      erase(ref.key, ref.window);
    }
    if (wm > kGlobalWindowMaxTimestamp) {  // the end: also the entries without a reference
      for (auto it = keys_.begin(); it != keys_.end();) {
        std::erase_if(it->second, [&](const Entry& en) { return en.expiry < wm; });
        it = it->second.empty() ? keys_.erase(it) : std::next(it);
      }
    }
  }

  Fn fn_;
  Duration lateness_;
  size_t spill_at_;
  exec::OutputLane<Out> lane_;
  std::unordered_map<K, std::vector<Entry>, KeyHash<K>> keys_;
  MinHeap<TimerRef> event_timers_, processing_timers_;
  MinHeap<GcRef> gc_;
  uint64_t generation_ = 0;
  Timestamp wm_ = kMinTimestamp;
};

}  // namespace detail

namespace exec {

template <class Fn>
std::unique_ptr<OperatorBase> make_stateful_pardo_op(const std::string& step, Fn fn,
                                                     std::shared_ptr<const WindowingStrategy> s,
                                                     size_t spill_at) {
  return std::make_unique<detail::StatefulParDoOp<Fn>>(step, std::move(fn), std::move(s), spill_at);
}

}  // namespace exec
}  // namespace rill
