// Watermark alignment of a source's partitions (PipelineOptions::max_source_drift): a reader
// that is fast in wall-clock time may not run far ahead of a slow sibling in event time, so
// what waits downstream for the watermark stays bounded; and the results do not change.
// Without it, the receivers' input order (actors/input_order.hpp) bounds the same lag.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <thread>
#include <tuple>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

constexpr int64_t kEvents = 40000;  // event i at time i ms, key i % 7, value i
constexpr size_t kBatch = 100;      // so one batch of a reader spans 2 * kBatch ms
constexpr Duration kSpan = 2 * kBatch;

// Reader r of 2 produces events r, r+2, r+4, ... in event-time order; reader 1 sleeps before
// each batch, so reader 0 would finish long before it without alignment.
class StridedReader final : public SourceReader<KV<int64_t, int64_t>> {
 public:
  StridedReader(int64_t first, std::chrono::microseconds pause) : next_(first), pause_(pause) {}
  Timestamp watermark() const override { return exhausted() ? kMaxTimestamp : next_ - 1; }

 protected:
  bool read(Batch<KV<int64_t, int64_t>>& out, size_t max) override {
    if (pause_.count() > 0) std::this_thread::sleep_for(pause_);
    for (size_t i = 0; i < max && next_ < kEvents; ++i, next_ += 2)
      out.push_back({KV<int64_t, int64_t>{next_ % 7, next_}, next_});
    return next_ < kEvents;
  }

 private:
  int64_t next_;
  std::chrono::microseconds pause_;
};

class SkewedSource final : public SourceDef {
 public:
  std::vector<std::unique_ptr<SourceReaderBase>> split(int, const OpContext&) const override {
    std::vector<std::unique_ptr<SourceReaderBase>> readers;  // the runs below use 2 partitions
    readers.push_back(std::make_unique<StridedReader>(0, std::chrono::microseconds(0)));
    readers.push_back(std::make_unique<StridedReader>(1, std::chrono::microseconds(2000)));
    return readers;
  }
};

struct SkewedEvents {
  std::string name;
  PCollection<KV<int64_t, int64_t>> expand_root(const std::shared_ptr<GraphDef>& g) {
    return detail::add_source<KV<int64_t, int64_t>>(g, name, "SkewedEvents",
                                                    std::make_shared<SkewedSource>());
  }
};

// A sink that records, per batch, how far its elements are ahead of its input watermark
// (the minimum over the channels from both readers): what a window or session operator in
// its place would have to hold.
class LagOp final : public OperatorBase, public Consumer<KV<int64_t, int64_t>> {
 public:
  LagOp(std::string step, std::shared_ptr<std::atomic<int64_t>> max_lag)
      : OperatorBase(std::move(step)), max_lag_(std::move(max_lag)) {}
  AnyConsumer* input(int) override { return this; }
  AnyOutput* output(int) override { return nullptr; }
  void on_watermark(Timestamp wm) override { wm_ = std::max(wm_, wm); }
  void consume(Batch<KV<int64_t, int64_t>>& batch) override {
    counters_.elements_in += static_cast<int64_t>(batch.size());
    Timestamp hi = kMinTimestamp;
    for (const auto& e : batch) hi = std::max(hi, e.timestamp);
    const int64_t lag = hi - wm_;
    int64_t seen = max_lag_->load();
    while (lag > seen && !max_lag_->compare_exchange_weak(seen, lag)) {
    }
  }

 private:
  Timestamp wm_ = 0;  // event time starts at 0: no element is earlier
  std::shared_ptr<std::atomic<int64_t>> max_lag_;
};

struct LagSink {
  std::string name;
  std::shared_ptr<std::atomic<int64_t>> max_lag = std::make_shared<std::atomic<int64_t>>(0);
  PDone expand(const PCollection<KV<int64_t, int64_t>>& in) {
    NodeDef n;
    n.name = name;
    n.label = "LagSink";
    n.kind = NodeKind::kSink;
    n.inputs = {in.id()};
    n.make_op = [lag = max_lag](const OpContext& ctx) -> std::unique_ptr<OperatorBase> {
      return std::make_unique<LagOp>(ctx.step, lag);
    };
    in.graph().add_node(std::move(n));
    return {};
  }
};

