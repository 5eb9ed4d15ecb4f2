#pragma once
// What the two partition actors (SourceActor, StageActor) share: how they are spawned,
// their program and output channels, failure reporting and the end-of-partition protocol.
//
// Lifetime of a partition: spawned by the job -> program built and set up -> data ->
// all inputs ended (or source exhausted): finish(), final watermark and end-of-stream queued
// -> once every queued item has been sent: teardown, `done` with its counters to the job,
// quit. On an error it reports `fail` to the job and quits; the job then stops the rest.
#include <caf/all.hpp>
#include <chrono>
#include <memory>

#include <optional>

#include "actors/input_order.hpp"
#include "actors/output_channels.hpp"
#include "actors/partition_progress.hpp"
#include "exec/checkpoint_store.hpp"
#include "exec/partition_faults.hpp"
#include "exec/stage_program.hpp"
#include "graph/step_error.hpp"

namespace rill {

// Where a restored partition's state is: checkpoint `checkpoint` in the job's checkpoint
// directory, its file `file` (empty: the partition had finished by then).
struct PartitionRestore {
  uint64_t checkpoint = 0;
  PartitionStateFile file;
  std::string directory;  // the checkpoint's (or savepoint's) directory
};

struct PartitionArgs {
  std::shared_ptr<const GraphDef> graph;
  std::shared_ptr<const ExecutionPlan> plan;
  PipelineOptions options;
  int stage = 0;
  int partition = 0;
  std::string job_token;
  caf::actor job;
  caf::actor aligner;  // where a source partition reports its watermark (SourceAligner)
  std::vector<OutputRoute> routes;
  std::optional<PartitionRestore> restore;  // start from a checkpoint
  std::vector<int32_t> spent_faults;        // faults of options.faults already fired
};

struct PartitionCore {
  PartitionArgs args;
  std::unique_ptr<OutputChannels> out;
  std::unique_ptr<StageProgram> program;
  PartitionFaults faults;      // injected faults (tests): built at start, spent as they fire
  PartitionActivity activity;  // busy / backpressured / idle, for the live metrics
  Timestamp out_wm = kMinTimestamp;
  bool finished = false;  // final watermark and end-of-stream are queued
  bool stopped = false;   // reported done or failed

  // Builds the program and output channels, runs setup() and, with args.restore, restores
  // the checkpointed state (restored_wms() then holds the stage's input watermarks). False on
  // failure (reported).
  bool start(caf::event_based_actor* self, PartitionArgs a);
  // Checkpoint `id`'s barriers are aligned (a stage) or arrived (a source): flush, write the
  // state (with the stage's input watermarks `wms`), acknowledge it to the job, and forward
  // the barrier behind everything sent so far. A failure to write declines the checkpoint;
  // the job goes on.
  void checkpoint(caf::event_based_actor* self, uint64_t id, const std::vector<Timestamp>& wms);
  const std::vector<Timestamp>& restored_wms() const { return restored_wms_; }
  // Restored as finished: it ended before the checkpoint, and its output is in its
  // receivers' state; it only sends the end of its stream again.
  bool restored_finished() const { return restored_finished_; }
  // Runs `f`; an exception is reported to the job as the failure of a step and stops us.
  template <class F>
  bool guarded(caf::event_based_actor* self, F&& f) {
    if (stopped) return false;
    try {
      f();
      return true;
    } catch (const StepError& e) {
      fail(self, e.step(), e.what(), e.retryable());
    } catch (const std::bad_alloc&) {
      fail(self, stage_name(), "out of memory (std::bad_alloc)", true);
    } catch (const std::exception& e) {  // the runtime's own (user code throws StepError)
      fail(self, stage_name(), e.what(), true);
    }
    return false;
  }
  // Reports the failure to the job and quits. `retryable`: a restart from the last
  // checkpoint may get past it (RetryableError, an internal error), as opposed to an error in
  // user code or data.
  void fail(caf::event_based_actor* self, const std::string& step, const std::string& message,
            bool retryable);
  std::string stage_name() const;
  // Injected faults after a batch of `elements`: a slow step sleeps, a crash due fails us.
  // False when we failed.
  bool after_batch(caf::event_based_actor* self, int64_t elements);
  // A crash after N elements that is due (after a watermark, a timer or the end, where fused
  // steps take elements too): reported and failed; false then.
  bool crash_if_due(caf::event_based_actor* self);
  // Reports `f` to the job, then fails (retryable) with it as the cause.
  void inject(caf::event_based_actor* self, const FiredFault& f);
  // Forwards min(input watermark, operator holds) downstream when it advanced.
  void forward_watermark(Timestamp input_wm);
  // All input consumed: finish operators and queue the final watermark and end-of-stream.
  void finish(caf::event_based_actor* self);
  // Reports `done` once finished and everything queued has been sent (a last progress report
  // first, so that the job's live view ends with the final counts).
  void report_if_done(caf::event_based_actor* self, const FlowStats& extra);
  // The metrics interval is up: report progress (`input_wm`: the stage's input watermark, a
  // source's output watermark) and arm the next one. The actors call it on progress_atom.
  void on_progress_tick(caf::event_based_actor* self, Timestamp input_wm);
  // After handling a message: notes whether output waits for credit (backpressure).
  void note_blocked(PartitionActivity::Clock::time_point now) {
    activity.set_blocked(!can_take_more(), now);
  }
  bool can_take_more() const { return out->queued_batches() < args.options.max_queued_batches; }

