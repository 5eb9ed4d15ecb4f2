#pragma once
// Per-step counters that each partition keeps and the job sums at the end.
#include <cstdint>
#include <string>
#include <vector>

namespace rill {

struct StepCounters {
  std::string step;
  int64_t elements_in = 0;
  int64_t elements_out = 0;
  int64_t dropped_late = 0;  // elements behind the watermark beyond the allowed lateness
  int64_t malformed = 0;     // records sent to a dead-letter output or skipped as invalid

  void add(const StepCounters& o) {
    elements_in += o.elements_in;
    elements_out += o.elements_out;
    dropped_late += o.dropped_late;
    malformed += o.malformed;
  }
  template <class Archive>
  void serialize(Archive& ar) {
    ar(step, elements_in, elements_out, dropped_late, malformed);
  }
};

using StepCountersList = std::vector<StepCounters>;

}  // namespace rill
