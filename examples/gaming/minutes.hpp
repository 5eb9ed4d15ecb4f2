#pragma once
// Window sizes, periods and session gaps are whole minutes, as Beam's gaming examples take
// them; the pipelines work in milliseconds.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "windowing/timestamp.hpp"

namespace rill::examples::gaming {

// About 1900 years: far beyond any useful window, and far from overflowing as milliseconds.
inline constexpr int64_t kMaxMinutes = 1'000'000'000;

// minutes -> ms. Throws std::invalid_argument naming `flag` unless 1 <= minutes <= kMaxMinutes.
inline Duration minutes_to_ms(const std::string& flag, int64_t minutes) {
  if (minutes < 1 || minutes > kMaxMinutes)
    throw std::invalid_argument("--" + flag + "=" + std::to_string(minutes) +
                                " is not an integer in [1, " + std::to_string(kMaxMinutes) + "]");
  return minutes * 60'000;
}

}  // namespace rill::examples::gaming
