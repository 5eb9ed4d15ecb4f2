#pragma once
// MinTree: one time per id (an entry of a slab) and, at all times, the minimum over the ids,
// for timers and watermark holds kept per key. The times are the leaves of a complete binary
// tree whose inner nodes hold the minimum of their subtree:
// * set(id, t) is O(log n) and stops at the first inner node whose minimum does not change
//   (the usual case when a time that is not the minimum moves);
// * min() is O(1); pop_due(t) descends from the root to an id holding the minimum.
// kNone (the largest Timestamp) means "no time". Nothing goes stale, nothing to compact.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "windowing/timestamp.hpp"

namespace rill::detail {

class MinTree {
 public:
  static constexpr Timestamp kNone = INT64_MAX;

  // Makes room for ids [0, n) (new ids hold kNone).
  void resize(size_t n) {
    if (n <= leaves_) return;
    size_t leaves = std::max<size_t>(leaves_ * 2, 1);
    while (leaves < n) leaves *= 2;
    std::vector<Timestamp> t(2 * leaves, kNone);
    for (size_t id = 0; id < leaves_; ++id) t[leaves + id] = t_[leaves_ + id];
    for (size_t i = leaves; i-- > 1;) t[i] = std::min(t[2 * i], t[2 * i + 1]);
    t_ = std::move(t);
    leaves_ = leaves;
  }

  Timestamp get(uint32_t id) const { return t_[leaves_ + id]; }

  void set(uint32_t id, Timestamp time) {
    size_t i = leaves_ + id;
    if (t_[i] == time) return;
    t_[i] = time;
    for (i /= 2; i >= 1; i /= 2) {
      const Timestamp m = std::min(t_[2 * i], t_[2 * i + 1]);
      if (t_[i] == m) break;  // nothing above changes
      t_[i] = m;
    }
  }

  Timestamp min() const { return leaves_ == 0 ? kNone : t_[1]; }

  // An id whose time is the minimum and <= t: unset and returned in `id`.
  bool pop_due(Timestamp t, uint32_t& id) {
    if (min() > t || min() == kNone) return false;
    size_t i = 1;
    while (i < leaves_) i = t_[2 * i] <= t_[2 * i + 1] ? 2 * i : 2 * i + 1;
    id = static_cast<uint32_t>(i - leaves_);
    set(id, kNone);
    return true;
  }

 private:
  std::vector<Timestamp> t_;  // [1, leaves_): subtree minima; [leaves_, 2 * leaves_): per id
  size_t leaves_ = 0;
};

}  // namespace rill::detail
