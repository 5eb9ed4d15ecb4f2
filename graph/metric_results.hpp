#pragma once
// A finished job's user metrics (graph/metrics.hpp), as PipelineResult::metrics() gives them:
// one value per (step, name, kind), summed over partitions and workers.
//   const auto& m = result.metrics();
//   int64_t words = m.counter("Split", "words");           // 0 when unknown
//   rill::DistributionResult len = m.distribution("Split", "len");  // count 0 when unknown
//   int64_t last = m.gauge("Split", "last").value;          // timestamp_ms 0: never set
// Unknown names read as zero rather than failing, as a metric declared but never updated
// does; find() tells the two apart.
//
// Attempted semantics, as for the step counters: each partition reports what its last attempt
// counted, when it finishes (Beam's "attempted" metrics, taken from the finishing attempts;
// not "committed" ones, which a checkpoint would restore). Without a restart the values are
// exact. After a restart from a checkpoint, a restarted partition counts from the checkpoint
// on and one that had finished before it reports nothing again, so a counter may come out
// below a run without failure: what the failed attempt counted is only in the live view
// (JobStatus), never here.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "graph/user_metrics.hpp"

namespace rill {

struct DistributionResult {
  int64_t count = 0, sum = 0, min = 0, max = 0;
  double mean() const { return count > 0 ? static_cast<double>(sum) / count : 0.0; }
};

struct GaugeResult {
  int64_t value = 0;
  int64_t timestamp_ms = 0;  // wall clock when it was set, ms since the epoch; 0: never set
};

struct MetricResults {
  UserMetricValues values;  // by step in pipeline order, then by name (after order_by())

  // Adds one partition's value of a metric: merged into the same metric's, or appended.
  void merge(const UserMetricValue& v);
  // Sorts `values` by the position of their step in `steps` (pipeline order), then by name.
  void order_by(const std::vector<std::string>& steps);

  const UserMetricValue* find(std::string_view step, std::string_view name,
                              UserMetricValue::Kind kind) const;
  int64_t counter(std::string_view step, std::string_view name) const;
  DistributionResult distribution(std::string_view step, std::string_view name) const;
  GaugeResult gauge(std::string_view step, std::string_view name) const;
  bool empty() const { return values.empty(); }

  // The "user metrics:" block of PipelineResult::summary(): one line per metric.
  void print(std::ostream& os) const;
};

}  // namespace rill
