// Resolving a fault plan against a job (random plans drawn, names checked) and the dice
// its faults roll.
#include <algorithm>
#include <chrono>

#include "graph/testing/fault_plan.hpp"
#include "graph/testing/fault_plan_detail.hpp"

namespace rill::testing {

using detail::bad;
using detail::splitmix;

FaultPlan FaultPlan::resolved(const FaultTargets& t) const {
  FaultPlan out;
  out.seed_ = seed_;
  // A random plan's own seed decides the dice too: `random:seed=S` alone replays.
  if (out.seed_ == 0 && !random_.empty()) out.seed_ = random_.front().seed + 1;
  if (out.seed_ == 0) {
    uint64_t s = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    out.seed_ = splitmix(s) >> 1;
    if (out.seed_ == 0) out.seed_ = 1;
  }
  out.faults_ = faults_;
  for (const auto& r : random_) {
    std::vector<FaultKind> kinds = r.kinds;
    if (kinds.empty())
      kinds = {FaultKind::kCrash,     FaultKind::kDelay,   FaultKind::kDrop,
               FaultKind::kDuplicate, FaultKind::kReorder, FaultKind::kFailCheckpoint};
    // Kinds the job cannot take are left out: process faults without workers, edge faults
    // without edges.
    kinds.erase(std::remove_if(kinds.begin(), kinds.end(),
                               [&](FaultKind k) {
                                 Fault probe;
                                 probe.kind = k;
                                 if (probe.on_edge()) return t.edges.empty();
                                 if (k == FaultKind::kKillWorker || k == FaultKind::kPauseWorker ||
                                     k == FaultKind::kPartition)
                                   return t.workers < (k == FaultKind::kPartition ? 2 : 1);
                                 return t.steps.empty();
                               }),
                kinds.end());
    if (kinds.empty()) continue;
    uint64_t s = r.seed * 0x2545f4914f6cdd1dULL + 0x1234567ULL;
    auto below = [&](uint64_t n) { return n == 0 ? 0 : splitmix(s) % n; };
    auto ms = [&] { return static_cast<int64_t>(1 + below(static_cast<uint64_t>(r.max_ms))); };
    for (int i = 0; i < r.count; ++i) {
      Fault f;
      f.kind = kinds[below(kinds.size())];
      switch (f.kind) {
        case FaultKind::kCrash: {
          f.step = t.steps[below(t.steps.size())];
          f.partition = static_cast<int>(below(static_cast<uint64_t>(std::max(1, t.parallelism))));
          const uint64_t point = below(10);  // mostly after N elements, as crashes come
          if (point < 6) {
            f.point = CrashPoint::kAfterElements;
            f.after = static_cast<int64_t>(1 + below(static_cast<uint64_t>(r.max_after)));
          } else if (point < 8) {
            f.point = CrashPoint::kAtCheckpoint;
            f.checkpoint = 1 + below(std::max<uint64_t>(1, t.max_checkpoint));
          } else if (point < 9) {
            f.point = CrashPoint::kDuringSnapshot;
          } else {
            f.point = CrashPoint::kDuringRestore;
          }
          break;
        }
        case FaultKind::kKillWorker:
        case FaultKind::kPauseWorker:
          f.worker = static_cast<int>(below(static_cast<uint64_t>(t.workers)));
          f.after_ms = ms();
          f.for_ms = f.kind == FaultKind::kPauseWorker ? ms() : 0;
          break;
        case FaultKind::kPartition:
          f.node_a = static_cast<int>(below(static_cast<uint64_t>(t.workers)));
          f.node_b =
              (f.node_a + 1 + static_cast<int>(below(static_cast<uint64_t>(t.workers - 1)))) %
              t.workers;
          f.after_ms = ms();
          f.for_ms = ms();
          break;
        case FaultKind::kDelay:
        case FaultKind::kDrop:
        case FaultKind::kDuplicate:
        case FaultKind::kReorder: {
          const auto& e = t.edges[below(t.edges.size())];
          f.from = e.first;
          f.to = e.second;
          f.p = 0.002 * static_cast<double>(1 + below(50));  // 0.2 % to 10 % of batches
          if (f.kind == FaultKind::kDelay) f.ms = 1 + static_cast<int64_t>(below(50));
          break;
        }
        case FaultKind::kFailCheckpoint:
          f.checkpoint = 1 + below(std::max<uint64_t>(1, t.max_checkpoint));
          break;
        case FaultKind::kSlow:
          f.step = t.steps[below(t.steps.size())];
          f.us = 1 + static_cast<int64_t>(below(20));
          break;
      }
      out.faults_.push_back(std::move(f));
    }
  }
  return out;
}

void FaultPlan::check(const FaultTargets& t) const {
  auto has_step = [&](const std::string& s) {
    return std::find(t.steps.begin(), t.steps.end(), s) != t.steps.end();
  };
  for (const auto& f : faults_) {
    const std::string text = f.text();
    if ((f.kind == FaultKind::kCrash || f.kind == FaultKind::kSlow) && !has_step(f.step))
      bad(text, "the pipeline has no step '" + f.step + "'");
    if (f.kind == FaultKind::kCrash && f.partition >= t.parallelism)
      bad(text, "partition=" + std::to_string(f.partition) + " but the step runs " +
                    std::to_string(t.parallelism) + " partitions");
    if (f.on_edge()) {
      if (!has_step(f.from)) bad(text, "the pipeline has no step '" + f.from + "'");
      if (!has_step(f.to)) bad(text, "the pipeline has no step '" + f.to + "'");
      const bool edge =
          std::find(t.edges.begin(), t.edges.end(), std::make_pair(f.from, f.to)) != t.edges.end();
      if (!edge)
        bad(text, "no channel runs from '" + f.from + "' to '" + f.to +
                      "' (a fault goes on an edge between two stages: see `rill plan`)");
    }
    const bool process = f.kind == FaultKind::kKillWorker || f.kind == FaultKind::kPauseWorker ||
                         f.kind == FaultKind::kPartition;
    if (process && t.workers == 0)
      bad(text, "needs a multi-process run (workers); this run has one process");
    if ((f.kind == FaultKind::kKillWorker || f.kind == FaultKind::kPauseWorker) &&
        f.worker >= t.workers)
      bad(text, "worker=" + std::to_string(f.worker) + " but the run has " +
                    std::to_string(t.workers) + " workers");
    if (f.kind == FaultKind::kPartition && std::max(f.node_a, f.node_b) >= t.workers)
      bad(text, "nodes are workers 0 to " + std::to_string(t.workers - 1));
  }
}

FaultDice::FaultDice(uint64_t seed, uint64_t fault, uint64_t partition, uint64_t channel)
    : state_(seed ^ (fault * 0x9e3779b97f4a7c15ULL) ^ (partition * 0xc2b2ae3d27d4eb4fULL) ^
             (channel * 0x165667b19e3779f9ULL)) {}

double FaultDice::next() {
  return static_cast<double>(splitmix(state_) >> 11) * 0x1.0p-53;
}

}  // namespace rill::testing
