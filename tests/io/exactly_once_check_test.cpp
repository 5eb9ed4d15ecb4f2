// io::ExactlyOnceCheck and testing::compare_under_faults: the counts and the report, a job
// that recovers exactly once from a checkpoint, and steps that do not (both tools must say so).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "io/exactly_once_check.hpp"
#include "io/testing/compare_under_faults.hpp"
#include "rill.hpp"
#include "test_files.hpp"

using namespace rill;
namespace fs = std::filesystem;

namespace {

// An element with an id.
struct Event {
  uint64_t id = 0;
  std::string payload;
  template <class A>
  void serialize(A& ar) {
    ar(id, payload);
  }
};

}  // namespace

TEST_CASE("ExactlyOnceCheck's tally: lost, duplicated and unexpected ids, and its report") {
  io::IdSet expected;
  expected.add_range(0, 10).add({100, 200, 9});
  CHECK(expected.size() == 12);
  CHECK(expected.contains(9));
  CHECK(!expected.contains(10));
  CHECK(expected.contains(200));

  // Two partitions' shares: 3 and 200 never come, 5 comes three times, 300 twice.
  io::ExactlyOnceIds ids("Check", expected);
  ids.set_share(0, {0, 1, 2, 4, 5, 5, 300});
  ids.set_share(1, {6, 7, 8, 9, 100, 5, 300});
  const auto t = ids.tally();
  CHECK(t.expected == 12);
  CHECK(t.seen == 14);
  CHECK(t.lost == 2);
  CHECK(t.lost_examples == std::vector<uint64_t>{3, 200});
  CHECK(t.duplicated == 2);
  CHECK(t.duplicated_examples == std::vector<uint64_t>{5});
  CHECK(t.unexpected == 2);
  CHECK(t.unexpected_examples == std::vector<uint64_t>{300});
  CHECK(!t.ok());
  CHECK(t.seen == t.expected - t.lost + t.duplicated + t.unexpected);
  CHECK(ids.report() ==
        "exactly-once check 'Check': 12 expected, 14 seen, lost 2 (e.g. 3, 200), duplicated 2 "
        "(e.g. 5), unexpected 2 (e.g. 300)");

  // Every id once.
  ids.set_share(0, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  ids.set_share(1, {200, 100});
  CHECK(ids.ok());
  CHECK(ids.report() == "exactly-once check 'Check': 12 expected, 12 seen, lost 0, duplicated 0");

  // At most five examples of each kind, the smallest.
  io::IdSet big;
  big.add_range(0, 1'000'000);
  const auto many = io::tally_ids("Big", &big, {999'999, 3, 3, 3, 1, 1});
  CHECK(many.lost == 999'997);
  CHECK(many.lost_examples == std::vector<uint64_t>{0, 2, 4, 5, 6});
  CHECK(many.duplicated == 3);
  CHECK(many.duplicated_examples == std::vector<uint64_t>{1, 3});

  // Without an expected set only duplicates count.
  const auto any = io::tally_ids("Any", nullptr, {7, 7, 8, 1'000'000});
  CHECK(any.duplicated == 1);
  CHECK(any.lost == 0);
  CHECK(any.unexpected == 0);
  CHECK(any.report() == "exactly-once check 'Any': any ids, 4 seen, duplicated 1 (e.g. 7)");

  CHECK_THROWS_AS(io::IdSet{}.add_range(5, 4), std::invalid_argument);
}

TEST_CASE("ExactlyOnceCheck through the runner: ids of elements and of integral values") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    PipelineOptions o;
    o.parallelism = p;
    o.workers = 2;
    Pipeline pipe{o};
    auto ids = pipe | Create("Ids", std::vector<uint64_t>{0, 1, 2, 2, 3, 7});
    auto plain = ids | io::ExactlyOnceCheck<uint64_t>("Plain").expect_range(0, 5);
    auto tagged = ids |
                  Map("Tag",
                      [](uint64_t id) {
                        return Event{id * 10, "t"};
                      }) |
                  Reshuffle("Spread") | io::ExactlyOnceCheck<Event>("Tagged", [](const Event& t) {
                                          return t.id;
                                        }).expect({0, 10, 20, 30, 70});
    const auto result = pipe.run();
    REQUIRE_MESSAGE(result.ok(), result.summary());
    CHECK(plain->report() ==
          "exactly-once check 'Plain': 5 expected, 6 seen, lost 1 (e.g. 4), duplicated 1 (e.g. "
          "2), unexpected 1 (e.g. 7)");
    CHECK(tagged->seen() == 6);
    CHECK(tagged->lost() == 0);
    CHECK(tagged->duplicated() == 1);
    CHECK(tagged->unexpected() == 0);
    CHECK(!tagged->ok());
    // The result reports both checks, in the order they were added, and its summary shows them.
    REQUIRE(result.checks.size() == 2);
    CHECK(result.checks[0].step == "Plain");
    CHECK(result.checks[0].text == plain->report());
    CHECK(!result.checks[0].ok);
    CHECK(result.checks[1].duplicated == 1);
    CHECK(result.checks[1].lost == 0);
    CHECK(result.summary().find(plain->report()) != std::string::npos);
  }
}

namespace {

// compare_under_faults on an element type without an order or operator<<.
struct Opaque {
  int v = 0;
  bool operator==(const Opaque&) const = default;
};

}  // namespace

TEST_CASE("compare_under_faults' comparison: multisets, and the first difference as text") {
  testing::FaultComparison c;
  testing::detail::compare_outputs(std::vector<int>{3, 1, 2, 2}, std::vector<int>{2, 1, 3, 2}, c);
  CHECK(c.equal);
  CHECK(c.first_difference.empty());

  testing::FaultComparison d;
  testing::detail::compare_outputs(std::vector<int>{3, 1, 2, 2}, std::vector<int>{2, 3, 4, 3}, d);
  CHECK(!d.equal);
  CHECK(d.missing == 2);  // 1 and one 2
  CHECK(d.extra == 2);    // 4 and a second 3
  CHECK(d.first_difference == "missing: 1");

  testing::FaultComparison e;
  testing::detail::compare_outputs(std::vector<std::string>{"a", "b"},
                                   std::vector<std::string>{"a", "a", "b"}, e);
  CHECK(e.extra == 1);
  CHECK(e.first_difference == "extra: a");

  testing::FaultComparison f;
  testing::detail::compare_outputs(std::vector<Opaque>{{1}, {2}, {2}},
                                   std::vector<Opaque>{{2}, {3}}, f);
  CHECK(f.missing == 2);
  CHECK(f.extra == 1);
  CHECK(f.first_difference == "missing: element #0 of the fault-free output");
}

namespace {

// Paced (about 0.6 s for all ids, over the partitions) so that checkpoints every 25 ms happen.
uint64_t chaos(uint64_t v) {
  if (v % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return v;
}

constexpr uint64_t kIds = 12'000;

// The fault: the last partition of Chaos crashes 70 % into its slice of the ids (Create
// gives each partition a slice it reads at the same pace), when checkpoints have completed.
testing::FaultPlan plan_for(int parallelism) {
  const uint64_t slice = kIds / static_cast<uint64_t>(parallelism);
  return testing::FaultPlan::parse("crash:step=Chaos,partition=" + std::to_string(parallelism - 1) +
                                   ",after=" + std::to_string(slice * 7 / 10));
}

PipelineOptions options_for(int parallelism, const std::string& dir) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 50;
  o.channel_credits = 4;
  o.checkpoint_dir = dir;
  o.checkpoint_interval = 25;
  o.restart_attempts = 4;
  return o;
}

std::vector<uint64_t> all_ids() {
  std::vector<uint64_t> ids(kIds);
  for (uint64_t i = 0; i < kIds; ++i) ids[i] = i;
  return ids;
}

// Steps that are not exactly once: their memory (global here) is not in the checkpoint, so
// what a restart replays meets a memory that remembers it.
std::mutex g_memory_mu;
std::map<uint64_t, int> g_times_given;
std::set<uint64_t> g_emitted;

struct Outcome {
  testing::FaultComparison compared;
  io::ExactlyOnceTally faulty;  // the check of the run under faults
};

// `step` (between the ids and Chaos) -> Chaos -> events -> Reshuffle -> ExactlyOnceCheck, run
// fault-free and under plan_for(); the ids are compared. Both runs must end DONE,
// the faulty one after a restart from a checkpoint (the failure came where it was meant to),
// and the fault-free run must be exactly once.
template <class Step>
Outcome run_compared(int parallelism, Step step) {
  io::text::testing::TempDir dir;
  std::vector<std::shared_ptr<io::ExactlyOnceIds>> checks;  // the fault-free run's first
  Outcome o;
  o.compared = testing::compare_under_faults(
      [&](Pipeline& p) {
        {
          std::lock_guard lock(g_memory_mu);
          g_times_given.clear();
          g_emitted.clear();
        }
        auto events = step(p | Create("Ids", all_ids())) | Map("Chaos", chaos) |
                      Map("ToEvent",
                          [](uint64_t id) {
                            return Event{id, "event " + std::to_string(id)};
                          }) |
                      Reshuffle("Spread");
        checks.push_back(events | io::ExactlyOnceCheck<Event>("Check", [](const Event& e) {
                                    return e.id;
                                  }).expect_range(0, kIds));
        return events | Map("Id", [](Event e) { return e.id; });
      },
      options_for(parallelism, dir.path().string()), plan_for(parallelism));
  const auto& c = o.compared;
  REQUIRE_MESSAGE(c.fault_free.ok(), c.describe());
  REQUIRE_MESSAGE(c.under_faults.ok(), c.describe());
  CHECK(c.fault_free.checkpoints.restarts == 0);
  CHECK(c.under_faults.checkpoints.restarts == 1);
  CHECK(c.under_faults.faults.injected.size() == 1);
  CHECK(c.under_faults.checkpoints.restored_from > 0);
  CHECK(c.fault_free_count == kIds);
  REQUIRE(checks.size() == 2);
  CHECK_MESSAGE(checks[0]->ok(), checks[0]->report());
  o.faulty = checks[1]->tally();
  return o;
}

}  // namespace

TEST_CASE("a restart from a checkpoint: every id once, the output of a fault-free run") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    const auto [c, t] = run_compared(p, [](PCollection<uint64_t> ids) { return ids; });
    CHECK_MESSAGE(t.ok(), t.report());
    CHECK(t.seen == kIds);
    CHECK(t.lost == 0);
    CHECK(t.duplicated == 0);
    CHECK(t.report() ==
          "exactly-once check 'Check': 12000 expected, 12000 seen, lost 0, duplicated 0");
    CHECK_MESSAGE(c.ok(), c.describe());
    CHECK(c.equal);
    CHECK(c.missing == 0);
    CHECK(c.extra == 0);
    CHECK(c.first_difference.empty());
  }
}

