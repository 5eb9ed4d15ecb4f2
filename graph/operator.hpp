#pragma once
// An operator is one step of a fused stage, instantiated once per partition. Lifecycle:
// created by the step's factory when the partition starts -> setup() -> batches and
// watermarks -> finish() once all input has ended -> teardown() (also on failure).
#include <functional>
#include <memory>
#include <string>

#include "graph/consumer.hpp"
#include "graph/metrics.hpp"
#include "graph/step_counters.hpp"
#include "graph/step_log.hpp"
#include "windowing/timestamp.hpp"

namespace cereal {
class BinaryOutputArchive;
class BinaryInputArchive;
}  // namespace cereal

namespace rill {

struct PipelineOptions;

// What an operator instance knows about where it runs.
struct OpContext {
  std::string step;  // the full step name of the node being instantiated
  int partition = 0;
  int num_partitions = 1;
  std::string job_token;  // unique per run: names temporary files
  const PipelineOptions* options = nullptr;
  // A restore follows setup() (a restart or resume from a checkpoint): what setup() would
  // reset for a start from the beginning is set by restore(), or, for a partition that had
  // finished before the checkpoint, stays as it was.
  bool restoring = false;
  // The job publishes file output per checkpoint (graph/checkpoint_publication.hpp): a sink
  // that can closes its file at each checkpoint (OperatorBase::on_checkpoint).
  bool publish_per_checkpoint = false;
};

class OperatorBase {
 public:
  explicit OperatorBase(std::string step) : log_(&counters_.step) {
    counters_.step = std::move(step);
  }
  virtual ~OperatorBase() = default;
  OperatorBase(const OperatorBase&) = delete;
  OperatorBase& operator=(const OperatorBase&) = delete;

  virtual void setup() {}
  // Input port `port`; nullptr for operators without inputs.
  virtual AnyConsumer* input(int port) = 0;
  // Output port `port`; nullptr for operators without outputs (sinks).
  virtual AnyOutput* output(int port) = 0;
  // The stage's input watermark advanced to `wm`: fire what is due.
  virtual void on_watermark(Timestamp /*wm*/) {}
  // The watermark of one input port advanced (side inputs use it to know when a side
  // window is complete). Called before on_watermark() for the stage.
  virtual void on_input_watermark(int /*port*/, Timestamp /*wm*/) {}
  // Emit what is buffered only for efficiency (partial combines): called when the stage is
  // idle and before a watermark is forwarded.
  virtual void flush() {}
  // All input has ended (the final watermark was delivered first).
  virtual void finish() {}
  virtual void teardown() {}
  // The earliest output timestamp this operator may still emit: holds the stage's output
  // watermark back. kMaxTimestamp when it holds nothing.
  virtual Timestamp hold() const { return kMaxTimestamp; }
  // Processing-time timers (ms since the epoch, wall clock): the earliest one this operator
  // has set, or kNoProcessingTimer; the runtime calls on_processing_time() once it is due.
  static constexpr Timestamp kNoProcessingTimer = INT64_MAX;
  virtual Timestamp next_processing_timer() const { return kNoProcessingTimer; }
  virtual void on_processing_time(Timestamp /*now*/) {}

  // Checkpoints (exec/stage_program.cpp): everything that decides this operator's later
  // output (buffered elements, keyed state, timers, holds, the watermark it has seen),
  // written with Cereal when a checkpoint's barriers are aligned, after flush(); read back by
  // a restore, after setup() and before any input. An operator without state keeps the
  // defaults; one with state must implement both (keyed state by key group: exec/key_groups.hpp).
  virtual void snapshot(cereal::BinaryOutputArchive& /*ar*/) const {}
  virtual void restore(cereal::BinaryInputArchive& /*ar*/) {}
  // Why this operator's state cannot be checkpointed (a type without a coder: known when it
  // is compiled), or "": a job with checkpoints refuses it at its start rather than
  // declining every checkpoint.
  virtual std::string checkpoint_problem() const { return {}; }
  // Checkpoint `checkpoint`'s barriers are aligned: called after flush(), before snapshot().
  // A sink that publishes per checkpoint closes that checkpoint's file here.
  virtual void on_checkpoint(uint64_t /*checkpoint*/) {}

  const std::string& step() const { return counters_.step; }
  const StepCounters& counters() const { return counters_; }
  // The user metrics its DoFn or function declared (graph/metrics.hpp); empty for others.
  const Metrics& user_metrics() const { return metrics_; }
  // Names the partition this instance runs in, in its DoFn's log lines.
  void bind_log(int partition, int num_partitions) { log_.bind(partition, num_partitions); }

 protected:
  StepCounters counters_;
  Metrics metrics_;
  StepLog log_;
};

using OperatorFactory = std::function<std::unique_ptr<OperatorBase>(const OpContext&)>;

}  // namespace rill
