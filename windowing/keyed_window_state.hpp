#pragma once
// KeyedWindowState<P>: all windows of ONE key of a GroupByKey or Combine, and the state machine
// that decides when each window emits a pane (Beam's ReduceFnRunner). Plain C++, single
// threaded; the runtime keeps one per live key and erases it when empty().
//
//   KeyedWindowState<BufferPolicy<int>> state(&strategy);
//   auto emit = [&](const Window& w, const PaneInfo& pane, Timestamp ts, auto&& values) {...};
//   state.process_bundle(elements, input_watermark, processing_time, emit);
//   state.process_element(element, input_watermark, processing_time, emit);  // a bundle of one
//   state.on_watermark(wm, emit);          // when the input watermark advances
//   state.on_processing_time(now, emit);   // when next_processing_timer() is due
//   output_watermark = min(input_watermark, min over keys of state.hold());
//
// emit(const Window&, const PaneInfo&, Timestamp output_ts, ACC) receives the accumulator as
// `Acc&&` when the window lets go of it (discarding mode, or the window's last pane) and as
// `const Acc&` when it keeps it (accumulating mode); use `auto&&`. emit must not call back
// into this object.
//
// ---- State of one window (a Slot) and its lifetime ------------------------------------------
// * Created by the first element of a bundle that lands in the window (after dropping expired
//   data), or by a merge whose result is a new window.
// * Accumulator, trigger state, hold, pending count: grow with elements. At each pane the
//   hold and the pending count are cleared; the accumulator is cleared in discarding mode.
// * Merged (merging WindowFns only): the states of all open source windows are folded into the
//   result window (accumulators merged, trigger words combined, holds unioned, timers or-ed)
//   and the source slots are erased. Pane counters survive only when the result is one of the
//   existing windows; a new result window starts at index 0. Closed windows do not merge.
// * Closed ("tombstone") when the trigger finishes: accumulator, hold and trigger words are
//   released; the slot stays only to drop later elements for the window.
// * Garbage-collected when the watermark passes garbage_collection_time(window) (max timestamp
//   + allowed lateness): if the window is open and has data not yet emitted, it first emits a
//   final pane (Beam Java's ClosingBehavior FIRE_IF_NON_EMPTY); then the slot is erased.
// * Dropped when idle, for a window that is only collected at the end of time (the global
//   window; a non-merging WindowFn): after a discarding pane that leaves it with no pending
//   data, no hold, no timer and its trigger back in its initial state, the slot reads as a
//   fresh one but for its pane counters, so it is erased and the next element creates it
//   anew. This is what lets a key of Repeatedly(...) in the global window, whose panes have
//   fired, leave memory instead of staying for the life of the job. The price: that key's
//   next pane has index 0 and is_first again (Beam keeps the counters per key for ever, which
//   is exactly the state that never shrinks). Accumulating windows never drop (their
//   accumulator is their state), nor do windows that expire (the collection above frees them).
//
// ---- Timers -----------------------------------------------------------------------------------
// Each window has at most one event-time timer, at window.end (Default and AfterWatermark set
// it; it fires when W >= end, i.e. W > max timestamp), plus the implicit garbage-collection
// time, and at most one processing-time timer (the earliest AfterProcessingTime deadline).
#include <algorithm>
#include <concepts>
#include <cstdint>
#include <ranges>
#include <span>
#include <utility>
#include <vector>

#include "windowing/accumulator_policies.hpp"
#include "windowing/pane.hpp"
#include "windowing/small_vector.hpp"
#include "windowing/trigger_state.hpp"
#include "windowing/watermark_hold.hpp"
#include "windowing/window_merging.hpp"
#include "windowing/windowing_strategy.hpp"

namespace rill {

// "No timer": what next_event_timer() / next_processing_timer() return when nothing is set.
inline constexpr Timestamp kNoTimer = kNoDeadline;

// An element that has been assigned to one window (graph's WindowedValue<T> qualifies).
template <class E, class P>
concept WindowedElementFor = requires(E& e, typename P::Acc& acc, const P& p) {
  { e.timestamp } -> std::convertible_to<Timestamp>;
  { e.window } -> std::convertible_to<Window>;
  p.add(acc, std::move(e.value));
};

// What process_bundle dropped.
struct BundleResult {
  size_t dropped_late = 0;    // window expired: beyond the allowed lateness
  size_t dropped_closed = 0;  // window's trigger already finished
};

template <AccumulatorPolicy P>
class KeyedWindowState {
 public:
  using Value = typename P::Value;
  using Acc = typename P::Acc;

