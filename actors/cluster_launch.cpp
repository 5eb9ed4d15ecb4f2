// Starting a job's partitions on the workers. Stage by stage from the last, so that every
// partition is born knowing the handles of the partitions it sends to (as in one process);
// one round of spawn requests per stage, to every worker that runs some of its partitions.
#include "actors/cluster_messages.hpp"
#include "actors/input_channels.hpp"
#include "actors/job_run.hpp"
#include "actors/partition.hpp"

namespace rill {
namespace {

struct LaunchState {
  std::vector<std::vector<caf::actor>> handles;  // [stage][partition]
};

void launch_stage(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
                  const std::shared_ptr<LaunchState>& ls, int stage_id) {
  if (st->ended || st->restarting) return;  // a restart launches again, from the last stage
  if (stage_id < 0) return partitions_started(self, st);  // the sources are running
  const auto& plan = *st->args.plan;
  const auto& cl = st->cluster;
  const auto& stage = plan.stages[static_cast<size_t>(stage_id)];
  std::vector<RouteSpec> routes;
  for (const auto& o : stage.outputs) {
    const auto& to = plan.stages[static_cast<size_t>(o.to_stage)];
    routes.push_back(RouteSpec{ls->handles[static_cast<size_t>(o.to_stage)],
                               static_cast<int32_t>(o.kind),
                               InputChannels::channel_base(plan, to, o.to_input)});
  }
  std::vector<std::vector<int32_t>> by_worker(cl.agents.size());
  for (int p = 0; p < stage.parallelism; ++p)
    by_worker[static_cast<size_t>(cl.placement.worker(stage_id, p))].push_back(p);
  ls->handles[static_cast<size_t>(stage_id)].resize(static_cast<size_t>(stage.parallelism));
  auto waiting = std::make_shared<int>(0);
  for (size_t w = 0; w < cl.agents.size(); ++w) {
    if (by_worker[w].empty()) continue;
    ++*waiting;
    const uint64_t serial = st->next_spawn++;
    st->spawns_in_flight.emplace(serial, static_cast<int>(w));
    const auto parts = by_worker[w];
    const std::string where = cl.names[w];
    SpawnRequest req{stage_id, parts, routes, 0, {}, {}, {}, st->spent_faults};
    if (!st->args.options.faults.empty()) req.faults = st->args.options.faults.text();
    if (const auto& m = st->checkpoints.last_complete) {
      req.checkpoint = m->id;
      req.directory = m->directory;
      for (int32_t p : parts)
        if (auto r = restore_of(*st, stage_id, p)) req.restore.push_back(r->file);
      if (req.restore.size() != parts.size())  // check_fits() and complete_if_done() rule it out
        return end_job(
            self, st, JobState::kFailed, "runtime",
            "checkpoint " + std::to_string(m->id) + " lacks a partition of stage " + stage.name);
    }
    self->request(cl.agents[w], cl.spawn_timeout, spawn_atom::value, std::move(req))
        .then(
            [=](const std::vector<caf::actor>& hs) {
              if (st->spawns_in_flight.erase(serial) == 0) {  // written off: worker lost
                for (const auto& h : hs) stop_partition(self, h);
                return;
              }
              for (size_t i = 0; i < hs.size() && i < parts.size(); ++i) {
                ls->handles[static_cast<size_t>(stage_id)][static_cast<size_t>(parts[i])] = hs[i];
                adopt_partition(self, *st, hs[i],
                                PartitionId{stage_id, parts[i], static_cast<int>(w)});
                if (st->ended || st->restarting) stop_partition(self, hs[i]);
              }
              if (--*waiting == 0) launch_stage(self, st, ls, stage_id - 1);
            },
            [=](caf::error& e) {
              if (st->spawns_in_flight.erase(serial) == 0) return;  // written off: worker lost
              if (st->restarting) {  // a failure came first: this launch is over
                if (st->all_down()) schedule_respawn(self, st);
                return;
              }
              // Retryable: the worker may be going away (its loss restarts without it).
              fail_job(self, st, "runtime",
                       "starting stage " + stage.name + " on " + where +
                           " failed: " + self->system().render(e),
                       true);
              if (st->stopping && st->all_down()) abort_sinks(self, st);
            });
  }
}

}  // namespace

void launch_on_cluster(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  auto ls = std::make_shared<LaunchState>();
  ls->handles.resize(st->args.plan->stages.size());
  launch_stage(self, st, ls, static_cast<int>(st->args.plan->stages.size()) - 1);
}

}  // namespace rill
