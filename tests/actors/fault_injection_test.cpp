// Faults injected through PipelineOptions::faults, through the real runner: each kind fires
// where the plan says, is named in the result, and (with checkpoints) the job recovers to
// exactly the output of a fault-free run. A lost, duplicated or reordered batch never passes
// silently: the receiving partition detects it by its sequence number.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "io/collect.hpp"
#include "rill.hpp"
#include "tests/io/test_files.hpp"

using namespace rill;
namespace fs = std::filesystem;

namespace {

using rill::io::text::testing::TempDir;

constexpr int64_t kNumbers = 12'000;

struct Run {
  std::vector<int64_t> out;
  PipelineResult result;
};

// numbers -> Pace (1 ms every 64 numbers: about 0.2 s, so that checkpoints every 20 ms
// happen) -> Tag (key n % 13) -> Group (GroupByKey) -> Ungroup -> Collect. Every number
// must come out exactly once.
Run run(const std::string& faults, int parallelism, const std::string& dir, size_t batch = 64,
        int restarts = -1) {
  std::vector<int64_t> numbers(kNumbers);
  for (int64_t i = 0; i < kNumbers; ++i) numbers[static_cast<size_t>(i)] = i;
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = batch;
  o.channel_credits = 4;
  o.restart_attempts = restarts;
  if (!dir.empty()) {
    o.checkpoint_dir = dir;
    o.checkpoint_interval = 20;
  }
  if (!faults.empty()) o.faults = testing::FaultPlan::parse(faults);
  Pipeline p{o};
  auto out = p | Create("Numbers", numbers) |
             Map("Pace",
                 [](int64_t v) {
                   if (v % 64 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
                   return v;
                 }) |
             Map("Tag",
                 [](int64_t v) {
                   return KV<int64_t, int64_t>{v % 13, v};
                 }) |
             GroupByKey("Group") |
             FlatMap("Ungroup", [](KV<int64_t, std::vector<int64_t>> kv) { return kv.value; }) |
             io::Collect("Out");
  Run r;
  r.result = p.run();
  r.out = out->values();
  std::sort(r.out.begin(), r.out.end());
  return r;
}

bool exactly_all(const std::vector<int64_t>& v) {
  if (v.size() != static_cast<size_t>(kNumbers)) return false;
  for (int64_t i = 0; i < kNumbers; ++i)
    if (v[static_cast<size_t>(i)] != i) return false;
  return true;
}

std::string restart_log(const PipelineResult& r) {
  std::string s;
  for (const auto& l : r.checkpoints.log) s += l + "\n";
  return s;
}

}  // namespace

TEST_CASE("a crash fault fires once where the plan says, and the job recovers exactly") {
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    TempDir dir;
    const auto r = run("crash:step=Ungroup,partition=0,after=1", parallelism, dir.path().string());
    INFO(r.result.summary());
    REQUIRE(r.result.state == JobState::kDone);
    REQUIRE(r.result.faults.injected.size() == 1);
    CHECK(r.result.faults.injected[0].find("crash:step=Ungroup,partition=0,after=1") == 0);
    CHECK(r.result.faults.injected[0].find("p0 failed after") != std::string::npos);
    CHECK(r.result.checkpoints.restarts == 1);
    CHECK(restart_log(r.result).find("injected fault crash:step=Ungroup") != std::string::npos);
    CHECK(r.result.faults.seed != 0);
    CHECK(exactly_all(r.out));

    TempDir dir2;
    const auto source = run("crash:step=Pace,after=3000", parallelism, dir2.path().string());
    INFO(source.result.summary());
    REQUIRE(source.result.state == JobState::kDone);
    CHECK(source.result.faults.injected.size() == 1);
    CHECK(source.result.checkpoints.restarts == 1);
    CHECK(source.result.checkpoints.restored_from > 0);  // after 3000 numbers: checkpointed
    CHECK(exactly_all(source.out));
  }
}

TEST_CASE("crashes at a checkpoint, while snapshotting, restoring and finishing recover exactly") {
  for (const char* spec : {"crash:step=Tag,at-checkpoint=2", "crash:step=Ungroup,during=snapshot",
                           "crash:step=Pace,at-checkpoint=3;crash:step=Ungroup,during=restore",
                           "crash:step=Ungroup,during=finish", "fail-checkpoint:n=2"}) {
    CAPTURE(spec);
    TempDir dir;
    const auto r = run(spec, 2, dir.path().string());
    INFO(r.result.summary());
    REQUIRE(r.result.state == JobState::kDone);
    const size_t faults = std::string(spec).find(';') != std::string::npos ? 2 : 1;
    CHECK(r.result.faults.injected.size() == faults);
    if (std::string(spec).rfind("fail-checkpoint", 0) == 0) {
      CHECK(r.result.checkpoints.declined >= 1);
      CHECK(r.result.checkpoints.restarts == 0);
    } else {
      CHECK(r.result.checkpoints.restarts == static_cast<int64_t>(faults));
    }
    CHECK(exactly_all(r.out));
  }
}

