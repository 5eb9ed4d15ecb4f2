#include "ops/job_json.hpp"

#include <climits>
#include <stdexcept>

namespace rill {

using nlohmann::json;

namespace {

// Sets `field` from j[key] when the key is there and not null.
template <class T>
void read(const json& j, const char* key, T& field) {
  if (!j.is_object()) throw std::invalid_argument("expected a JSON object, got " + j.dump());
  const auto it = j.find(key);
  if (it != j.end() && !it->is_null()) it->get_to(field);
}

const char* kind_name(UserMetricValue::Kind k) {
  switch (k) {
    case UserMetricValue::Kind::kCounter:
      return "counter";
    case UserMetricValue::Kind::kDistribution:
      return "distribution";
    case UserMetricValue::Kind::kGauge:
      return "gauge";
  }
  return "?";
}

UserMetricValue::Kind kind_from_string(const std::string& s) {
  for (auto k : {UserMetricValue::Kind::kCounter, UserMetricValue::Kind::kDistribution,
                 UserMetricValue::Kind::kGauge})
    if (s == kind_name(k)) return k;
  throw std::invalid_argument("unknown user metric kind '" + s + "'");
}

}  // namespace

std::optional<LiveState> live_state_from_string(std::string_view s) {
  for (auto st :
       {LiveState::kRunning, LiveState::kDraining, LiveState::kRestarting, LiveState::kDone,
        LiveState::kFailed, LiveState::kCancelled, LiveState::kDrained, LiveState::kStopped})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

std::string dump_json(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json job_summary_json(const JobStatus& job) {
  return json{{"id", job.id},
              {"name", job.name},
              {"state", to_string(job.state)},
              {"start_time_ms", job.start_time_ms},
              {"end_time_ms", job.end_time_ms}};
}

void to_json(json& j, const UserMetricValue& m) {
  j = json{{"step", m.step},   {"name", m.name},   {"kind", kind_name(m.kind)},
           {"value", m.value}, {"count", m.count}, {"sum", m.sum},
           {"min", m.min},     {"max", m.max},     {"timestamp_ms", m.timestamp_ms}};
}

void from_json(const json& j, UserMetricValue& m) {
  read(j, "step", m.step);
  read(j, "name", m.name);
  std::string kind;
  read(j, "kind", kind);
  if (!kind.empty()) m.kind = kind_from_string(kind);
  read(j, "value", m.value);
  read(j, "count", m.count);
  read(j, "sum", m.sum);
  read(j, "min", m.min);
  read(j, "max", m.max);
  read(j, "timestamp_ms", m.timestamp_ms);
}

void to_json(json& j, const StepStatus& s) {
  j = json{{"step", s.step},
           {"stage", s.stage},
           {"elements_in", s.elements_in},
           {"elements_out", s.elements_out},
           {"dropped_late", s.dropped_late},
           {"malformed", s.malformed},
           {"busy_seconds", s.busy_seconds},
           {"backpressured_seconds", s.backpressured_seconds},
           {"idle_seconds", s.idle_seconds},
           {"input_watermark_ms", nullptr},
           {"backlog_elements", s.backlog_elements},
           {"backlog_bytes", s.backlog_bytes}};
  if (s.input_watermark_ms != INT64_MIN) j["input_watermark_ms"] = s.input_watermark_ms;
}

void from_json(const json& j, StepStatus& s) {
  read(j, "step", s.step);
  read(j, "stage", s.stage);
  read(j, "elements_in", s.elements_in);
  read(j, "elements_out", s.elements_out);
  read(j, "dropped_late", s.dropped_late);
  read(j, "malformed", s.malformed);
  read(j, "busy_seconds", s.busy_seconds);
  read(j, "backpressured_seconds", s.backpressured_seconds);
  read(j, "idle_seconds", s.idle_seconds);
  read(j, "input_watermark_ms", s.input_watermark_ms);  // null: stays INT64_MIN
  read(j, "backlog_elements", s.backlog_elements);
  read(j, "backlog_bytes", s.backlog_bytes);
}

void to_json(json& j, const StageStatus::Input& in) {
  j = json{{"from_stage", in.from_stage}, {"kind", in.kind}, {"side", in.side}};
}

void from_json(const json& j, StageStatus::Input& in) {
  read(j, "from_stage", in.from_stage);
  read(j, "kind", in.kind);
  read(j, "side", in.side);
}

void to_json(json& j, const StageStatus& s) {
  j = json{
      {"name", s.name}, {"parallelism", s.parallelism}, {"steps", s.steps}, {"inputs", s.inputs}};
}

void from_json(const json& j, StageStatus& s) {
  read(j, "name", s.name);
  read(j, "parallelism", s.parallelism);
  read(j, "steps", s.steps);
  read(j, "inputs", s.inputs);
}

void to_json(json& j, const HotKey& k) {
  j = json{{"step", k.step}, {"key", k.key}, {"count", k.count}, {"error", k.error}};
}

void from_json(const json& j, HotKey& k) {
  read(j, "step", k.step);
  read(j, "key", k.key);
  read(j, "count", k.count);
  read(j, "error", k.error);
}

void to_json(json& j, const CheckpointRecord& c) {
  j = json{{"id", c.id},
           {"status", c.status},
           {"started_ms", c.started_ms},
           {"duration_ms", c.duration_ms},
           {"size_bytes", c.size_bytes},
           {"reason", c.reason},
           {"savepoint", c.savepoint}};
}

void from_json(const json& j, CheckpointRecord& c) {
  read(j, "id", c.id);
  read(j, "status", c.status);
  read(j, "started_ms", c.started_ms);
  read(j, "duration_ms", c.duration_ms);
  read(j, "size_bytes", c.size_bytes);
  read(j, "reason", c.reason);
  read(j, "savepoint", c.savepoint);
}

void to_json(json& j, const JobStatus& s) {
  j = json{{"id", s.id},
           {"name", s.name},
           {"state", to_string(s.state)},
           {"start_time_ms", s.start_time_ms},
           {"end_time_ms", s.end_time_ms},
           {"error", s.error},
           {"stages", s.stages},
           {"steps", s.steps},
           {"data_watermark_age_seconds", s.data_watermark_age_seconds},
           {"system_lag_seconds", s.system_lag_seconds},
           {"checkpoints", s.checkpoints},
           {"checkpoints_completed", s.checkpoints_completed},
           {"checkpoints_declined", s.checkpoints_declined},
           {"checkpoint_durations_seconds", s.checkpoint_durations_seconds},
           {"restarts", s.restarts},
           {"restart_log", s.restart_log},
           {"hot_keys", s.hot_keys},
           {"user_metrics", s.user_metrics},
           {"refreshed_ms", s.refreshed_ms}};
}

void from_json(const json& j, JobStatus& s) {
  read(j, "id", s.id);
  read(j, "name", s.name);
  std::string state;
  read(j, "state", state);
  if (!state.empty()) {
    const auto st = live_state_from_string(state);
    if (!st) throw std::invalid_argument("unknown job state '" + state + "'");
    s.state = *st;
  }
  read(j, "start_time_ms", s.start_time_ms);
  read(j, "end_time_ms", s.end_time_ms);
  read(j, "error", s.error);
  read(j, "stages", s.stages);
  read(j, "steps", s.steps);
  read(j, "data_watermark_age_seconds", s.data_watermark_age_seconds);
  read(j, "system_lag_seconds", s.system_lag_seconds);
  read(j, "checkpoints", s.checkpoints);
  read(j, "checkpoints_completed", s.checkpoints_completed);
  read(j, "checkpoints_declined", s.checkpoints_declined);
  read(j, "checkpoint_durations_seconds", s.checkpoint_durations_seconds);
  read(j, "restarts", s.restarts);
  read(j, "restart_log", s.restart_log);
  read(j, "hot_keys", s.hot_keys);
  read(j, "user_metrics", s.user_metrics);
  read(j, "refreshed_ms", s.refreshed_ms);
}

JobStatus job_status_from_json(const json& j) {
  try {
    return j.get<JobStatus>();
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("ill-formed job JSON: ") + e.what());
  }
}

}  // namespace rill