  // The strategy must outlive this object and is shared by all keys.
  explicit KeyedWindowState(const WindowingStrategy* strategy, P policy = P{})
      : strategy_(strategy),
        policy_(std::move(policy)),
        merging_(strategy->window_fn.is_merging()),
        interval_merging_(strategy->window_fn.get_if<Sessions>() != nullptr),
        uses_processing_time_(strategy->trigger.uses_processing_time()),
        default_trigger_(strategy->trigger.kind() == TriggerKind::kDefault) {}

  // Processes one bundle of this key's elements, each already assigned to one window (a
  // merging WindowFn's proto-window). Values are moved out of the elements.
  //
  // If input_watermark is ahead of the current watermark, the watermark advances first (as
  // on_watermark). Then (Beam's bundle-at-a-time evaluation, FORMAT.md 7.1):
  // 1. drop elements whose window is expired (W > max timestamp + allowed lateness);
  // 2. merge windows (merging WindowFns), redirecting elements to their merged window;
  // 3. drop elements of closed windows; add the rest (accumulator, hold, trigger count);
  // 4. once per window that got elements, ask the trigger whether to fire; emit if so;
  // 5. fire timers that are due at the current watermark / processing time.
  template <std::ranges::forward_range Range, class Emit>
  BundleResult process_bundle(Range&& elems, Timestamp input_watermark, Timestamp processing_time,
                              Emit&& emit) {
    static_assert(WindowedElementFor<std::ranges::range_value_t<Range>, P>,
                  "elements need .value (for P::add), .timestamp and .window");
    BundleResult result;
    if (input_watermark > wm_) on_watermark(input_watermark, emit);
    now_ = std::max(now_, processing_time);
    // Merging WindowFns only: proto-window -> merged window. Scratch shared by all states of
    // this thread; it is only read before the first emit below, so emit may use other states.
    Redirects& redirects = scratch().redirects;
    redirects.clear();
    if (merging_) merge_for_bundle(elems, redirects);

    const Duration lateness = strategy_->allowed_lateness;
    size_t cached = kNone;  // consecutive elements usually share a window
    bool any_added = false;
    for (auto& e : elems) {
      const Window& proto = e.window;
      if (is_expired(proto, lateness, wm_)) {
        ++result.dropped_late;
        continue;
      }
      const Window& w = merging_ ? redirect(redirects, proto) : proto;
      size_t i = (cached != kNone && slots_[cached].window == w) ? cached : find_or_create(w);
      cached = i;
      Slot& s = slots_[i];
      if (s.closed) {
        ++result.dropped_closed;
        continue;
      }
      add_to_hold(s, e.timestamp);
      policy_.add(s.acc, std::move(e.value));
      ++s.bundle_count;
      any_added = true;
    }

    // One trigger evaluation per window that received elements, in window-end order.
    for (size_t i = 0; any_added && i < slots_.size(); ++i) {
      Slot& s = slots_[i];
      if (s.bundle_count == 0) continue;
      s.pending += s.bundle_count;
      bool finished = false;
      const bool fire = evaluate_elements(s, std::exchange(s.bundle_count, 0), finished);
      // An element-triggered pane: output watermark W, not produced by a timer.
      if (fire) emit_pane(s, wm_, /*by_timer=*/false, /*is_last=*/finished, emit);
    }

    fire_event_timers(emit);
    maybe_fire_processing_timers(emit);
    drop_idle_slots();
    return result;
  }

  // Exactly process_bundle() on a bundle of this one element, without its per-bundle costs:
  // no scan over the key's windows, no allocation, and for Sessions an O(log n) merge (the
  // open windows are pairwise disjoint, so the element's proto-window merges only with the
  // open windows it intersects). The runtime feeds elements one at a time through this.
  template <class E, class Emit>
  BundleResult process_element(E& e, Timestamp input_watermark, Timestamp processing_time,
                               Emit&& emit) {
    static_assert(WindowedElementFor<E, P>,
                  "elements need .value (for P::add), .timestamp and .window");
    if (merging_ && !interval_merging_)  // a custom merge: the general algorithm
      return process_bundle(std::span<E>(&e, 1), input_watermark, processing_time, emit);
    BundleResult result;
    if (input_watermark > wm_) on_watermark(input_watermark, emit);
    now_ = std::max(now_, processing_time);
    const Window& proto = e.window;
    if (is_expired(proto, strategy_->allowed_lateness, wm_)) {
      ++result.dropped_late;
    } else {
      const size_t i = merging_ ? merge_one(proto) : find_or_create(proto);
      Slot& s = slots_[i];
      if (s.closed) {
        ++result.dropped_closed;
      } else {
        add_to_hold(s, e.timestamp);
        policy_.add(s.acc, std::move(e.value));
        s.pending += 1;
        bool finished = false;
        const bool fire = evaluate_elements(s, 1, finished);
        if (fire) emit_pane(s, wm_, /*by_timer=*/false, /*is_last=*/finished, emit);
      }
    }
    // process_bundle's closing fire_event_timers() has work only when an end-of-window timer
    // was armed at or behind the watermark since the last one ran (see timers_dirty_).
    if (timers_dirty_) fire_event_timers(emit);
    maybe_fire_processing_timers(emit);
    drop_idle_slots();
    return result;
  }