TEST_CASE("a lost, duplicated or reordered batch is detected, named, and recovered from") {
  for (const char* kind : {"drop", "duplicate", "reorder"}) {
    for (int parallelism : {1, 2, 4}) {
      CAPTURE(kind);
      CAPTURE(parallelism);
      TempDir dir;
      const std::string spec = std::string(kind) + ":edge=Tag->Group,p=0.05";
      const auto r = run(spec, parallelism, dir.path().string());
      INFO(r.result.summary());
      INFO(restart_log(r.result));
      REQUIRE(r.result.state == JobState::kDone);
      REQUIRE(r.result.faults.injected.size() == 1);
      CHECK(r.result.faults.injected[0].find(spec) == 0);
      // Detected by the receiver: the job restarted, and the log says what was wrong.
      CHECK(r.result.checkpoints.restarts == 1);
      const std::string log = restart_log(r.result);
      CHECK(log.find("on the way") != std::string::npos);
      CHECK(log.find(std::string(kind) == "duplicate" ? "duplicated" : "lost") !=
            std::string::npos);
      CHECK(exactly_all(r.out));
    }
  }
}

TEST_CASE("without checkpoints a lost batch fails the job instead of passing silently") {
  const auto r = run("drop:edge=Tag->Group,p=0.05", 2, "");
  REQUIRE(r.result.state == JobState::kFailed);
  CHECK(r.result.error.find("a batch was lost") != std::string::npos);
  REQUIRE(r.result.faults.injected.size() == 1);
  CHECK(r.result.faults.injected[0].find("drop:edge=Tag->Group") == 0);
}

TEST_CASE("a delayed channel and a slow step only slow the job down") {
  TempDir dir;
  const auto start = std::chrono::steady_clock::now();
  const auto r =
      run("delay:edge=Tag->Group,ms=3,p=0.2;slow:step=Ungroup,us=20", 2, dir.path().string());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(r.result.summary());
  REQUIRE(r.result.state == JobState::kDone);
  CHECK(r.result.checkpoints.restarts == 0);
  CHECK(r.result.faults.injected.size() == 2);  // each lasting fault reported once
  // 20 µs for each of 12,000 numbers, on 2 partitions at most in parallel: at least 0.12 s.
  CHECK(seconds >= 0.12);
  CHECK(exactly_all(r.out));
}

TEST_CASE("the same seed draws the same random faults; the plan replays from the result") {
  TempDir d1, d2;
  const std::string spec = "random:seed=9,count=3,kinds=crash+drop+duplicate,max-after=3000";
  const auto a = run(spec, 2, d1.path().string());
  const auto b = run(spec, 2, d2.path().string());
  INFO(a.result.summary());
  INFO(b.result.summary());
  CHECK(a.result.faults.plan == b.result.faults.plan);
  CHECK(a.result.faults.plan.find("seed=") == 0);
  REQUIRE(a.result.state == JobState::kDone);
  REQUIRE(b.result.state == JobState::kDone);
  auto fired = [](const PipelineResult& r) {
    std::vector<std::string> v;
    for (const auto& l : r.faults.injected) v.push_back(l.substr(0, l.find(": ")));
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(fired(a.result) == fired(b.result));
  CHECK(exactly_all(a.out));
  CHECK(exactly_all(b.out));
  // The plan as run replays: the same faults, without the random entry.
  const auto replay = testing::FaultPlan::parse(a.result.faults.plan);
  CHECK(replay.random().empty());
  CHECK(replay.faults().size() == 3);
  CHECK(replay.seed() == a.result.faults.seed);
}

TEST_CASE("a fault that does not fit the job is refused before it starts, named") {
  auto refusal = [](const std::string& spec) -> std::string {
    try {
      run(spec, 2, "");
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  CHECK(refusal("crash:step=Nope,after=3").find("no step 'Nope'") != std::string::npos);
  CHECK(refusal("drop:edge=Numbers->Ungroup").find("no channel runs from 'Numbers'") !=
        std::string::npos);
  CHECK(refusal("kill-worker:worker=0,after-ms=10").find("multi-process") != std::string::npos);
}
