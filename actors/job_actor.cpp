#include "actors/job_actor.hpp"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <random>
#include <utility>

#include "actors/cluster_messages.hpp"
#include "actors/input_channels.hpp"
#include "actors/job_run.hpp"
#include "actors/node_log.hpp"
#include "actors/partition.hpp"
#include "exec/checkpoint_outputs.hpp"
#include "graph/checkpoint_publication.hpp"
#include "graph/prepared_sinks.hpp"

namespace rill {
namespace {

// How long a partition's last report may trail the notice that it ended (see the down handler).
constexpr auto kLateReportWait = std::chrono::seconds(2);

// The sinks that publish or check something at the end, with their shard counts.
std::vector<const NodeDef*> finalizers(const JobRun& st, std::vector<int>* shards) {
  std::vector<const NodeDef*> out;
  for (const auto& n : st.args.graph->nodes())
    if (n.finalizer) {
      out.push_back(&n);
      shards->push_back(sink_shards(*st.args.plan, n));
    }
  return out;
}

void deliver(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  auto& r = *st->args.result;
  for (const auto& n : st->args.graph->nodes()) {
    auto it = st->counters.find(n.name);
    r.steps.push_back(it != st->counters.end() ? it->second : StepCounters{n.name});
  }
  r.user_metrics = std::move(st->user_metrics);
  std::vector<std::string> order;
  for (const auto& n : st->args.graph->nodes()) order.push_back(n.name);
  r.user_metrics.order_by(order);
  r.flow = st->flow;
  if (st->args.alignment) {
    r.flow.source_pauses = st->args.alignment->source_pauses.load();
    r.flow.max_source_skew = st->args.alignment->max_source_skew.load();
  }
  if (st->args.aligner) self->send_exit(st->args.aligner, caf::exit_reason::user_shutdown);
  r.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - st->started).count();
  r.checkpoints.completed = st->checkpoints.completed;
  r.checkpoints.declined = st->checkpoints.declined;
  r.checkpoints.restarts = st->restarts;
  // DONE and DRAINED published everything: their checkpoints could only run the job again;
  // CANCELLED asked for nothing to remain (its temporaries are gone too). FAILED and STOPPED
  // keep them, with the sinks' temporaries, for a --resume.
  const bool keep = r.state == JobState::kFailed || r.state == JobState::kStopped;
  if (!keep && st->checkpoints.store) try {
      st->checkpoints.store->retain(0);
    } catch (const std::exception& e) {
      node_log().warn("rill: cannot delete the checkpoints of a finished job: {}", e.what());
    }
  st->partitions.clear();
  publish_status(*st);  // the final state
  st->reply.deliver(caf::ok_atom::value);
  self->quit();
}

}  // namespace

std::string make_job_token() {
  std::random_device rd;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d-%08x", static_cast<int>(::getpid()), rd());
  return buf;
}

// Called once every partition is down after a failure: no shard can be written any more,
// so deleting the temporaries now is final.
void abort_sinks(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  std::vector<int> shards;
  auto sinks = finalizers(*st, &shards);
  // Stopped with a savepoint, or failed with checkpoints: the temporaries are what a resumed
  // run cuts back and goes on with (nothing was published; a run that does not resume
  // deletes them as those of a dead run).
  const auto state = st->args.result->state;
  const bool keep = state == JobState::kStopped ||
                    (state == JobState::kFailed && st->checkpoints.last_complete.has_value());
  for (size_t i = 0; i < sinks.size() && !keep; ++i) {
    try {
      sinks[i]->finalizer->abort(st->token, shards[i]);
    } catch (...) {  // best effort: the job has failed already
    }
  }
  st->args.result->outputs.clear();
  deliver(self, st);
}