  // The input watermark advanced to wm (a smaller value is ignored: it never goes back).
  // Fires due end-of-window timers and garbage-collects expired windows.
  template <class Emit>
  void on_watermark(Timestamp wm, Emit&& emit) {
    if (wm <= wm_) return;
    wm_ = wm;
    fire_event_timers(emit);
    drop_idle_slots();
  }

  // Processing time advanced to now: fires due processing-time timers.
  template <class Emit>
  void on_processing_time(Timestamp now, Emit&& emit) {
    now_ = std::max(now_, now);
    maybe_fire_processing_timers(emit);
    drop_idle_slots();
  }

  // The earliest output time held by pending data (kMaxTimestamp if none). The output
  // watermark of the operator is min(input watermark, hold() over all keys): a pane is never
  // behind the output watermark when its data arrived on time.
  Timestamp hold() const {
    // End-of-window holds are their window's max timestamp, so in slot order (by end) the
    // first hold is the smallest.
    const bool by_end = strategy_->timestamp_combiner == TimestampCombiner::kEndOfWindow;
    Timestamp h = kMaxTimestamp;
    for (const Slot& s : slots_) {
      if (s.hold.empty()) continue;
      h = std::min(h, s.hold.value());
      if (by_end) break;
    }
    return h;
  }

  // The smallest watermark at which on_watermark() has work (an end-of-window timer or a
  // garbage collection), or kNoTimer. Slots are ordered by end and the garbage-collection
  // time grows with the end, so this looks at a short prefix.
  Timestamp next_event_timer() const {
    if (slots_.empty()) return kNoTimer;
    Timestamp t = garbage_collection_time(slots_.front().window, strategy_->allowed_lateness) + 1;
    for (const Slot& s : slots_) {
      if (s.window.end >= t) break;
      if (s.eow_timer && !s.closed) return s.window.end;
    }
    return t;
  }

  // The earliest processing time at which on_processing_time() has work, or kNoTimer.
  Timestamp next_processing_timer() const {
    Timestamp t = kNoTimer;
    if (!uses_processing_time_) return t;  // no trigger node ever sets one
    for (const Slot& s : slots_)
      if (!s.closed) t = std::min(t, s.processing_timer);
    return t;
  }

  // No live window and no tombstone: the caller may erase the key.
  bool empty() const { return slots_.empty(); }

  // Back to the state of a freshly built object (same strategy and policy), keeping the
  // storage: lets a runtime reuse the state of an erased key for a new one.
  void reset() {
    slots_.clear();
    wm_ = kMinTimestamp;
    now_ = kMinTimestamp;
    timers_dirty_ = false;
    idle_check_ = false;
    min_processing_timer_ = kNoDeadline;
  }
  size_t window_count() const { return slots_.size(); }
  Timestamp watermark() const { return wm_; }
  Timestamp processing_time() const { return now_; }

  // Checkpointing (Cereal-style): the watermark, processing time and every window's state.
  // The strategy and the policy are not part of it: restore into a KeyedWindowState built
  // with the same ones. The archive needs <cereal/types/vector.hpp> and must handle Acc.
  template <class Archive>
  void serialize(Archive& ar) {
    ar(wm_, now_, slots_.compact());
    if constexpr (Archive::is_loading::value) {
      // The caches below are not part of the checkpoint: after a restore, recompute them.
      timers_dirty_ = true;
      min_processing_timer_ = kMinTimestamp;
    }
  }

  // Introspection (tests, debugging).
  bool has_window(const Window& w) const { return find(w) != kNone; }
  bool is_closed(const Window& w) const {
    size_t i = find(w);
    return i != kNone && slots_[i].closed;
  }
  std::vector<Window> windows() const {
    std::vector<Window> out;
    for (const Slot& s : slots_) out.push_back(s.window);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);
  using Redirects = std::vector<std::pair<Window, Window>>;

  struct Slot {
    Slot() = default;  // for deserialization
    Slot(const Window& w, Acc a, TriggerState t)
        : window(w), acc(std::move(a)), trigger(std::move(t)) {}

    template <class Archive>
    void serialize(Archive& ar) {
      ar(window, acc, trigger, hold, panes_emitted, nonspec_emitted, pending, processing_timer,
         eow_timer, closed);
    }

    Window window;
    Acc acc;
    TriggerState trigger;
    WatermarkHold hold;
    int64_t panes_emitted = 0;    // index of the next pane
    int64_t nonspec_emitted = 0;  // ON_TIME/LATE panes so far (next nonspeculative index)
    int64_t pending = 0;          // elements added since the last pane
    Timestamp processing_timer = kNoDeadline;
    int64_t bundle_count = 0;  // elements added by the bundle being processed (else 0)
    bool eow_timer = false;    // event-time timer at window.end
    bool closed = false;       // trigger finished: tombstone
  };