TEST_CASE("a step that emits again what it is given again: duplicates, extra elements") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    // At-least-once: it counts the times it was given an id and emits it that many times.
    const auto [c, t] = run_compared(p, [](PCollection<uint64_t> ids) {
      return ids | FlatMap("Resend", [](uint64_t id) {
               std::lock_guard lock(g_memory_mu);
               const int times = ++g_times_given[id];
               return std::vector<uint64_t>(static_cast<size_t>(times), id);
             });
    });
    INFO(t.report());
    INFO(c.describe());
    // The batch Chaos failed after passed Resend before the crash, and again on the replay.
    CHECK(t.duplicated >= 1);
    CHECK(t.lost == 0);
    CHECK(t.unexpected == 0);
    CHECK(!t.ok());
    REQUIRE(!t.duplicated_examples.empty());
    CHECK(!c.equal);
    CHECK(!c.ok());
    CHECK(c.missing == 0);
    CHECK(c.extra == t.duplicated);
    CHECK(c.under_faults_count == kIds + t.duplicated);
    CHECK(c.first_difference == "extra: " + std::to_string(t.duplicated_examples[0]));
    CHECK(c.describe().find("NOT equal") != std::string::npos);
  }
}

TEST_CASE("a step that drops what it has emitted before: lost ids, missing elements") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    // At-most-once: it emits an id only the first time it is given it; the sink's memory is
    // set back by the restart, this step's is not.
    const auto [c, t] = run_compared(p, [](PCollection<uint64_t> ids) {
      return ids | Filter("Forget", [](const uint64_t& id) {
               std::lock_guard lock(g_memory_mu);
               return g_emitted.insert(id).second;
             });
    });
    INFO(t.report());
    INFO(c.describe());
    // The batch Chaos failed after passed Forget before the crash.
    CHECK(t.lost >= 1);
    CHECK(t.duplicated == 0);
    CHECK(t.unexpected == 0);
    REQUIRE(!t.lost_examples.empty());
    CHECK(!c.equal);
    CHECK(c.missing == t.lost);
    CHECK(c.extra == 0);
    CHECK(c.under_faults_count == kIds - t.lost);
    CHECK(c.first_difference == "missing: " + std::to_string(t.lost_examples[0]));
  }
}