void end_job(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st, JobState state,
             std::string step, std::string error) {
  if (st->ended) return;
  st->ended = true;
  auto& r = *st->args.result;
  if (state == JobState::kDone) {
    std::vector<int> shards;
    auto sinks = finalizers(*st, &shards);
    // Verify every sink before publishing any output.
    for (int phase = 0; phase < 2; ++phase)
      for (size_t i = 0; i < sinks.size() && state == JobState::kDone; ++i) {
        try {
          if (phase == 0) {
            sinks[i]->finalizer->verify(st->token, shards[i]);
          } else {
            // Published per checkpoint: the rest, as the parts after the last checkpoint.
            auto files =
                st->per_checkpoint_output && sinks[i]->finalizer->publishes_per_checkpoint()
                    ? publish_last_outputs(*st->args.plan, *sinks[i], st->token,
                                           st->checkpoints.last_id + 1)
                    : sinks[i]->finalizer->commit(st->token, shards[i]);
            r.outputs.insert(r.outputs.end(), files.begin(), files.end());
          }
        } catch (const std::exception& e) {
          state = JobState::kFailed;
          step = sinks[i]->name;
          error = e.what();
        }
      }
  }
  if (state == JobState::kDone && st->draining) state = JobState::kDrained;
  r.state = state;
  r.failed_step = std::move(step);
  r.error = std::move(error);
  if (state == JobState::kDone || state == JobState::kDrained) return deliver(self, st);
  st->stopping = true;
  for (auto& a : st->partitions) stop_partition(self, a);
  if (st->all_down()) abort_sinks(self, st);
}

std::optional<PartitionRestore> restore_of(const JobRun& st, int stage, int p) {
  const auto& m = st.checkpoints.last_complete;
  if (!m) return std::nullopt;
  for (const auto& f : m->partitions)
    if (f.stage == stage && f.partition == p) return PartitionRestore{m->id, f, m->directory};
  return std::nullopt;
}

// Restart k waits 100 ms x 2^(k-1), at most 10 s (see fail_job).
void schedule_respawn(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  if (st->respawn_scheduled) return;
  st->respawn_scheduled = true;
  const auto backoff = std::chrono::milliseconds(
      std::min<int64_t>(10000, int64_t{100} << std::min(st->restarts - 1, 7)));
  self->delayed_send(self, backoff, respawn_atom::value);
}

void adopt_partition(caf::event_based_actor* self, JobRun& st, caf::actor h, PartitionId id) {
  self->monitor(h);
  ++st.alive;
  st.where[h.address()] = id;
  st.handles[{id.stage, id.partition}] = h;
  st.partitions.push_back(std::move(h));
}

std::string describe_partition(const JobRun& st, const caf::actor_addr& a) {
  const auto it = st.where.find(a);
  return it != st.where.end() ? describe_partition(st, it->second) : "?";
}

std::string describe_partition(const JobRun& st, const PartitionId& id) {
  std::string s = st.args.plan->stages.at(static_cast<size_t>(id.stage)).name + " p" +
                  std::to_string(id.partition);
  if (st.args.cluster && id.worker >= 0)
    s += " on " + st.cluster.names.at(static_cast<size_t>(id.worker));
  return s;
}

