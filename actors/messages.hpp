#pragma once
// The runtime's message vocabulary. Data path (between stage partitions):
//   (batch_atom, channel, reply_slot, seq, BatchEnvelope)  sender -> receiver, one credit
//   (rbatch_atom, channel, reply_slot, seq, std::vector<std::string>)  the same to another
//       process: one or more batches (numbered seq, seq+1, ...), each encoded with its
//       collection's coder; one credit
//   (wm_atom, channel, Timestamp)                     in-band watermark, after the data it covers
//   (eos_atom, channel, sent)                         the channel has ended
//   (barrier_atom, channel, checkpoint, sent)         a checkpoint barrier, behind the data
//                                                     it follows (job -> source: no channel)
//   (credit_atom, slot, n)                            receiver -> sender: n more batches allowed
// Sequence rule: a channel numbers its batches from 0, and its barriers and end carry how many
// it sent before them, so that a batch lost, duplicated or reordered on the way is detected
// before the next checkpoint or the end can include it (the receiver fails, retryable).
// Faults (graph/testing/fault_plan.hpp): (fault_atom, index, what, lasting) partition -> job
// when it injects fault `index`; (fault_atom, index) job -> itself when a process fault is
// due; (fault_atom, kind, for_ms) job -> a worker's agent: kill or pause yourself;
// (cut_atom, node, for_ms) job -> partition: hold traffic to that node (a network partition);
// (wake_atom) to self: a held output channel may go on.
// Control (partitions <-> job): (done_atom, stage, partition, StepCountersList,
// UserMetricValues, FlowStats), (fail_atom, step, message, retryable); run_atom
// from the caller to the job,
// cancel_atom (with a reason) to end it at once, publishing nothing.
// Watermark alignment of a source's partitions (source_actor.cpp, job_actor.cpp):
//   (srcwm_atom, stage, partition, Timestamp wm, bool paused)   source partition -> job
//   (wmalign_atom, Timestamp min)   job -> the stage's source partitions: their minimum
#include <caf/all.hpp>

#include "actors/partition_progress.hpp"
#include "graph/any_batch.hpp"
#include "graph/result.hpp"
#include "graph/step_counters.hpp"
#include "graph/user_metrics.hpp"

namespace rill {

using batch_atom = caf::atom_constant<caf::atom("batch")>;
using wm_atom = caf::atom_constant<caf::atom("wm")>;
using eos_atom = caf::atom_constant<caf::atom("eos")>;
using credit_atom = caf::atom_constant<caf::atom("credit")>;
using pump_atom = caf::atom_constant<caf::atom("pump")>;  // to self: read on / drain on
using done_atom = caf::atom_constant<caf::atom("done")>;
using fail_atom = caf::atom_constant<caf::atom("fail")>;
using run_atom = caf::atom_constant<caf::atom("run")>;
using rbatch_atom = caf::atom_constant<caf::atom("rbatch")>;
using ptimer_atom = caf::atom_constant<caf::atom("ptimer")>;  // processing-time tick to self
using quiet_atom = caf::atom_constant<caf::atom("quiet")>;    // input order: still waiting?
using srcwm_atom = caf::atom_constant<caf::atom("srcwm")>;
using wmalign_atom = caf::atom_constant<caf::atom("wmalign")>;
using verdict_atom = caf::atom_constant<caf::atom("verdict")>;  // job: decide a late down
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;    // (cancel_atom, reason) to a job
using barrier_atom = caf::atom_constant<caf::atom("barrier")>;  // a checkpoint barrier
// Partition -> job: (ckpt_ack_atom, checkpoint, stage, partition, file, bytes, crc) once its
// state is written (file "": it had finished); (ckpt_decline_atom, checkpoint, reason) when it
// could not be.
using ckpt_ack_atom = caf::atom_constant<caf::atom("ckptack")>;
using ckpt_decline_atom = caf::atom_constant<caf::atom("ckptno")>;
using ckpt_tick_atom = caf::atom_constant<caf::atom("ckpttick")>;  // job: time for the next one
using respawn_atom = caf::atom_constant<caf::atom("respawn")>;     // job: restart the partitions
using reset_atom = caf::atom_constant<caf::atom("reset")>;
using drain_atom = caf::atom_constant<caf::atom("drain")>;  // to a job, then to its sources
using savepoint_atom =
    caf::atom_constant<caf::atom("savepoint")>;  // (savepoint_atom, dir) to a job
using fault_atom = caf::atom_constant<caf::atom("fault")>;
using cut_atom = caf::atom_constant<caf::atom("cut")>;
using wake_atom = caf::atom_constant<caf::atom("wake")>;
// Partition -> job: (progress_atom, PartitionProgress) every metrics interval; to self: the
// interval is up.
using progress_atom = caf::atom_constant<caf::atom("progress")>;
using ready_atom = caf::atom_constant<caf::atom("ready")>;  // job: a restarted partition runs  //
                                                            // aligner: the partitions restarted

// In-process the receiver gets the sender's pointer: no copy, no serialization.
struct BatchEnvelope {
  BatchPtr batch;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, StepCounters& x) {
  return f(caf::meta::type_name("StepCounters"), x.step, x.elements_in, x.elements_out,
           x.dropped_late, x.malformed);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, HotKey& x) {
  return f(caf::meta::type_name("HotKey"), x.step, x.key, x.count, x.error);
}

inline std::string to_string(UserMetricValue::Kind k) {
  return k == UserMetricValue::Kind::kCounter        ? "counter"
         : k == UserMetricValue::Kind::kDistribution ? "distribution"
                                                     : "gauge";
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, UserMetricValue& x) {
  return f(caf::meta::type_name("UserMetricValue"), x.step, x.name, x.kind, x.value, x.count, x.sum,
           x.min, x.max, x.timestamp_ms);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, PartitionProgress& x) {
  return f(caf::meta::type_name("PartitionProgress"), x.stage, x.partition, x.counters, x.busy_ns,
           x.backpressured_ns, x.idle_ns, x.input_wm, x.backlog_elements, x.backlog_bytes,
           x.waiting_ms, x.hot_keys, x.user_metrics);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, FlowStats& x) {
  return f(caf::meta::type_name("FlowStats"), x.max_channel_inflight, x.max_output_queue,
           x.source_pauses, x.max_source_skew);
}

}  // namespace rill

// Never serialized: a batch for another process goes as rbatch bytes (output_channels.cpp).
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(rill::BatchEnvelope)
