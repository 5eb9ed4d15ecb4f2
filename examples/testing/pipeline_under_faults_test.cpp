// Testing your own pipeline under faults with doctest: the order totals of order_totals.hpp,
// run in this process with faults injected into the run itself (PipelineOptions::faults).
// Copy a TEST_CASE, build your pipeline instead of order_totals(), and name your own steps
// and edges in the plans (`rill plan` and PipelineResult::summary() show the names).
//   a crashed step      the job restarts from its latest checkpoint; the output is a
//                       fault-free run's, and every order is counted exactly once
//   a dropped batch     detected by the channel's sequence numbers: a restart, or, without
//                       checkpoints, a failed job (never silently wrong totals)
//   seeds               random faults and a deterministic schedule replay a run exactly;
//                       check_determinism runs the job under varied settings
// Killing a worker needs several processes: see README.md here.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "examples/testing/order_totals.hpp"
#include "io/check_determinism.hpp"
#include "io/collect.hpp"
#include "io/exactly_once_check.hpp"
#include "io/testing/compare_under_faults.hpp"
#include "rill.hpp"

using namespace rill;
using rill::examples::testing::Order;
using rill::examples::testing::order_totals;

namespace {

constexpr uint64_t kOrders = 6000;

// Orders 0..kOrders-1 from 11 customers, 50 ms apart: 5 minutes of event time.
std::vector<std::string> order_lines() {
  std::vector<std::string> lines;
  for (uint64_t i = 0; i < kOrders; ++i)
    lines.push_back(std::to_string(i) + ",customer-" + std::to_string(i * 7 % 11) + "," +
                    std::to_string(100 + i * 37 % 900) + "," + std::to_string(i * 50));
  return lines;
}

PCollection<std::string> totals(Pipeline& p) {
  return order_totals(p | Create("Orders", order_lines())).totals;
}

// A checkpoint directory of the test's own (a job that ends DONE deletes its checkpoints).
struct CheckpointDir {
  std::string path =
      (std::filesystem::temp_directory_path() /
       ("orders-under-faults-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
          .string();
  ~CheckpointDir() { std::filesystem::remove_all(path); }
  static inline int counter = 0;
};

PipelineOptions with_checkpoints(const std::string& dir) {
  PipelineOptions o;
  o.parallelism = 2;
  o.batch_size = 100;
  o.checkpoint_dir = dir;
  o.checkpoint_interval = 20;  // ms: a few checkpoints before the crash
  return o;
}

std::string restart_log(const PipelineResult& r) {
  std::string s;
  for (const auto& line : r.checkpoints.log) s += line + "\n";
  return s;
}

}  // namespace

TEST_CASE("a step crashes: one restart from a checkpoint, the totals of a fault-free run") {
  CheckpointDir dir;
  // Partition 1 of Parse fails once it has taken 2000 orders (of its 3000). `slow` makes
  // parsing take 50 us more per order, so that checkpoints complete before the crash.
  const auto plan =
      testing::FaultPlan::parse("slow:step=Parse,us=50;crash:step=Parse,partition=1,after=2000");
  std::vector<std::shared_ptr<io::ExactlyOnceIds>> checks;  // fault-free run, then faulty run
  const auto cmp = testing::compare_under_faults(
      [&](Pipeline& p) {
        auto out = order_totals(p | Create("Orders", order_lines()));
        checks.push_back(out.orders |
                         io::ExactlyOnceCheck<Order>("EachOrderOnce", [](const Order& o) {
                           return o.id;
                         }).expect_range(0, kOrders));
        return out.totals;
      },
      with_checkpoints(dir.path), plan);

  // Both runs DONE with equal totals (as multisets); describe() says what differs if not.
  CHECK_MESSAGE(cmp.ok(), cmp.describe());
  const PipelineResult& r = cmp.under_faults;
  REQUIRE_MESSAGE(r.state == JobState::kDone, r.summary());
  CHECK(r.checkpoints.restarts == 1);
  CHECK(restart_log(r).find("injected fault crash:step=Parse") != std::string::npos);
  REQUIRE(r.faults.injected.size() == 2);  // the slow step (reported once) and the crash
  CHECK(std::any_of(r.faults.injected.begin(), r.faults.injected.end(), [](const auto& line) {
    return line.rfind("crash:step=Parse,partition=1,after=2000", 0) == 0;
  }));
  MESSAGE("restored checkpoint " << r.checkpoints.restored_from << "; " << restart_log(r));

  // Exactly once: after the restart every order reached the sink once, none twice.
  REQUIRE(checks.size() == 2);
  const io::ExactlyOnceTally t = checks[1]->tally();
  CHECK_MESSAGE(t.ok(), t.report());
  CHECK(t.lost == 0);
  CHECK(t.duplicated == 0);
  CHECK(t.seen == kOrders);
}

TEST_CASE("a dropped batch is detected by its sequence number and recovered from") {
  // The first batch across the shuffle of Sum is lost: from Sum/Partial (the combine before
  // the shuffle, fused with Parse) to Sum/Merge (after it; `rill plan` shows such names). Its
  // receiver sees a gap in the channel's numbering and fails, retryable.
  const auto drop = testing::FaultPlan::parse("drop:edge=Sum/Partial->Sum/Merge");

  SUBCASE("with checkpoints: a restart, and the right totals") {
    CheckpointDir dir;
    const auto cmp = testing::compare_under_faults(totals, with_checkpoints(dir.path), drop);
    CHECK_MESSAGE(cmp.ok(), cmp.describe());
    CHECK(cmp.under_faults.checkpoints.restarts == 1);
    CHECK(restart_log(cmp.under_faults).find("lost") != std::string::npos);
  }
  SUBCASE("without checkpoints: the job fails rather than publish wrong totals") {
    PipelineOptions o;
    o.parallelism = 2;
    o.faults = drop;
    Pipeline p{o};
    totals(p) | io::Collect("Out");
    const PipelineResult r = p.run();
    CHECK(r.state == JobState::kFailed);
    CHECK_MESSAGE(r.error.find("a batch was lost") != std::string::npos, r.error);
  }
}

TEST_CASE("a seed replays a run: random faults under a deterministic schedule") {
  struct Run {
    PipelineResult result;
    std::vector<std::string> totals;
  };
  auto run = [](const std::string& faults) {
    CheckpointDir dir;
    PipelineOptions o = with_checkpoints(dir.path);
    o.deterministic_seed = 11;  // one thread, messages in an order drawn from the seed
    o.checkpoint_interval = 1;  // virtual ms in deterministic mode (50 us per message)
    if (!faults.empty()) o.faults = testing::FaultPlan::parse(faults);
    Pipeline p{o};
    auto out = totals(p) | io::Collect("Out");
    Run r{p.run(), out->values()};
    std::sort(r.totals.begin(), r.totals.end());
    return r;
  };
  // Two faults drawn from seed 6: crashes and dropped batches anywhere in the job (here a
  // crash of Minute while it writes a checkpoint, and one of Parse after 1056 orders).
  const std::string spec = "random:seed=6,count=2,kinds=crash+drop,max-after=2000";
  const Run clean = run("");
  const Run a = run(spec);
  const Run b = run(spec);
  REQUIRE_MESSAGE(a.result.state == JobState::kDone, a.result.summary());
  REQUIRE_MESSAGE(b.result.state == JobState::kDone, b.result.summary());
  // The plan as run names the faults the seed drew: pass it to --faults= (or
  // FaultPlan::parse) to replay a failure found by a random plan.
  MESSAGE("plan as run: " << a.result.faults.plan);
  CHECK(a.result.faults.plan == b.result.faults.plan);
  CHECK(a.result.faults.injected.size() == 2);  // what seed 6 draws fires (not every draw does)
  CHECK(a.result.faults.injected == b.result.faults.injected);
  CHECK(a.result.checkpoints.restarts == 2);
  CHECK(b.result.checkpoints.restarts == 2);
  CHECK(a.totals == clean.totals);
  CHECK(b.totals == clean.totals);
}

TEST_CASE("check_determinism: the totals do not depend on parallelism, batching or timing") {
  const auto report = testing::check_determinism(totals, PipelineOptions{}, /*runs=*/4,
                                                 /*seed=*/uint64_t{2024});
  CHECK_MESSAGE(report.deterministic, report.describe());
}