namespace {

// Drain: the sources stop reading and end as if their input had ended, so the watermark goes
// to the end of time behind them and every window and timer fires.
void drain_sources(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  for (const auto& [key, handle] : st->handles)
    if (st->args.plan->stages.at(static_cast<size_t>(key.first)).source_node >= 0 &&
        !st->finished_ids.count(key))
      self->send(handle, drain_atom::value);
}

void spawn_partitions(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  const auto& plan = *st->args.plan;
  std::vector<std::vector<caf::actor>> handles(plan.stages.size());
  for (auto s = plan.stages.rbegin(); s != plan.stages.rend(); ++s) {
    std::vector<OutputRoute> routes;
    for (const auto& o : s->outputs) {
      const auto& to = plan.stages[static_cast<size_t>(o.to_stage)];
      routes.push_back(OutputRoute{handles[static_cast<size_t>(o.to_stage)], o.kind,
                                   InputChannels::channel_base(plan, to, o.to_input)});
    }
    for (int p = 0; p < s->parallelism; ++p) {
      PartitionArgs a{
          st->args.graph,  st->args.plan,    st->args.options, s->id,  p,
          st->token,       caf::actor{self}, st->args.aligner, routes, restore_of(*st, s->id, p),
          st->spent_faults};
      caf::actor h = s->source_node >= 0 ? self->spawn(source_actor, std::move(a))
                                         : self->spawn(stage_actor, std::move(a));
      handles[static_cast<size_t>(s->id)].push_back(h);
      adopt_partition(self, *st, std::move(h), PartitionId{s->id, p, -1});
    }
  }
}

void start_partitions(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  st->launching = true;
  if (st->args.cluster) return launch_on_cluster(self, st);  // it calls partitions_started()
  spawn_partitions(self, st);
  partitions_started(self, st);
}

// Recovery (Flink's restart strategy with a bound and a backoff). A retryable failure (a
// RetryableError, an internal error, a partition that died) while restarts are left stops
// every partition; once all are down, after the backoff, the job starts them again from the
// last complete checkpoint (from the beginning when there is none yet): sources go back to
// their checkpointed positions, operators to their state, sinks to the output they had
// written at the checkpoint (their temporaries are cut back, not deleted). Restart k waits
// 100 ms x 2^(k-1), at most 10 s. In a cluster the partitions are placed again over the
// workers still alive (a lost worker's partitions move to the survivors; every partition
// restarts, as with Flink's full restart strategy): the checkpoint directory and the outputs
// must be on storage every worker sees.

// Places every partition over the workers not lost, in proportion to their slots; false when
// none is left.
bool place_on_survivors(JobRun& st) {
  const auto& cl = st.cluster;
  std::vector<int> slots, index;
  for (size_t w = 0; w < cl.agents.size(); ++w)
    if (!st.lost_workers.count(static_cast<int>(w))) {
      slots.push_back(cl.slots.at(w));
      index.push_back(static_cast<int>(w));
    }
  if (index.empty()) return false;
  st.cluster.placement = place_partitions(*st.args.plan, slots);
  for (auto& row : st.cluster.placement.worker_of)
    for (auto& w : row) w = index[static_cast<size_t>(w)];
  return true;
}

// The checkpoint a restart restores must be intact: a damaged one (a state file that fails
// its length or CRC check) is never restored; the newest intact one before it is used.
void check_restore_point(const std::shared_ptr<JobRun>& st) {
  auto& c = st->checkpoints;
  if (!c.last_complete) return;
  try {
    for (const auto& f : c.last_complete->partitions)
      if (!f.file.empty()) read_state_file(c.last_complete->directory, f);
    return;
  } catch (const CorruptCheckpoint& e) {
    node_log().warn("rill: {}; checkpoint {} is not restored", e.what(), c.last_complete->id);
    st->args.result->checkpoints.log.push_back(std::string(e.what()) + "; checkpoint " +
                                               std::to_string(c.last_complete->id) +
                                               " is not restored");
  }
  const uint64_t damaged = c.last_complete->id;
  std::vector<std::string> problems;
  c.last_complete.reset();
  if (!c.store) return;  // a damaged savepoint, and no checkpoints: from the beginning
  auto m = c.store->latest_complete(&problems);
  if (m && m->id < damaged && m->job_token == st->token) c.last_complete = std::move(m);
}

// Published per checkpoint: the output as of the checkpoint the partitions start from.
bool rewind_outputs(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  if (!st->per_checkpoint_output) return true;
  const auto& m = st->checkpoints.last_complete;
  try {
    rewind_checkpoint_outputs(*st->args.graph, *st->args.plan, st->token, m ? m->id : 0);
    return true;
  } catch (const std::exception& e) {
    end_job(self, st, JobState::kFailed, "output", e.what());
    return false;
  }
}

void respawn(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  if (st->args.cluster && !place_on_survivors(*st))
    return end_job(self, st, JobState::kFailed, "runtime", "every worker was lost");
  check_restore_point(st);
  if (!rewind_outputs(self, st)) return;
  st->partitions.clear();
  st->where.clear();
  st->handles.clear();
  st->finished.clear();
  st->finished_ids.clear();
  st->counters.clear();  // what the partitions report from now on
  st->user_metrics = {};
  st->restarting = false;
  st->recovering = true;
  st->ready = 0;
  publish_status(*st);  // RUNNING again
  if (st->args.aligner) self->send(st->args.aligner, reset_atom::value);
  st->args.result->checkpoints.restored_from =
      st->checkpoints.last_complete ? st->checkpoints.last_complete->id : 0;
  start_partitions(self, st);
}

// A worker is gone (its agent, or a partition's link to it): name it and what it held, and
// restart without it (or fail when no restart is left).
void worker_lost(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st, int worker,
                 const caf::error& reason, bool had_spawns) {
  if (!st->lost_workers.insert(worker).second) {  // its agent's and partitions' notices
    if (st->restarting && st->all_down()) schedule_respawn(self, st);  // spawns written off
    return;
  }
  std::string lost;
  for (const auto& [addr, id] : st->where)
    if (id.worker == worker && !st->finished.count(addr))
      lost += (lost.empty() ? "" : ", ") +
              st->args.plan->stages[static_cast<size_t>(id.stage)].name + " p" +
              std::to_string(id.partition);
  if (lost.empty() && !had_spawns) {  // it held nothing (a worker that joined since, idle)
    node_log().warn("rill coordinator: lost {} ({}), which held no partition",
                    st->cluster.names.at(static_cast<size_t>(worker)), caf::to_string(reason));
    if (st->restarting && st->all_down()) schedule_respawn(self, st);
    return;
  }
  std::string error = "lost " + st->cluster.names.at(static_cast<size_t>(worker)) + " (" +
                      caf::to_string(reason) +
                      "); step partitions lost: " + (lost.empty() ? "none started yet" : lost);
  // Logged now, not only with the outcome: stopping the survivors can take seconds more.
  node_log().warn("rill coordinator: {}", error);
  if (st->ended) return;
  if (st->restarting) {  // a restart is under way already: it places on the survivors
    if (st->all_down()) schedule_respawn(self, st);
    return;
  }
  fail_job(self, st, "runtime", error, true);
}

}  // namespace