  // The slots in (window.end, window.start) order: due timers and expiry form a prefix, and
  // in-order data lands at the back. Expired windows leave from the front without moving the
  // rest: the dropped prefix stays as released husks until it outgrows the live part.
  class Slots {
   public:
    using iterator = typename std::vector<Slot>::iterator;
    using const_iterator = typename std::vector<Slot>::const_iterator;

    iterator begin() { return v_.begin() + static_cast<ptrdiff_t>(head_); }
    iterator end() { return v_.end(); }
    const_iterator begin() const { return v_.begin() + static_cast<ptrdiff_t>(head_); }
    const_iterator end() const { return v_.end(); }
    size_t size() const { return v_.size() - head_; }
    bool empty() const { return v_.size() == head_; }
    Slot& operator[](size_t i) { return v_[head_ + i]; }
    const Slot& operator[](size_t i) const { return v_[head_ + i]; }
    const Slot& front() const { return v_[head_]; }

    template <class... A>
    iterator emplace(iterator pos, A&&... a) {
      return v_.emplace(pos, std::forward<A>(a)...);
    }
    void erase(size_t i) { v_.erase(begin() + static_cast<ptrdiff_t>(i)); }
    // Drops the first n slots (the caller has released their storage).
    void drop_front(size_t n) {
      head_ += n;
      if (head_ == v_.size()) {
        clear();
      } else if (head_ >= 8 && 2 * head_ >= v_.size()) {
        compact();
      }
    }
    void clear() {
      v_.clear();
      head_ = 0;
    }
    // Removes the husks; returns the live slots as a plain vector (checkpoints).
    std::vector<Slot>& compact() {
      v_.erase(v_.begin(), begin());
      head_ = 0;
      return v_;
    }

   private:
    std::vector<Slot> v_;
    size_t head_ = 0;  // v_[0, head_) are husks
  };

  static bool slot_before(const Slot& s, const Window& w) {
    return s.window.end != w.end ? s.window.end < w.end : s.window.start < w.start;
  }
  // The first slot for which before(slot) is false (before must be true on a prefix),
  // searched from the back: in-order data lands at or near the end, and the slots there are
  // the ones in cache. O(log d) for the distance d from the end.
  template <class It, class Before>
  static It partition_from_back(It first, It last, Before before) {
    It hi = last;
    for (ptrdiff_t step = 1; hi != first; step *= 2) {
      It probe = hi - first > step ? hi - step : first;
      if (before(*probe)) {
        first = probe + 1;
        break;
      }
      hi = probe;
    }
    return std::partition_point(first, hi, before);
  }
  // The same, searched from the front (when the answer is known to be near `first`).
  template <class It, class Before>
  static It partition_from_front(It first, It last, Before before) {
    It lo = first;
    for (ptrdiff_t step = 1; lo != last; step *= 2) {
      It probe = last - lo > step ? lo + (step - 1) : last - 1;
      if (!before(*probe)) {
        last = probe;
        break;
      }
      lo = probe + 1;
    }
    return std::partition_point(lo, last, before);
  }
  template <class It>
  static It lower_bound_from_back(It first, It last, const Window& w) {
    return partition_from_back(first, last, [&](const Slot& s) { return slot_before(s, w); });
  }
  template <class It>
  static It lower_bound_from_front(It first, It last, const Window& w) {
    return partition_from_front(first, last, [&](const Slot& s) { return slot_before(s, w); });
  }
  // Over all slots: the first for which before(slot) is false. In-order data lands at the
  // back, which is looked at first; otherwise the search gallops from where the last such
  // search ended (a key whose data comes from several sources at different event times keeps
  // returning to the same place behind the back).
  template <class Before>
  typename Slots::const_iterator partition_slots(Before before) const {
    auto first = slots_.begin();
    const size_t n = slots_.size();
    if (n < 3) return std::partition_point(first, slots_.end(), before);
    if (before(first[n - 1])) return slots_.end();
    if (before(first[n - 2])) return first + (n - 1);
    // The answer is in [0, n - 2].
    const size_t h = std::min(finger_, n - 3);
    auto it = before(first[h]) ? partition_from_front(first + (h + 1), first + (n - 2), before)
                               : partition_from_back(first, first + h, before);
    finger_ = static_cast<size_t>(it - first);
    return it;
  }
  template <class Before>
  typename Slots::iterator partition_slots(Before before) {
    auto it = std::as_const(*this).partition_slots(before);
    return slots_.begin() + (it - std::as_const(slots_).begin());
  }
  size_t find(const Window& w) const {
    return index_if(partition_slots([&](const Slot& s) { return slot_before(s, w); }), w);
  }
  // find() for a window that sorts after slot `from`, searched from there.
  size_t find_after(size_t from, const Window& w) const {
    auto first = slots_.begin() + static_cast<ptrdiff_t>(from) + 1;
    return index_if(lower_bound_from_front(first, slots_.end(), w), w);
  }
  size_t index_if(typename Slots::const_iterator it, const Window& w) const {
    return (it != slots_.end() && it->window == w) ? static_cast<size_t>(it - slots_.begin())
                                                   : kNone;
  }
  size_t find_or_create(const Window& w) {
    auto it = partition_slots([&](const Slot& s) { return slot_before(s, w); });
    if (it == slots_.end() || it->window != w)
      it = slots_.emplace(it, w, policy_.empty(), TriggerState(strategy_->trigger));
    return static_cast<size_t>(it - slots_.begin());
  }

