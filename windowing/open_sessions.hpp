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
    // In-order data extends or follows the last session: no search.
    if (!v_.empty()) {
      Session& last = v_.back();
      if (w.start >= last.window.start && w.start < last.window.end) {
        if (w.end > last.window.end) last.window.end = w.end;
        return last.acc;
      }
      if (w.start >= last.window.end) return v_.emplace_back(Session{w, init()}).acc;
    }
    // The sessions that intersect w are those from the first one ending after w.start, up to
    // the first one starting at or after w.end.
    auto first = std::partition_point(v_.begin(), v_.end(),
                                      [&](const Session& s) { return s.window.end <= w.start; });
    auto last = first;
    while (last != v_.end() && last->window.start < w.end) ++last;
    if (first == last) return v_.insert(first, Session{w, init()})->acc;
    Window span = w.span(first->window).span(std::prev(last)->window);
    for (auto it = std::next(first); it != last; ++it) merge(first->acc, std::move(it->acc));
    first->window = span;
    const auto at = first - v_.begin();
    v_.erase(std::next(first), last);
    return v_[static_cast<size_t>(at)].acc;
  }

  // The smallest end of an open session (sessions fire in this order); none when empty().
  Timestamp first_end() const { return v_.front().window.end; }
  bool empty() const { return v_.empty(); }
  size_t size() const { return v_.size(); }

  // Calls fire(window, Acc&&) for each session whose max timestamp is before wm (end <= wm),
  // in end order, and forgets them. Returns how many fired.
  template <class Fire>
  size_t fire_before(Timestamp wm, Fire&& fire) {
    size_t n = 0;
    while (n < v_.size() && v_[n].window.end <= wm) {
      fire(std::as_const(v_[n].window), std::move(v_[n].acc));
      ++n;
    }
    v_.erase(v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(n));
    return n;
  }

  // Starts loading the last session, where in-order data lands (a hint; no effect otherwise).
  void prefetch_last() const {
    if (!v_.empty()) __builtin_prefetch(&v_.back());
  }

  // Forgets every session, keeping the storage (for reuse by another key).
  void clear() { v_.clear(); }

 private:
  std::vector<Session> v_;  // disjoint, in start (= end) order
};

}  // namespace rill