void fail_job(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
              const std::string& step, const std::string& error, bool retryable) {
  if (st->ended || st->restarting) return;
  const int allowed = st->args.options.effective_restart_attempts();
  if (!retryable || st->restarts >= allowed)
    return end_job(self, st, JobState::kFailed, step, error);
  st->restarting = true;
  ++st->restarts;
  st->failed_at = std::chrono::steady_clock::now();
  // A stop-with-savepoint in progress is taken again after the restart.
  if (const auto& p = st->checkpoints.pending; p && p->savepoint) st->savepoint_wanted = p->target;
  abandon_pending_checkpoint(st, "the job restarts");
  const auto& from = st->checkpoints.last_complete;
  const std::string line = "restart " + std::to_string(st->restarts) + " of " +
                           std::to_string(allowed) + " after step '" + step + "' failed: " + error +
                           "; from " +
                           (from ? "checkpoint " + std::to_string(from->id) : "the beginning");
  node_log().warn("rill: {}", line);
  st->args.result->checkpoints.log.push_back(line);
  carry_progress(*st);
  publish_status(*st);
  for (auto& a : st->partitions) stop_partition(self, a);
  if (st->all_down()) schedule_respawn(self, st);
}

void partitions_started(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  st->launching = false;
  schedule_process_faults(self, st);
  if (st->draining) drain_sources(self, st);
  if (auto target = std::exchange(st->savepoint_wanted, std::nullopt))
    request_savepoint(self, st, *target);
  else if (auto t = std::exchange(st->triggered_savepoint_wanted, std::nullopt))
    request_savepoint(self, st, *t, false);
}

