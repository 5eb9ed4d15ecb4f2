#pragma once
// One partition of a fused stage, as plain C++: its operators wired by direct calls, its
// source readers (source stages) and one edge writer per outgoing edge. The actor layer owns
// a StageProgram and drives it: push() for arriving batches, on_watermark(), flush(),
// finish(). Nothing here knows about actors.
#include <memory>
#include <vector>

#include "graph/execution_plan.hpp"
#include "graph/user_metrics.hpp"

namespace rill {

class StageProgram {
 public:
  // `dests[i]`: partitions of the stage that output edge i goes to.
  StageProgram(const GraphDef& g, const ExecutionPlan& plan, int stage, const OpContext& ctx,
               ChannelSink* sink, size_t batch_size);
  ~StageProgram();

  const StagePlan& plan() const { return *stage_; }
  bool is_source() const { return stage_->source_node >= 0; }

  void setup();
  void teardown();

  // Source stages: reads up to `max_elements` from the current reader. False when all of
  // this partition's readers are exhausted.
  bool pump_source(size_t max_elements);
  // Source stages: the event time up to which this partition's readers have produced
  // everything (the minimum over its readers; kMaxTimestamp once all are exhausted).
  Timestamp source_watermark() const;
  // How long the current reader asks to wait before the next pump (0: at once).
  int64_t source_wait_micros() const;

  void push(int input_index, AnyBatch& batch);
  void on_watermark(Timestamp wm);
  void on_input_watermark(int input_index, Timestamp wm);
  void flush();   // operators' partial state and partial batches go out
  void finish();  // end of all input: final watermark, finish() per operator, flush
  // The earliest timestamp the operators may still emit (their watermark holds).
  Timestamp hold() const;
  // The earliest processing-time timer of the operators (OperatorBase::kNoProcessingTimer if none).
  Timestamp next_processing_timer() const;
  void on_processing_time(Timestamp now);
  std::vector<StepCounters> counters() const;
  // Live reports (actors/partition_progress.hpp), cheap, callable between any two calls:
  // the keys this partition sent most on its hash edges, by the keyed step they feed; and a
  // source partition's backlog, -1 where its readers cannot tell.
  std::vector<HotKey> hot_keys() const;
  int64_t source_backlog_elements() const;
  int64_t source_backlog_bytes() const;
  // The current value of every user metric (graph/metrics.hpp) its operators declared, `step`
  // filled in, in plan order. Callable at any time between the calls above, from the thread
  // that drives the program (the cells are plain integers): a partition reports it live,
  // about once a second, and at its end. Allocates only the result.
  UserMetricValues user_metrics() const;
  // Elements the step at `position` (in plan().nodes) has taken so far (a source: read).
  int64_t elements_taken(size_t position) const;

  // Checkpoints: the state of every operator (by its step's name) and of the source readers
  // (their positions), as bytes; flush() first, so that nothing is half-sent. restore()
  // reads them back after setup(), before any input: state is matched to steps by name, and
  // a step the snapshot lacks (another pipeline) throws CorruptCheckpoint-like
  // std::runtime_error naming it.
  std::string snapshot() const;
  void restore(const std::string& bytes);
  // The first operator whose state cannot be checkpointed: its step in *step and why (""
  // when every one can).
  std::string checkpoint_problem(std::string* step) const;
  // Before snapshot(): tells every operator which checkpoint it is (OperatorBase::on_checkpoint).
  void on_checkpoint(uint64_t checkpoint);
  // Whether every source reader of this partition can save its position (else the first
  // step that cannot, by name, in `which`).
  bool checkpointable(std::string* which) const;

 private:
  const GraphDef& graph_;
  const StagePlan* stage_;
  std::vector<std::unique_ptr<OperatorBase>> ops_;  // parallel to stage_->nodes
  std::vector<AnyConsumer*> entries_;               // parallel to stage_->inputs
  std::vector<std::unique_ptr<AnyEdgeWriter>> writers_;
  std::vector<std::string> writer_steps_;  // parallel to writers_: the step each one feeds
  std::vector<std::unique_ptr<SourceReaderBase>> readers_;
  size_t current_reader_ = 0;
  bool torn_down_ = false;
};

}  // namespace rill
