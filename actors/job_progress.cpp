#include "actors/job_progress.hpp"

#include <algorithm>
#include <chrono>

#include "actors/job_run.hpp"
#include "actors/messages.hpp"
#include "actors/node_log.hpp"
#include "ops/job_registry.hpp"

namespace rill {
namespace {

constexpr size_t kCheckpointHistory = 100;
constexpr size_t kHotKeysPerStep = 10;

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What the registry (the REST API) steers the job through: messages to the job actor. It
// cannot wait for the job; the PipelineHandle does that.
class ActorJobControl final : public JobControl {
 public:
  explicit ActorJobControl(caf::actor job) : job_(std::move(job)) {}
  void cancel(const std::string& reason) override {
    caf::anon_send(job_, cancel_atom::value, reason);
  }
  void drain() override { caf::anon_send(job_, drain_atom::value); }
  void stop_with_savepoint(const std::string& dir) override {
    caf::anon_send(job_, savepoint_atom::value, dir);
  }
  void savepoint(const std::string& dir) override {
    caf::anon_send(job_, savepoint_atom::value, dir, false);
  }
  PipelineResult wait() override {
    throw std::logic_error("rill: wait for a job on its PipelineHandle, not through the registry");
  }

 private:
  caf::actor job_;
};

LiveState live_state(const JobRun& st) {
  if (st.ended) {  // the outcome is decided (partitions may still be going down)
    switch (st.args.result->state) {
      case JobState::kDone:
        return LiveState::kDone;
      case JobState::kFailed:
        return LiveState::kFailed;
      case JobState::kCancelled:
        return LiveState::kCancelled;
      case JobState::kDrained:
        return LiveState::kDrained;
      case JobState::kStopped:
        return LiveState::kStopped;
    }
  }
  if (st.restarting) return LiveState::kRestarting;
  if (st.draining) return LiveState::kDraining;
  return LiveState::kRunning;
}

void add_counts(StepStatus& to, const StepCounters& c) {
  to.elements_in += c.elements_in;
  to.elements_out += c.elements_out;
  to.dropped_late += c.dropped_late;
  to.malformed += c.malformed;
}

void refresh(JobRun& st) {
  auto& p = st.progress;
  auto& s = p.status;
  const auto& plan = *st.args.plan;
  const int64_t now = wall_ms();
  s.refreshed_ms = now;
  // Steps: carried totals, then the latest reports.
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < s.steps.size(); ++i) {
    const std::string name = s.steps[i].step;  // a copy: the entry is replaced below
    const int stage = s.steps[i].stage;
    s.steps[i] = p.carried.count(name) ? p.carried[name] : StepStatus{};
    s.steps[i].step = name;
    s.steps[i].stage = stage;
    s.steps[i].input_watermark_ms = INT64_MIN;
    index[name] = i;
  }
  std::vector<int64_t> stage_wm(plan.stages.size(), INT64_MAX);
  std::vector<int64_t> backlog_el(plan.stages.size(), 0), backlog_by(plan.stages.size(), 0);
  std::vector<double> busy(plan.stages.size(), 0), bp(plan.stages.size(), 0),
      idle(plan.stages.size(), 0);
  std::map<std::pair<std::string, std::string>, UserMetricValue> metrics = p.carried_metrics;
  std::map<std::pair<std::string, std::string>, HotKey> hot;
  int64_t waiting_ms = 0;
  for (const auto& [key, r] : p.latest) {
    const auto stage = static_cast<size_t>(key.first);
    for (const auto& c : r.counters)
      if (auto it = index.find(c.step); it != index.end()) add_counts(s.steps[it->second], c);
    busy[stage] += static_cast<double>(r.busy_ns) * 1e-9;
    bp[stage] += static_cast<double>(r.backpressured_ns) * 1e-9;
    idle[stage] += static_cast<double>(r.idle_ns) * 1e-9;
    stage_wm[stage] = std::min<int64_t>(stage_wm[stage], r.input_wm);
    auto add_backlog = [](int64_t& to, int64_t v) { to = (to < 0 || v < 0) ? -1 : to + v; };
    add_backlog(backlog_el[stage], r.backlog_elements);
    add_backlog(backlog_by[stage], r.backlog_bytes);
    waiting_ms = std::max(waiting_ms, r.waiting_ms);
    for (const auto& m : r.user_metrics) {
      auto [it, fresh] = metrics.try_emplace({m.step, m.name}, m);
      if (!fresh) it->second.merge(m);
    }
    for (const auto& h : r.hot_keys) {
      auto [it, fresh] = hot.try_emplace({h.step, h.key}, h);
      if (!fresh) {
        it->second.count += h.count;
        it->second.error += h.error;
      }
    }
  }
  for (auto& step : s.steps) {
    const auto stage = static_cast<size_t>(step.stage);
    if (step.stage < 0 || stage >= plan.stages.size()) continue;
    step.busy_seconds += busy[stage];
    step.backpressured_seconds += bp[stage];
    step.idle_seconds += idle[stage];
    if (stage_wm[stage] != INT64_MAX) step.input_watermark_ms = stage_wm[stage];
    const auto& sp = plan.stages[stage];
    if (sp.source_node >= 0 && st.args.graph->node(sp.source_node).name == step.step) {
      const bool reported = stage_wm[stage] != INT64_MAX;
      step.backlog_elements = reported ? backlog_el[stage] : -1;
      step.backlog_bytes = reported ? backlog_by[stage] : -1;
    }
  }
  // The data watermark: the lowest input watermark of the sinks' stages.
  int64_t data_wm = INT64_MAX;
  bool known = true;
  for (size_t i = 0; i < plan.stages.size(); ++i)
    if (plan.stages[i].outputs.empty()) {
      if (stage_wm[i] == INT64_MAX || stage_wm[i] == kMinTimestamp) known = false;
      data_wm = std::min(data_wm, stage_wm[i]);
    }
  if (!known || data_wm == INT64_MAX)
    s.data_watermark_age_seconds = -1;
  else if (data_wm >= kMaxTimestamp)
    s.data_watermark_age_seconds = 0;
  else
    s.data_watermark_age_seconds = std::max<double>(0, static_cast<double>(now - data_wm) / 1e3);
  s.system_lag_seconds = static_cast<double>(waiting_ms) / 1e3;
  s.user_metrics.clear();
  for (auto& [k, m] : metrics) s.user_metrics.push_back(m);
  // Hot keys: per step, the largest few.
  s.hot_keys.clear();
  for (auto& [k, h] : hot) s.hot_keys.push_back(h);
  std::stable_sort(s.hot_keys.begin(), s.hot_keys.end(), [](const HotKey& a, const HotKey& b) {
    return a.step != b.step ? a.step < b.step : a.count > b.count;
  });
  std::vector<HotKey> kept;
  for (size_t i = 0, n = 0; i < s.hot_keys.size(); ++i) {
    n = (i > 0 && s.hot_keys[i].step == s.hot_keys[i - 1].step) ? n + 1 : 0;
    if (n < kHotKeysPerStep) kept.push_back(std::move(s.hot_keys[i]));
  }
  s.hot_keys = std::move(kept);
  // Checkpoints and restarts.
  s.checkpoints_completed = st.checkpoints.completed;
  s.checkpoints_declined = st.checkpoints.declined;
  s.restarts = st.restarts;
  s.restart_log = st.args.result->checkpoints.log;
  s.state = live_state(st);
  if (is_final(s.state)) {
    if (s.end_time_ms == 0) s.end_time_ms = now;
    const auto& r = *st.args.result;
    s.error = r.failed_step.empty() ? r.error : r.failed_step + ": " + r.error;
  }
}

}  // namespace

