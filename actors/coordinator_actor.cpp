// CoordinatorActor. Lifetime: spawned by the coordinator's main thread before it publishes
// it; admits workers until the expected number joined (a start-up deadline fails the run
// otherwise); once every worker has linked to its peers it plans, has each worker confirm
// the plan, runs the job, tells every worker the outcome, replies to the main thread and
// quits.
#include <unistd.h>

#include <random>

#include "actors/cluster_actors.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/job_actor.hpp"
#include "actors/node_log.hpp"
#include "exec/checkpoint_resume.hpp"
#include "exec/fault_targets.hpp"
#include "graph/execution_plan.hpp"
#include "graph/pipeline_definition.hpp"
#include "graph/placement.hpp"
#include "graph/prepared_sinks.hpp"

namespace rill {
namespace {

struct WorkerInfo {
  caf::actor agent;
  std::string host;
  uint16_t port = 0;
  int32_t slots = 1;
  int32_t pid = 0;
  std::string name;
  bool lost = false;  // down since the job started
};

struct CoordState {
  CoordinatorArgs args;
  std::vector<WorkerInfo> workers;
  std::vector<caf::response_promise> join_replies;
  int linked = 0;
  bool started = false, finishing = false;
  size_t gone = 0;  // once started: workers that are down (hung up or lost)
  std::chrono::steady_clock::time_point last_loss;  // once started: the latest worker down
  bool replied = false;
  caf::response_promise reply;  // to the main thread's run_atom
  // The job's outputs, claimed from planning until the coordinator replies (job_actor.hpp).
  std::unique_ptr<PreparedSinks> sinks;
  caf::actor job;            // once spawned
  JobSpec spec;              // once spawned: what a worker joining later prepares with
  bool job_running = false;  // asked to run: it answers a cancel itself
};

// Replies to the main thread (which then tears the actor system down) and quits, once.
void reply_and_quit(caf::event_based_actor* self, const std::shared_ptr<CoordState>& st) {
  if (st->replied) return;
  st->replied = true;
  st->sinks.reset();
  st->reply.deliver(caf::ok_atom::value);
  self->quit();
}

std::string joined_list(const CoordState& st) {
  std::string s;
  for (const auto& w : st.workers) s += (s.empty() ? "" : ", ") + w.name;
  return s.empty() ? "none" : s;
}

// Tells every worker the outcome, then waits (at most 2 s) for each to hang up before
// replying: tearing the actor system down while the workers' connections are still closing
// can leave CAF 0.17's BASP broker in a reference cycle (a leak at exit). A worker hangs up
// once it has the outcome, so its down message is all we wait for; a lost worker's came with
// the loss (waiting for its answer would take the request's whole timeout).
void finish(caf::event_based_actor* self, const std::shared_ptr<CoordState>& st) {
  if (st->finishing) return;
  st->finishing = true;
  auto& r = *st->args.result;
  const std::string msg =
      r.ok() ? "job DONE" : std::string("job ") + to_string(r.state) + ": " + r.error;
  if (st->gone >= st->workers.size()) return reply_and_quit(self, st);
  self->delayed_send(self, std::chrono::seconds(2), timeout_atom::value);
  for (const auto& w : st->workers)
    self->request(w.agent, std::chrono::seconds(2), stop_atom::value, r.ok(), msg)
        .then([](caf::ok_atom) {}, [](caf::error&) {});
}

void fail(caf::event_based_actor* self, const std::shared_ptr<CoordState>& st,
          const std::string& error) {
  auto& r = *st->args.result;
  r.state = JobState::kFailed;
  r.failed_step = "cluster";
  r.error = error;
  finish(self, st);
}

void start_job(caf::event_based_actor* self, const std::shared_ptr<CoordState>& st) {
  st->started = true;
  const auto& graph = *st->args.graph;
  PipelineOptions opts = st->args.options;
  std::vector<int> slots;
  for (const auto& w : st->workers) slots.push_back(w.slots);
  if (opts.parallelism <= 0)
    for (int s : slots) opts.parallelism += s;
  std::shared_ptr<ExecutionPlan> plan;
  try {
    plan = std::make_shared<ExecutionPlan>(plan_pipeline(graph, opts));
    // Any edge but a forward one may join partitions on different workers.
    for (const auto& s : plan->stages)
      for (const auto& o : s.outputs)
        if (o.kind != EdgeKind::kForward && !graph.collection(o.collection).type->serializable())
          throw std::invalid_argument("stage '" + s.name +
                                      "' sends a type without a coder to another stage; "
                                      "a cluster needs Cereal-serializable types on every "
                                      "shuffle, broadcast and rebalance");
  } catch (const std::exception& e) {
    return fail(self, st, e.what());
  }
  if (!opts.faults.empty()) try {  // a fault that does not fit the job is refused, named
      opts.faults = resolve_faults(graph, *plan, opts, static_cast<int>(st->workers.size()));
      node_log().warn("rill coordinator: injecting faults (seed {}): {}", opts.faults.seed(),
                      opts.faults.text());
    } catch (const std::invalid_argument& e) {
      st->args.result->refused = e.what();
      return fail(self, st, e.what());
    }
  auto cl = std::make_shared<ClusterLaunch>();
  for (const auto& w : st->workers) {
    cl->agents.push_back(w.agent);
    cl->names.push_back(w.name);
  }
  cl->slots = slots;
  cl->placement = place_partitions(*plan, slots);
  cl->spawn_timeout = std::chrono::milliseconds(st->args.settings.startup_timeout_ms);
  std::optional<CheckpointMetadata> restore;
  try {
    std::vector<std::string> notes;
    restore = find_start_point(graph, *plan, opts, &notes);
    for (const auto& n : notes) node_log().info("rill coordinator: {}", n);
  } catch (const std::invalid_argument& e) {
    st->args.result->refused = e.what();
    return fail(self, st, e.what());
  }
  // A restored job goes on under its token: its temporaries are cut back, not replaced.
  const std::string token = restore ? restore->job_token : make_job_token();
  try {
    st->sinks = std::make_unique<PreparedSinks>(graph, *plan, token);
  } catch (const std::invalid_argument& e) {
    st->args.result->refused = e.what();
    return fail(self, st, e.what());
  } catch (const std::exception& e) {
    return fail(self, st, e.what());
  }
  const JobActors actors = spawn_job_actors(
      *self, JobArgs{st->args.graph, plan, opts, st->args.result, token, cl, {}, {}, restore});
  const caf::actor job = actors.job;
  st->job = job;
  JobSpec spec{token,
               opts.parallelism,
               static_cast<int64_t>(opts.batch_size),
               opts.channel_credits,
               opts.max_queued_batches,
               opts.max_source_drift,
               static_cast<int64_t>(opts.channel_bytes),
               opts.checkpoint_dir,
               definition_lines(graph),
               plan->explain(graph),
               job,
               actors.aligner,
               opts.metrics_interval};
  st->spec = spec;
  auto left = std::make_shared<size_t>(st->workers.size());
  auto failed = std::make_shared<bool>(false);
  for (const auto& w : st->workers) {
    const std::string name = w.name;
    self->request(w.agent, std::chrono::milliseconds(st->args.settings.startup_timeout_ms),
                  prepare_atom::value, spec)
        .then(
            [=](const std::string& problem) {
              if (*failed || st->finishing) return;
              if (!problem.empty()) {
                *failed = true;
                self->send_exit(job, caf::exit_reason::user_shutdown);
                return fail(self, st, name + ": " + problem);
              }
              if (--*left > 0) return;
              node_log().info("rill coordinator: job running on {} worker(s), parallelism {}",
                              st->workers.size(), opts.parallelism);
              st->job_running = true;
              self->request(job, caf::infinite, run_atom::value)
                  .then([=](caf::ok_atom) { finish(self, st); },
                        [=](caf::error& e) {
                          fail(self, st, "the job actor failed: " + self->system().render(e));
                        });
            },
            [=](caf::error& e) {
              if (*failed || st->finishing) return;
              *failed = true;
              self->send_exit(job, caf::exit_reason::user_shutdown);
              fail(self, st, name + " did not confirm the plan: " + self->system().render(e));
            });
  }
}

// Answers the workers waiting to join with every worker's address ("" for a lost one: not
// to be dialled) and their own index; they are the last to have joined.
void answer_joins(CoordState& st) {
  PeerList peers;
  for (const auto& x : st.workers) {
    peers.hosts.push_back(x.lost ? std::string() : x.host);
    peers.ports.push_back(x.port);
  }
  const size_t first = st.workers.size() - st.join_replies.size();
  for (size_t i = 0; i < st.join_replies.size(); ++i) {
    peers.index = static_cast<int32_t>(first + i);
    st.join_replies[i].deliver(peers);
  }
  st.join_replies.clear();
}

// A worker that joined after the start, in place of a lost one: once it has linked to the
// workers alive, it prepares the job's plan, and the job places partitions on it from its
// next restart on (Flink's restart on the TaskManagers available then).
void admit_replacement(caf::event_based_actor* self, const std::shared_ptr<CoordState>& st,
                       size_t index) {
  const WorkerInfo w = st->workers.at(index);
  self->request(w.agent, std::chrono::milliseconds(st->args.settings.startup_timeout_ms),
                prepare_atom::value, st->spec)
      .then(
          [=](const std::string& problem) {
            if (st->finishing) return;
            if (!problem.empty()) {
              node_log().warn("rill coordinator: {} is not used: {}", w.name, problem);
              return self->send_exit(w.agent, caf::exit_reason::user_shutdown);
            }
            node_log().info(
                "rill coordinator: {} joined; partitions go there from the next restart", w.name);
            self->send(st->job, join_atom::value, w.agent, w.name, w.slots);
          },
          [=](caf::error& e) {
            node_log().warn("rill coordinator: {} did not confirm the plan: {}", w.name,
                            self->system().render(e));
          });
}

}  // namespace

caf::behavior coordinator_actor(caf::event_based_actor* self, CoordinatorArgs args) {
  auto st = std::make_shared<CoordState>();
  st->args = std::move(args);
  const auto& s = st->args.settings;
  self->delayed_send(self, std::chrono::milliseconds(s.startup_timeout_ms), timeout_atom::value);
  self->set_down_handler([=](caf::down_msg& dm) {
    if (st->started || st->finishing) {  // from now on the job watches the workers
      ++st->gone;                        // one down message per monitored worker
      for (auto& w : st->workers)
        if (w.agent.address() == dm.source) w.lost = true;
      st->last_loss = std::chrono::steady_clock::now();
      if (st->finishing && st->gone >= st->workers.size()) reply_and_quit(self, st);
      return;
    }
    for (auto it = st->workers.begin(); it != st->workers.end(); ++it)
      if (it->agent.address() == dm.source) {
        const std::string name = it->name;
        st->workers.erase(it);
        return fail(self, st, name + " left during start-up (" + caf::to_string(dm.reason) + ")");
      }
  });
  return {
      [=](run_atom) {
        st->reply = self->make_response_promise();
        return st->reply;
      },
      [=](join_atom, const caf::actor& agent, const std::string& host, uint16_t port, int32_t slots,
          int32_t pid) -> caf::result<PeerList> {
        const auto& s = st->args.settings;
        // After the start, a worker may join in place of one that was lost.
        if (st->finishing || static_cast<int>(st->workers.size() - st->gone) >= s.workers)
          return caf::make_error(
              caf::sec::invalid_argument,
              "the cluster is complete (" + std::to_string(s.workers) + " workers)");
        WorkerInfo w{agent, host, port, slots, pid, ""};
        w.name = "worker " + std::to_string(st->workers.size()) + " (" + host + ":" +
                 std::to_string(port) + ", pid " + std::to_string(pid) + ")";
        self->monitor(agent);
        st->workers.push_back(std::move(w));
        auto rp = self->make_response_promise<PeerList>();
        st->join_replies.push_back(rp);
        if (st->started) {
          // A worker in place of a lost one is answered once every survivor has dropped the
          // lost node (its connection timeout, and a heartbeat, after the loss): a replacement
          // that linked to a survivor still holding the dead node's connection, and then ran
          // partitions beside it, stalled its channels in 2 of ~15 runs (CAF 0.17's BASP).
          const auto ready =
              st->last_loss + std::chrono::milliseconds(s.connection_timeout_ms + s.heartbeat_ms);
          const auto now = std::chrono::steady_clock::now();
          self->delayed_send(self, ready > now ? ready - now : std::chrono::nanoseconds(0),
                             admit_atom::value);
          return rp;
        }
        if (static_cast<int>(st->workers.size()) == s.workers) {
          answer_joins(*st);
        }
        return rp;
      },
      // Ends the job (or the start-up) now; a running job answers it itself (job_actor.cpp).
      [=](cancel_atom, const std::string& reason) {
        if (st->finishing) return;
        if (st->job_running) return self->send(st->job, cancel_atom::value, reason);
        if (st->job) self->send_exit(st->job, caf::exit_reason::user_shutdown);
        auto& r = *st->args.result;
        r.state = JobState::kCancelled;
        r.error = reason;
        finish(self, st);
      },
      [=](admit_atom) {
        if (!st->finishing) answer_joins(*st);
      },
      // Drain and stop-with-savepoint go to the running job; before it runs there is nothing
      // to drain or save, so they end the start-up as a cancel does.
      [=](drain_atom) {
        if (st->job_running) return self->send(st->job, drain_atom::value);
        self->send(self, cancel_atom::value, std::string("drained before the job started"));
      },
      [=](savepoint_atom, const std::string& dir) {
        if (st->job_running) return self->send(st->job, savepoint_atom::value, dir);
        self->send(self, cancel_atom::value, std::string("stopped before the job started"));
      },
      // A triggered savepoint: the job goes on (before it runs there is nothing to save).
      [=](savepoint_atom, const std::string& dir, bool stop) {
        if (st->job_running) self->send(st->job, savepoint_atom::value, dir, stop);
      },
      [=](linked_atom, int32_t index) {
        if (st->started && !st->finishing && st->job && index >= 0 &&
            static_cast<size_t>(index) < st->workers.size())
          admit_replacement(self, st, static_cast<size_t>(index));
        else if (++st->linked == st->args.settings.workers && !st->started && !st->finishing)
          start_job(self, st);
        return caf::ok_atom::value;
      },
      [=](timeout_atom) {
        if (st->finishing) return reply_and_quit(self, st);  // workers slow to hang up
        if (st->started) return;
        const auto& s = st->args.settings;
        fail(self, st,
             "only " + std::to_string(st->workers.size()) + " of " + std::to_string(s.workers) +
                 " workers joined and linked within " + std::to_string(s.startup_timeout_ms) +
                 " ms (joined: " + joined_list(*st) + "); check rill.coordinator-host/port " +
                 "and the TLS settings on the missing workers");
      },
  };
}

}  // namespace rill