caf::behavior job_actor(caf::event_based_actor* self, JobArgs args) {
  auto st = std::make_shared<JobRun>();
  st->args = std::move(args);
  st->token = st->args.job_token.empty() ? make_job_token() : st->args.job_token;
  for (const auto& s : st->args.plan->stages) st->expected += static_cast<size_t>(s.parallelism);
  st->per_checkpoint_output = publishes_per_checkpoint(*st->args.graph, st->args.options);
  // Linked: a job stopped before it ran (or killed) takes its aligner with it; at a normal
  // end, deliver() stops it.
  if (st->args.aligner) self->link_to(st->args.aligner);
  if (st->args.cluster) {
    st->cluster = *st->args.cluster;
    for (const auto& a : st->cluster.agents) self->monitor(a);
  }
  self->set_down_handler([=](caf::down_msg& dm) {
    if (st->args.cluster) {
      const auto& agents = st->cluster.agents;
      for (size_t w = 0; w < agents.size(); ++w)
        if (agents[w].address() == dm.source) {
          // Its spawn requests will not be answered; CAF would fail them only at their timeout.
          auto& spawns = st->spawns_in_flight;
          bool had_spawns = false;
          for (auto it = spawns.begin(); it != spawns.end();) {
            const bool to_it = it->second == static_cast<int>(w);
            had_spawns = had_spawns || to_it;
            it = to_it ? spawns.erase(it) : std::next(it);
          }
          worker_lost(self, st, static_cast<int>(w), dm.reason, had_spawns);
          if (st->stopping && st->all_down()) abort_sinks(self, st);
          return;
        }
    }
    --st->alive;
    if (st->stopping) {
      if (st->all_down()) abort_sinks(self, st);
      return;
    }
    if (st->restarting) {
      if (st->all_down()) schedule_respawn(self, st);
      return;
    }
    if (st->ended || st->finished.count(dm.source)) return;
    if (dm.reason == caf::exit_reason::normal) return;  // it reported fail before quitting
    // CAF 0.17 says `unknown` when our watch reached the partition's node after it had ended:
    // a partition that finished fast, before its handle got here. Its last messages (done, or
    // fail with the cause) can still be on the way behind this notice: wait for them.
    if (dm.reason == caf::exit_reason::unknown) {
      self->delayed_send(self, kLateReportWait, verdict_atom::value, dm.source);
      return;
    }
    const auto it = st->where.find(dm.source);
    if (it != st->where.end() && it->second.worker >= 0 &&
        dm.reason == caf::exit_reason::remote_link_unreachable)
      return worker_lost(self, st, it->second.worker, dm.reason, false);
    fail_job(self, st, "runtime",
             "partition " + describe_partition(*st, dm.source) +
                 " terminated unexpectedly: " + caf::to_string(dm.reason),
             true);
  });
  return {
      [=](run_atom) {
        st->reply = self->make_response_promise();
        st->started = std::chrono::steady_clock::now();
        start_checkpoints(self, st);
        if (const auto& faults = st->args.options.faults; !faults.empty()) {
          st->args.result->faults.seed = faults.seed();
          st->args.result->faults.plan = faults.text();
        }
        st->args.result->checkpoints.restored_from = st->args.restore ? st->args.restore->id : 0;
        if (st->args.restore && !rewind_outputs(self, st)) return st->reply;
        begin_progress(self, st);
        start_partitions(self, st);
        return st->reply;
      },
      [=](done_atom, uint32_t stage, uint32_t partition, const StepCountersList& counters,
          const UserMetricValues& metrics, const FlowStats& f) {
        if (st->ended || st->restarting) return;
        st->finished.insert(caf::actor_cast<caf::actor_addr>(self->current_sender()));
        st->finished_ids.insert({static_cast<int>(stage), static_cast<int>(partition)});
        for (const auto& c : counters) {
          auto& sum = st->counters[c.step];
          sum.step = c.step;
          sum.add(c);
        }
        for (const auto& m : metrics) st->user_metrics.merge(m);
        st->flow.max_channel_inflight =
            std::max(st->flow.max_channel_inflight, f.max_channel_inflight);
        st->flow.max_output_queue = std::max(st->flow.max_output_queue, f.max_output_queue);
        if (st->finished.size() == st->expected) return end_job(self, st, JobState::kDone, "", "");
        on_partition_finished(self, st);
      },
      [=](fail_atom, const std::string& step, const std::string& message, bool retryable) {
        fail_job(self, st, step, message, retryable);
      },
      [=](fault_atom, int32_t index, const std::string& what, bool lasting) {
        record_fault(st, index, what, lasting);
      },
      [=](fault_atom, int32_t index) { process_fault_due(self, st, index); },
      [=](progress_atom, PartitionProgress& p) { on_partition_progress(*st, std::move(p)); },
      [=](progress_atom) { on_progress_tick(self, st); },
      // A partition of a restart runs with its restored state: once all do, the job has
      // recovered.
      [=](ready_atom) {
        if (!st->recovering || ++st->ready < st->expected) return;
        st->recovering = false;
        st->args.result->checkpoints.recovery_ms.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                      st->failed_at)
                .count());
      },
      [=](drain_atom) {
        if (st->ended || st->draining) return;
        st->draining = true;
        node_log().info("rill: draining: the sources stop reading");
        publish_status(*st);
        // Else partitions_started() does, once the sources run.
        if (!st->restarting && !st->launching) drain_sources(self, st);
      },
      [=](savepoint_atom, const std::string& target) {
        if (!request_savepoint(self, st, target))
          node_log().warn(
              "rill: stop-with-savepoint needs checkpoints (a checkpoint directory); the job "
              "goes on");
      },
      [=](savepoint_atom, const std::string& target, bool stop) {
        if (!request_savepoint(self, st, target, stop))
          node_log().warn("rill: a savepoint needs checkpoints (a checkpoint directory)");
      },
      [=](respawn_atom) {
        st->respawn_scheduled = false;
        // Not all down yet (a partition started meanwhile): the last down schedules it again.
        if (!st->ended && st->restarting && st->all_down()) respawn(self, st);
      },
      // A worker that joined the cluster since the start (in place of a lost one): used from
      // the next restart on.
      [=](join_atom, const caf::actor& agent, const std::string& name, int32_t slots) {
        if (st->ended || !st->args.cluster) return;
        self->monitor(agent);
        st->cluster.agents.push_back(agent);
        st->cluster.names.push_back(name);
        st->cluster.slots.push_back(slots);
      },
      [=](ckpt_tick_atom) { on_checkpoint_tick(self, st); },
      [=](ckpt_ack_atom, uint64_t id, uint32_t stage, uint32_t partition, const std::string& file,
          uint64_t bytes, uint32_t crc) {
        on_checkpoint_ack(self, st, id,
                          PartitionStateFile{static_cast<int32_t>(stage),
                                             static_cast<int32_t>(partition), file, bytes, crc});
      },
      [=](ckpt_decline_atom, uint64_t id, const std::string& reason) {
        on_checkpoint_decline(st, id, reason);
      },
      // Ends the job now: partitions are stopped and the sinks discard their temporaries.
      // Ignored once the outcome is decided (a commit that has begun completes).
      [=](cancel_atom, const std::string& reason) {
        end_job(self, st, JobState::kCancelled, "", reason);
      },
      [=](verdict_atom, const caf::actor_addr& who) {
        if (st->ended || st->restarting || st->finished.count(who)) return;
        fail_job(self, st, "runtime",
                 "partition " + describe_partition(*st, who) +
                     " ended without reporting done or a failure",
                 true);
      },
  };
}

}  // namespace rill
