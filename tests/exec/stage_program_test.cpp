#include <doctest/doctest.h>

#include <map>

#include "exec/stage_program.hpp"
#include "graph/execution_plan.hpp"
#include "rill.hpp"

using namespace rill;

namespace {
// Records what a stage sends on its edges, per (edge, destination).
struct RecordingSink : ChannelSink {
  std::map<std::pair<int, int>, std::vector<BatchPtr>> sent;
  void send(int edge, int dest, BatchPtr b) override { sent[{edge, dest}].push_back(std::move(b)); }
};
}  // namespace

TEST_CASE("a fused stage runs its operators by direct calls and hashes by key") {
  PipelineOptions o;
  o.parallelism = 2;
  Pipeline p{o};
  // A Reshuffle gives the Split+Pair stage an input channel to push batches into.
  auto words = p | Create("Words", std::vector<std::string>{"x"}) | Reshuffle("Spread");
  auto pairs = words |
               FlatMap("Split",
                       [](const std::string& s) {
                         std::vector<std::string> out;
                         for (char c : s) out.emplace_back(1, c);
                         return out;
                       }) |
               Map("Pair", [](std::string s) {
                 return KV<std::string, int64_t>{s, 1};
               });
  auto counts = pairs | GroupByKey("Group");
  (void)counts;
  auto plan = plan_pipeline(p.graph(), p.options());
  RecordingSink sink;
  OpContext ctx;
  ctx.partition = 0;
  ctx.num_partitions = 2;
  REQUIRE(plan.stages[1].name == "Spread+Split+Pair");
  StageProgram prog(p.graph(), plan, 1, ctx, &sink, 4);
  prog.setup();
  TypedBatch<std::string> in;
  in.items.push_back({"abcab"});
  in.items.push_back({"ccc"});
  prog.push(0, in);
  prog.flush();
  std::map<std::string, int> seen_at;  // letter -> destination
  int total = 0;
  for (auto& [key, batches] : sink.sent)
    for (auto& b : batches)
      for (auto& e : static_cast<TypedBatch<KV<std::string, int64_t>>&>(*b).items) {
        ++total;
        auto [it, fresh] = seen_at.emplace(e.value.key, key.second);
        CHECK(it->second == key.second);  // one key, one destination
        CHECK(static_cast<uint32_t>(key.second) == bucket_of(stable_hash(e.value.key), 2));
      }
  CHECK(total == 8);
  auto counters = prog.counters();
  REQUIRE(counters.size() == 3);
  CHECK(counters[1].step == "Split");
  CHECK(counters[1].elements_in == 2);
  CHECK(counters[1].elements_out == 8);
}