  void add_to_hold(Slot& s, Timestamp ts) {
    // Hold rule (watermark_hold.hpp): only output times at or after W hold the watermark.
    TimestampCombiner c = strategy_->timestamp_combiner;
    switch (c) {
      case TimestampCombiner::kEndOfWindow:
        if (s.hold.empty()) s.hold.add(c, s.window.max_timestamp(), wm_);
        break;
      case TimestampCombiner::kEarliest:
      case TimestampCombiner::kLatest:
        s.hold.add(c, ts, wm_);
        break;
      case TimestampCombiner::kEarliestTransformed:
        s.hold.add(c, strategy_->window_fn.transformed_output_time(s.window, ts), wm_);
        break;
    }
  }

  // The trigger's evaluation after n elements were added to s: on_elements, should_fire,
  // on_fire when it fires (sets `finished`), timer requests. Returns whether s fires. The
  // default trigger is inlined: it arms the end-of-window timer and fires once W >= end,
  // consuming the timer; it never finishes (trigger_state.cpp).
  bool evaluate_elements(Slot& s, int64_t n, bool& finished) {
    if (default_trigger_) {
      const bool fire = wm_ >= s.window.end;
      s.eow_timer = !fire;  // set, then cleared by a firing
      note_timers(s);
      return fire;
    }
    const Trigger& trigger = strategy_->trigger;
    TriggerContext ctx(s.window, wm_, now_);
    s.trigger.on_elements(trigger, n, ctx);
    const bool fire = s.trigger.should_fire(trigger, ctx);
    finished = fire && s.trigger.on_fire(trigger, ctx);
    apply_timer_requests(s, ctx);
    return fire;
  }

  void apply_timer_requests(Slot& s, const TriggerContext& ctx) {
    if (ctx.set_end_of_window_timer) s.eow_timer = true;
    if (ctx.clear_end_of_window_timer) s.eow_timer = false;
    s.processing_timer = std::min(s.processing_timer, ctx.processing_timer);
    note_timers(s);
  }

  // Keeps the timer caches valid after s's timers may have been set.
  void note_timers(const Slot& s) {
    if (s.eow_timer && s.window.end <= wm_) timers_dirty_ = true;
    min_processing_timer_ = std::min(min_processing_timer_, s.processing_timer);
  }

  // Emits one pane of s. `ow` is the output watermark of the firing (W for element and
  // processing-time firings, the timer's timestamp for the end-of-window timer).
  //
  // Pane info (FORMAT.md 7.3): index counts the window's panes. EARLY iff ow <= max timestamp
  // (nonspeculative index -1); otherwise the nonspeculative index counts the non-early panes,
  // and the pane is ON_TIME iff an event-time timer produced it and it is the first non-early
  // pane, else LATE. is_last: the trigger finished, or the window is being collected.
  template <class Emit>
  void emit_pane(Slot& s, Timestamp ow, bool by_timer, bool is_last, Emit& emit) {
    PaneInfo pane;
    pane.index = s.panes_emitted++;
    pane.is_first = pane.index == 0;
    pane.is_last = is_last;
    bool early = ow <= s.window.max_timestamp();
    if (early) {
      pane.timing = PaneTiming::kEarly;
      pane.nonspeculative_index = -1;
    } else {
      pane.nonspeculative_index = s.nonspec_emitted++;
      pane.timing =
          by_timer && pane.nonspeculative_index == 0 ? PaneTiming::kOnTime : PaneTiming::kLate;
    }
    const TimestampCombiner combiner = strategy_->timestamp_combiner;
    Timestamp ts = s.hold.pane_timestamp(combiner, s.window);
    // Hold rule after a pane (Beam Java's ReduceFnRunner): every pane releases the element
    // holds, so the next pane's timestamp comes only from elements that arrive after this one
    // (or is the window's max timestamp if none holds). Java then holds the output watermark
    // at the end of the window until the on-time pane; here that is implied: the end-of-window
    // timer fires before the output watermark passes the window's max timestamp.
    s.hold.clear();
    s.pending = 0;

    if (is_last) {
      // The trigger finished (or GC): release everything but the tombstone.
      s.closed = true;
      s.eow_timer = false;
      s.processing_timer = kNoDeadline;
      s.trigger.release();
      s.hold.clear();
      emit(std::as_const(s.window), std::as_const(pane), ts, std::move(s.acc));
      s.acc = policy_.empty();
    } else if (strategy_->accumulation_mode == AccumulationMode::kDiscarding) {
      emit(std::as_const(s.window), std::as_const(pane), ts, std::move(s.acc));
      s.acc = policy_.empty();
      if (!merging_ && expires_at_end_of_time(s.window)) idle_check_ = true;
    } else {
      emit(std::as_const(s.window), std::as_const(pane), ts, std::as_const(s.acc));
    }
  }

