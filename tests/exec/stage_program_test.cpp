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

TEST_CASE("user_metrics() reads every operator's metrics live, between pushes") {
  PipelineOptions o;
  o.parallelism = 1;
  Pipeline p{o};
  auto words = p | Create("Words", std::vector<std::string>{"x"}) | Reshuffle("Spread");
  auto lens = words |
              Map("Upper",
                  [](std::string s, Metrics& m) {
                    m.counter("seen").inc();
                    return s;
                  }) |
              Map("Len", [](const std::string& s, Metrics& m) {
                m.distribution("len").update(static_cast<int64_t>(s.size()));
                return static_cast<int64_t>(s.size());
              });
  (void)lens;
  auto plan = plan_pipeline(p.graph(), p.options());
  RecordingSink sink;
  OpContext ctx;
  REQUIRE(plan.stages[1].name == "Spread+Upper+Len");
  StageProgram prog(p.graph(), plan, 1, ctx, &sink, 4);
  prog.setup();
  CHECK(prog.user_metrics().empty());  // nothing declared yet
  TypedBatch<std::string> in;
  in.items.push_back({"abc"});
  in.items.push_back({"de"});
  prog.push(0, in);
  auto m = prog.user_metrics();
  REQUIRE(m.size() == 2);
  CHECK(m[0].step == "Upper");
  CHECK(m[0].name == "seen");
  CHECK(m[0].value == 2);
  CHECK(m[1].step == "Len");
  CHECK(m[1].kind == UserMetricValue::Kind::kDistribution);
  CHECK(m[1].count == 2);
  CHECK(m[1].min == 2);
  CHECK(m[1].max == 3);
  TypedBatch<std::string> more;
  more.items.push_back({"fghij"});
  prog.push(0, more);
  m = prog.user_metrics();
  CHECK(m[0].value == 3);
  CHECK(m[1].max == 5);
  CHECK(m[1].sum == 10);
}
