// `rill run TEMPLATE ... --check-determinism=N`: the seed first, a line per run, the verdict and
// exit 0 for wordcount (no built-in template is non-deterministic: the reported difference is
// tested on the library, tests/actors/check_determinism_test.cpp); bad values exit 2.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

namespace {

std::string wordcount_args(const TempDir& t) {
  std::string text;
  const char* names[] = {"alpha", "beta", "gamma", "delta", "epsilon"};
  for (int i = 0; i < 400; ++i) text += std::string("the quick fox ") + names[i % 5] + " jumps\n";
  write_file(t.path / "in.txt", text);
  return "run wordcount --input=" + (t.path / "in.txt").string() +
         " --output=" + (t.path / "out" / "counts").string();
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("a check of wordcount prints the seed, each run's settings and that the runs agree") {
  TempDir t;
  const auto r = rill(wordcount_args(t) + " --check-determinism=3 --determinism-seed=11", t.path);
  CHECK_MESSAGE(r.status == 0, r.err);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 5);
  CHECK(lines[0] == "determinism check: 3 runs, seed 11");
  const std::regex run_line(
      "run [1-3]/3: parallelism=[0-9]+ workers=[0-9]+ batch-size=[0-9]+ credits=[0-9]+: 9 lines");
  for (int i = 1; i <= 3; ++i) CHECK_MESSAGE(std::regex_match(lines[i], run_line), lines[i]);
  CHECK(lines[4] == "deterministic: 3 runs agree (seed 11)");
  // The last run's output stays published, as after a plain run (earlier runs' other shards
  // removed).
  std::string published;
  for (const auto& e : fs::directory_iterator(t.path / "out"))
    if (e.path().filename().string().rfind("counts-", 0) == 0) published += slurp(e.path());
  const auto counts = lines_of(published);
  CHECK(counts.size() == 9);
  CHECK(std::count(counts.begin(), counts.end(), "the: 400") == 1);
  CHECK(std::count(counts.begin(), counts.end(), "alpha: 80") == 1);

  // The same seed draws the same settings; an option given stays fixed in every run.
  const auto again =
      rill(wordcount_args(t) + " --check-determinism=3 --determinism-seed=11", t.path);
  CHECK(again.out == r.out);
  const auto fixed = rill(wordcount_args(t) + " --check-determinism=2 --parallelism=3", t.path);
  CHECK_MESSAGE(fixed.status == 0, fixed.err);
  const auto fixed_lines = lines_of(fixed.out);
  REQUIRE(fixed_lines.size() == 4);
  CHECK(fixed_lines[0].rfind("determinism check: 2 runs, seed ", 0) == 0);
  CHECK(fixed_lines[1].find("parallelism=3 ") != std::string::npos);
  CHECK(fixed_lines[2].find("parallelism=3 ") != std::string::npos);
}

TEST_CASE("bad determinism-check values exit 2 with one line") {
  TempDir t;
  const std::string args = wordcount_args(t);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {" --check-determinism=1", "--check-determinism=1 is not an integer in [2, 1000]"},
      {" --check-determinism=many", "--check-determinism=many is not an integer"},
      {" --determinism-seed=5", "--determinism-seed needs --check-determinism=N"},
      {" --check-determinism=2 --determinism-seed=x", "--determinism-seed=x is not an integer"},
      {" --check-determinism=2 --checkpoint-dir=" + (t.path / "ck").string(),
       "not with --checkpoint-dir"},
  };
  for (const auto& [extra, message] : cases) {
    const auto r = rill(args + extra, t.path);
    CHECK_MESSAGE(r.status == 2, extra);
    CHECK_MESSAGE(r.err.find(message) != std::string::npos, r.err);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  }
}
