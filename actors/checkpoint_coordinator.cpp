#include "actors/checkpoint_coordinator.hpp"

#include <chrono>

#include "actors/job_run.hpp"
#include "actors/messages.hpp"
#include "actors/node_log.hpp"
#include "exec/checkpoint_outputs.hpp"
#include "graph/pipeline_definition.hpp"

namespace rill {
namespace {

constexpr auto kCheckpointTimeout = std::chrono::minutes(10);

std::chrono::milliseconds interval(const JobRun& st) {
  return std::chrono::milliseconds(st.args.options.effective_checkpoint_interval());
}

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Every partition of the plan has acknowledged the pending checkpoint or finished.
void complete_if_done(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  auto& c = st->checkpoints;
  if (!c.pending) return;
  const auto& plan = *st->args.plan;
  CheckpointMetadata m;
  m.id = c.pending->id;
  for (const auto& s : plan.stages) {
    m.parallelism.push_back(s.parallelism);
    for (int p = 0; p < s.parallelism; ++p) {
      const auto key = std::make_pair(s.id, p);
      if (auto it = c.pending->files.find(key); it != c.pending->files.end()) {
        m.partitions.push_back(it->second);
      } else if (st->finished_ids.count(key)) {
        PartitionStateFile f;
        f.stage = s.id;
        f.partition = p;
        m.partitions.push_back(f);  // no file: it had finished
      } else {
        return;  // still waiting for this one
      }
    }
  }
  m.job_token = st->token;
  m.definition = definition_lines(*st->args.graph);
  m.completed_ms = wall_ms();
  // A triggered savepoint (the job goes on) is a checkpoint like the others, and a copy.
  m.savepoint = c.pending->savepoint && c.pending->stop;
  const bool copy = c.pending->savepoint;
  m.directory = c.store->checkpoint_dir(m.id);
  std::string target = c.pending->target;
  if (copy && !c.pending->stop && target.empty())
    target = c.store->directory() + "/savepoint-" + std::to_string(m.id);
  const auto took = std::chrono::steady_clock::now() - c.pending->started;
  c.pending.reset();
  try {
    c.store->write_metadata(m);
  } catch (const std::exception& e) {
    ++c.declined;
    node_log().warn("rill: {} {} declined: {}", m.savepoint ? "savepoint" : "checkpoint", m.id,
                    e.what());
    CheckpointRecord rec;
    rec.id = m.id;
    rec.status = "DECLINED";
    rec.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
    rec.started_ms = wall_ms() - rec.duration_ms;
    rec.reason = e.what();
    record_checkpoint(*st, std::move(rec));
    return;
  }
  // Complete from here on (a --resume would restore it): what fails now is only logged.
  try {
    // A savepoint ends the job: keep what it may need (the older ones too, in case).
    if (!m.savepoint)
      c.store->retain(static_cast<size_t>(std::max(st->args.options.checkpoints_retained, 1)));
  } catch (const std::exception& e) {
    node_log().warn("rill: cannot delete older checkpoints: {}", e.what());
  }
  bool stop = m.savepoint;
  std::string copied;
  if (copy && !target.empty()) try {
      copy_checkpoint(m.directory, target);
      copied = target;
      if (!stop) node_log().info("rill: savepoint {} written to '{}'", m.id, target);
    } catch (const std::exception& e) {
      stop = false;
      node_log().warn("rill: savepoint {} cannot be copied to '{}': {}; the job goes on", m.id,
                      target, e.what());
    }
  if (copy && !stop && !copied.empty()) st->savepoints[m.id] = copied;
  uint64_t bytes = 0;
  for (const auto& f : m.partitions) bytes += f.bytes;
  ++c.completed;
  st->args.result->checkpoints.durations_ms.push_back(
      std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  st->args.result->checkpoints.sizes_bytes.push_back(bytes);
  {
    CheckpointRecord rec;
    rec.id = m.id;
    rec.status = "COMPLETED";
    rec.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
    rec.started_ms = wall_ms() - rec.duration_ms;
    rec.size_bytes = bytes;
    rec.savepoint = copied;
    record_checkpoint(*st, std::move(rec));
  }
  node_log().info("rill: checkpoint {} complete: {} partition(s), {} bytes, {} ms", m.id,
                  m.partitions.size(), bytes,
                  std::chrono::duration_cast<std::chrono::milliseconds>(took).count());
  c.last_complete = std::move(m);
  if (st->per_checkpoint_output) try {
      publish_checkpoint_outputs(*st->args.graph, *st->args.plan, st->token, c.last_complete->id);
    } catch (const std::exception& e) {
      // The checkpoint stands; a restart from it publishes what it covers again (and a
      // stop-with-savepoint is taken again after it).
      if (stop) st->savepoint_wanted = target;
      return fail_job(self, st, "output", e.what(), true);
    }
  if (stop) {
    const std::string where = target.empty() ? c.last_complete->directory : target;
    st->args.result->checkpoints.savepoint = where;
    end_job(
        self, st, JobState::kStopped, "",
        "stopped with savepoint " + std::to_string(c.last_complete->id) + " in '" + where + "'");
  }
}

// Sends barrier `id` to every running source partition.
void inject(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st, bool savepoint,
            const std::string& target, bool stop = true) {
  auto& c = st->checkpoints;
  c.pending = Checkpoints::Pending{++c.last_id, {},     std::chrono::steady_clock::now(),
                                   savepoint,   target, stop};
  for (const auto& [key, handle] : st->handles) {
    const auto& stage = st->args.plan->stages.at(static_cast<size_t>(key.first));
    if (stage.source_node >= 0 && !st->finished_ids.count(key))
      self->send(handle, barrier_atom::value, c.pending->id);
  }
  complete_if_done(self, st);  // every partition may have finished already
}

}  // namespace

void start_checkpoints(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  auto& c = st->checkpoints;
  if (st->args.restore) {  // a --resume or a savepoint: what the first start restores
    c.last_complete = *st->args.restore;
    c.last_id = std::max(c.last_id, st->args.restore->id);
  }
  if (!st->args.options.checkpointing()) return;
  c.store.emplace(st->args.options.checkpoint_dir);
  const auto ids = c.store->list();
  if (!ids.empty()) c.last_id = std::max(c.last_id, ids.back());
  self->delayed_send(self, interval(*st), ckpt_tick_atom::value);
}

void on_checkpoint_tick(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  auto& c = st->checkpoints;
  if (st->ended || !c.store) return;
  self->delayed_send(self, interval(*st), ckpt_tick_atom::value);
  if (st->restarting || st->launching) return;  // a barrier could miss a source yet
  if (c.pending) {
    if (std::chrono::steady_clock::now() - c.pending->started < kCheckpointTimeout) return;
    on_checkpoint_decline(st, c.pending->id, "it took longer than 10 minutes");
    return;  // the next tick starts another
  }
  inject(self, st, false, "");
}

bool request_savepoint(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st,
                       const std::string& target, bool stop) {
  auto& c = st->checkpoints;
  if (!c.store || st->ended) return false;
  if (c.pending && c.pending->savepoint && (c.pending->stop || !stop)) return true;  // asked twice
  if (c.pending) on_checkpoint_decline(st, c.pending->id, "a savepoint was asked for");
  if (st->restarting || st->launching) {  // once the sources run (partitions_started())
    if (stop)
      st->savepoint_wanted = target;
    else
      st->triggered_savepoint_wanted = target;
    return true;
  }
  inject(self, st, true, target, stop);
  return true;
}

void on_checkpoint_ack(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st, uint64_t id,
                       PartitionStateFile file) {
  auto& c = st->checkpoints;
  if (!c.pending || c.pending->id != id || st->restarting) return;  // a declined one
  c.pending->files[{file.stage, file.partition}] = std::move(file);
  complete_if_done(self, st);
}

void on_checkpoint_decline(const std::shared_ptr<JobRun>& st, uint64_t id,
                           const std::string& reason) {
  auto& c = st->checkpoints;
  if (!c.pending || c.pending->id != id) return;
  const bool savepoint = c.pending->savepoint;
  const auto took = std::chrono::steady_clock::now() - c.pending->started;
  c.pending.reset();
  ++c.declined;
  node_log().warn("rill: {} {} declined: {}; the job goes on",
                  savepoint ? "savepoint" : "checkpoint", id, reason);
  CheckpointRecord rec;
  rec.id = id;
  rec.status = "DECLINED";
  rec.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  rec.started_ms = wall_ms() - rec.duration_ms;
  rec.reason = reason;
  record_checkpoint(*st, std::move(rec));
}

void on_partition_finished(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  complete_if_done(self, st);
}

void abandon_pending_checkpoint(const std::shared_ptr<JobRun>& st, const std::string& why) {
  if (st->checkpoints.pending) on_checkpoint_decline(st, st->checkpoints.pending->id, why);
}

}  // namespace rill
