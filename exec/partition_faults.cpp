#include "exec/partition_faults.hpp"

#include <algorithm>

#include "exec/stage_program.hpp"

namespace rill {

using testing::CrashPoint;
using testing::FaultKind;

PartitionFaults::PartitionFaults(const testing::FaultPlan& plan, const std::vector<int32_t>& spent,
                                 const GraphDef& g, const ExecutionPlan& ep, int stage,
                                 int partition)
    : seed_(plan.seed()), partition_(partition) {
  const StagePlan& s = ep.stages.at(static_cast<size_t>(stage));
  where_ = s.name + " p" + std::to_string(partition);
  auto position_of = [&](const std::string& step) -> std::optional<size_t> {
    for (size_t i = 0; i < s.nodes.size(); ++i)
      if (g.node(s.nodes[i]).name == step) return i;
    return std::nullopt;
  };
  const auto& faults = plan.faults();
  for (size_t i = 0; i < faults.size(); ++i) {
    const int index = static_cast<int>(i);
    if (std::find(spent.begin(), spent.end(), index) != spent.end()) continue;
    const testing::Fault& f = faults[i];
    switch (f.kind) {
      case FaultKind::kCrash:
        if (f.partition != partition) break;
        if (auto pos = position_of(f.step)) {
          crashes_.push_back(Crash{index, f, *pos});
          has_crash_after_ |= f.point == CrashPoint::kAfterElements;
        }
        break;
      case FaultKind::kSlow:
        if (position_of(f.step)) {
          slow_us_ += f.us;
          slow_reports_.push_back(FiredFault{index, f.step, f.text() + ": in " + where_});
        }
        break;
      case FaultKind::kFailCheckpoint:
        if (stage == 0 && partition == 0) fail_checkpoint_.emplace_back(index, f.checkpoint);
        break;
      case FaultKind::kDelay:
      case FaultKind::kDrop:
      case FaultKind::kDuplicate:
      case FaultKind::kReorder:
        if (!position_of(f.from)) break;
        for (size_t o = 0; o < s.outputs.size(); ++o) {
          const auto& out = s.outputs[o];
          const auto& to = ep.stages.at(static_cast<size_t>(out.to_stage));
          const auto& in = to.inputs.at(static_cast<size_t>(out.to_input));
          if (in.to_node >= 0 && g.node(in.to_node).name == f.to)
            edges_.push_back(Edge{index, f, static_cast<int>(o)});
        }
        break;
      default:  // process and network faults: the job and the workers' agents inject them
        break;
    }
  }
}

std::optional<FiredFault> PartitionFaults::fire(std::vector<Crash>::iterator it,
                                                const std::string& when) {
  FiredFault f{it->index, it->fault.step, it->fault.text() + ": " + where_ + " failed " + when};
  crashes_.erase(it);
  has_crash_after_ = std::any_of(crashes_.begin(), crashes_.end(), [](const Crash& c) {
    return c.fault.point == CrashPoint::kAfterElements;
  });
  return f;
}

std::optional<FiredFault> PartitionFaults::crash_after_batch(const StageProgram& program) {
  for (auto it = crashes_.begin(); it != crashes_.end(); ++it) {
    if (it->fault.point != CrashPoint::kAfterElements) continue;
    const int64_t taken = program.elements_taken(it->position);
    if (taken >= it->fault.after)
      return fire(it, "after " + std::to_string(taken) + " elements of '" + it->fault.step + "'");
  }
  return std::nullopt;
}

std::optional<FiredFault> PartitionFaults::crash_at(CrashPoint point, uint64_t checkpoint) {
  for (auto it = crashes_.begin(); it != crashes_.end(); ++it) {
    if (it->fault.point != point) continue;
    if (point == CrashPoint::kAtCheckpoint && checkpoint < it->fault.checkpoint) continue;
    switch (point) {
      case CrashPoint::kAtCheckpoint:
        return fire(it, "at checkpoint " + std::to_string(checkpoint));
      case CrashPoint::kDuringSnapshot:
        return fire(it, "writing its state for checkpoint " + std::to_string(checkpoint));
      case CrashPoint::kDuringRestore:
        return fire(it, "restoring checkpoint " + std::to_string(checkpoint));
      default:
        return fire(it, "finishing its input");
    }
  }
  return std::nullopt;
}

std::optional<FiredFault> PartitionFaults::fail_checkpoint(uint64_t checkpoint) {
  for (auto it = fail_checkpoint_.begin(); it != fail_checkpoint_.end(); ++it) {
    if (it->second != checkpoint) continue;
    FiredFault f{it->first, where_,
                 "fail-checkpoint:n=" + std::to_string(checkpoint) + ": " + where_ +
                     " could not write its state"};
    fail_checkpoint_.erase(it);
    return f;
  }
  return std::nullopt;
}

std::vector<ChannelFault> PartitionFaults::channel_faults(int output, int dest,
                                                          uint32_t slot) const {
  std::vector<ChannelFault> out;
  for (const auto& e : edges_)
    if (e.output == output) {
      ChannelFault c;
      c.index = e.index;
      c.fault = e.fault;
      c.dice = testing::FaultDice(seed_, static_cast<uint64_t>(e.index) + 1,
                                  static_cast<uint64_t>(partition_),
                                  (static_cast<uint64_t>(dest) << 20) ^ slot);
      out.push_back(std::move(c));
    }
  return out;
}

}  // namespace rill
