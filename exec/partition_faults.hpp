#pragma once
// The faults one partition injects: the job's resolved FaultPlan, narrowed to this stage and
// partition, minus the faults already spent in this run. The actor layer asks it at each
// point where a fault can strike (after a batch, at a checkpoint, at a restore, at the end,
// per output channel) and reports what fired to the job before acting on it.
// Lifetime: built when the partition starts; a destructive fault, once fired, is spent here
// and, through the job, in every partition started later (restarts). Plain C++: no CAF.
#include <optional>
#include <string>
#include <vector>

#include "graph/execution_plan.hpp"
#include "graph/testing/fault_plan.hpp"

namespace rill {

class StageProgram;

struct FiredFault {
  int index = -1;    // in the plan
  std::string step;  // the step that fails
  std::string what;  // the fault, where and when it fired
};

// A fault on one output channel, with its own dice (so that its decisions depend on the
// seed and the batch count, not on timing between partitions).
struct ChannelFault {
  int index = -1;
  testing::Fault fault;
  testing::FaultDice dice{0, 0, 0, 0};
  bool spent = false;
  bool reported = false;  // a lasting fault is reported the first time only
};

class PartitionFaults {
 public:
  PartitionFaults() = default;
  PartitionFaults(const testing::FaultPlan& plan, const std::vector<int32_t>& spent,
                  const GraphDef& g, const ExecutionPlan& ep, int stage, int partition);

  // Something to do after each batch (a crash after N elements, a slow step).
  bool per_batch() const { return has_crash_after_ || slow_us_ > 0; }
  // A crash due after the batch just taken (the step has taken `after` elements).
  std::optional<FiredFault> crash_after_batch(const StageProgram& program);
  bool has_crash_after() const { return has_crash_after_; }
  // A crash due at this point (kAtCheckpoint: `checkpoint` >= K; the others: the first time).
  std::optional<FiredFault> crash_at(testing::CrashPoint point, uint64_t checkpoint);
  // fail-checkpoint: this partition (the first stage's partition 0) fails to write K's state.
  std::optional<FiredFault> fail_checkpoint(uint64_t checkpoint);
  // slow: microseconds added per element taken by this stage.
  int64_t slow_micros() const { return slow_us_; }
  // The slow faults, reported once (the first time they act), then no more.
  std::vector<FiredFault> take_slow_reports() { return std::move(slow_reports_); }
  // Faults on the channel of output `output` to receiving partition `dest` (slot `slot`).
  std::vector<ChannelFault> channel_faults(int output, int dest, uint32_t slot) const;
  std::string where() const { return where_; }

 private:
  struct Crash {
    int index;
    testing::Fault fault;
    size_t position;  // of the step in the stage's nodes
  };
  struct Edge {
    int index;
    testing::Fault fault;
    int output;  // StageOutput index
  };
  std::optional<FiredFault> fire(std::vector<Crash>::iterator it, const std::string& when);

  std::vector<Crash> crashes_;
  bool has_crash_after_ = false;
  std::vector<Edge> edges_;
  std::vector<std::pair<int, uint64_t>> fail_checkpoint_;  // (index, K)
  int64_t slow_us_ = 0;
  std::vector<FiredFault> slow_reports_;
  uint64_t seed_ = 0;
  int partition_ = 0;
  std::string where_;
};

}  // namespace rill