  // Fires the end-of-window timers due at wm_ and collects expired windows, in window-end
  // order. Both only concern windows with end <= wm_ (expiry implies end - 1 + L < wm_), a
  // prefix of slots_. A timer firing evaluates the trigger at the timer's timestamp (end).
  template <class Emit>
  void fire_event_timers(Emit& emit) {
    timers_dirty_ = false;
    const Duration lateness = strategy_->allowed_lateness;
    const Trigger& trigger = strategy_->trigger;
    size_t collected = 0;
    for (size_t i = 0; i < slots_.size() && slots_[i].window.end <= wm_; ++i) {
      Slot& s = slots_[i];
      bool expired = is_expired(s.window, lateness, wm_);
      bool fired = false;
      if (s.eow_timer) {
        s.eow_timer = false;  // consumed
        if (!s.closed) {
          TriggerContext ctx(s.window, s.window.end, now_);
          bool fire = s.trigger.should_fire(trigger, ctx);
          bool finished = fire && s.trigger.on_fire(trigger, ctx);
          apply_timer_requests(s, ctx);
          // When the window also expires now, this is its last pane (as in Beam Java,
          // where the on-time and the garbage-collection firing coincide).
          if (fire) emit_pane(s, s.window.end, /*by_timer=*/true, finished || expired, emit);
          fired = fire;
        }
      }
      if (expired) {
        // Garbage collection: a final pane for data the trigger has not emitted yet.
        if (!s.closed && !fired && s.pending > 0)
          emit_pane(s, wm_, /*by_timer=*/true, /*is_last=*/true, emit);
        ++collected;  // expiry is monotonic in the window end: a prefix
      }
    }
    if (collected > 0) {
      for (size_t i = 0; i < collected; ++i) release(slots_[i]);
      slots_.drop_front(collected);
    }
  }

  // Fires the processing-time timers due at now_ (in window-end order). Nothing is due while
  // now_ is before min_processing_timer_, a lower bound of every slot's timer.
  template <class Emit>
  void maybe_fire_processing_timers(Emit& emit) {
    if (now_ < min_processing_timer_) return;
    const Trigger& trigger = strategy_->trigger;
    Timestamp next = kNoDeadline;
    for (Slot& s : slots_) {
      if (s.closed) continue;
      if (s.processing_timer <= now_) {
        s.processing_timer = kNoDeadline;  // consumed
        TriggerContext ctx(s.window, wm_, now_);
        bool fire = s.trigger.should_fire(trigger, ctx);
        bool finished = fire && s.trigger.on_fire(trigger, ctx);
        apply_timer_requests(s, ctx);
        if (fire) emit_pane(s, wm_, /*by_timer=*/false, finished, emit);
      }
      next = std::min(next, s.processing_timer);
    }
    min_processing_timer_ = next;
  }

  // Merging WindowFns: merges the open windows with the proto-windows of the bundle's
  // (non-expired) elements. Returns where each merged-away proto-window went.
  //
  // Closed windows (tombstones) take no part in merging, as in Beam Java: an element that
  // overlaps a closed session starts a new session instead of being swallowed by it (Beam
  // Python keeps closed sessions in the merge set, so an open session bridged to a closed one
  // would lose its data; FORMAT.md 10.3 -- the Beam transcripts do not pin this). A tombstone
  // still drops elements whose (merged) window is exactly the closed window, as Java's
  // finished bits do; open state merged into such a window is discarded with it.
  // Sessions use the interval rule through scratch buffers (no allocation once they have
  // grown); a custom merging WindowFn returns its merges in a fresh vector.
  template <class Range>
  void merge_for_bundle(Range& elems, Redirects& redirects) {
    Scratch& sc = scratch();
    std::vector<Window>& candidates = sc.candidates;
    candidates.clear();
    for (const Slot& s : slots_)
      if (!s.closed) candidates.push_back(s.window);
    const Duration lateness = strategy_->allowed_lateness;
    bool any = false;
    for (auto& e : elems) {
      if (is_expired(e.window, lateness, wm_)) continue;
      candidates.push_back(e.window);
      any = true;
    }
    if (!any) return;
    if (interval_merging_) {
      merge_overlapping_windows(candidates, sc.merges);
      for (const IntervalMerge& m : sc.merges)
        apply_merge(std::span<const Window>(candidates).subspan(m.first, m.count), m.result,
                    redirects);
    } else {
      for (const WindowMerge& m : strategy_->window_fn.merge(candidates))
        apply_merge(m.sources, m.result, redirects);
    }
    std::sort(redirects.begin(), redirects.end());
  }

