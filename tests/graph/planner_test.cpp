#include <doctest/doctest.h>

#include "graph/execution_plan.hpp"
#include "rill.hpp"

using namespace rill;

TEST_CASE("element-wise chains fuse (into the source's stage too); shuffles and sinks cut stages") {
  PipelineOptions o;
  o.parallelism = 3;
  Pipeline p{o};
  auto words = p | Create("Words", std::vector<std::string>{"a", "b", "a"});
  auto pairs = words | Map("Upper", [](std::string s) { return s; }) |
               Filter("NonEmpty", [](const std::string& s) { return !s.empty(); }) |
               Map("Pair", [](std::string s) {
                 return KV<std::string, int64_t>{s, 1};
               });
  auto counts = pairs | CombinePerKey("Sum", combine::Sum<int64_t>{});
  auto lines = counts | Map("Format", [](KV<std::string, int64_t> kv) {
                 return kv.key + ": " + std::to_string(kv.value);
               });
  (void)lines;
  auto plan = plan_pipeline(p.graph(), p.options());
  REQUIRE(plan.stages.size() == 2);
  CHECK(plan.stages[0].source_node == 0);
  CHECK(plan.stages[0].name == "Words+Upper+NonEmpty+Pair+Sum/Partial");
  CHECK(plan.stages[0].inputs.empty());
  CHECK(plan.stages[1].name == "Sum/Merge+Format");
  REQUIRE(plan.stages[1].inputs.size() == 1);
  CHECK(plan.stages[1].inputs[0].kind == EdgeKind::kHash);
  for (const auto& s : plan.stages) CHECK(s.parallelism == 3);
  const std::string text = p.explain();
  CHECK(text.find("Stage 1 x3") != std::string::npos);
  CHECK(text.find("[hash]") != std::string::npos);
  const std::string dot = p.to_dot();
  CHECK(dot.find("subgraph cluster_1") != std::string::npos);
  CHECK(dot.find("label=\"hash\"") != std::string::npos);
}

TEST_CASE("Flatten of two stages' outputs gets a stage with two inputs") {
  Pipeline p;
  auto a = p | Create("A", std::vector<int>{1});
  auto b = p | Create("B", std::vector<int>{2});
  auto all = std::vector{a, b} | Flatten("All");
  auto m = all | Map("Id", [](int x) { return x; });
  (void)m;
  auto plan = plan_pipeline(p.graph(), p.options());
  REQUIRE(plan.stages.size() == 3);  // two source stages, then the flatten
  CHECK(plan.stages[2].inputs.size() == 2);
  CHECK(plan.stages[2].name == "All+Id");
}
