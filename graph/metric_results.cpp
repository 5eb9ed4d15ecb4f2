#include "graph/metric_results.hpp"

#include <algorithm>
#include <iomanip>
#include <ostream>

namespace rill {

using Kind = UserMetricValue::Kind;

void MetricResults::merge(const UserMetricValue& v) {
  for (auto& m : values)
    if (m.kind == v.kind && m.step == v.step && m.name == v.name) return m.merge(v);
  values.push_back(v);
}

void MetricResults::order_by(const std::vector<std::string>& steps) {
  auto position = [&](const std::string& step) {
    return std::find(steps.begin(), steps.end(), step) - steps.begin();
  };
  std::stable_sort(values.begin(), values.end(), [&](const auto& a, const auto& b) {
    const auto pa = position(a.step), pb = position(b.step);
    if (pa != pb) return pa < pb;
    if (a.name != b.name) return a.name < b.name;
    return a.kind < b.kind;
  });
}

const UserMetricValue* MetricResults::find(std::string_view step, std::string_view name,
                                           Kind kind) const {
  for (const auto& m : values)
    if (m.kind == kind && m.step == step && m.name == name) return &m;
  return nullptr;
}

int64_t MetricResults::counter(std::string_view step, std::string_view name) const {
  const auto* m = find(step, name, Kind::kCounter);
  return m ? m->value : 0;
}

DistributionResult MetricResults::distribution(std::string_view step, std::string_view name) const {
  const auto* m = find(step, name, Kind::kDistribution);
  if (!m) return {};
  return {m->count, m->sum, m->min, m->max};
}

GaugeResult MetricResults::gauge(std::string_view step, std::string_view name) const {
  const auto* m = find(step, name, Kind::kGauge);
  if (!m) return {};
  return {m->value, m->timestamp_ms};
}

void MetricResults::print(std::ostream& os) const {
  if (values.empty()) return;
  size_t width = 0;
  for (const auto& m : values) width = std::max(width, m.step.size() + 1 + m.name.size());
  os << "  user metrics:\n";
  for (const auto& m : values) {
    os << "    " << std::left << std::setw(static_cast<int>(width)) << (m.step + "/" + m.name)
       << std::right;
    switch (m.kind) {
      case Kind::kCounter:
        os << "  counter " << m.value;
        break;
      case Kind::kDistribution:
        os << "  distribution count " << m.count << ", sum " << m.sum << ", min " << m.min
           << ", max " << m.max << ", mean " << std::fixed << std::setprecision(2)
           << (m.count > 0 ? static_cast<double>(m.sum) / m.count : 0.0) << std::defaultfloat;
        break;
      case Kind::kGauge:
        os << "  gauge " << m.value;
        if (m.timestamp_ms == 0) os << " (never set)";
        break;
    }
    os << "\n";
  }
}

}  // namespace rill
