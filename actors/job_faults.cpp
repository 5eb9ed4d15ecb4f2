// The job's side of injected faults (graph/testing/fault_plan.hpp). Partitions inject the
// faults of their own steps and channels and report each one here before acting on it; the
// job records it in the result and, for a destructive fault, marks it spent, so that the
// partitions of a restart do not inject it again. Process faults (kill-worker, pause-worker,
// partition) are timed by the job from the first start and carried out by the workers'
// agents and partitions.
#include "actors/cluster_messages.hpp"
#include "actors/job_run.hpp"
#include "actors/node_log.hpp"

namespace rill {

using testing::FaultKind;

void record_fault(const std::shared_ptr<JobRun>& st, int32_t index, const std::string& what,
                  bool lasting) {
  if (std::find(st->fired_faults.begin(), st->fired_faults.end(), index) != st->fired_faults.end())
    return;  // a lasting fault fires again and again: it is reported once
  st->fired_faults.push_back(index);
  if (!lasting) st->spent_faults.push_back(index);
  node_log().warn("rill: injected fault {}", what);
  st->args.result->faults.injected.push_back(what);
}

void schedule_process_faults(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  if (st->process_faults_scheduled || !st->args.cluster) return;
  st->process_faults_scheduled = true;
  const auto& faults = st->args.options.faults.faults();
  for (size_t i = 0; i < faults.size(); ++i) {
    const auto k = faults[i].kind;
    if (k == FaultKind::kKillWorker || k == FaultKind::kPauseWorker || k == FaultKind::kPartition)
      self->delayed_send(self, std::chrono::milliseconds(faults[i].after_ms), fault_atom::value,
                         static_cast<int32_t>(i));
  }
}

void process_fault_due(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
                       int32_t index) {
  if (st->ended) return;
  const auto& f = st->args.options.faults.faults().at(static_cast<size_t>(index));
  const auto& agents = st->cluster.agents;
  auto alive = [&](int w) {
    return w >= 0 && static_cast<size_t>(w) < agents.size() && !st->lost_workers.count(w);
  };
  if (f.kind == FaultKind::kKillWorker || f.kind == FaultKind::kPauseWorker) {
    if (!alive(f.worker)) return;  // lost already: nothing to inject
    record_fault(st, index,
                 f.text() + ": " + st->cluster.names.at(static_cast<size_t>(f.worker)) +
                     (f.kind == FaultKind::kKillWorker ? " kills itself" : " stops itself"),
                 false);
    self->send(agents[static_cast<size_t>(f.worker)], fault_atom::value,
               static_cast<int32_t>(f.kind), f.for_ms);
    return;
  }
  // A network partition between two workers: each side's partitions hold what they send to
  // the other (data, watermarks, barriers) for for_ms.
  if (!alive(f.node_a) || !alive(f.node_b)) return;
  record_fault(st, index,
               f.text() + ": the traffic between " +
                   st->cluster.names.at(static_cast<size_t>(f.node_a)) + " and " +
                   st->cluster.names.at(static_cast<size_t>(f.node_b)) + " stops",
               false);
  const caf::node_id a = agents[static_cast<size_t>(f.node_a)].node();
  const caf::node_id b = agents[static_cast<size_t>(f.node_b)].node();
  for (const auto& [addr, id] : st->where) {
    const auto h = st->handles.find({id.stage, id.partition});
    if (h == st->handles.end() || h->second.address() != addr) continue;
    if (id.worker == f.node_a) self->send(h->second, cut_atom::value, b, f.for_ms);
    if (id.worker == f.node_b) self->send(h->second, cut_atom::value, a, f.for_ms);
  }
}

}  // namespace rill
