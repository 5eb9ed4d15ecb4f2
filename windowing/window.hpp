#pragma once
// A window is a half-open interval [start, end) of event time. The global window is the
// interval that covers all of time. Every element carries exactly one window: WindowInto
// copies an element once per window it falls into (as Beam runners "explode" windows).
#include <compare>
#include <cstddef>
#include <cstdint>

#include "windowing/timestamp.hpp"

namespace rill {

struct Window {
  Timestamp start = kMinTimestamp;
  Timestamp end = kGlobalWindowMaxTimestamp + 1;  // exclusive

  static constexpr Window global() { return Window{}; }
  constexpr bool is_global() const {
    return start == kMinTimestamp && end == kGlobalWindowMaxTimestamp + 1;
  }
  // The last instant inside the window (Beam's maxTimestamp()).
  constexpr Timestamp max_timestamp() const { return end - 1; }
  constexpr bool contains(Timestamp t) const { return t >= start && t < end; }
  constexpr bool intersects(const Window& o) const { return start < o.end && o.start < end; }
  constexpr Window span(const Window& o) const {
    return Window{start < o.start ? start : o.start, end > o.end ? end : o.end};
  }
  friend constexpr auto operator<=>(const Window&, const Window&) = default;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(start, end);
  }
};

struct WindowHash {
  size_t operator()(const Window& w) const noexcept {
    uint64_t h = static_cast<uint64_t>(w.start) * 0x9E3779B97F4A7C15ULL;
    h ^= static_cast<uint64_t>(w.end) + 0x7F4A7C159E3779B9ULL + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

}  // namespace rill
