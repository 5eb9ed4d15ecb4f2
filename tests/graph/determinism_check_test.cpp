// The determinism check without a runner: settings drawn from a seed, the multiset comparison,
// the report, and the published-lines reading the CLI compares.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "graph/testing/determinism_check.hpp"
#include "graph/testing/element_text.hpp"
#include "io/published_lines.hpp"

using namespace rill;
using namespace rill::testing;

namespace {
bool same(const RunSettings& a, const RunSettings& b) {
  return a.text() == b.text();
}
}  // namespace

TEST_CASE("the same seed draws the same settings; another seed others, within the ranges") {
  PipelineOptions base;
  const auto a = draw_run_settings(42, 20, base), b = draw_run_settings(42, 20, base);
  const auto c = draw_run_settings(43, 20, base);
  REQUIRE(a.size() == 20);
  bool all_same = true, any_other = false;
  std::set<int> parallelisms;
  std::set<size_t> batches;
  for (size_t i = 0; i < a.size(); ++i) {
    all_same &= same(a[i], b[i]);
    any_other |= !same(a[i], c[i]);
    CHECK(a[i].parallelism >= 1);
    CHECK(a[i].parallelism <= kMaxDrawnParallelism);
    CHECK(a[i].workers >= 1);
    CHECK(a[i].workers <= kMaxDrawnWorkers);
    CHECK(a[i].channel_credits >= 1);
    CHECK(a[i].channel_credits <= kMaxDrawnCredits);
    CHECK(std::count(std::begin(kDrawnBatchSizes), std::end(kDrawnBatchSizes), a[i].batch_size) ==
          1);
    parallelisms.insert(a[i].parallelism);
    batches.insert(a[i].batch_size);
  }
  CHECK(all_same);
  CHECK(any_other);
  CHECK(parallelisms.size() > 2);  // the draws vary
  CHECK(batches.size() > 2);
}

TEST_CASE("a setting that is not varied keeps the base value; the others keep their sequence") {
  PipelineOptions base;
  base.parallelism = 3;
  base.batch_size = 500;
  VariedSettings varied;
  varied.parallelism = false;
  varied.batch_size = false;
  const auto all = draw_run_settings(9, 10, base);
  const auto fixed = draw_run_settings(9, 10, base, varied);
  for (size_t i = 0; i < fixed.size(); ++i) {
    CHECK(fixed[i].parallelism == 3);
    CHECK(fixed[i].batch_size == 500);
    CHECK(fixed[i].workers == all[i].workers);
    CHECK(fixed[i].channel_credits == all[i].channel_credits);
  }
}

TEST_CASE("first_difference: the smallest element whose counts differ, with both counts") {
  const ElementCounts a{{"a", 1}, {"b", 2}, {"d", 1}};
  CHECK_FALSE(first_difference(a, a).has_value());
  auto d = first_difference(a, {{"a", 1}, {"b", 3}, {"d", 1}});
  REQUIRE(d);
  CHECK(d->element == "b");
  CHECK(d->count_in_reference == 2);
  CHECK(d->count_in_run == 3);
  d = first_difference(a, {{"a", 1}, {"b", 2}, {"c", 1}, {"d", 1}});
  REQUIRE(d);
  CHECK(d->element == "c");
  CHECK(d->count_in_reference == 0);
  CHECK(d->count_in_run == 1);
  d = first_difference(a, {{"a", 1}, {"b", 2}});
  REQUIRE(d);
  CHECK(d->element == "d");
  CHECK(d->count_in_reference == 1);
  CHECK(d->count_in_run == 0);
}

