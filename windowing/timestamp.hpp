#pragma once
// Event time in rill: int64 milliseconds since the Unix epoch, as in Beam Java.
#include <cstdint>

namespace rill {

using Timestamp = int64_t;
using Duration = int64_t;  // milliseconds

// Beam's sentinels (BoundedWindow.TIMESTAMP_MIN_VALUE / MAX_VALUE expressed in ms).
// A watermark at kMaxTimestamp means "no more data, ever": every window closes.
inline constexpr Timestamp kMinTimestamp = -9223372036854775;
inline constexpr Timestamp kMaxTimestamp = 9223372036854775;
// GlobalWindow.maxTimestamp() in Beam is one day before the end of time, so that
// the global window's end-of-window timer fires strictly before the final watermark.
inline constexpr Timestamp kGlobalWindowMaxTimestamp = kMaxTimestamp - 24LL * 60 * 60 * 1000;

}  // namespace rill
