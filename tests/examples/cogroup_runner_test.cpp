// The cogroup pipeline (the `cogroup` template) through the real runner, and its line rule.
#include <doctest/doctest.h>

#include "examples/join/cogroup.hpp"
#include "examples/join/keyed_line.hpp"
#include "io/assert_that.hpp"
#include "tests/examples/cogroup_data.hpp"

using namespace rill;
using namespace rill::examples::join;
using namespace cogroup_test;
using gaming_test::output_lines;
using gaming_test::read_file;
using gaming_test::TempDir;
using gaming_test::write_file;

namespace {

PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 50;
  return o;
}

}  // namespace

TEST_CASE("cogroup of two generated files matches a plain-loop join, at parallelism 1 and 3") {
  TempDir dir;
  const KeyedFiles f = generate_keyed_files(1500, 41);
  write_file(dir.file("left.csv"), f.left);
  write_file(dir.file("right.csv"), f.right);
  const auto expected = expected_cogroup(f);
  REQUIRE(expected.size() > 250);  // keys of the left only, the right only and both
  for (int parallelism : {1, 3}) {
    CAPTURE(parallelism);
    const std::string tag = "p" + std::to_string(parallelism);
    CoGroupOptions o{dir.file("left.csv"), dir.file("right.csv"), dir.file("out/" + tag),
                     dir.file(tag + ".jsonl")};
    Pipeline p{options(parallelism)};
    build_cogroup(p, o);
    const auto result = p.run();
    REQUIRE_MESSAGE(result.ok(), result.summary());
    CHECK(output_lines(o.output) == expected);
    CHECK(result.step("ParseLeft")->malformed == 3);
    CHECK(result.step("ParseRight")->malformed == 3);
    model_test::check_dead_letters(read_file(o.dead_letter), f.dead_letters);
  }
}

TEST_CASE("cogroup_lines: every key of either side, lists sorted bytewise, duplicates kept") {
  Pipeline p{options(2)};
  using V = std::vector<Keyed>;
  auto left =
      p | Create("Left", V{{"k", "b"}, {"k", "a"}, {"k", "b"}, {"only-left", "x,y"}, {"", ""}});
  auto right =
      p | Create("Right", V{{"k", "\xc3\xa9"}, {"k", "z"}, {"only-right", ""}, {"only-right", ""}});
  io::assert_that(cogroup_lines(left, right), "Check")
      .contains_in_any_order({"k|a;b;b|z;\xc3\xa9", "only-left|x,y|", "only-right||;", "||"});
  const auto result = p.run();
  CHECK_MESSAGE(result.ok(), result.summary());
}

TEST_CASE("a keyed line splits at its first comma; without one it is malformed") {
  CHECK(split_keyed_line("k,v") == Keyed{"k", "v"});
  CHECK(split_keyed_line("k,a,b,") == Keyed{"k", "a,b,"});
  CHECK(split_keyed_line(",") == Keyed{"", ""});
  CHECK(split_keyed_line(" k , v ") == Keyed{" k ", " v "});  // nothing is trimmed
  CHECK_THROWS_WITH_AS(split_keyed_line("kv"), "no comma (expected key,value)",
                       std::invalid_argument);
  CHECK_THROWS_WITH_AS(split_keyed_line(""), "empty line (expected key,value)",
                       std::invalid_argument);
}
