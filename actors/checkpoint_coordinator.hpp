#pragma once
// The job's side of checkpoints (aligned barriers, as Flink's; the partitions' side is
// PartitionCore::checkpoint, the alignment rule actors/input_order.hpp).
//
// Lifetime of a checkpoint: started by the interval timer when none is pending (a barrier to
// every running source partition; finished partitions count as done); complete once every
// partition of the plan has acknowledged it with its state file or has finished: then its
// metadata is written (the checkpoint now exists for a restore or a --resume) and older ones
// beyond PipelineOptions::checkpoints_retained are deleted. Declined (logged, the job goes
// on, the next tick starts another) when a partition cannot write its state or when it is
// still pending after kCheckpointTimeout. Barriers of a declined checkpoint still flow;
// their acknowledgements are ignored. One checkpoint is pending at a time.
//
// A savepoint (stop-with-savepoint) is a checkpoint started on request, in place of a pending
// one; once complete it is copied to its own directory when one was named, and the job then
// stops (STOPPED) without publishing: its sinks keep their temporaries for the resumed run.
#include <caf/all.hpp>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "exec/checkpoint_store.hpp"

namespace rill {

struct JobRun;

struct Checkpoints {
  std::optional<CheckpointStore> store;  // null: checkpointing is off
  uint64_t last_id = 0;                  // the highest id used in the directory
  struct Pending {
    uint64_t id = 0;
    std::map<std::pair<int, int>, PartitionStateFile> files;  // (stage, partition)
    std::chrono::steady_clock::time_point started;
    bool savepoint = false;
    std::string target;  // savepoint: copy it there ("": it stays in the checkpoint directory)
    bool stop = true;    // savepoint: stop the job once it is complete (else a triggered one)
  };
  std::optional<Pending> pending;
  std::optional<CheckpointMetadata> last_complete;  // what a restart restores
  int64_t completed = 0, declined = 0;
};

// Opens the checkpoint directory (after `resumed_from`, if any) and arms the timer.
void start_checkpoints(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
void on_checkpoint_tick(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
// Stop-with-savepoint (`stop`), or a triggered savepoint after which the job goes on (its copy
// goes to `target`, by default the checkpoint directory's savepoint-N). False (and the job
// goes on) when the job takes no checkpoints.
bool request_savepoint(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
                       const std::string& target, bool stop = true);
void on_checkpoint_ack(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st, uint64_t id,
                       PartitionStateFile file);
void on_checkpoint_decline(const std::shared_ptr<JobRun>& st, uint64_t id,
                           const std::string& reason);
// A partition reported done: a pending checkpoint may be complete now.
void on_partition_finished(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
// A restart: the pending checkpoint is abandoned.
void abandon_pending_checkpoint(const std::shared_ptr<JobRun>& st, const std::string& why);

}  // namespace rill