void begin_progress(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  auto& p = st->progress;
  auto& s = p.status;
  const auto& plan = *st->args.plan;
  const auto& g = *st->args.graph;
  s.id = st->token;
  s.name = st->args.options.job_name;
  s.start_time_ms = wall_ms();
  for (const auto& sp : plan.stages) {
    StageStatus ss;
    ss.name = sp.name;
    ss.parallelism = sp.parallelism;
    for (int n : sp.nodes) ss.steps.push_back(g.node(n).name);
    for (const auto& in : sp.inputs)
      ss.inputs.push_back(StageStatus::Input{in.from_stage, to_string(in.kind), in.side});
    s.stages.push_back(std::move(ss));
  }
  for (const auto& n : g.nodes()) {
    StepStatus step;
    step.step = n.name;
    step.stage = plan.stage_of_node.at(static_cast<size_t>(&n - g.nodes().data()));
    s.steps.push_back(step);
  }
  // Deterministic mode runs every actor on the waiting thread: nothing else may send to them.
  if (st->args.options.deterministic_seed == 0)
    p.control = std::make_shared<ActorJobControl>(caf::actor_cast<caf::actor>(self));
  p.begun = true;
  refresh(*st);
  process_jobs().add(s, p.control);
  node_log().debug("rill: job {} ('{}') is RUNNING", s.id, s.name);
  if (st->args.options.effective_metrics_interval() > 0)
    self->delayed_send(self,
                       std::chrono::milliseconds(st->args.options.effective_metrics_interval()),
                       progress_atom::value);
}

void on_partition_progress(JobRun& st, PartitionProgress p) {
  if (st.restarting) return;  // a stopped attempt's late report: carried already
  const auto key = std::make_pair(static_cast<int>(p.stage), static_cast<int>(p.partition));
  st.progress.latest[key] = std::move(p);
}

void on_progress_tick(caf::event_based_actor* self, const std::shared_ptr<JobRun>& st) {
  if (st->ended) return;
  publish_status(*st);
  self->delayed_send(self, std::chrono::milliseconds(st->args.options.effective_metrics_interval()),
                     progress_atom::value);
}

void carry_progress(JobRun& st) {
  auto& p = st.progress;
  refresh(st);  // the steps now hold carried + latest
  for (const auto& step : p.status.steps) {
    StepStatus c = step;
    c.input_watermark_ms = INT64_MIN;
    c.backlog_elements = c.backlog_bytes = -1;
    p.carried[step.step] = c;
  }
  for (const auto& m : p.status.user_metrics) p.carried_metrics[{m.step, m.name}] = m;
  p.latest.clear();
}

void record_checkpoint(JobRun& st, CheckpointRecord r) {
  auto& list = st.progress.status.checkpoints;
  list.push_back(std::move(r));
  if (list.size() > kCheckpointHistory) list.erase(list.begin());
  if (list.back().status == "COMPLETED")
    st.progress.status.checkpoint_durations_seconds.push_back(
        static_cast<double>(list.back().duration_ms) / 1e3);
  publish_status(st);
}

void publish_status(JobRun& st) {
  auto& p = st.progress;
  if (!p.begun) return;
  refresh(st);
  if (p.status.state != p.published) {
    // The end is in the job's summary (and a failure's error on its own line): debug.
    node_log().log(is_final(p.status.state) ? spdlog::level::debug : spdlog::level::info,
                   "rill: job {} ('{}') is {}", p.status.id, p.status.name,
                   to_string(p.status.state));
    p.published = p.status.state;
  }
  process_jobs().publish(p.status);
  if (is_final(p.status.state)) p.control.reset();
}

}  // namespace rill
