// JobStatus as JSON: the keys the REST API promises, null watermarks, kinds as names, and a
// round trip that gives back every field.
#include <doctest/doctest.h>

#include "ops/job_json.hpp"
#include "tests/ops/sample_jobs.hpp"

using nlohmann::json;
using namespace rill;

TEST_CASE("a job's JSON has the C++ field names, its state by name and null for no watermark") {
  const JobStatus job = ops_test::running_job();
  const json j = job;
  CHECK(j["id"] == "job-1");
  CHECK(j["name"] == "wordcount");
  CHECK(j["state"] == "RUNNING");
  CHECK(j["start_time_ms"] == 1'700'000'000'000);
  CHECK(j["end_time_ms"] == 0);
  for (const char* key : {"error", "stages", "steps", "data_watermark_age_seconds",
                          "system_lag_seconds", "checkpoints", "checkpoints_completed",
                          "checkpoints_declined", "checkpoint_durations_seconds", "restarts",
                          "restart_log", "hot_keys", "user_metrics", "refreshed_ms"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j.size() == 19);

  const json& read = j["steps"][0];
  CHECK(read["step"] == "Read");
  CHECK(read["input_watermark_ms"].is_null());
  CHECK(read["backlog_elements"] == -1);
  CHECK(read["backlog_bytes"] == 4096);
  CHECK(j["steps"][2]["input_watermark_ms"] == 1'700'000'060'000);
  CHECK(j["steps"][2]["busy_seconds"] == 3.0);

  CHECK(j["stages"][1]["name"] == "Count+Write");
  CHECK(j["stages"][1]["inputs"][0] == json{{"from_stage", 0}, {"kind", "hash"}, {"side", false}});
  CHECK(j["checkpoints"][1]["status"] == "DECLINED");
  CHECK(j["checkpoints"][1]["reason"] == "a partition was restarting");
  CHECK(j["checkpoints"][2]["savepoint"] == "/tmp/sp-3");
  CHECK(j["hot_keys"][0] == json{{"step", "Count"}, {"key", "the"}, {"count", 900}, {"error", 3}});
  CHECK(j["user_metrics"][0]["kind"] == "counter");
  CHECK(j["user_metrics"][1]["kind"] == "distribution");
  CHECK(j["user_metrics"][1]["max"] == 17);
  CHECK(j["user_metrics"][2]["kind"] == "gauge");
  CHECK(j["user_metrics"][2]["timestamp_ms"] == 1'700'000'050'000);
}

TEST_CASE("a job goes to JSON text and back unchanged") {
  const JobStatus job = ops_test::running_job();
  const JobStatus back = job_status_from_json(json::parse(dump_json(job)));
  // Equal JSON for equal fields: every field is in the JSON (the first case).
  CHECK(json(back) == json(job));
  CHECK(back.steps[0].input_watermark_ms == INT64_MIN);
  CHECK(back.steps[2].input_watermark_ms == 1'700'000'060'000);
  CHECK(back.steps[0].backlog_elements == -1);
  CHECK(back.user_metrics[1].kind == UserMetricValue::Kind::kDistribution);
  CHECK(back.stages[1].inputs[0].kind == "hash");
  CHECK(back.checkpoint_durations_seconds == job.checkpoint_durations_seconds);
  CHECK(back.restart_log == job.restart_log);

  for (auto state :
       {LiveState::kRunning, LiveState::kDraining, LiveState::kRestarting, LiveState::kDone,
        LiveState::kFailed, LiveState::kCancelled, LiveState::kDrained, LiveState::kStopped}) {
    JobStatus s = ops_test::ended_job("x", "y", state);
    CHECK(job_status_from_json(json(s)).state == state);
  }
}

TEST_CASE("a summary has the list's five keys and parses into a job") {
  const JobStatus done = ops_test::ended_job("job-2", "etl", LiveState::kDone);
  const json s = job_summary_json(done);
  CHECK(s == json{{"id", "job-2"},
                  {"name", "etl"},
                  {"state", "DONE"},
                  {"start_time_ms", 1'700'000'000'000},
                  {"end_time_ms", 1'700'000'090'000}});
  const JobStatus back = job_status_from_json(s);
  CHECK(back.id == "job-2");
  CHECK(back.state == LiveState::kDone);
  CHECK(back.end_time_ms == 1'700'000'090'000);
  CHECK(back.steps.empty());
  CHECK(back.data_watermark_age_seconds == -1);
}

TEST_CASE("ill-formed job JSON is refused with a reason") {
  CHECK_THROWS_WITH_AS(job_status_from_json(json{{"state", "SLEEPING"}}),
                       doctest::Contains("unknown job state 'SLEEPING'"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(job_status_from_json(json{{"start_time_ms", "yesterday"}}),
                       doctest::Contains("ill-formed job JSON"), std::invalid_argument);
  CHECK_THROWS_AS(job_status_from_json(json::array()), std::invalid_argument);
  json bad_kind = json(ops_test::running_job());
  bad_kind["user_metrics"][0]["kind"] = "histogram";
  CHECK_THROWS_WITH_AS(job_status_from_json(bad_kind), doctest::Contains("histogram"),
                       std::invalid_argument);
  CHECK(live_state_from_string("DRAINED") == LiveState::kDrained);
  CHECK(!live_state_from_string("running"));
}

TEST_CASE("bytes that are not UTF-8 in a hot key do not break the JSON text") {
  JobStatus job = ops_test::running_job();
  job.hot_keys[0].key = std::string("k\xff\xfe", 3);
  const json back = json::parse(dump_json(job));
  CHECK(back["hot_keys"][0]["key"] == "k\xEF\xBF\xBD\xEF\xBF\xBD");
}
