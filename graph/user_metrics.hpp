#pragma once
// User metrics (Beam's Metrics API): the values a step's Counter, Distribution and Gauge
// hold, as partitions report them and the job sums them. Plain C++, no CAF.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace rill {

struct UserMetricValue {
  enum class Kind { kCounter, kDistribution, kGauge };
  std::string step, name;
  Kind kind = Kind::kCounter;
  // Counter: value. Distribution: count, sum, min, max. Gauge: value, set at timestamp_ms
  // (wall clock; merging keeps the latest).
  int64_t value = 0;
  int64_t count = 0, sum = 0, min = 0, max = 0;
  int64_t timestamp_ms = 0;

  // Adds another partition's value of the same metric.
  void merge(const UserMetricValue& o) {
    switch (kind) {
      case Kind::kCounter:
        value += o.value;
        break;
      case Kind::kDistribution:
        if (o.count == 0) break;
        min = count == 0 ? o.min : std::min(min, o.min);
        max = count == 0 ? o.max : std::max(max, o.max);
        count += o.count;
        sum += o.sum;
        break;
      case Kind::kGauge:
        if (o.timestamp_ms >= timestamp_ms) {
          value = o.value;
          timestamp_ms = o.timestamp_ms;
        }
        break;
    }
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(step, name, kind, value, count, sum, min, max, timestamp_ms);
  }
};

using UserMetricValues = std::vector<UserMetricValue>;

}  // namespace rill
