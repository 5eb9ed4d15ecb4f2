// The fault plan's text form: parsing, errors that name the fault and key, the canonical
// text, and random plans that are the same for the same seed.
#include <doctest/doctest.h>

#include "graph/testing/fault_plan.hpp"

using namespace rill::testing;

namespace {
std::string error_of(const std::string& spec) {
  try {
    FaultPlan::parse(spec);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

FaultTargets targets() {
  FaultTargets t;
  t.steps = {"Read", "Parse", "Count", "Write"};
  t.edges = {{"Parse", "Count"}, {"Count", "Write"}};
  t.parallelism = 3;
  return t;
}
}  // namespace

TEST_CASE("every fault kind parses and prints back the same") {
  const std::string spec =
      "crash:step=Count,partition=1,after=500; crash:step=Parse,at-checkpoint=2;"
      "crash:step=Parse,during=restore;kill-worker:worker=1,after-ms=300;"
      "pause-worker:worker=0,after-ms=10,for-ms=2000;delay:edge=Parse->Count,ms=5,p=0.5;"
      "drop:edge=Parse->Count,p=0.01;duplicate:edge=Count->Write;reorder:edge=Parse->Count,p=0.1;"
      "partition:nodes=0/1,after-ms=100,for-ms=300;fail-checkpoint:n=3;slow:step=Parse,us=20";
  const FaultPlan plan = FaultPlan::parse(spec);
  REQUIRE(plan.faults().size() == 12);
  CHECK(plan.faults()[0].kind == FaultKind::kCrash);
  CHECK(plan.faults()[0].partition == 1);
  CHECK(plan.faults()[0].after == 500);
  CHECK(plan.faults()[1].point == CrashPoint::kAtCheckpoint);
  CHECK(plan.faults()[1].checkpoint == 2);
  CHECK(plan.faults()[1].partition == 0);
  CHECK(plan.faults()[2].point == CrashPoint::kDuringRestore);
  CHECK(plan.faults()[4].for_ms == 2000);
  CHECK(plan.faults()[5].from == "Parse");
  CHECK(plan.faults()[5].to == "Count");
  CHECK(plan.faults()[5].p == doctest::Approx(0.5));
  CHECK(plan.faults()[7].p == 1.0);
  CHECK(plan.faults()[9].node_b == 1);
  CHECK(plan.faults()[10].checkpoint == 3);
  CHECK(plan.faults()[11].us == 20);
  CHECK(plan.faults()[5].lasting());
  CHECK_FALSE(plan.faults()[6].lasting());
  const FaultPlan again = FaultPlan::parse(plan.text());
  CHECK(again.text() == plan.text());
  CHECK(FaultPlan::parse("seed=77;drop:edge=A->B").seed() == 77);
}

TEST_CASE("a bad fault is refused naming the fault and what is wrong") {
  CHECK(error_of("crash:step=Count") ==
        "fault 'crash:step=Count': give exactly one of after=, at-checkpoint=, during=");
  CHECK(error_of("explode:step=X").find("unknown fault kind 'explode'") != std::string::npos);
  CHECK(error_of("drop:edge=AB").find("edge=AB is not FROM->TO") != std::string::npos);
  CHECK(error_of("drop:edge=A->B,p=2").find("p=2 is not a probability") != std::string::npos);
  CHECK(error_of("delay:edge=A->B").find("missing ms=") != std::string::npos);
  CHECK(error_of("slow:step=A,us=x").find("us=x is not an integer") != std::string::npos);
  CHECK(error_of("slow:step=A,us=5,colour=red").find("unknown key 'colour'") != std::string::npos);
  CHECK(error_of("crash:step=A,after=0").find("out of range") != std::string::npos);
  CHECK(error_of("partition:nodes=1/1,after-ms=1,for-ms=1").find("two different") !=
        std::string::npos);
  CHECK(error_of("crash:step=A,during=lunch").find("during=lunch") != std::string::npos);
}

TEST_CASE("names are checked against the job") {
  auto check_error = [](const std::string& spec, FaultTargets t) -> std::string {
    try {
      FaultPlan::parse(spec).check(t);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  CHECK(check_error("crash:step=Count,after=5", targets()).empty());
  CHECK(check_error("crash:step=Nope,after=5", targets()).find("no step 'Nope'") !=
        std::string::npos);
  CHECK(check_error("crash:step=Count,partition=3,after=5", targets()).find("runs 3 partitions") !=
        std::string::npos);
  CHECK(check_error("drop:edge=Read->Write", targets()).find("no channel runs from 'Read'") !=
        std::string::npos);
  CHECK(check_error("kill-worker:worker=0,after-ms=5", targets()).find("multi-process") !=
        std::string::npos);
  FaultTargets cluster = targets();
  cluster.workers = 2;
  CHECK(check_error("kill-worker:worker=1,after-ms=5", cluster).empty());
  CHECK(check_error("kill-worker:worker=2,after-ms=5", cluster).find("has 2 workers") !=
        std::string::npos);
}

TEST_CASE("a random plan is the same for the same seed and names only what the job has") {
  const FaultPlan plan = FaultPlan::parse("random:seed=42,count=20");
  const FaultPlan a = plan.resolved(targets()), b = plan.resolved(targets());
  CHECK(a.faults().size() == 20);
  CHECK(a.text().substr(a.text().find(';')) == b.text().substr(b.text().find(';')));
  CHECK_NOTHROW(a.check(targets()));
  const FaultPlan c = FaultPlan::parse("random:seed=43,count=20").resolved(targets());
  CHECK(c.text().substr(c.text().find(';')) != a.text().substr(a.text().find(';')));
  // A drawn seed is kept: the resolved plan replays itself.
  const FaultPlan again = FaultPlan::parse(a.text()).resolved(targets());
  CHECK(again.text() == a.text());
  // One process: no process faults are drawn even when asked for.
  const FaultPlan local =
      FaultPlan::parse("random:seed=1,count=10,kinds=kill-worker+crash").resolved(targets());
  for (const auto& f : local.faults()) CHECK(f.kind == FaultKind::kCrash);
}

TEST_CASE("fault dice repeat for the same seed and differ across channels") {
  FaultDice a(7, 1, 0, 3), b(7, 1, 0, 3), c(7, 1, 0, 4);
  int same = 0, hits = 0;
  for (int i = 0; i < 1000; ++i) {
    const double x = a.next();
    CHECK(x == b.next());
    same += x == c.next();
    hits += x < 0.1;
  }
  CHECK(same < 5);
  CHECK(hits > 50);
  CHECK(hits < 150);
}
