#pragma once
// The job actor's state and the steps it shares with the cluster launcher (internal to
// actors/). Lifetime: created when the job actor starts; `partitions` grows as partitions are
// started (all at once locally, stage by stage on a cluster); the outcome is decided once
// (`ended`); after a failure the job waits for every partition to be down (`alive` == 0)
// before aborting the sinks and replying.
#include <caf/all.hpp>
#include <chrono>
#include <map>
#include <set>

#include "actors/checkpoint_coordinator.hpp"
#include "actors/job_actor.hpp"
#include "actors/job_progress.hpp"
#include "actors/partition.hpp"

namespace rill {

struct PartitionId {
  int stage = 0, partition = 0, worker = -1;  // worker -1: this process
};

struct JobRun {
  JobArgs args;
  std::string token;
  size_t expected = 0;  // partitions in the plan
  std::vector<caf::actor> partitions;
  std::map<caf::actor_addr, PartitionId> where;
  std::map<std::pair<int, int>, caf::actor> handles;  // (stage, partition) -> running partition
  std::set<caf::actor_addr> finished;
  std::set<std::pair<int, int>> finished_ids;  // (stage, partition) of `finished`
  std::map<std::string, StepCounters> counters;
  MetricResults user_metrics;  // merged from the done reports, like `counters`
  FlowStats flow;
  caf::response_promise reply;
  size_t alive = 0;  // started partitions not yet down
  // Cluster: spawn requests not yet answered, by serial, with the worker asked. A lost
  // worker's requests are written off at once: CAF 0.17 fails a request to a node it lost
  // only at the request's own timeout (the start-up timeout, 30 s by default).
  std::map<uint64_t, int> spawns_in_flight;
  uint64_t next_spawn = 0;
  // Cluster: the workers (JobArgs::cluster's, then any that joined since; by index), where
  // partitions go (its placement at first, then over the workers alive at each restart), and
  // the workers lost so far.
  ClusterLaunch cluster;
  std::set<int> lost_workers;
  bool ended = false;     // the outcome is decided
  bool stopping = false;  // failed: waiting for every partition to be down before aborting
  // Recovery: after a retryable failure the partitions are stopped (restarting: waiting for
  // every one to be down), then started again from the last complete checkpoint.
  bool restarting = false;
  bool respawn_scheduled = false;  // a respawn_atom is on its way (one at a time)
  int restarts = 0;
  // Partitions are being started (a cluster's, stage by stage, asynchronously): a barrier, a
  // drain or a savepoint could not reach every source yet, so they wait for
  // partitions_started().
  bool launching = false;
  // Since the last failure: when it happened and how many restarted partitions are ready
  // (CheckpointStats::recovery_ms).
  std::chrono::steady_clock::time_point failed_at;
  size_t ready = 0;
  bool recovering = false;
  Checkpoints checkpoints;
  // File output is published per checkpoint (graph/checkpoint_publication.hpp).
  bool per_checkpoint_output = false;
  std::optional<std::string> savepoint_wanted;  // stop-with-savepoint asked during a restart
  std::optional<std::string> triggered_savepoint_wanted;  // a savepoint (no stop), likewise
  std::map<uint64_t, std::string> savepoints;  // triggered savepoints written: id -> directory
  bool draining = false;                       // drain asked: sources told to stop reading
  std::chrono::steady_clock::time_point started;
  // Injected faults (job_faults.cpp): the ones that fired (a lasting one is reported once)
  // and the destructive ones among them, which restarted partitions do not inject again.
  std::vector<int32_t> fired_faults, spent_faults;
  bool process_faults_scheduled = false;
  JobProgress progress;  // the live view (job_progress.hpp)

  // Nothing left that could still write a shard: every started partition is down and no
  // partition is being started.
  bool all_down() const { return alive == 0 && spawns_in_flight.empty(); }
};

// Watches a started partition and counts it.
void adopt_partition(caf::event_based_actor* self, JobRun& st, caf::actor h, PartitionId id);
// After a failure, once nothing is alive or being started: abort the sinks and reply.
void abort_sinks(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
void end_job(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st, JobState state,
             std::string step, std::string error);
// A failure: a restart from the last checkpoint when it is retryable and restarts are left
// (job_actor.cpp says how), else the end of the job, FAILED.
void fail_job(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
              const std::string& step, const std::string& error, bool retryable);
// "Count/Combine p1 on worker 2 (...)": for failure messages.
std::string describe_partition(const JobRun& st, const PartitionId& id);
// The same for a started partition's address ("?" for one the job does not know).
std::string describe_partition(const JobRun& st, const caf::actor_addr& a);

// Every partition of a start or restart is running: what waited for them (a drain, a
// savepoint asked meanwhile) goes to the sources now.
void partitions_started(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
// A restart whose partitions are all down: start them again after the backoff.
void schedule_respawn(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
// Where partition `p` of `stage` starts from: the last complete checkpoint, if any.
std::optional<PartitionRestore> restore_of(const JobRun& st, int stage, int p);

// Injected faults (job_faults.cpp): a partition reported fault `index` (what it did);
// process faults are timed from the first start (cluster only) and carried out when due.
void record_fault(const std::shared_ptr<JobRun>& st, int32_t index, const std::string& what,
                  bool lasting);
void schedule_process_faults(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);
void process_fault_due(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
                       int32_t index);

// Starts the partitions on the cluster's agents (by st.placement), stage by stage from the
// last, each from restore_of().
void launch_on_cluster(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);

}  // namespace rill