  // Replaces the windows `sources` (distinct, ascending) by `result`.
  void apply_merge(std::span<const Window> sources, const Window& result, Redirects& redirects) {
    // The result keeps its pane counters only if it is an existing (open) window.
    size_t target = find_or_create(result);
    for (const Window& src : sources) {
      if (src == result) continue;
      redirects.emplace_back(src, result);
      size_t i = find(src);
      if (i == kNone || slots_[i].closed) continue;  // a proto-window without state
      merge_slot(slots_[target], std::move(slots_[i]));
      slots_.erase(i);
      if (i < target) --target;
    }
    Slot& t = slots_[target];
    if (t.closed) clear_tombstone(t);
  }

  bool expires_at_end_of_time(const Window& w) const {
    return garbage_collection_time(w, strategy_->allowed_lateness) >= kGlobalWindowMaxTimestamp;
  }

  // Erases the idle slots of windows collected only at the end of time (see the lifetime
  // notes at the top). Runs after an operation in which such a window emitted a discarding
  // pane (emit_pane sets idle_check_), once every timer request of the firing is applied.
  // In discarding mode the accumulator is empty exactly when nothing is pending.
  void drop_idle_slots() {
    if (!idle_check_) return;
    idle_check_ = false;
    const std::span<const int64_t> initial = strategy_->trigger.initial_state();
    for (size_t i = slots_.size(); i-- > 0;) {
      const Slot& s = slots_[i];
      if (s.closed || s.pending > 0 || !s.hold.empty() || s.eow_timer ||
          s.processing_timer != kNoDeadline || !expires_at_end_of_time(s.window) ||
          !std::ranges::equal(s.trigger.words(), initial))
        continue;
      slots_.erase(i);
    }
    if (slots_.empty()) slots_.clear();  // also the husks
  }

  // Frees what a collected slot still holds.
  void release(Slot& s) {
    s.acc = policy_.empty();
    s.trigger.release();
  }

  // The result of a merge is a closed window: keep only the tombstone.
  void clear_tombstone(Slot& t) {
    t.acc = policy_.empty();
    t.hold.clear();
    t.pending = 0;
    t.processing_timer = kNoDeadline;
    t.eow_timer = false;
    t.trigger.release();
  }

  // Sessions, one non-expired proto-window p: what merge_for_bundle() does for {p}, without
  // building the candidate set. Returns the slot that p's element goes to (maybe a tombstone).
  //
  // After every bundle the open windows are pairwise disjoint (the interval rule merged all
  // overlapping ones), so ordered by end they are also ordered by start. The rule then merges
  // p with exactly the open windows that intersect it (a chain through a window that does
  // not would need two open windows to overlap). Those have end > p.start, a suffix of
  // slots_, and among its open slots they come first, up to the first one that starts at or
  // after p.end. Cost: a binary search plus the tombstones passed over.
  size_t merge_one(const Window& p) {
    auto first = partition_slots([&](const Slot& s) { return s.window.end <= p.start; });
    size_t first_hit = kNone;  // the first open slot intersecting p
    size_t nhits = 0;
    Window result = p;
    for (auto it = first; it != slots_.end(); ++it) {
      if (it->closed) continue;
      if (it->window.start >= p.end) break;
      if (nhits++ == 0) first_hit = static_cast<size_t>(it - slots_.begin());
      result = result.span(it->window);
    }
    if (nhits == 0) return find_or_create(p);                                // nothing to merge
    if (nhits == 1 && result == slots_[first_hit].window) return first_hit;  // p inside it
    // The result is a new window, or one that exists only as a tombstone (an open window
    // cannot intersect the open sources). Sources merge in ascending order, as in
    // merge_for_bundle(); p itself has no state.
    // The result ends no earlier than the first source; with the same end it starts earlier,
    // so a tombstone equal to it can only sort before the first source in that case.
    size_t t =
        result.end == slots_[first_hit].window.end ? find(result) : find_after(first_hit, result);
    if (nhits == 1 && t == kNone) {  // the common case: one session grows
      renew(slots_[first_hit], result);
      return reposition(first_hit, result);
    }
    SmallVector<size_t, 4> hits;  // the open slots intersecting p, ascending
    for (size_t i = first_hit; hits.size() < nhits; ++i)
      if (!slots_[i].closed) hits.push_back(i);
    if (t != kNone) {
      for (size_t i : hits) merge_slot(slots_[t], std::move(slots_[i]));
      for (size_t k = hits.size(); k-- > 0;) {  // from the back: indices stay valid
        slots_.erase(hits[k]);
        if (hits[k] < t) --t;
      }
      if (slots_[t].closed) clear_tombstone(slots_[t]);
      return t;
    }
    Slot fresh(result, policy_.empty(), TriggerState(strategy_->trigger));
    for (size_t i : hits) merge_slot(fresh, std::move(slots_[i]));
    for (size_t k = hits.size(); k-- > 1;) slots_.erase(hits[k]);
    slots_[first_hit] = std::move(fresh);
    return reposition(first_hit, result);
  }

