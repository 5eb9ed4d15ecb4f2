// The live view of a running job (graph/job_status.hpp) as the registry (ops/job_registry.hpp)
// serves it: states, counters that grow and never go down, activity, watermarks, backlog, hot
// keys, checkpoints, restarts; and steering through the registry's control.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "io/collect.hpp"
#include "ops/job_registry.hpp"
#include "rill.hpp"
#include "tests/actors/registry_wait.hpp"
#include "tests/actors/tick_source.hpp"

using namespace rill;
using rill::test::wait_for_job;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& tag)
      : path(fs::temp_directory_path() /
             ("rill-status-" + tag + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

std::vector<int64_t> numbers(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
  return v;
}

// The step's status; an empty one (and a failed check) if the job has no such step.
const StepStatus& step_of(const JobStatus& s, const std::string& name) {
  static const StepStatus none;
  for (const auto& st : s.steps)
    if (st.step == name) return st;
  std::string names;
  for (const auto& st : s.steps) names += " " + st.step;
  FAIL_CHECK("no step " << name << " among" << names);
  return none;
}

// Cancels a job the test left running (a failed check), so that the test ends.
struct CancelAtExit {
  PipelineHandle& job;
  ~CancelAtExit() { job.cancel("the test ended"); }
};

}  // namespace

TEST_CASE("a running job's status: RUNNING, counters that grow, activity, backlog; then DONE") {
  PipelineOptions o;
  o.parallelism = 2;
  o.batch_size = 16;
  o.metrics_interval = 50;
  o.job_name = "status-running";
  Pipeline p{o};
  p | Create("Nums", numbers(4000)) | Map("Slow", [](int64_t x) {
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    return x;
  }) | Filter("Even", [](int64_t x) {
    return x % 2 == 0;
  }) | io::Collect("Out");
  PipelineHandle job = p.start();
  CancelAtExit guard{job};
  JobStatus s = wait_for_job(o.job_name, [](const JobStatus& s) {
    for (const auto& st : s.steps)
      if (st.step == "Slow" && st.elements_in > 0) return true;
    return false;
  });
  CHECK(s.state == LiveState::kRunning);
  CHECK(!s.id.empty());
  CHECK(s.start_time_ms > 0);
  REQUIRE(s.stages.size() >= 2);
  // Every step is listed, and each stage's steps are named.
  for (const char* name : {"Nums", "Slow", "Even", "Out"}) CHECK(step_of(s, name).stage >= 0);
  int64_t last_in = 0;
  bool grew = false;
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    s = wait_for_job(o.job_name);
    const int64_t in = step_of(s, "Slow").elements_in;
    CHECK(in >= last_in);  // a counter never goes down
    grew = grew || in > last_in;
    last_in = in;
  }
  CHECK(grew);
  const auto& slow = step_of(s, "Slow");
  CHECK(slow.busy_seconds > 0);
  CHECK(slow.busy_seconds + slow.backpressured_seconds + slow.idle_seconds > 0.5);
  // The source's backlog: what Create has not read yet.
  const auto& nums = step_of(s, "Nums");
  CHECK(nums.backlog_elements >= 0);
  CHECK(nums.backlog_elements < 4000);
  CHECK(nums.backlog_bytes == -1);
  const PipelineResult r = job.wait();
  REQUIRE(r.state == JobState::kDone);
  const JobStatus end = wait_for_job(o.job_name);
  CHECK(end.state == LiveState::kDone);
  CHECK(end.end_time_ms >= end.start_time_ms);
  // The last view holds the final counts.
  for (const auto& c : r.steps) {
    CHECK(step_of(end, c.step).elements_in == c.elements_in);
    CHECK(step_of(end, c.step).elements_out == c.elements_out);
  }
  CHECK(step_of(end, "Nums").backlog_elements == 0);
  CHECK(process_jobs().control(end.id) == nullptr);  // an ended job cannot be steered
}

