// io::WriteToFile through the real runner: one file, published only when the job succeeds.
#include <doctest/doctest.h>

#include "io/write_to_file.hpp"
#include "rill.hpp"
#include "tests/examples/gaming_files.hpp"
#include "tests/examples/gaming_reference.hpp"

using namespace rill;
using gaming_test::lines_of;
using gaming_test::read_file;
using gaming_test::sorted;
using gaming_test::TempDir;
using gaming_test::write_file;
using gaming_test::fs::directory_iterator;

namespace {

PipelineOptions options(int parallelism) {
  PipelineOptions o;
  o.parallelism = parallelism;
  o.workers = 2;
  o.batch_size = 16;
  return o;
}

std::vector<std::string> numbers(int n) {
  std::vector<std::string> v;
  for (int i = 0; i < n; ++i) v.push_back("line " + std::to_string(i));
  return v;
}

size_t entries(const gaming_test::fs::path& dir) {
  return static_cast<size_t>(std::distance(directory_iterator(dir), directory_iterator()));
}

// A run of rill that publishes `lines` at `path`.
void publish(const std::string& path, const std::vector<std::string>& lines) {
  Pipeline p{options(1)};
  p | Create("Lines", lines) | io::WriteToFile("Write", path);
  REQUIRE(p.run().ok());
}

}  // namespace

TEST_CASE("all lines from every partition land in the one file, published by rename") {
  TempDir dir;
  const std::string path = dir.file("sub/dir/all.txt");  // missing directories are created
  publish(path, {"an older run's file is replaced"});
  Pipeline p{options(3)};
  p | Create("Lines", numbers(1000)) | io::WriteToFile("Write", path);
  CHECK(p.explain().find("x1\n  <- stage 0 [round-robin] Lines.out\n  WriteToFile 'Write'") !=
        std::string::npos);
  const auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(result.outputs == std::vector<std::string>{path});
  CHECK(sorted(lines_of(read_file(path))) == sorted(numbers(1000)));
  // No temporary left behind; the manifest that proves rill wrote the file stays.
  CHECK(entries(dir.file("sub/dir")) == 2);
  CHECK(gaming_test::fs::exists(dir.file("sub/dir/.all.txt.rill-manifest")));
}

TEST_CASE("a file that rill did not write is never replaced: the job is refused") {
  TempDir dir;
  const std::string path = dir.file("mine.txt");
  write_file(path, "the user's own file\n");
  Pipeline p{options(2)};
  p | Create("Lines", numbers(10)) | io::WriteToFile("Write", path);
  CHECK_THROWS_WITH_AS(p.run(),
                       ("output '" + path + "': '" + path +
                        "' exists and rill did not write it (no manifest lists it), so rill will "
                        "not replace it; move it away or choose another output")
                           .c_str(),
                       std::invalid_argument);
  CHECK(read_file(path) == "the user's own file\n");
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("an empty input still publishes an (empty) file") {
  TempDir dir;
  Pipeline p{options(2)};
  p | Create("Lines", std::vector<std::string>{}) | io::WriteToFile("Write", dir.file("e.txt"));
  const auto result = p.run();
  REQUIRE_MESSAGE(result.ok(), result.summary());
  CHECK(gaming_test::fs::exists(dir.file("e.txt")));
  CHECK(read_file(dir.file("e.txt")).empty());
}

TEST_CASE("a failed job leaves neither the file nor a temporary; an older file is untouched") {
  TempDir dir;
  const std::string path = dir.file("out.txt");
  publish(path, {"previous run"});
  Pipeline p{options(2)};
  p | Create("Lines", numbers(2000)) | Map("Boom", [](std::string s) {
    if (s == "line 1500") throw std::runtime_error("boom");
    return s;
  }) | io::WriteToFile("Write", path);
  const auto result = p.run();
  CHECK_FALSE(result.ok());
  CHECK(result.failed_step == "Boom");
  CHECK(read_file(path) == "previous run\n");
  CHECK(entries(dir.path()) == 2);  // the file and its manifest: no temporary, no lock
}

TEST_CASE("a path without a file name, or naming a directory, is a construction error") {
  TempDir dir;
  Pipeline p;
  auto lines = p | Create("Lines", numbers(1));
  CHECK_THROWS_AS(lines | io::WriteToFile("NoName", dir.file("sub/")), std::invalid_argument);
  CHECK_THROWS_WITH_AS(
      lines | io::WriteToFile("Dir", dir.path().string()),
      ("rill::io::WriteToFile 'Dir': '" + dir.path().string() + "' is a directory").c_str(),
      std::invalid_argument);
}
