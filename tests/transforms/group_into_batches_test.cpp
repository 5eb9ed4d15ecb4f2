// GroupIntoBatches through the runner: batches by size per key and window at several
// parallelisms, the end-of-window and buffering-duration flushes, and its state across a
// restart from a checkpoint.
#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "io/collect.hpp"
#include "io/test_stream.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

PipelineOptions opts(int parallelism, size_t batch) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = batch;
  return o;
}

using Batched = KV<std::string, std::vector<int64_t>>;

}  // namespace

TEST_CASE("GroupIntoBatches: batches of n per key and window, the rest at the window's end") {
  for (auto [p, batch] : std::vector<std::pair<int, size_t>>{{1, 1}, {2, 16}, {4, 1024}, {4, 5}}) {
    CAPTURE(p);
    CAPTURE(batch);
    Pipeline pipe{opts(p, batch)};
    // Value i: key "k<i % 3>", time i; windows of 100 ms over 0..349.
    std::vector<KV<std::string, int64_t>> xs;
    for (int64_t i = 0; i < 350; ++i) xs.push_back({"k" + std::to_string(i % 3), i});
    auto in = pipe | Create("In", xs) |
              WithTimestamps("At", [](const KV<std::string, int64_t>& kv) { return kv.value; }) |
              WindowInto("Win", FixedWindows(100));
    auto out = in | GroupIntoBatches("Batch", 8) | io::Collect("Out");
    auto typed = in | GroupIntoBatches<std::string, int64_t>("Typed", 1000) | io::Collect("All");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());

    std::map<std::pair<int64_t, std::string>, std::vector<int64_t>> want;  // (window, key)
    for (const auto& kv : xs) want[{kv.value / 100 * 100, kv.key}].push_back(kv.value);
    std::map<std::pair<int64_t, std::string>, std::vector<int64_t>> got;
    std::map<std::pair<int64_t, std::string>, std::vector<size_t>> sizes;
    for (const auto& e : out->elements()) {
      const auto at = std::pair(e.window.start, e.value.key);
      auto& g = got[at];
      g.insert(g.end(), e.value.value.begin(), e.value.value.end());
      sizes[at].push_back(e.value.value.size());
      REQUIRE(!e.value.value.empty());
      for (int64_t v : e.value.value) {
        CHECK("k" + std::to_string(v % 3) == e.value.key);
        CHECK(v / 100 * 100 == e.window.start);
      }
      if (e.value.value.size() == 8)  // full: stamped with the time of its last value added
        CHECK(std::count(e.value.value.begin(), e.value.value.end(), e.timestamp) == 1);
      else  // the rest, at the window's end
        CHECK(e.timestamp == e.window.max_timestamp());
    }
    for (auto& [k, v] : got) std::sort(v.begin(), v.end());
    CHECK(got == want);
    for (const auto& [k, v] : want) {
      CAPTURE(k.first);
      CAPTURE(k.second);
      std::vector<size_t> expect(v.size() / 8, 8);
      if (v.size() % 8) expect.push_back(v.size() % 8);
      auto s = sizes[k];
      std::sort(s.rbegin(), s.rend());
      CHECK(s == expect);
    }
    // A batch larger than any window's values: exactly one batch per key and window.
    std::map<std::pair<int64_t, std::string>, std::vector<int64_t>> all;
    for (const auto& e : typed->elements()) {
      CHECK(all.count({e.window.start, e.value.key}) == 0);
      all[{e.window.start, e.value.key}] = e.value.value;
    }
    for (auto& [k, v] : all) std::sort(v.begin(), v.end());
    CHECK(all == want);
  }
}

TEST_CASE("GroupIntoBatches with a buffering duration emits a batch that waited that long") {
  // Three values, then 300 ms of processing time (the batch of 10 is not full: after 50 ms
  // the buffering timer emits it, stamped with the watermark, 1000), then two more values:
  // they wait for the end of the (global) window.
  auto run = [](bool buffering) {
    Pipeline pipe{opts(1, 16)};
    auto in = pipe | io::TestStream<KV<std::string, int64_t>>("In")
                         .add_elements({{{"k", 1}, 10}, {{"k", 2}, 20}, {{"k", 3}, 30}})
                         .advance_watermark_to(1000)
                         .advance_processing_time(300)
                         .add_elements({{{"k", 4}, 1100}, {{"k", 5}, 1200}})
                         .advance_watermark_to_infinity();
    auto g = GroupIntoBatches("Batch", 10);
    auto out = in | (buffering ? g.with_max_buffering_duration(50) : g) | io::Collect("Out");
    const auto r = pipe.run();
    REQUIRE_MESSAGE(r.ok(), r.summary());
    std::vector<std::pair<Timestamp, std::vector<int64_t>>> got;
    for (const auto& e : out->elements()) got.push_back({e.timestamp, e.value.value});
    std::sort(got.begin(), got.end());
    return got;
  };
  const Timestamp end = Window::global().max_timestamp();
  CHECK(run(true) ==
        std::vector<std::pair<Timestamp, std::vector<int64_t>>>{{1000, {1, 2, 3}}, {end, {4, 5}}});
  CHECK(run(false) ==
        std::vector<std::pair<Timestamp, std::vector<int64_t>>>{{end, {1, 2, 3, 4, 5}}});
}

TEST_CASE("GroupIntoBatches' buffered values survive a restart from a checkpoint") {
  // 6,000 values over 50 keys in the global window, batches of 1,000: most values wait in the
  // state until the end. A crash of partition 0 after 2,000 of its values (about half of
  // them) restarts from a checkpoint that holds those before it.
  const auto dir =
      std::filesystem::temp_directory_path() / ("rill-batches-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  PipelineOptions o = opts(2, 64);
  o.checkpoint_dir = dir.string();
  o.checkpoint_interval = 20;
  o.faults = testing::FaultPlan::parse("crash:step=Batch,after=2000");
  Pipeline pipe{o};
  std::vector<int64_t> xs(6000);
  for (int64_t i = 0; i < 6000; ++i) xs[static_cast<size_t>(i)] = i;
  auto out = pipe | Create("In", xs) |
             Map("Pace",
                 [](int64_t v) {
                   if (v % 64 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
                   return KV<int64_t, int64_t>{v % 50, v};
                 }) |
             GroupIntoBatches("Batch", 1000) | io::Collect("Out");
  const auto r = pipe.run();
  std::filesystem::remove_all(dir);
  REQUIRE_MESSAGE(r.ok(), r.summary());
  CHECK(r.checkpoints.restarts == 1);
  CHECK(r.checkpoints.restored_from > 0);
  std::vector<int64_t> got;
  for (const auto& kv : out->values()) {
    CHECK(kv.value.size() <= 1000);
    for (int64_t v : kv.value) {
      CHECK(v % 50 == kv.key);
      got.push_back(v);
    }
  }
  std::sort(got.begin(), got.end());
  CHECK(got == xs);  // each value once
}
