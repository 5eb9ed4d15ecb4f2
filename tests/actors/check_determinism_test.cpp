// rill::testing::check_determinism on the runner: a word count agrees with itself under drawn
// settings (collected, and as published files); a DoFn that numbers the elements of its
// bundle does not, and the report names the runs, their settings and the first difference.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>

#include "io/check_determinism.hpp"
#include "io/write_to_text.hpp"
#include "rill.hpp"

using namespace rill;
using namespace rill::testing;

namespace {

std::vector<std::string> lines_of_words(int n) {
  const char* words[] = {"the", "a", "of", "rill", "beam", "stream", "batch", "key"};
  std::vector<std::string> lines;
  for (int i = 0; i < n; ++i) {
    std::string l;
    for (int k = 0; k <= i % 6; ++k) l += std::string(words[(i * 7 + k * 3) % 8]) + " ";
    lines.push_back(l);
  }
  return lines;
}

PCollection<std::string> word_count(Pipeline& p, const std::vector<std::string>& lines) {
  return p | Create("Lines", lines) |
         FlatMap("Split",
                 [](const std::string& l) {
                   std::vector<std::string> out;
                   size_t i = 0;
                   while (i < l.size()) {
                     size_t j = l.find(' ', i);
                     if (j == std::string::npos) j = l.size();
                     if (j > i) out.push_back(l.substr(i, j - i));
                     i = j + 1;
                   }
                   return out;
                 }) |
         Count::PerElement("Count") | Map("Format", [](KV<std::string, int64_t> kv) {
           return kv.key + ": " + std::to_string(kv.value);
         });
}

// Not deterministic: an element's output is its position in the bundle (one input batch), so
// the output follows the batch size and how the input is split across partitions.
struct PositionInBundle : DoFn<int64_t, int64_t> {
  int64_t position = 0;
  void start_bundle() { position = 0; }
  void process(int64_t, Emitter<int64_t>& out) { out.emit(position++); }
};

std::vector<int64_t> numbers(int64_t n) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < n; ++i) v.push_back(i);
  return v;
}

// A seed whose first two runs differ in batch size: with it the bundles of the two runs
// differ on any machine, whatever the timing.
uint64_t seed_with_different_batch_sizes() {
  uint64_t seed = 100;
  while (true) {
    const auto s = draw_run_settings(seed, 2, PipelineOptions{});
    if (s[0].batch_size != s[1].batch_size && std::max(s[0].batch_size, s[1].batch_size) >= 64)
      return seed;
    ++seed;
  }
}

}  // namespace

TEST_CASE("a word count gives the same counts under every drawn setting") {
  const auto lines = lines_of_words(1500);
  const auto report = check_determinism([&](Pipeline& p) { return word_count(p, lines); },
                                        PipelineOptions{}, 5, uint64_t{2024});
  CHECK_MESSAGE(report.deterministic, report.describe());
  CHECK(report.seed == 2024);
  REQUIRE(report.records.size() == 5);
  for (const auto& r : report.records) CHECK(r.elements == 8);  // eight distinct words
  CHECK(report.describe() == "deterministic: 5 runs agree (seed 2024)\n");
  // The runs used the settings the seed draws.
  const auto drawn = draw_run_settings(2024, 5, PipelineOptions{});
  for (size_t i = 0; i < drawn.size(); ++i)
    CHECK(report.records[i].settings.text() == drawn[i].text());
}

TEST_CASE("a word count written to files publishes the same lines in every run") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("rill-detcheck-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto lines = lines_of_words(800);
  const auto report = check_output_determinism(
      [&](Pipeline& p) {
        word_count(p, lines) | io::WriteToText("Write", (dir / "counts").string());
      },
      PipelineOptions{}, 4, uint64_t{5});
  CHECK_MESSAGE(report.deterministic, report.describe());
  REQUIRE(report.records.size() == 4);
  CHECK(report.records.back().elements == 8);
  fs::remove_all(dir);
}

TEST_CASE("output that depends on the bundle is reported with the seed, settings and element") {
  const uint64_t seed = seed_with_different_batch_sizes();
  const auto report = check_determinism(
      [](Pipeline& p) {
        return p | Create("Numbers", numbers(3000)) | ParDo("Position", PositionInBundle{});
      },
      PipelineOptions{}, 3, seed);
  REQUIRE_FALSE(report.deterministic);
  REQUIRE(report.differing_run);
  CHECK(*report.differing_run == 1);
  CHECK_FALSE(report.failed_run);
  REQUIRE(report.difference);
  CHECK(report.difference->count_in_reference != report.difference->count_in_run);
  // Both runs saw every element; only what they made of them differs.
  CHECK(report.records[0].elements == 3000);
  CHECK(report.records[1].elements == 3000);
  const std::string text = report.describe();
  CHECK(text.find("NOT deterministic: run 2 of 3 differs from run 1 (seed " + std::to_string(seed) +
                  ")") == 0);
  CHECK(text.find("run 1: " + report.records[0].settings.text()) != std::string::npos);
  CHECK(text.find("run 2: " + report.records[1].settings.text()) != std::string::npos);
  CHECK(text.find("first differing element: \"" + report.difference->element + "\"") !=
        std::string::npos);
}

TEST_CASE("a run that fails ends the check with its error") {
  const auto report = check_determinism(
      [](Pipeline& p) {
        return p | Create("Numbers", numbers(100)) | Map("Boom", [](int64_t x) -> int64_t {
                 if (x == 42) throw std::runtime_error("no 42");
                 return x;
               });
      },
      PipelineOptions{}, 3, uint64_t{1});
  CHECK_FALSE(report.deterministic);
  REQUIRE(report.failed_run);
  CHECK(*report.failed_run == 0);
  CHECK(report.describe().find("no 42") != std::string::npos);
}