TEST_CASE("drain through the registry: DRAINING, then DRAINED with every window emitted") {
  PipelineOptions o;
  o.parallelism = 2;
  o.metrics_interval = 50;
  o.job_name = "status-drain";
  Pipeline p{o};
  auto out = p | test::Ticks{"Ticks"} | WindowInto("Window", FixedWindows(100)) |
             Map("Key",
                 [](int64_t x) {
                   return KV<int64_t, int64_t>{x % 3, 1};
                 }) |
             CombinePerKey("Count", combine::Sum<int64_t>{});
  auto got = out | io::Collect("Out");
  PipelineHandle job = p.start();
  CancelAtExit guard{job};
  JobStatus s = wait_for_job(o.job_name, [](const JobStatus& s) {
    return step_of(s, "Count/Merge").elements_in > 200 &&
           step_of(s, "Count/Merge").input_watermark_ms != INT64_MIN;
  });
  CHECK(s.state == LiveState::kRunning);
  CHECK(step_of(s, "Ticks").backlog_elements == -1);  // unbounded: unknown
  CHECK(step_of(s, "Count/Merge").input_watermark_ms > 0);
  CHECK(s.data_watermark_age_seconds > 0);  // event time here is ms since 1970
  auto control = process_jobs().control(s.id);
  REQUIRE(control != nullptr);
  control->drain();
  const PipelineResult r = job.wait();
  CHECK(r.state == JobState::kDrained);
  const JobStatus end = wait_for_job(o.job_name);
  CHECK(end.state == LiveState::kDrained);
  // Every element read was counted into a window that fired.
  int64_t total = 0;
  for (const auto& kv : got->values()) total += kv.value;
  CHECK(total == step_of(end, "Ticks").elements_out);
  CHECK(total > 0);
}

TEST_CASE("cancel through the registry ends the job CANCELLED") {
  PipelineOptions o;
  o.parallelism = 1;
  o.metrics_interval = 50;
  o.job_name = "status-cancel";
  Pipeline p{o};
  p | test::Ticks{"Ticks"} | io::Collect("Out");
  PipelineHandle job = p.start();
  CancelAtExit guard{job};
  JobStatus s = wait_for_job(
      o.job_name, [](const JobStatus& s) { return step_of(s, "Ticks").elements_out > 0; });
  auto control = process_jobs().control(s.id);
  REQUIRE(control != nullptr);
  control->cancel("from the registry");
  const PipelineResult r = job.wait();
  CHECK(r.state == JobState::kCancelled);
  const JobStatus end = wait_for_job(o.job_name);
  CHECK(end.state == LiveState::kCancelled);
  CHECK(end.error.find("from the registry") != std::string::npos);
}

// A GroupByKey: its edge carries every element (a combine's carries partial accumulators, one
// per key and bundle, so a hot key is no hotter there).
TEST_CASE("hot keys: the keyed step's most frequent key is reported with about its count") {
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    PipelineOptions o;
    o.parallelism = parallelism;
    o.metrics_interval = 50;
    o.job_name = "status-hot-" + std::to_string(parallelism);
    Pipeline p{o};
    // Half the elements have key 7; the rest are spread over 10000 keys.
    p | Create("Nums", numbers(200000)) |
        Map("Key",
            [](int64_t x) {
              return KV<int64_t, int64_t>{x % 2 ? 7 : 1000 + x % 10000, 1};
            }) |
        GroupByKey("Group") | io::Collect("Out");
    REQUIRE(p.run().state == JobState::kDone);
    const JobStatus end = wait_for_job(o.job_name);
    REQUIRE(!end.hot_keys.empty());
    const HotKey& top = end.hot_keys.front();
    CHECK(top.step == "Group");
    CHECK(top.key == "7");
    CHECK(top.count > 70000);  // 100000 expected; sampled 1 in 64
    CHECK(top.count < 130000);
  }
}

