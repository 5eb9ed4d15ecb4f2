#pragma once
// TimerBuckets: pending (id, time) timers of a keyed operator, bucketed by time for a
// watermark that only moves forward (a calendar queue). Adding is O(1) (a push into the
// bucket of its time); pop_due(t) visits the buckets up to t's, so a timer costs O(1) however
// many there are, where a heap or MinTree pays O(log n) per change. Suited to timers that are
// re-registered often and lazily (SessionTable): a stale timer is a cheap visit.
//
// Layout: a ring of kRing buckets of `width` each (a power of two), covering [base, base + kRing)
// in bucket numbers; timers beyond the ring wait in `far_` until the ring reaches them. Buckets
// keep their storage, so a steady state allocates nothing.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "windowing/timestamp.hpp"

namespace rill::detail {

class TimerBuckets {
 public:
  static constexpr Timestamp kNone = INT64_MAX;

  // width: the bucket width, rounded down to a power of two (a bucket is then a shift away).
  explicit TimerBuckets(Duration width) : shift_(floor_log2(width)) {}

  void add(uint32_t id, Timestamp t) {
    const int64_t b = bucket(t);
    ++count_;
    if (b < base_) {  // behind what pop_due() has passed (t <= its time): due at the next call
      ring_[slot(base_)].push_back({t, id});
      behind_min_ = std::min(behind_min_, t);
    } else if (b < base_ + static_cast<int64_t>(kRing)) {
      ring_[slot(b)].push_back({t, id});
    } else {
      far_.push_back({t, id});
      far_min_ = std::min(far_min_, t);
    }
  }

  // Calls visit(id, time) for every timer with time <= t and forgets it; visit may add
  // timers (after t). Order: by bucket, and within a bucket as added. The buckets before t's
  // are wholly due, t's partly; at most kRing buckets are looked at before the ring is empty
  // and base_ jumps to t's bucket.
  template <class Visit>
  void pop_due(Timestamp t, Visit&& visit) {
    const int64_t last = bucket(t);
    while (count_ > far_.size() && base_ <= last) {
      drain(base_, t, visit);
      if (base_ == last) break;
      ++base_;
    }
    if (count_ == far_.size() && base_ < last) base_ = last;
    behind_min_ = kNone;  // timers added behind were due (pop_due's times only grow)
    pull_far(t, visit);
  }

  // At most every pending time (kNone when none is pending).
  Timestamp lower_bound() const {
    if (count_ == 0) return kNone;
    for (size_t i = 0; i < kRing; ++i)
      if (!ring_[slot(base_ + static_cast<int64_t>(i))].empty())
        return std::min(
            {(base_ + static_cast<int64_t>(i)) * (Duration{1} << shift_), far_min_, behind_min_});
    return far_min_;
  }
  bool empty() const { return count_ == 0; }
  size_t size() const { return count_; }

 private:
  static constexpr size_t kRing = 64;
  struct Timer {
    Timestamp time;
    uint32_t id;
  };

  static int floor_log2(Duration w) {
    return static_cast<int>(std::bit_width(static_cast<uint64_t>(std::max<Duration>(w, 1)))) - 1;
  }
  int64_t bucket(Timestamp t) const { return t >> shift_; }  // floors (C++20: arithmetic)
  static size_t slot(int64_t b) { return static_cast<size_t>(b) & (kRing - 1); }

  // Visits bucket b's timers that are due at t; the others stay.
  template <class Visit>
  void drain(int64_t b, Timestamp t, Visit& visit) {
    scratch_.clear();
    std::swap(scratch_, ring_[slot(b)]);  // visit may add into this bucket
    for (const Timer& x : scratch_) {
      if (x.time <= t) {
        --count_;
        visit(x.id, x.time);
      } else {
        ring_[slot(b)].push_back(x);
      }
    }
  }

  // Moves the far timers that the ring now covers into it, visiting those already due.
  template <class Visit>
  void pull_far(Timestamp t, Visit& visit) {
    if (far_.empty() || bucket(far_min_) >= base_ + static_cast<int64_t>(kRing)) return;
    std::vector<Timer> far;
    std::swap(far, far_);
    far_min_ = kNone;
    for (const Timer& x : far) {
      --count_;
      if (x.time <= t) {
        visit(x.id, x.time);
      } else {
        add(x.id, x.time);
      }
    }
  }

  int shift_;  // the bucket width is 1 << shift_
  std::array<std::vector<Timer>, kRing> ring_;
  std::vector<Timer> far_;  // timers at or beyond base_ + kRing buckets
  std::vector<Timer> scratch_;
  Timestamp far_min_ = kNone;
  Timestamp behind_min_ = kNone;  // the earliest timer added behind base_ since the last pop
  // No ring timer is in a bucket before base_. It starts before all time (every timer waits
  // in far_ until the first pop_due) and then follows the popped times.
  int64_t base_ = -(int64_t{1} << 62);
  size_t count_ = 0;  // timers pending, ring and far
};

}  // namespace rill::detail
