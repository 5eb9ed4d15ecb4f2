#pragma once
// The cluster's control vocabulary, between the coordinator, the job and the workers' agents.
// Data between partitions uses the same messages as in one process (messages.hpp), except that
// a batch for another process travels encoded with its collection's coder:
//   (rbatch_atom, channel, reply_slot, std::string bytes)
//
// Start-up, in order:
//   worker -> coordinator  (join_atom, agent, host, port, slots, pid)  reply: (index, peers)
//   worker -> peers        a direct link to every worker that joined before it
//   worker -> coordinator  (linked_atom, index)                          reply: ok
//   coordinator -> agents  (prepare_atom, JobSpec)   the worker plans the same pipeline and
//                                                    checks it against the coordinator's plan
//   job -> agents          (spawn_atom, SpawnRequest) per stage, receivers first;
//                                                    reply: the partitions' handles
// Recovery: when a worker is lost (or a partition fails) the job stops every partition and
// sends the spawn requests again, to the workers still alive, with the checkpoint to restore.
//   coordinator -> agents  (stop_atom, ok, message)  the job has ended; the worker exits
#include <caf/all.hpp>
#include <string>
#include <vector>

#include "actors/messages.hpp"
#include "exec/checkpoint_store.hpp"
#include "graph/options.hpp"
#include "graph/result.hpp"
#include "graph/step_counters.hpp"

namespace rill {

using join_atom = caf::atom_constant<caf::atom("join")>;
using linked_atom = caf::atom_constant<caf::atom("linked")>;
using prepare_atom = caf::atom_constant<caf::atom("prepare")>;
using spawn_atom = caf::atom_constant<caf::atom("spawn")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using watch_atom = caf::atom_constant<caf::atom("watch")>;
using timeout_atom = caf::atom_constant<caf::atom("timeout")>;
using admit_atom = caf::atom_constant<caf::atom("admit")>;  // coordinator: answer waiting joins

// What a worker needs to rebuild the coordinator's plan and to tag its output files.
struct JobSpec {
  std::string job_token;
  int32_t parallelism = 1;
  int64_t batch_size = 1024;
  int32_t channel_credits = 8;
  int32_t max_queued_batches = 16;
  int64_t max_source_drift = 10000;
  int64_t channel_bytes = int64_t{64} << 20;
  // The coordinator's --checkpoint-dir ("": none): partitions write their state there, so it
  // must be a directory every node sees (a shared file system), as Flink's checkpoint storage.
  std::string checkpoint_dir;
  // The coordinator's definition_lines(): the worker's must be identical, so that a worker
  // started with another --input (or another program) is refused, naming the difference.
  std::vector<std::string> definition;
  std::string plan_text;            // the coordinator's explain(): the worker's must be identical
  caf::actor job;                   // where partitions report done / fail
  caf::actor aligner;               // where source partitions report their watermarks
  int64_t metrics_interval = 1000;  // PipelineOptions::metrics_interval
};

// One output edge of a stage being spawned: the receiving partitions (anywhere).
struct RouteSpec {
  std::vector<caf::actor> receivers;
  int32_t kind = 0;  // EdgeKind
  uint32_t channel_base = 0;
};

struct SpawnRequest {
  int32_t stage = 0;
  std::vector<int32_t> partitions;  // the ones this worker runs
  std::vector<RouteSpec> routes;    // one per output of the stage, in plan order
  // A restart or a resume: the partitions start from checkpoint `checkpoint` in `directory`,
  // partitions[i] from restore[i]. Empty `restore`: from the beginning.
  uint64_t checkpoint = 0;
  std::string directory;
  std::vector<PartitionStateFile> restore;
  // Injected faults (tests): the job's resolved plan as text, and the faults already spent.
  std::string faults;
  std::vector<int32_t> spent_faults;
};

struct PeerList {
  int32_t index = 0;               // the joining worker's index
  std::vector<std::string> hosts;  // every worker's listen address, by index
  std::vector<uint16_t> ports;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, JobSpec& x) {
  return f(caf::meta::type_name("rill.JobSpec"), x.job_token, x.parallelism, x.batch_size,
           x.channel_credits, x.max_queued_batches, x.max_source_drift, x.channel_bytes,
           x.checkpoint_dir, x.definition, x.plan_text, x.job, x.aligner, x.metrics_interval);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, RouteSpec& x) {
  return f(caf::meta::type_name("rill.RouteSpec"), x.receivers, x.kind, x.channel_base);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, SpawnRequest& x) {
  return f(caf::meta::type_name("rill.SpawnRequest"), x.stage, x.partitions, x.routes, x.checkpoint,
           x.directory, x.restore, x.faults, x.spent_faults);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, PartitionStateFile& x) {
  return f(caf::meta::type_name("rill.PartitionStateFile"), x.stage, x.partition, x.file, x.bytes,
           x.crc);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, PeerList& x) {
  return f(caf::meta::type_name("rill.PeerList"), x.index, x.hosts, x.ports);
}

// Registers every type above (and the counters partitions report) with CAF; each node must.
void register_cluster_types(caf::actor_system_config& cfg);

inline PipelineOptions options_of(const JobSpec& s, PipelineOptions base) {
  base.parallelism = s.parallelism;
  base.batch_size = static_cast<size_t>(s.batch_size);
  base.channel_credits = s.channel_credits;
  base.max_queued_batches = s.max_queued_batches;
  base.max_source_drift = s.max_source_drift;
  base.channel_bytes = static_cast<size_t>(s.channel_bytes);
  base.checkpoint_dir = s.checkpoint_dir;
  base.metrics_interval = s.metrics_interval;
  return base;
}

}  // namespace rill
