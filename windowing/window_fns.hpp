#pragma once
// The built-in window functions: GlobalWindows, FixedWindows, SlidingWindows, Sessions.
// Each assigns an element timestamp to the window(s) that contain it. Assignment is inline
// and allocation-free: windows are appended to a caller-owned WindowList that is reused.
//
// Negative timestamps and offsets use floor division, so FixedWindows(10) puts -1 in
// [-10, 0) (not [0, 10)), and an offset is reduced into [0, size) (Beam Python reduces it
// modulo the size; Beam Java rejects offsets outside [0, size)).
#include <string>

#include "windowing/small_vector.hpp"
#include "windowing/timestamp.hpp"
#include "windowing/window.hpp"

namespace rill {

// The windows of one element. Four inline slots cover fixed, session and small sliding windows.
using WindowList = SmallVector<Window, 4>;

// Mathematical modulo: the result has the sign of m (m > 0), so floor_mod(-1, 10) == 9.
constexpr Duration floor_mod(Timestamp a, Duration m) {
  Duration r = a % m;
  return r < 0 ? r + m : r;
}

// Window ends are capped so that no window reaches past the global window (Beam Java does the
// same), which keeps `end - 1 + lateness` and timer arithmetic away from overflow.
constexpr Timestamp capped_window_end(Timestamp start, Duration size) {
  constexpr Timestamp kLimit = kGlobalWindowMaxTimestamp + 1;
  return start > kLimit - size ? kLimit : start + size;
}

// One window covering all of time. Never merges.
struct GlobalWindows {
  void assign(Timestamp, WindowList& out) const { out.push_back(Window::global()); }
  std::string to_string() const { return "GlobalWindows"; }
  friend bool operator==(const GlobalWindows&, const GlobalWindows&) = default;
};

// Tumbling windows [k*size + offset, (k+1)*size + offset). Exactly one window per element.
class FixedWindows {
 public:
  explicit FixedWindows(Duration size, Duration offset = 0);

  Duration size() const { return size_; }
  Duration offset() const { return offset_; }  // normalized into [0, size)

  Window window_for(Timestamp ts) const {
    Timestamp start = ts - floor_mod(ts - offset_, size_);
    return Window{start, capped_window_end(start, size_)};
  }
  void assign(Timestamp ts, WindowList& out) const { out.push_back(window_for(ts)); }
  std::string to_string() const;
  friend bool operator==(const FixedWindows&, const FixedWindows&) = default;

 private:
  Duration size_;
  Duration offset_;
};

// Hopping windows of length `size` starting every `period` (at k*period + offset). An element
// belongs to every window that contains it: ceil(size / period) windows, or fewer when the
// period does not divide the size. Windows are appended in ascending start order.
class SlidingWindows {
 public:
  // Every element is copied into ceil(size / period) windows: more than this is refused.
  static constexpr Duration kMaxWindowsPerElement = 10000;

  // Throws std::invalid_argument for a non-positive size or period, or for more than
  // kMaxWindowsPerElement windows per element.
  SlidingWindows(Duration size, Duration period, Duration offset = 0);

  Duration size() const { return size_; }
  Duration period() const { return period_; }
  Duration offset() const { return offset_; }  // normalized into [0, period)

  void assign(Timestamp ts, WindowList& out) const {
    Timestamp last_start = ts - floor_mod(ts - offset_, period_);
    // With period > size there are gaps between windows: ts may be in none of them.
    if (ts - last_start >= size_) return;
    // The earliest window containing ts starts after ts - size.
    Timestamp first_start = last_start - ((size_ - 1 - (ts - last_start)) / period_) * period_;
    for (Timestamp s = first_start; s <= last_start; s += period_)
      out.push_back(Window{s, capped_window_end(s, size_)});
  }
  std::string to_string() const;
  friend bool operator==(const SlidingWindows&, const SlidingWindows&) = default;

 private:
  Duration size_;
  Duration period_;
  Duration offset_;
};

// Session windows: each element gets the proto-window [ts, ts + gap); overlapping windows are
// merged (see window_merging.hpp). Windows that merely touch (end == start) stay separate.
class Sessions {
 public:
  explicit Sessions(Duration gap);

  Duration gap() const { return gap_; }
  Window window_for(Timestamp ts) const { return Window{ts, capped_window_end(ts, gap_)}; }
  void assign(Timestamp ts, WindowList& out) const { out.push_back(window_for(ts)); }
  std::string to_string() const;
  friend bool operator==(const Sessions&, const Sessions&) = default;

 private:
  Duration gap_;
};

}  // namespace rill
