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
  FlowStats flow;
  caf::response_promise reply;
  size_t alive = 0;  // started partitions not yet down
  // Cluster: spawn requests not yet answered, by serial, with the worker asked. A lost
  // worker's requests are written off at once: CAF 0.17 fails a request to a node it lost
  // only at the request's own timeout (the start-up timeout, 30 s by default).
  std::map<uint64_t, int> spawns_in_flight;
  uint64_t next_spawn = 0;
  bool ended = false;     // the outcome is decided
  bool stopping = false;  // failed: waiting for every partition to be down before aborting
  // Recovery: after a retryable failure the partitions are stopped (restarting: waiting for
  // every one to be down), then started again from the last complete checkpoint.
  bool restarting = false;
  int restarts = 0;
  // Since the last failure: when it happened and how many restarted partitions are ready
  // (CheckpointStats::recovery_ms).
  std::chrono::steady_clock::time_point failed_at;
  size_t ready = 0;
  bool recovering = false;
  Checkpoints checkpoints;
  std::optional<std::string> savepoint_wanted;  // stop-with-savepoint asked during a restart
  bool draining = false;                        // drain asked: sources told to stop reading
  std::chrono::steady_clock::time_point started;

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
// "Count/Combine p1 on worker 2 (...)": for failure messages.
std::string describe_partition(const JobRun& st, const PartitionId& id);
// The same for a started partition's address ("?" for one the job does not know).
std::string describe_partition(const JobRun& st, const caf::actor_addr& a);

// Starts the partitions on the cluster's agents, stage by stage from the last.
void launch_on_cluster(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st);

}  // namespace rill
