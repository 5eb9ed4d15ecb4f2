// WorkerAgent: a worker's representative. Lifetime: spawned and published by the worker's
// main thread; told to watch the coordinator once joined; plans on `prepare`; spawns
// partitions on `spawn` (they report to the job directly, not through the agent); on `stop`,
// on `cancel` (a signal to the worker process), or when the coordinator is lost, it stops
// whatever partitions remain and quits, and the worker process exits. Unless the job ended
// DONE, it first waits (up to kWindDownWait) for its partitions to be down and deletes the
// job's temporary files: a worker that loses its coordinator leaves nothing behind. A job
// with checkpoints is the exception: its temporaries are what a restart or a --resume cuts
// back and writes on, so they stay (the coordinator deletes them when the job ends for good).
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

#include "actors/cluster_actors.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/input_channels.hpp"
#include "actors/node_log.hpp"
#include "actors/partition.hpp"
#include "graph/pipeline_definition.hpp"
#include "graph/prepared_sinks.hpp"

namespace rill {
namespace {

constexpr auto kWindDownWait = std::chrono::seconds(2);

// Whether process `pid` is stopped (state 'T' in /proc/PID/stat). Async-signal-safe: it runs
// in a child of a multi-threaded process.
bool is_stopped(const char* stat_path) {
  char buf[512];
  const int fd = ::open(stat_path, O_RDONLY);
  if (fd < 0) return false;
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return false;
  buf[n] = 0;
  const char* close_paren = nullptr;  // the command name may hold spaces and parentheses
  for (const char* c = buf; *c != 0; ++c)
    if (*c == ')') close_paren = c;
  return close_paren != nullptr && close_paren[1] == ' ' && close_paren[2] == 'T';
}

void sleep_ms(int64_t ms) {
  timespec t{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1000000)};
  while (::nanosleep(&t, &t) != 0) {
  }
}

// SIGSTOP to ourselves, with a child that sends SIGCONT `ms` after we stopped (a stopped
// process cannot wake itself; the child waits to see us stopped, so that a SIGCONT cannot
// come first). The child only polls, sleeps, signals and exits: async-signal-safe after fork().
void pause_this_process(int64_t ms) {
  const pid_t parent = ::getpid();
  char stat_path[64];
  std::snprintf(stat_path, sizeof stat_path, "/proc/%d/stat", static_cast<int>(parent));
  const pid_t child = ::fork();
  if (child < 0) return;  // cannot pause: the fault is not injected
  if (child == 0) {
    for (int i = 0; i < 5000 && !is_stopped(stat_path); ++i) sleep_ms(1);
    sleep_ms(ms);
    ::kill(parent, SIGCONT);
    ::_exit(0);
  }
  ::raise(SIGSTOP);
  ::waitpid(child, nullptr, 0);
}

struct AgentState {
  WorkerAgentArgs args;
  std::shared_ptr<const ExecutionPlan> plan;
  JobSpec spec;
  caf::actor coordinator;
  std::vector<caf::actor> partitions;
  bool winding_down = false;
  size_t alive = 0;  // while winding down: partitions not yet down
};

// The job did not end DONE: delete its temporaries (every sink's, by the job's token).
void discard_temporaries(AgentState& st) {
  if (!st.plan) return;
  for (const auto& n : st.args.graph->nodes())
    if (n.finalizer) try {
        n.finalizer->abort(st.spec.job_token, sink_shards(*st.plan, n));
      } catch (const std::exception& e) {
        node_log().warn("rill worker: cannot remove the temporary files of '{}': {}", n.name,
                        e.what());
      }
}

void stop_all(caf::event_based_actor* self, AgentState& st, bool discard) {
  if (st.winding_down) return;
  discard = discard && st.spec.checkpoint_dir.empty();
  st.winding_down = true;
  if (!discard || st.partitions.empty()) {
    for (auto& p : st.partitions) stop_partition(self, p);
    if (discard) discard_temporaries(st);
    st.partitions.clear();
    return self->quit();
  }
  st.alive = st.partitions.size();
  for (auto& p : st.partitions) {
    self->monitor(p);
    stop_partition(self, p);
  }
  self->delayed_send(self, kWindDownWait, timeout_atom::value);
}

void partition_down(caf::event_based_actor* self, AgentState& st) {
  if (!st.winding_down || st.alive == 0 || --st.alive > 0) return;
  discard_temporaries(st);
  st.partitions.clear();
  self->quit();
}

}  // namespace

caf::behavior worker_agent(caf::event_based_actor* self, WorkerAgentArgs args) {
  auto st = std::make_shared<AgentState>();
  st->args = std::move(args);
  self->set_down_handler([=](caf::down_msg& dm) {
    if (dm.source != st->coordinator.address()) return partition_down(self, *st);
    auto& o = *st->args.outcome;
    if (!o.told) o.message = "lost the coordinator (" + caf::to_string(dm.reason) + ")";
    stop_all(self, *st, !o.ok);
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
          const std::string difference = first_difference(
              spec.definition, definition_lines(*st->args.graph), "coordinator", "this worker");
          if (!difference.empty())
            return "this worker built a different pipeline (is it running the same program with "
                   "the same parameters?); first difference: " +
                   difference;
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
        PipelineOptions opts = options_of(st->spec, st->args.options);
        try {
          opts.faults = testing::FaultPlan::parse(req.faults);
        } catch (const std::invalid_argument& e) {
          return caf::make_error(caf::sec::invalid_argument, e.what());
        }
        std::vector<caf::actor> out;
        for (size_t i = 0; i < req.partitions.size(); ++i) {
          std::optional<PartitionRestore> restore;
          if (i < req.restore.size())
            restore = PartitionRestore{req.checkpoint, req.restore[i], req.directory};
          PartitionArgs a{st->args.graph,     st->plan,          opts,
                          req.stage,          req.partitions[i], st->spec.job_token,
                          st->spec.job,       st->spec.aligner,  routes,
                          std::move(restore), req.spent_faults};
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
        stop_all(self, *st, !ok);
      },
      [=](cancel_atom, const std::string& reason) {
        auto& o = *st->args.outcome;
        if (o.told) return;
        o.cancelled = true;
        o.message = reason;
        stop_all(self, *st, true);
      },
      // An injected process fault (tests; job_faults.cpp): this worker kills or stops itself.
      [=](fault_atom, int32_t kind, int64_t for_ms) {
        if (kind == static_cast<int32_t>(testing::FaultKind::kKillWorker)) {
          node_log().warn("rill worker: injected fault: killing this worker (SIGKILL)");
          node_log().flush();
          ::kill(::getpid(), SIGKILL);
        } else if (kind == static_cast<int32_t>(testing::FaultKind::kPauseWorker)) {
          node_log().warn("rill worker: injected fault: stopping this worker for {} ms (SIGSTOP)",
                          for_ms);
          pause_this_process(for_ms);
        }
      },
      [=](drain_atom) { node_log().warn("rill worker: drain the job on its coordinator"); },
      [=](savepoint_atom, const std::string&) {
        node_log().warn("rill worker: stop the job with a savepoint on its coordinator");
      },
      [=](savepoint_atom, const std::string&, bool) {
        node_log().warn("rill worker: take savepoints on the job's coordinator");
      },
      [=](timeout_atom) {  // partitions slow to go down: do not wait longer
        if (!st->winding_down) return;
        st->alive = 1;
        partition_down(self, *st);
      },
  };
}

}  // namespace rill