using Row = std::tuple<int64_t, Timestamp, int64_t>;  // key, window start, sum

struct Run {
  PipelineResult result;
  int64_t max_lag = 0;
  std::vector<Row> sums;
};

Run run(Duration drift) {
  PipelineOptions o;
  o.parallelism = 2;
  o.workers = 2;
  o.batch_size = kBatch;
  o.channel_credits = 4;
  o.max_queued_batches = 3;
  o.max_source_drift = drift;
  Pipeline p{o};
  auto events = p | SkewedEvents{"Events"};
  LagSink lag{"Lag"};
  events | Reshuffle("Deal") | lag;
  auto sums = events | WindowInto("Fixed", FixedWindows(1000)) |
              CombinePerKey("Sum", combine::Sum<int64_t>{}) | io::Collect("Sums");
  Run r{p.run(), 0, {}};
  r.max_lag = lag.max_lag->load();
  for (const auto& e : sums->elements())
    r.sums.emplace_back(e.value.key, e.window.start, e.value.value);
  std::sort(r.sums.begin(), r.sums.end());
  return r;
}

}  // namespace

TEST_CASE("a source's fast reader waits for its slow sibling: bounded lag, same results") {
  std::map<std::pair<int64_t, Timestamp>, int64_t> expected;
  for (int64_t i = 0; i < kEvents; ++i) expected[{i % 7, i / 1000 * 1000}] += i;
  std::vector<Row> want;
  for (const auto& [k, v] : expected) want.emplace_back(k.first, k.second, v);

  const Duration drift = 1000;
  const Run aligned = run(drift);
  REQUIRE_MESSAGE(aligned.result.ok(), aligned.result.summary());
  CHECK(aligned.result.step("Lag")->elements_in == kEvents);
  CHECK(aligned.sums == want);
  // The fast reader stops at most one batch past (announced minimum + drift); the announced
  // minimum is at most what the slow reader has forwarded, and the slow reader's watermark
  // reaches the sink behind at most its queued batches (max_queued_batches + 1).
  CAPTURE(aligned.max_lag);
  CHECK(aligned.max_lag <= drift + (3 + 3) * kSpan);
  CHECK(aligned.result.flow.source_pauses > 0);
  CHECK(aligned.result.flow.max_source_skew <= drift + 2 * kSpan);

  const Run free = run(0);  // alignment off
  REQUIRE_MESSAGE(free.result.ok(), free.result.summary());
  CHECK(free.sums == want);
  CHECK(free.result.flow.source_pauses == 0);
  // Without job-level alignment the fast reader runs ahead (before receivers ordered their
  // input, the lag here was over 10 * drift), but its batches wait at the receivers, which
  // take both readers' batches in event-time order (InputOrder): what a window downstream
  // sees is at most about one batch beyond its input watermark.
  CAPTURE(free.max_lag);
  CHECK(free.max_lag <= 3 * kSpan);
}

TEST_CASE("watermark alignment leaves single-partition sources and event-time-less sources alone") {
  PipelineOptions o;
  o.parallelism = 2;
  o.workers = 2;
  o.batch_size = 10;
  o.max_source_drift = 1;  // as tight as it gets
  std::vector<int64_t> nums(5000);
  for (size_t i = 0; i < nums.size(); ++i) nums[i] = static_cast<int64_t>(i);
  Pipeline p{o};  // Create's readers report no event-time progress until they are done
  auto out = p | Create("Nums", nums) | Reshuffle("Deal") | io::Collect("Out");
  auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(out->values().size() == nums.size());
  CHECK(result.flow.source_pauses == 0);

  o.parallelism = 1;
  Pipeline q{o};
  auto stamped = q | Create("Nums", nums) |
                 WithTimestamps("Stamp", [](const int64_t& x) { return Timestamp{x}; }) |
                 io::Collect("Out");
  auto r1 = q.run();
  REQUIRE_MESSAGE(r1.ok(), r1.summary());
  CHECK(stamped->values().size() == nums.size());
  CHECK(r1.flow.source_pauses == 0);
}
