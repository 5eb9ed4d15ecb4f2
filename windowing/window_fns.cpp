#include "windowing/window_fns.hpp"

#include <stdexcept>

namespace rill {

namespace {
void require_positive(Duration d, const char* what) {
  if (d <= 0)
    throw std::invalid_argument(std::string(what) + " must be positive, got " + std::to_string(d));
}
}  // namespace

FixedWindows::FixedWindows(Duration size, Duration offset) : size_(size), offset_(0) {
  require_positive(size, "FixedWindows size");
  offset_ = floor_mod(offset, size);
}

std::string FixedWindows::to_string() const {
  std::string s = "FixedWindows(" + std::to_string(size_);
  if (offset_ != 0) s += ", " + std::to_string(offset_);
  return s + ")";
}

SlidingWindows::SlidingWindows(Duration size, Duration period, Duration offset)
    : size_(size), period_(period), offset_(0) {
  require_positive(size, "SlidingWindows size");
  require_positive(period, "SlidingWindows period");
  offset_ = floor_mod(offset, period);
  const Duration per_element = size / period + (size % period != 0 ? 1 : 0);
  if (per_element > kMaxWindowsPerElement)
    throw std::invalid_argument(
        "SlidingWindows(size " + std::to_string(size) + " ms, period " + std::to_string(period) +
        " ms) puts every element in " + std::to_string(per_element) + " windows; the limit is " +
        std::to_string(kMaxWindowsPerElement) +
        " (each copy costs memory and time): use a longer period or a shorter size");
}

std::string SlidingWindows::to_string() const {
  std::string s = "SlidingWindows(" + std::to_string(size_) + ", " + std::to_string(period_);
  if (offset_ != 0) s += ", " + std::to_string(offset_);
  return s + ")";
}

Sessions::Sessions(Duration gap) : gap_(gap) {
  require_positive(gap, "Sessions gap");
}

std::string Sessions::to_string() const {
  return "Sessions(" + std::to_string(gap_) + ")";
}

}  // namespace rill
