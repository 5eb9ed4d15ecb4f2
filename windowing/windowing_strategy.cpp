#include "windowing/windowing_strategy.hpp"

#include <stdexcept>

namespace rill {

std::string_view to_string(AccumulationMode m) {
  return m == AccumulationMode::kAccumulating ? "ACCUMULATING" : "DISCARDING";
}

std::string_view to_string(TimestampCombiner c) {
  switch (c) {
    case TimestampCombiner::kEndOfWindow:
      return "OUTPUT_AT_EOW";
    case TimestampCombiner::kEarliest:
      return "OUTPUT_AT_EARLIEST";
    case TimestampCombiner::kLatest:
      return "OUTPUT_AT_LATEST";
    case TimestampCombiner::kEarliestTransformed:
      return "OUTPUT_AT_EARLIEST_TRANSFORMED";
  }
  return "?";
}

void WindowingStrategy::validate() const {
  if (allowed_lateness < 0)
    throw std::invalid_argument("allowed lateness must be >= 0, got " +
                                std::to_string(allowed_lateness));
  // Keeps max_timestamp + lateness arithmetic inside int64.
  if (allowed_lateness > kMaxTimestamp - kMinTimestamp)
    throw std::invalid_argument("allowed lateness too large: " + std::to_string(allowed_lateness));
}

std::string WindowingStrategy::to_string() const {
  return window_fn.to_string() + ", " + trigger.to_string() + ", " +
         std::string(rill::to_string(accumulation_mode)) + ", lateness " +
         std::to_string(allowed_lateness) + ", " + std::string(rill::to_string(timestamp_combiner));
}

}  // namespace rill
