// Deterministic scheduling (PipelineOptions::deterministic_seed): a seed replays the exact
// order in which elements reach the partitions of a shuffled, keyed, windowed pipeline with
// fan-in; another seed gives another order; the output is the normal runtime's.
#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <filesystem>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;
namespace fs = std::filesystem;

namespace {

// What the recording steps saw, in the order they saw it: "step#instance:element".
struct Arrivals {
  std::mutex mu;
  std::vector<std::string> seq;
  int next_instance = 0;
};
Arrivals g_arrivals;

// Passes elements through and appends each one's arrival to g_arrivals. An instance is one
// partition of the step (numbered in setup order, itself part of the schedule).
template <class T>
struct RecordFn : DoFn<T, T> {
  std::string tag;
  int instance = -1;
  explicit RecordFn(std::string t = "") : tag(std::move(t)) {}
  void setup() {
    std::lock_guard lock(g_arrivals.mu);
    instance = g_arrivals.next_instance++;
  }
  void process(const T& x, Emitter<T>& out) {
    {
      std::lock_guard lock(g_arrivals.mu);
      g_arrivals.seq.push_back(tag + "#" + std::to_string(instance) + ":" + describe(x));
    }
    out.emit(x);
  }
  static std::string describe(const KV<std::string, int64_t>& kv) {
    return kv.key + "=" + std::to_string(kv.value);
  }
};

struct Event {
  std::string user;
  int64_t score = 0;
  Timestamp ts = 0;
  template <class A>
  void serialize(A& ar) {
    ar(user, score, ts);
  }
};

std::vector<Event> events() {
  std::mt19937 rng(7);
  std::vector<Event> v;
  for (int i = 0; i < 1500; ++i)
    v.push_back({"u" + std::to_string(rng() % 9), static_cast<int64_t>(rng() % 100),
                 static_cast<Timestamp>(rng() % 60'000)});
  return v;
}

struct Run {
  std::vector<std::string> output;    // sorted
  std::vector<std::string> arrivals;  // in arrival order
  PipelineResult result;
};

// Events -> key -> Reshuffle -> record -> 10 s windows -> per-key Sum -> record panes;
// fan-in of the panes and the raw keyed elements (a second branch) into one Collect.
Run run(uint64_t seed, const std::string& checkpoint_dir = "") {
  PipelineOptions o;
  o.parallelism = 3;
  o.workers = 2;
  o.batch_size = 16;  // many batches: many interleavings
  o.channel_credits = 2;
  o.deterministic_seed = seed;
  if (!checkpoint_dir.empty()) {
    o.checkpoint_dir = checkpoint_dir;
    o.checkpoint_interval = 2;  // virtual ms in deterministic mode: every 40 steps
  }
  Pipeline p{o};
  using Kv = KV<std::string, int64_t>;
  auto keyed = p | Create("Events", events()) |
               WithTimestamps("Stamp", [](const Event& e) { return e.ts; }) |
               Map("Key", [](Event e) {
                 return Kv{e.user, e.score};
               });
  auto panes = keyed | Reshuffle("Spread") | ParDo("Arrive", RecordFn<Kv>("arrive")) |
               WindowInto("Fixed", FixedWindows(10'000)) |
               CombinePerKey("Sum", combine::Sum<int64_t>{}) | ParDo("Panes", RecordFn<Kv>("pane"));
  auto tagged = keyed | Map("Tag", [](Kv kv) { return Kv{"raw-" + kv.key, kv.value}; });
  auto out = std::vector{panes, tagged} | Flatten("All") |
             Map("Format", [](Kv kv) { return kv.key + "=" + std::to_string(kv.value); }) |
             io::Collect("Out");
  {
    std::lock_guard lock(g_arrivals.mu);
    g_arrivals.seq.clear();
    g_arrivals.next_instance = 0;
  }
  Run r;
  r.result = p.run();
  r.output = out->values();
  std::sort(r.output.begin(), r.output.end());
  std::lock_guard lock(g_arrivals.mu);
  r.arrivals = g_arrivals.seq;
  return r;
}

}  // namespace

TEST_CASE("deterministic mode: a seed replays the arrival order; other seeds change it") {
  const Run normal = run(0);
  REQUIRE_MESSAGE(normal.result.ok(), normal.result.summary());
  REQUIRE(normal.output.size() > 1500);  // every raw element plus the panes

  const Run first = run(42);
  REQUIRE_MESSAGE(first.result.ok(), first.result.summary());
  CHECK(first.output == normal.output);
  // Both recording steps saw everything: 1500 keyed elements, then the panes.
  CHECK(first.arrivals.size() == normal.arrivals.size());

  const Run again = run(42);
  REQUIRE(again.result.ok());
  CHECK(again.output == normal.output);
  CHECK(again.arrivals == first.arrivals);
  // Printed so that two processes (other heap addresses, other actor pointers) can be compared.
  std::string joined;
  for (const auto& a : first.arrivals) joined += a + ";";
  MESSAGE("seed 42: " << first.arrivals.size() << " arrivals, hash "
                      << std::hash<std::string>{}(joined));

  int differing = 0;
  for (uint64_t seed : {1, 2, 3, 1000}) {
    const Run other = run(seed);
    CAPTURE(seed);
    REQUIRE(other.result.ok());
    CHECK(other.output == normal.output);
    differing += other.arrivals != first.arrivals ? 1 : 0;
  }
  CHECK(differing >= 1);
  MESSAGE(differing << " of 4 other seeds gave another arrival order");
}

TEST_CASE("deterministic mode: checkpoints are taken on the virtual clock and replayed") {
  const Run normal = run(0);
  REQUIRE(normal.result.ok());
  auto dir_for = [](int i) {
    return (fs::temp_directory_path() /
            ("rill-detsched-test-" + std::to_string(::getpid()) + "-" + std::to_string(i)))
        .string();
  };
  const std::string d1 = dir_for(1), d2 = dir_for(2);
  fs::remove_all(d1);
  fs::remove_all(d2);
  const Run a = run(9, d1);
  const Run b = run(9, d2);
  fs::remove_all(d1);
  fs::remove_all(d2);
  REQUIRE_MESSAGE(a.result.ok(), a.result.summary());
  REQUIRE_MESSAGE(b.result.ok(), b.result.summary());
  CHECK(a.output == normal.output);
  CHECK(a.result.checkpoints.completed > 0);
  CHECK(a.result.checkpoints.completed == b.result.checkpoints.completed);
  CHECK(a.arrivals == b.arrivals);
}

TEST_CASE("deterministic mode: cancel, drain and stop-with-savepoint from another thread") {
  const std::string dir =
      (fs::temp_directory_path() / ("rill-detsched-ctl-" + std::to_string(::getpid()))).string();
  fs::remove_all(dir);
  PipelineOptions o;
  o.parallelism = 2;
  o.deterministic_seed = 5;
  o.checkpoint_dir = dir;
  Pipeline p{o};
  std::vector<int64_t> numbers(200'000);
  for (size_t i = 0; i < numbers.size(); ++i) numbers[i] = static_cast<int64_t>(i);
  p | Create("Numbers", numbers) | Map("Slow", [](int64_t v) {
    if (v % 1000 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return v;
  }) | io::Collect("Out");
  std::function<void(PipelineHandle&)> steer;
  JobState expected = JobState::kDone;
  SUBCASE("cancel") {
    steer = [](PipelineHandle& job) { job.cancel("enough"); };
    expected = JobState::kCancelled;
  }
  SUBCASE("drain") {
    steer = [](PipelineHandle& job) { job.drain(); };
    expected = JobState::kDrained;
  }
  SUBCASE("stop with a savepoint") {
    steer = [](PipelineHandle& job) { job.stop_with_savepoint(); };
    expected = JobState::kStopped;
  }
  auto job = p.start();
  std::thread steerer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the job takes > 200 ms
    steer(job);
  });
  const PipelineResult r = job.wait();
  steerer.join();
  fs::remove_all(dir);
  CAPTURE(r.summary());
  CHECK(r.state == expected);
}
