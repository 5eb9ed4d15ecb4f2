#pragma once
// Hand-made jobs for the operations suites (REST, /metrics, `rill jobs`), and a JobControl
// that records what it was asked.
#include <climits>
#include <mutex>
#include <string>
#include <vector>

#include "graph/job_status.hpp"
#include "graph/pipeline_handle.hpp"

namespace ops_test {

// A running two-stage word count: every field set (a watermark on the second stage only, a
// source with a byte backlog, checkpoints of both outcomes, a restart, hot keys, user metrics
// of every kind).
inline rill::JobStatus running_job(const std::string& id = "job-1",
                                   const std::string& name = "wordcount") {
  using rill::UserMetricValue;
  rill::JobStatus j;
  j.id = id;
  j.name = name;
  j.state = rill::LiveState::kRunning;
  j.start_time_ms = 1'700'000'000'000;
  j.stages = {{"Read+Split", 2, {"Read", "Split"}, {}},
              {"Count+Write", 2, {"Count", "Write"}, {{0, "hash", false}}}};
  rill::StepStatus read{"Read", 0, 0, 1000, 0, 0, 1.5, 0.25, 0.25, INT64_MIN, -1, 4096};
  rill::StepStatus split{"Split", 0, 1000, 5000, 0, 2, 1.5, 0.25, 0.25, INT64_MIN, -1, -1};
  rill::StepStatus count{"Count", 1, 5000, 300, 7, 0, 3, 0.5, 0.5, 1'700'000'060'000, -1, -1};
  rill::StepStatus write{"Write", 1, 300, 300, 0, 0, 3, 0.5, 0.5, 1'700'000'060'000, -1, -1};
  j.steps = {read, split, count, write};
  j.data_watermark_age_seconds = 12.5;
  j.system_lag_seconds = 0.75;
  j.checkpoints = {{1, "COMPLETED", 1'700'000'010'000, 40, 1024, "", ""},
                   {2, "DECLINED", 1'700'000'020'000, 5, 0, "a partition was restarting", ""},
                   {3, "COMPLETED", 1'700'000'030'000, 2500, 2048, "", "/tmp/sp-3"}};
  j.checkpoints_completed = 2;
  j.checkpoints_declined = 1;
  j.checkpoint_durations_seconds = {0.04, 2.5};
  j.restarts = 1;
  j.restart_log = {"Count partition 1 failed: boom; restored checkpoint 1"};
  j.hot_keys = {{"Count", "the", 900, 3}, {"Count", "a\"b\\c", 400, 0}};
  UserMetricValue words{"Split", "words", UserMetricValue::Kind::kCounter, 5000};
  UserMetricValue lengths{"Split", "word_length", UserMetricValue::Kind::kDistribution};
  lengths.count = 5000;
  lengths.sum = 21000;
  lengths.min = 1;
  lengths.max = 17;
  UserMetricValue last{"Count", "last_count", UserMetricValue::Kind::kGauge, 42};
  last.timestamp_ms = 1'700'000'050'000;
  j.user_metrics = {words, lengths, last};
  j.refreshed_ms = 1'700'000'070'000;
  return j;
}

// A job that has ended in `state` with little to show.
inline rill::JobStatus ended_job(const std::string& id, const std::string& name,
                                 rill::LiveState state) {
  rill::JobStatus j;
  j.id = id;
  j.name = name;
  j.state = state;
  j.start_time_ms = 1'700'000'000'000;
  j.end_time_ms = 1'700'000'090'000;
  j.steps = {{"Read", 0, 0, 10}};
  j.stages = {{"Read", 1, {"Read"}, {}}};
  return j;
}

// Records every call as "cancel:REASON", "drain", "stop:DIR", "savepoint:DIR".
class RecordingControl : public rill::JobControl {
 public:
  void cancel(const std::string& reason) override { record("cancel:" + reason); }
  void drain() override { record("drain"); }
  void stop_with_savepoint(const std::string& dir) override { record("stop:" + dir); }
  void savepoint(const std::string& dir) override { record("savepoint:" + dir); }
  rill::PipelineResult wait() override { return {}; }

  std::vector<std::string> calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  void record(std::string call) {
    std::lock_guard<std::mutex> lock(mutex_);
    calls_.push_back(std::move(call));
  }
  mutable std::mutex mutex_;
  std::vector<std::string> calls_;
};

}  // namespace ops_test
