#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "graph/rill.hpp"
#include "io/collect.hpp"

using namespace rill;

TEST_CASE("a slow consumer bounds the batches buffered anywhere, whatever the input size") {
  PipelineOptions o;
  o.parallelism = 2;
  o.workers = 2;
  o.batch_size = 100;
  o.channel_credits = 4;
  o.max_queued_batches = 3;
  Pipeline p{o};
  std::vector<int64_t> nums(200000);
  for (size_t i = 0; i < nums.size(); ++i) nums[i] = static_cast<int64_t>(i);
  auto out = p | Create("Nums", nums) |
             Map("Slow", [](int64_t x) {
               if (x % 1000 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));
               return x;
             }) |
             Filter("All", [](const int64_t&) { return true; }) | io::Collect("Out");
  auto result = p.run();
  REQUIRE(result.ok());
  CHECK(out->values().size() == nums.size());
  // No channel ever had more batches in flight than the credits its receiver granted.
  CHECK(result.flow.max_channel_inflight <= o.channel_credits);
  CHECK(result.flow.max_channel_inflight >= 1);
  // A partition stops granting credit once its backlog reaches the cap; the batches already
  // granted (at most `channel_credits` on its one input channel) may still each add one
  // output batch here (one batch in, one batch out).
  CHECK(result.flow.max_output_queue <= o.max_queued_batches + o.channel_credits);
  CHECK(result.flow.max_output_queue >= o.max_queued_batches);  // the slow stage did push back
}