  // The slot at i now holds the new window `result` in the place of its first source: moves
  // it to its place in (end, start) order, usually forward (the result ends no earlier than
  // any source), backward past tombstones with the same end and a later start.
  size_t reposition(size_t i, const Window& result) {
    auto at = slots_.begin() + static_cast<ptrdiff_t>(i);
    if (auto lo = lower_bound_from_back(slots_.begin(), at, result); lo != at) {
      std::rotate(lo, at, at + 1);
      return static_cast<size_t>(lo - slots_.begin());
    }
    auto dest = lower_bound_from_front(at + 1, slots_.end(), result);
    std::rotate(at, at + 1, dest);
    return static_cast<size_t>(dest - 1 - slots_.begin());
  }

  // In place, what merging the open slot s alone into a fresh slot for the new window
  // `result` gives (merge_slot into Slot(result, empty, initial trigger)): the state carries
  // over, through the same merge operations, and the pane counters restart.
  void renew(Slot& s, const Window& result) {
    const Trigger& trigger = strategy_->trigger;
    Acc acc = policy_.empty();
    policy_.merge(acc, std::move(s.acc));
    s.acc = std::move(acc);
    if (trigger.state_size() > 0) {  // else both states are empty
      TriggerState fresh(trigger);
      fresh.merge_from(trigger, s.trigger);
      s.trigger = std::move(fresh);
    }
    WatermarkHold hold;
    hold.merge(strategy_->timestamp_combiner, s.hold, result);
    s.hold = hold;
    s.window = result;
    s.panes_emitted = 0;
    s.nonspec_emitted = 0;
    // pending, processing_timer and eow_timer are those of s: 0 + n, min(none, t), false || b.
    note_timers(s);
  }

  void merge_slot(Slot& into, Slot&& from) {
    policy_.merge(into.acc, std::move(from.acc));
    into.trigger.merge_from(strategy_->trigger, from.trigger);
    into.hold.merge(strategy_->timestamp_combiner, from.hold, into.window);
    into.pending += from.pending;
    into.processing_timer = std::min(into.processing_timer, from.processing_timer);
    into.eow_timer = into.eow_timer || from.eow_timer;
    note_timers(into);
  }

  // Per-thread scratch for merge_for_bundle (shared by every state of this P on the thread).
  struct Scratch {
    Redirects redirects;
    std::vector<Window> candidates;
    std::vector<IntervalMerge> merges;
  };
  static Scratch& scratch() {
    thread_local Scratch s;
    return s;
  }

  static const Window& redirect(const Redirects& redirects, const Window& w) {
    auto it = std::lower_bound(redirects.begin(), redirects.end(), w,
                               [](const auto& r, const Window& x) { return r.first < x; });
    return (it != redirects.end() && it->first == w) ? it->second : w;
  }

  const WindowingStrategy* strategy_;
  [[no_unique_address]] P policy_;
  bool merging_;
  bool interval_merging_;      // Sessions: Beam's interval rule (window_merging.hpp)
  bool uses_processing_time_;  // the trigger has an AfterProcessingTime node
  bool default_trigger_;       // the trigger is Default (evaluated inline)
  // An end-of-window timer was armed for a window with end <= wm_ since fire_event_timers()
  // last ran; until then no slot in the prefix end <= wm_ has a timer or has expired.
  bool timers_dirty_ = false;
  // A discarding pane was emitted for a window collected only at the end of time: it may be
  // idle now (drop_idle_slots()).
  bool idle_check_ = false;
  Timestamp wm_ = kMinTimestamp;
  Timestamp now_ = kMinTimestamp;
  // A lower bound of every open slot's processing_timer (exact after a scan).
  Timestamp min_processing_timer_ = kNoDeadline;
  mutable size_t finger_ = 0;  // where the last search behind the back ended (a hint)
  Slots slots_;
};

}  // namespace rill