TEST_CASE("checkpoints, a triggered savepoint and a restart appear in the status") {
  TempDir dir("ckpt");
  PipelineOptions o;
  o.parallelism = 2;
  o.metrics_interval = 50;
  o.checkpoint_dir = (dir.path / "ckpt").string();
  o.checkpoint_interval = 100;
  o.job_name = "status-ckpt";
  o.faults = testing::FaultPlan::parse("crash:step=Sum/Merge,partition=0,at-checkpoint=3");
  Pipeline p{o};
  p | test::Ticks{"Ticks"} |
      Map("Key",
          [](int64_t x) {
            return KV<int64_t, int64_t>{x % 5, x};
          }) |
      CombinePerKey("Sum", combine::Sum<int64_t>{}) | io::Collect("Out");
  PipelineHandle job = p.start();
  CancelAtExit guard{job};
  // Counters sampled across the restart never go down.
  int64_t last = 0;
  bool monotonic = true;
  JobStatus s = wait_for_job(o.job_name, [&](const JobStatus& s) {
    const int64_t n = step_of(s, "Ticks").elements_out;
    monotonic = monotonic && n >= last;
    last = n;
    return s.restarts >= 1 && s.state == LiveState::kRunning && s.checkpoints_completed >= 4;
  });
  CHECK(monotonic);
  CHECK(s.restarts == 1);
  REQUIRE(s.restart_log.size() == 1);
  CHECK(s.restart_log[0].find("Sum") != std::string::npos);
  REQUIRE(!s.checkpoints.empty());
  const CheckpointRecord& c = s.checkpoints.back();
  CHECK(c.status == "COMPLETED");
  CHECK(c.size_bytes > 0);
  CHECK(c.started_ms > 0);
  CHECK(s.checkpoint_durations_seconds.size() == static_cast<size_t>(s.checkpoints_completed));
  // A triggered savepoint: written to its directory, and the job goes on.
  const std::string sp = (dir.path / "sp").string();
  job.savepoint(sp);
  s = wait_for_job(o.job_name, [&](const JobStatus& s) {
    for (const auto& c : s.checkpoints)
      if (c.savepoint == sp) return true;
    return false;
  });
  CHECK(fs::exists(fs::path(sp) / "_metadata"));
  CHECK(s.state == LiveState::kRunning);
  job.drain();
  CHECK(job.wait().state == JobState::kDrained);
}

TEST_CASE("user metrics are live in the status while the job runs, and final at its end") {
  PipelineOptions o;
  o.parallelism = 2;
  o.batch_size = 16;
  o.metrics_interval = 50;
  o.job_name = "status-user-metrics";
  Pipeline p{o};
  p | Create("Nums", numbers(3000)) | Map("Slow", [](int64_t x, Metrics& m) {
    std::this_thread::sleep_for(std::chrono::microseconds(500));
    m.counter("seen").inc();
    m.distribution("value").update(x);
    return x;
  }) | io::Collect("Out");
  PipelineHandle job = p.start();
  CancelAtExit guard{job};
  auto seen = [](const JobStatus& s) -> int64_t {
    for (const auto& m : s.user_metrics)
      if (m.step == "Slow" && m.name == "seen") return m.value;
    return -1;
  };
  const JobStatus running =
      wait_for_job(o.job_name, [&](const JobStatus& s) { return seen(s) > 0; });
  CHECK(running.state == LiveState::kRunning);
  CHECK(seen(running) > 0);
  CHECK(seen(running) < 3000);
  REQUIRE(job.wait().state == JobState::kDone);
  const JobStatus end = wait_for_job(o.job_name);
  CHECK(seen(end) == 3000);
  for (const auto& m : end.user_metrics)
    if (m.name == "value") {
      CHECK(m.kind == UserMetricValue::Kind::kDistribution);
      CHECK(m.count == 3000);
      CHECK(m.min == 0);
      CHECK(m.max == 2999);
    }
}
