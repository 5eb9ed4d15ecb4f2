#include <doctest/doctest.h>

#include "graph/rill.hpp"
#include "io/collect.hpp"

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
