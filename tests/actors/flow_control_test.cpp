#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {
// A sink that takes `delay` per batch: the slowest step of the pipeline.
template <class T>
class SlowSinkOp final : public OperatorBase, public Consumer<T> {
 public:
  SlowSinkOp(std::string step, std::shared_ptr<std::atomic<int64_t>> seen)
      : OperatorBase(std::move(step)), seen_(std::move(seen)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void consume(Batch<T>& batch) override {
    std::this_thread::sleep_for(std::chrono::microseconds(150));
    *seen_ += static_cast<int64_t>(batch.size());
    counters_.elements_in += static_cast<int64_t>(batch.size());
  }

 private:
  std::shared_ptr<std::atomic<int64_t>> seen_;
};

struct SlowSink {
  std::string name;
  std::shared_ptr<std::atomic<int64_t>> seen = std::make_shared<std::atomic<int64_t>>(0);
  template <class T>
  PDone expand(const PCollection<T>& in) {
    NodeDef n;
    n.name = name;
    n.label = "SlowSink";
    n.kind = NodeKind::kSink;
    n.inputs = {in.id()};
    n.make_op = [seen = seen](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return std::make_unique<SlowSinkOp<T>>(ctx.step, seen);
    };
    in.graph().add_node(std::move(n));
    return {};
  }
};
}  // namespace

TEST_CASE("a slow sink slows the source: in-flight and queued batches stay bounded") {
  PipelineOptions o;
  o.parallelism = 2;
  o.workers = 2;
  o.batch_size = 100;
  o.channel_credits = 4;
  o.max_queued_batches = 3;
  Pipeline p{o};
  std::vector<int64_t> nums(300000);
  for (size_t i = 0; i < nums.size(); ++i) nums[i] = static_cast<int64_t>(i);
  SlowSink sink{"Slow"};
  p | Create("Nums", nums) | Map("Inc", [](int64_t x) { return x + 1; }) | sink;
  auto result = p.run();
  REQUIRE(result.ok());
  CHECK(*sink.seen == static_cast<int64_t>(nums.size()));
  // Hard bounds whatever the input size: no channel carries more than its credits, and no
  // partition holds more than its cap plus one output batch per granted input batch.
  CHECK(result.flow.max_channel_inflight <= o.channel_credits);
  CHECK(result.flow.max_output_queue <= o.max_queued_batches + o.channel_credits);
  // The source really was held back (it filled its backlog up to the cap).
  CHECK(result.flow.max_output_queue >= o.max_queued_batches);
}

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
             Map("Slow",
                 [](int64_t x) {
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