 private:
  void restore_state(caf::event_based_actor* self);
  void report_progress(caf::event_based_actor* self, Timestamp input_wm);
  std::vector<Timestamp> restored_wms_;
  bool restored_finished_ = false;
};

// Watermark alignment of one source partition (see source_actor.cpp for the rule).
struct SourceAlignment {
  bool enabled = false;                // drift > 0 and the source stage has several partitions
  Duration drift = 0;                  // PipelineOptions::max_source_drift
  Timestamp base = kMinTimestamp;      // the job's last announced minimum, else our first wm
  bool announced = false;              // `base` came from the job
  Timestamp reported = kMinTimestamp;  // the watermark we last reported to the job
  bool ever_reported = false;
  bool paused = false;  // held back: not pumping until an announcement lifts the limit
};

struct SourceActorState {
  PartitionCore core;
  bool pump_pending = false;
  std::chrono::steady_clock::time_point last_yield{};  // see schedule_pump
  SourceAlignment align;
  static inline const char* name = "rill.source";
};

// A batch that arrived and waits its turn (InputOrder): in-process, or encoded by another
// process (decoded when taken). Its credit goes back to `sender` once it has been processed.
// An rbatch's parts wait one by one (a drain turn may end between them), and only the last
// carries the sender: the message's one credit is owed once all of them are processed.
struct PendingBatch {
  BatchPtr batch;
  std::string encoded;
  caf::actor sender;  // empty for an rbatch part other than the last
  uint32_t reply_slot = 0;
};

struct StageActorState {
  PartitionCore core;
  const StagePlan* stage = nullptr;  // owned by core.args.plan
  std::unique_ptr<class InputChannels> in;
  std::unique_ptr<InputOrder<PendingBatch>> order;  // arrived, not yet processed
  uint64_t taken = 0;                               // batches taken from `order`
  bool quiet_check_armed = false;                   // a quiet_atom is on its way
  bool drain_resumes = false;                       // a pump_atom to self is on its way
  uint64_t taken_at_check = 0;                      // `taken` when it was sent
  Timestamp in_wm = kMinTimestamp;
  std::vector<Timestamp> input_wms;  // per input, what the program was last told
  // One pending processing-time tick at most: delayed messages cannot be cancelled, so a
  // newer tick bumps the generation and older ones are ignored when they arrive.
  Timestamp tick_due = OperatorBase::kNoProcessingTimer;
  uint64_t tick_gen = 0;
  static inline const char* name = "rill.stage";
};

// Stops a partition (the job's failure, or the worker's end). Urgent, so the partition quits
// after the batch in hand instead of after everything already in its mailbox: a slow step's
// backlog took seconds to drain, and a failed job waits for every partition to be down.
inline void stop_partition(caf::event_based_actor* self, const caf::actor& partition) {
  self->send<caf::message_priority::high>(
      partition, caf::exit_msg{self->address(), caf::exit_reason::user_shutdown});
}

caf::behavior source_actor(caf::stateful_actor<SourceActorState>* self, PartitionArgs args);
caf::behavior stage_actor(caf::stateful_actor<StageActorState>* self, PartitionArgs args);

}  // namespace rill
