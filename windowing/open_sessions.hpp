#pragma once
// OpenSessions<Acc>: the open session windows of ONE key, for session windowing whose
// sessions each fire once, on time (the default trigger, no allowed lateness, end-of-window
// output times). Under that strategy a session needs no trigger state, hold or pane counter:
// only its interval and its accumulator. KeyedWindowState does the same for every strategy
// and gives the same panes for this one.
//
// Merge rule (Beam's, window_merging.hpp): an inserted interval merges with every open
// session it intersects (touching is not intersecting). Open sessions are therefore pairwise
// disjoint, and kept in start order, which is also end order.
//
// Lifetime of a session: created by an interval that intersects no open session; grown (and
// merged with its neighbours) by intervals that intersect it; fired and forgotten by
// fire_before() once the watermark passes its max timestamp. A fired session is gone: a later
// interval overlapping it starts a new session (as KeyedWindowState, where a fired session of
// this strategy is collected at once). Dropping intervals that are already expired is the
// caller's job.
#include <algorithm>
#include <utility>
#include <vector>

#include "windowing/window.hpp"

namespace rill {

template <class Acc>
class OpenSessions {
 public:
  struct Session {
    Window window;
    Acc acc;
  };

  // Inserts the interval w and returns the accumulator of the session that now contains it.
  // A new session's accumulator is init(); when sessions merge, merge(into, std::move(from))
  // folds them in start order into the first one.
  template <class Init, class Merge>
  Acc& insert(const Window& w, Init&& init, Merge&& merge) {
    // Data in order, or a little out of it (readers merged batch by batch), extends or follows
    // the newest session: no search, no indirection, no call.
    if (!has_last()) {
      last_ = Session{w, init()};
      return last_.acc;
    }
    Window& newest = last_.window;
    if (w.start >= newest.start) {
      if (w.start >= newest.end) return append(w, init);
      if (w.end > newest.end) newest.end = w.end;
      return last_.acc;
    }
    if (w.end > newest.start && (older_.empty() || older_.back().window.end <= w.start)) {
      newest = newest.span(w);  // w intersects the newest session and no older one
      return last_.acc;
    }
    return insert_before_newest(w, init, merge);
  }

  // The smallest end of an open session (sessions fire in this order); none when empty().
  Timestamp first_end() const {
    return older_.empty() ? last_.window.end : older_.front().window.end;
  }
  bool empty() const { return !has_last(); }
  size_t size() const { return older_.size() + (has_last() ? 1 : 0); }

  // Calls fire(window, Acc&&) for each session whose max timestamp is before wm (end <= wm),
  // in end order, and forgets them. Returns how many fired.
  template <class Fire>
  size_t fire_before(Timestamp wm, Fire&& fire) {
    size_t n = 0;
    while (n < older_.size() && older_[n].window.end <= wm) {
      fire(std::as_const(older_[n].window), std::move(older_[n].acc));
      ++n;
    }
    older_.erase(older_.begin(), older_.begin() + static_cast<std::ptrdiff_t>(n));
    if (has_last() && older_.empty() && last_.window.end <= wm) {
      fire(std::as_const(last_.window), std::move(last_.acc));
      last_.window = kNoSession;
      ++n;
    }
    return n;
  }

  // Checkpoints: visit(window, acc) for every open session in start order; a restore appends
  // them back in that order with restore_append().
  template <class Visit>
  void for_each(Visit&& visit) const {
    for (const Session& s : older_) visit(s.window, s.acc);
    if (has_last()) visit(last_.window, last_.acc);
  }
  void restore_append(const Window& w, Acc acc) {
    if (has_last()) older_.push_back(std::move(last_));
    last_ = Session{w, std::move(acc)};
  }

  // Forgets every session, keeping the storage (for reuse by another key).
  void clear() {
    older_.clear();
    last_.window = kNoSession;
  }

 private:
  // A new newest session w, after every open one.
  template <class Init>
  [[gnu::noinline]] Acc& append(const Window& w, Init& init) {
    older_.push_back(std::move(last_));
    last_ = Session{w, init()};
    return last_.acc;
  }

  // The general case: w starts before the newest session and does more than extend it.
  template <class Init, class Merge>
  [[gnu::noinline]] Acc& insert_before_newest(const Window& w, Init& init, Merge& merge) {
    // The sessions w meets start at the first one ending after w.start; data a little out of
    // order meets the last ones, so that one is searched for from the back.
    auto first = older_.end();
    while (first != older_.begin() && std::prev(first)->window.end > w.start) --first;
    if (w.end <= last_.window.start) return older_[insert_at(first, w, init, merge)].acc;
    // w reaches the newest session, so it bridges every session from `first` on: they all
    // merge, in start order, into the newest.
    const Window span = w.span(first->window).span(last_.window);
    for (auto it = std::next(first); it != older_.end(); ++it)
      merge(first->acc, std::move(it->acc));
    merge(first->acc, std::move(last_.acc));
    last_ = Session{span, std::move(first->acc)};
    older_.erase(first, older_.end());
    return last_.acc;
  }

  // Inserts w into older_ by the merge rule, `first` being the first session that ends after
  // w.start; returns the index of the session holding w.
  template <class Init, class Merge>
  size_t insert_at(typename std::vector<Session>::iterator first, const Window& w, Init& init,
                   Merge& merge) {
    // The sessions that intersect w run from `first` up to the first one starting at or after
    // w.end.
    auto last = first;
    while (last != older_.end() && last->window.start < w.end) ++last;
    const auto at = static_cast<size_t>(first - older_.begin());
    if (first == last) {
      older_.insert(first, Session{w, init()});
      return at;
    }
    Window span = w.span(first->window).span(std::prev(last)->window);
    for (auto it = std::next(first); it != last; ++it) merge(first->acc, std::move(it->acc));
    first->window = span;
    older_.erase(std::next(first), last);
    return at;
  }

  // No newest session: an empty interval, which no session is (a flag would cost a word).
  static constexpr Window kNoSession{kMinTimestamp, kMinTimestamp};
  bool has_last() const { return last_.window.end != kMinTimestamp; }

  // The newest session (greatest start) lives inline, where in-order data lands; the others,
  // disjoint and in start (= end) order, all before it, in older_.
  Session last_{kNoSession, {}};
  std::vector<Session> older_;
};

}  // namespace rill