TEST_CASE("a check whose runs agree says so; one whose output follows the batch size names it") {
  PipelineOptions base;
  int calls = 0;
  std::vector<size_t> batch_sizes;
  auto stable = [&](const PipelineOptions& o) {
    ++calls;
    batch_sizes.push_back(o.batch_size);
    return RunOutcome{true, "", {{"x", 2}, {"y", 1}}};
  };
  const auto ok = run_determinism_check(base, 5, 7, stable);
  CHECK(calls == 5);
  CHECK(ok.deterministic);
  CHECK(ok.records.size() == 5);
  CHECK(ok.records[0].elements == 3);
  CHECK(ok.describe() == "deterministic: 5 runs agree (seed 7)\n");
  // The runs were given the drawn settings.
  const auto drawn = draw_run_settings(7, 5, base);
  for (size_t i = 0; i < drawn.size(); ++i) CHECK(batch_sizes[i] == drawn[i].batch_size);

  // Find a seed whose first two runs differ in batch size: the second run is then reported.
  uint64_t seed = 1;
  while (draw_run_settings(seed, 2, base)[0].batch_size ==
         draw_run_settings(seed, 2, base)[1].batch_size)
    ++seed;
  auto by_batch = [](const PipelineOptions& o) {
    return RunOutcome{true, "", {{"batch " + std::to_string(o.batch_size), 1}}};
  };
  const auto bad = run_determinism_check(base, 4, seed, by_batch);
  CHECK_FALSE(bad.deterministic);
  REQUIRE(bad.differing_run);
  CHECK(*bad.differing_run == 1);
  CHECK(bad.records.size() == 2);  // stops at the first difference
  REQUIRE(bad.difference);
  const auto s = draw_run_settings(seed, 2, base);
  const std::string first = "batch " + std::to_string(s[0].batch_size),
                    second = "batch " + std::to_string(s[1].batch_size);
  CHECK(bad.difference->element == std::min(first, second));
  const std::string text = bad.describe();
  CHECK(text.find("NOT deterministic: run 2 of 4 differs from run 1 (seed " + std::to_string(seed) +
                  ")") == 0);
  CHECK(text.find("run 1: " + s[0].text() + " (1 elements)") != std::string::npos);
  CHECK(text.find("run 2: " + s[1].text() + " (1 elements)") != std::string::npos);
  CHECK(text.find("first differing element: \"" + std::min(first, second) + "\"") !=
        std::string::npos);
}

TEST_CASE("a run that fails ends the check and is reported with its error") {
  int calls = 0;
  auto failing = [&](const PipelineOptions&) {
    return ++calls == 2 ? RunOutcome{false, "job FAILED: step 'X': boom", {}}
                        : RunOutcome{true, "", {{"a", 1}}};
  };
  const auto r = run_determinism_check(PipelineOptions{}, 3, 1, failing);
  CHECK(calls == 2);
  CHECK_FALSE(r.deterministic);
  REQUIRE(r.failed_run);
  CHECK(*r.failed_run == 1);
  CHECK(r.describe().find("job FAILED: step 'X': boom") != std::string::npos);
  CHECK_THROWS_AS(run_determinism_check(PipelineOptions{}, 1, 1, failing), std::invalid_argument);
}

TEST_CASE("element_text renders strings, numbers, KVs and vectors") {
  CHECK(element_text(std::string("a b")) == "a b");
  CHECK(element_text(int64_t{-3}) == "-3");
  CHECK(element_text(0.1) == "0.10000000000000001");
  CHECK(element_text(KV<std::string, std::vector<int>>{"k", {1, 2}}) == "(k, [1, 2])");
}

TEST_CASE("published lines: counted per output, shard numbers masked") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("rill-published-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string a = (dir / "out-00000-of-00002").string(),
                    b = (dir / "out-00001-of-00002").string();
  std::ofstream(a) << "x\ny\n";
  std::ofstream(b) << "x\nlast without newline";
  const auto lines = io::published_lines({a, b});
  const std::string out = (dir / "out-#####-of-#####").string() + ": ";
  CHECK(lines == ElementCounts{{out + "x", 2}, {out + "y", 1}, {out + "last without newline", 1}});
  CHECK(io::output_of_file("d/c-00003-of-00010.txt") == "d/c-#####-of-#####.txt");
  CHECK(io::output_of_file("d/c-ckpt-00000012-00003-of-00010") ==
        "d/c-ckpt-########-#####-of-#####");
  CHECK_THROWS_AS(io::published_lines({(dir / "missing").string()}), std::runtime_error);
  fs::remove_all(dir);
}
