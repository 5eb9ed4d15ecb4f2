// Checkpoint figures of a run, and the failure a run can be asked to suffer (--fail-at).
#include <algorithm>
#include <atomic>

#include "bench/workloads.hpp"
#include "graph/step_error.hpp"

namespace rill::bench {
namespace {
std::atomic<int64_t> g_seen{0};
std::atomic<bool> g_fired{false};
}  // namespace

void reset_injected_failure() {
  g_seen = 0;
  g_fired = false;
}

bool inject_failure_at(int64_t fail_at) {
  if (g_fired.load(std::memory_order_relaxed)) return false;
  if (g_seen.fetch_add(1, std::memory_order_relaxed) + 1 < fail_at) return false;
  if (g_fired.exchange(true)) return false;
  throw rill::RetryableError("injected by --fail-at=" + std::to_string(fail_at));
}

CheckpointFigures checkpoint_figures(const rill::PipelineOptions& o,
                                     const rill::PipelineResult& r) {
  CheckpointFigures f;
  if (!o.checkpointing()) return f;
  const auto& c = r.checkpoints;
  f.completed = c.completed;
  f.restarts = c.restarts;
  if (!c.recovery_ms.empty()) f.recovery_ms = c.recovery_ms.back();
  if (!c.durations_ms.empty()) {
    auto d = c.durations_ms;
    std::sort(d.begin(), d.end());
    f.p50_ms = static_cast<double>(d[d.size() / 2]);
    f.max_ms = static_cast<double>(d.back());
  }
  for (const uint64_t b : c.sizes_bytes)
    f.max_mb = std::max(f.max_mb, static_cast<double>(b) / (1024.0 * 1024.0));
  return f;
}

}  // namespace rill::bench
