#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

TEST_CASE("a throwing DoFn fails the job with the step name and message") {
  PipelineOptions o;
  o.parallelism = 2;
  Pipeline p{o};
  std::vector<int64_t> nums(5000);
  for (size_t i = 0; i < nums.size(); ++i) nums[i] = static_cast<int64_t>(i);
  auto out = p | Create("Nums", nums) | Map("Ok", [](int64_t x) { return x; }) |
             Map("Explode",
                 [](int64_t x) {
                   if (x == 4321) throw std::runtime_error("bad record 4321");
                   return x;
                 }) |
             CombineGlobally("Sum", combine::Sum<int64_t>{}) | io::Collect("Out");
  auto result = p.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Explode");
  CHECK(result.error == "bad record 4321");
  CHECK(result.summary().find("step 'Explode' failed: bad record 4321") != std::string::npos);
}

TEST_CASE("an allocation failure fails the job, naming the step where it happened") {
  Pipeline p;
  auto out = p | Create("Nums", std::vector<int64_t>{1, 2, 3}) |
             Map("Grow",
                 [](int64_t x) -> int64_t {
                   if (x == 2) throw std::bad_alloc();
                   return x;
                 }) |
             io::Collect("Out");
  auto result = p.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Grow");
  CHECK(result.error == "out of memory (std::bad_alloc)");
}

TEST_CASE("a failing combine or setup also fails the job, not the process") {
  struct BadSetup : DoFn<int64_t, int64_t> {
    void setup() { throw std::runtime_error("cannot connect"); }
    void process(int64_t x, Emitter<int64_t>& out) { out.emit(x); }
  };
  Pipeline p;
  auto out = p | Create("Nums", std::vector<int64_t>{1, 2, 3}) | ParDo("Connect", BadSetup{}) |
             io::Collect("Out");
  auto result = p.run();
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Connect");
  CHECK(result.error == "cannot connect");
}

TEST_CASE("a failed job stops a slow step after the batch in hand, not after its backlog") {
  // Slow takes 200 ms a batch. When Explode fails, each Slow partition has many batches
  // waiting (up to its credits, 2 x 16, 6.4 s of work). The job's stop is urgent, and a
  // partition takes one batch per turn when batches are slow: it quits after the batch in
  // hand: 0.001-0.21 s. With a normal-priority stop it took 2.8-3.0 s. The bound lies between,
  // with room for a virtual machine whose host stalls it for hundreds of milliseconds.
  PipelineOptions o;
  o.parallelism = 2;
  o.batch_size = 20;
  o.channel_credits = 16;
  Pipeline p{o};
  std::vector<int64_t> nums(20000);
  for (size_t i = 0; i < nums.size(); ++i) nums[i] = static_cast<int64_t>(i);
  static std::atomic<int64_t> thrown_at_ns{0};
  auto out = p | Create("Nums", nums) |
             Map("Explode",
                 [](int64_t x) {
                   if (x == 1200) {
                     thrown_at_ns = std::chrono::steady_clock::now().time_since_epoch().count();
                     throw std::runtime_error("bad 1200");
                   }
                   return x;
                 }) |
             Reshuffle("Spread") |
             Map("Slow",
                 [](int64_t x) {
                   std::this_thread::sleep_for(std::chrono::milliseconds(10));
                   return x;
                 }) |
             io::Collect("Out");
  auto result = p.run();
  const double stop_seconds =
      1e-9 * static_cast<double>(std::chrono::steady_clock::now().time_since_epoch().count() -
                                 thrown_at_ns);
  CHECK(result.state == JobState::kFailed);
  CHECK(result.failed_step == "Explode");
  CHECK(stop_seconds < 1.5);  // the backlog is over 6 s; a batch 200 ms
}
