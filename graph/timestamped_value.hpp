#pragma once
// TimestampedValue<T>: a value with an event time (ms), as Beam's. TestStream scripts its
// elements with it; Latest combines over it (the timestamp travels inside the value, since a
// CombineFn sees values only).
#include "windowing/timestamp.hpp"

namespace rill {

template <class T>
struct TimestampedValue {
  T value;
  Timestamp timestamp = kMinTimestamp;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(value, timestamp);
  }
  friend bool operator==(const TimestampedValue&, const TimestampedValue&) = default;
};

}  // namespace rill
