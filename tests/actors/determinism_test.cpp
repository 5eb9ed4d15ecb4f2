#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {
// A pipeline with fusion, a shuffle, a lifted combine and a fan-out; returns sorted lines.
std::vector<std::string> run_once(const std::vector<std::string>& lines, int parallelism,
                                  size_t batch_size, int credits) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = batch_size;
  o.channel_credits = credits;
  Pipeline p{o};
  auto words = p | Create("Lines", lines) | FlatMap("Split", [](const std::string& l) {
                 std::vector<std::string> out;
                 size_t i = 0;
                 while (i < l.size()) {
                   size_t j = l.find(' ', i);
                   if (j == std::string::npos) j = l.size();
                   if (j > i) out.push_back(l.substr(i, j - i));
                   i = j + 1;
                 }
                 return out;
               });
  auto counts = words | Count::PerElement("Count");
  auto lengths = words |
                 Map("Len",
                     [](std::string w) {
                       return KV<int64_t, std::string>{static_cast<int64_t>(w.size()), w};
                     }) |
                 GroupByKey("ByLen") |
                 Map("CountLen", [](KV<int64_t, std::vector<std::string>> kv) {
                   return "len " + std::to_string(kv.key) + " " + std::to_string(kv.value.size());
                 });
  auto formatted = counts | Map("Format", [](KV<std::string, int64_t> kv) {
                     return kv.key + ": " + std::to_string(kv.value);
                   });
  auto all = std::vector{formatted, lengths} | Flatten("All") | io::Collect("Out");
  auto result = p.run();
  REQUIRE(result.ok());
  auto v = all->values();
  std::sort(v.begin(), v.end());
  return v;
}
}  // namespace

TEST_CASE("the same pipeline gives identical results at any parallelism and batch size") {
  std::mt19937 rng(12345);
  std::vector<std::string> lines;
  for (int i = 0; i < 2000; ++i) {
    std::string l;
    int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) l += "w" + std::to_string(rng() % 300) + " ";
    lines.push_back(l);
  }
  const auto reference = run_once(lines, 1, 1024, 8);
  REQUIRE(!reference.empty());
  for (int trial = 0; trial < 6; ++trial) {
    const int p = 1 << (rng() % 3);  // 1, 2 or 4
    const size_t batch = 1 + rng() % 300;
    const int credits = 1 + static_cast<int>(rng() % 8);
    CAPTURE(p);
    CAPTURE(batch);
    CAPTURE(credits);
    CHECK(run_once(lines, p, batch, credits) == reference);
  }
}
