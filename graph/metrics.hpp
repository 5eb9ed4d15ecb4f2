#pragma once
// User metrics, Beam's Metrics API: a step declares Counters, Distributions and Gauges by name
// and updates them as it runs; the job sums them over partitions and workers
// (PipelineResult::metrics(), graph/metric_results.hpp).
//
// A DoFn declares its metrics in setup(rill::Metrics&) and keeps the handles as members (as a
// Beam Java DoFn keeps `Counter c = Metrics.counter(...)` in a field):
//   struct Split : rill::DoFn<std::string, std::string> {
//     rill::Counter words;
//     rill::Distribution length;
//     void setup(rill::Metrics& m) { words = m.counter("words"); length = m.distribution("len"); }
//     void process(const std::string& line, rill::Emitter<std::string>& out) {
//       length.update(static_cast<int64_t>(line.size()));
//       for (...) { out.emit(w); words.inc(); }
//     }
//   };
// The same Metrics is `out.metrics()` in process() or on_timer(), and a Map, FlatMap or
// Filter function gets it as an extra last parameter:
//   rill::Map("Parse", [](const std::string& s, rill::Metrics& m) { m.counter("parsed").inc(); ...
//   })
//
// One Metrics per step per partition (it lives in the step's operator). Declaring a name
// creates its cell, once; the same name and kind again gives the same cell, and a metric
// declared but never updated still reports (0, or a distribution of count 0). A handle points
// into the cell: inc() is one add. A partition runs on one thread at a time and the runtime
// reads the cells between its messages (StageProgram::user_metrics()), so cells are plain
// integers. Handles stay valid for the life of the DoFn instance that declared them.
#include <cassert>
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "graph/user_metrics.hpp"

namespace rill {
namespace detail {

// One metric of one step in one partition.
struct MetricCell {
  int64_t value = 0;  // counter; gauge
  int64_t count = 0, sum = 0;
  int64_t min = INT64_MAX, max = INT64_MIN;  // distribution: extremes, branch-free update()
  int64_t timestamp_ms = 0;                  // gauge: when it was set (wall clock)
  UserMetricValue::Kind kind = UserMetricValue::Kind::kCounter;
  std::string name;
};

}  // namespace detail

// A sum: inc(n), dec(n). A default-constructed handle is unbound: assign it from
// Metrics::counter() (in setup()) before use.
class Counter {
 public:
  Counter() = default;
  void inc(int64_t n = 1) {
    assert(cell_ && "rill::Counter used before Metrics::counter() declared it");
    cell_->value += n;
  }
  void dec(int64_t n = 1) { inc(-n); }
  explicit operator bool() const { return cell_ != nullptr; }

 private:
  friend class Metrics;
  explicit Counter(detail::MetricCell* c) : cell_(c) {}
  detail::MetricCell* cell_ = nullptr;
};

// Count, sum, min and max of the values given to update() (the mean follows).
class Distribution {
 public:
  Distribution() = default;
  void update(int64_t v) {
    assert(cell_ && "rill::Distribution used before Metrics::distribution() declared it");
    ++cell_->count;
    cell_->sum += v;
    cell_->min = v < cell_->min ? v : cell_->min;
    cell_->max = v > cell_->max ? v : cell_->max;
  }
  explicit operator bool() const { return cell_ != nullptr; }

 private:
  friend class Metrics;
  explicit Distribution(detail::MetricCell* c) : cell_(c) {}
  detail::MetricCell* cell_ = nullptr;
};

// The latest value given to set(), stamped with the wall clock: over partitions, the one set
// last wins.
class Gauge {
 public:
  Gauge() = default;
  void set(int64_t v) {
    assert(cell_ && "rill::Gauge used before Metrics::gauge() declared it");
    cell_->value = v;
    cell_->timestamp_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count();
  }
  explicit operator bool() const { return cell_ != nullptr; }

 private:
  friend class Metrics;
  explicit Gauge(detail::MetricCell* c) : cell_(c) {}
  detail::MetricCell* cell_ = nullptr;
};

// The metrics of one step in one partition: declares them by name, and reports their values.
class Metrics {
  using Kind = UserMetricValue::Kind;

 public:
  Metrics() = default;
  Metrics(const Metrics&) = delete;  // handles point into it
  Metrics& operator=(const Metrics&) = delete;

  // Declares (or finds) a metric. Looking a name up is a short scan: keep the handle when
  // the same metric is updated per element in a DoFn; a Map function may look it up per
  // element (a few nanoseconds for a handful of metrics).
  Counter counter(std::string_view name) { return Counter(&cell(name, Kind::kCounter)); }
  Distribution distribution(std::string_view name) {
    return Distribution(&cell(name, Kind::kDistribution));
  }
  Gauge gauge(std::string_view name) { return Gauge(&cell(name, Kind::kGauge)); }

  // --- runtime side ---
  size_t size() const { return cells_.size(); }
  // Appends the current value of every metric declared, `step` filled in.
  void append_values(const std::string& step, UserMetricValues& out) const {
    for (const auto& c : cells_) {
      UserMetricValue& v = out.emplace_back();
      v.step = step;
      v.name = c->name;
      v.kind = c->kind;
      v.value = c->value;
      v.count = c->count;
      v.sum = c->sum;
      v.min = c->count > 0 ? c->min : 0;
      v.max = c->count > 0 ? c->max : 0;
      v.timestamp_ms = c->timestamp_ms;
    }
  }

 private:
  detail::MetricCell& cell(std::string_view name, Kind kind) {
    for (const auto& c : cells_)
      if (c->kind == kind && c->name == name) return *c;
    if (name.empty()) throw std::invalid_argument("rill: a metric needs a name");
    // One allocation per metric declared, so that handles stay valid as more are declared.
    auto& c = cells_.emplace_back(std::make_unique<detail::MetricCell>());
    c->kind = kind;
    c->name = name;
    return *c;
  }

  std::vector<std::unique_ptr<detail::MetricCell>> cells_;
};

}  // namespace rill
