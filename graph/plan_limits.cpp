#include "graph/plan_limits.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace rill {

std::string format_bytes(double bytes) {
  const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024 && u < 5) {
    bytes /= 1024;
    ++u;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

namespace {

double machine_memory() {
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) : 0;
}

}  // namespace

void check_plan_limits(const GraphDef& g, const ExecutionPlan& plan, const PipelineOptions& o) {
  if (o.batch_size < 1) throw std::invalid_argument("rill: batch_size must be at least 1");
  if (o.channel_credits < 1) throw std::invalid_argument("rill: channel_credits must be >= 1");
  if (o.channel_bytes < 1024)
    throw std::invalid_argument("rill: channel_bytes must be at least 1 KiB, got " +
                                std::to_string(o.channel_bytes));
  const double credits = o.channel_credits;
  double total = 0, widest = 0;
  std::string widest_edge;
  for (const auto& s : plan.stages)
    for (const auto& out : s.outputs) {
      const CollectionDef& c = g.collection(out.collection);
      const double element = static_cast<double>(c.type->element_bytes());
      const double batch = static_cast<double>(o.batch_size) * element;
      if (batch * credits > static_cast<double>(o.channel_bytes))
        throw std::invalid_argument(
            "rill: --batch-size=" + std::to_string(o.batch_size) +
            " x --credits=" + std::to_string(o.channel_credits) + " batches of " +
            std::to_string(c.type->element_bytes()) + "-byte elements on '" + c.name + "' is " +
            format_bytes(batch * credits) +
            " per channel, over --channel-bytes=" + std::to_string(o.channel_bytes) + " (" +
            format_bytes(static_cast<double>(o.channel_bytes)) +
            "): lower the batch size or the credits, or raise --channel-bytes");
      const auto& to = plan.stages.at(static_cast<size_t>(out.to_stage));
      const double channels = out.kind == EdgeKind::kForward
                                  ? s.parallelism
                                  : static_cast<double>(s.parallelism) * to.parallelism;
      // In flight on each channel, plus what each sending partition may queue for it.
      const double per_channel = std::min(static_cast<double>(o.channel_bytes), batch * credits);
      const double edge = channels * per_channel +
                          s.parallelism * std::max(o.max_queued_batches, 0) * per_channel / credits;
      total += edge;
      if (edge > widest) {
        widest = edge;
        widest_edge = c.name + " (" + std::to_string(static_cast<int64_t>(channels)) + " channels)";
      }
    }
  const double memory = machine_memory();
  if (memory > 0 && total > memory / 2)
    throw std::invalid_argument(
        "rill: this plan's channels could hold " + format_bytes(total) +
        " in flight, over half of this machine's " + format_bytes(memory) + " (the largest: " +
        widest_edge + "); lower --parallelism, --credits, --batch-size or --channel-bytes");
}

}  // namespace rill
