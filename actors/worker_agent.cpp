// WorkerAgent: a worker's representative. Lifetime: spawned and published by the worker's
// main thread; told to watch the coordinator once joined; plans on `prepare`; spawns
// partitions on `spawn` (they report to the job directly, not through the agent); on `stop`,
// or when the coordinator is lost, it stops whatever partitions remain and quits, and the
// worker process exits.
#include "actors/cluster_actors.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/input_channels.hpp"
#include "actors/partition.hpp"

namespace rill {
namespace {

struct AgentState {
  WorkerAgentArgs args;
  std::shared_ptr<const ExecutionPlan> plan;
  JobSpec spec;
  caf::actor coordinator;
  std::vector<caf::actor> partitions;
};

void stop_all(caf::event_based_actor* self, AgentState& st) {
  for (auto& p : st.partitions) stop_partition(self, p);
  st.partitions.clear();
  self->quit();
}

}  // namespace

caf::behavior worker_agent(caf::event_based_actor* self, WorkerAgentArgs args) {
  auto st = std::make_shared<AgentState>();
  st->args = std::move(args);
  self->set_down_handler([=](caf::down_msg& dm) {
    if (dm.source != st->coordinator.address()) return;  // partitions report to the job
    auto& o = *st->args.outcome;
    if (!o.told) o.message = "lost the coordinator (" + caf::to_string(dm.reason) + ")";
    stop_all(self, *st);
  });
  return {
      [=](watch_atom, const caf::actor& coordinator) {
        st->coordinator = coordinator;
        self->monitor(coordinator);
      },
      // Plans the pipeline this process built with the coordinator's options; replies with
      // an empty string when the plan is the coordinator's, else with the difference.
      [=](prepare_atom, const JobSpec& spec) -> std::string {
        try {
          auto plan = std::make_shared<const ExecutionPlan>(
              plan_pipeline(*st->args.graph, options_of(spec, st->args.options)));
          const std::string mine = plan->explain(*st->args.graph);
          if (mine != spec.plan_text)
            return "this worker built a different pipeline (is it running the same program "
                   "with the same parameters?)\n--- coordinator's plan:\n" +
                   spec.plan_text + "--- worker's plan:\n" + mine;
          st->plan = std::move(plan);
          st->spec = spec;
          return {};
        } catch (const std::exception& e) {
          return std::string("planning failed on the worker: ") + e.what();
        }
      },
      [=](spawn_atom, const SpawnRequest& req) -> caf::result<std::vector<caf::actor>> {
        if (!st->plan || req.stage < 0 || static_cast<size_t>(req.stage) >= st->plan->stages.size())
          return caf::make_error(caf::sec::invalid_argument, "spawn before prepare");
        const auto& stage = st->plan->stages[static_cast<size_t>(req.stage)];
        std::vector<OutputRoute> routes;
        for (const auto& r : req.routes)
          routes.push_back(OutputRoute{r.receivers, static_cast<EdgeKind>(r.kind), r.channel_base});
        const PipelineOptions opts = options_of(st->spec, st->args.options);
        std::vector<caf::actor> out;
        for (int32_t p : req.partitions) {
          PartitionArgs a{st->args.graph,     st->plan,     opts,  req.stage, p,
                          st->spec.job_token, st->spec.job, routes};
          caf::actor h = stage.source_node >= 0 ? self->spawn(source_actor, std::move(a))
                                                : self->spawn(stage_actor, std::move(a));
          st->partitions.push_back(h);
          out.push_back(std::move(h));
        }
        return out;
      },
      [=](stop_atom, bool ok, const std::string& message) {
        auto& o = *st->args.outcome;
        o.told = true;
        o.ok = ok;
        o.message = message;
        self->make_response_promise().deliver(caf::ok_atom::value);
        stop_all(self, *st);
      },
  };
}

}  // namespace rill
