#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "io/text/text_split.hpp"
#include "test_files.hpp"

using namespace rill::io::text;
using rill::io::text::testing::TempDir;
using rill::io::text::testing::write_file;

namespace {

// Splits of one file must tile [0, size) in order.
void check_tiles(const std::vector<TextSplit>& splits, const std::string& path, uint64_t size) {
  uint64_t next = 0;
  for (const auto& s : splits) {
    if (s.path != path) continue;
    CHECK(s.start_offset == next);
    CHECK(s.end_offset > s.start_offset);
    next = s.end_offset;
  }
  CHECK(next == size);
}

}  // namespace

TEST_CASE("plan_splits: one large file is cut into even byte ranges") {
  TempDir dir;
  const std::string f = dir.file("big.txt");
  write_file(f, std::string(1000, 'x'));
  auto splits = plan_splits({f}, 4, 1);
  REQUIRE(splits.size() == 4);
  for (const auto& s : splits) {
    CHECK(s.end_offset - s.start_offset == 250);
    CHECK(s.compression == Compression::kUncompressed);
  }
  check_tiles(splits, f, 1000);

  auto seven = plan_splits({f}, 7, 1);
  REQUIRE(seven.size() == 7);
  check_tiles(seven, f, 1000);
  for (const auto& s : seven) CHECK(s.end_offset - s.start_offset >= 142);
}

TEST_CASE(
    "plan_splits: min_split_bytes bounds the split size; the default keeps small files whole") {
  TempDir dir;
  const std::string f = dir.file("f.txt");
  write_file(f, std::string(1000, 'x'));
  auto splits = plan_splits({f}, 4, 400);
  REQUIRE(splits.size() == 3);
  check_tiles(splits, f, 1000);
  CHECK(plan_splits({f}, 8).size() == 1);
  CHECK(plan_splits({f}, 1, 1).size() == 1);
}

TEST_CASE("plan_splits: .gz whole, empty files skipped, file order kept, sizes balanced") {
  TempDir dir;
  const std::string a = dir.file("a.txt"), gz = dir.file("b.txt.gz"), empty = dir.file("c.txt"),
                    d = dir.file("d.txt");
  write_file(a, std::string(3000, 'a'));
  write_file(gz, std::string(3000, 'z'));  // not valid gzip: planning never reads contents
  write_file(empty, "");
  write_file(d, std::string(1000, 'd'));
  auto splits = plan_splits({a, gz, empty, d}, 7, 1);
  // 7000 bytes / 7 = 1000 per split: a in 3, gz whole, d in 1.
  REQUIRE(splits.size() == 5);
  CHECK(splits[0].path == a);
  CHECK(splits[1].path == a);
  CHECK(splits[2].path == a);
  check_tiles(splits, a, 3000);
  CHECK(splits[3] == TextSplit{gz, 0, kEndOfContent, Compression::kGzip});
  CHECK(splits[4] == TextSplit{d, 0, 1000, Compression::kUncompressed});
}

TEST_CASE("plan_splits: bad arguments and missing files") {
  TempDir dir;
  const std::string f = dir.file("f.txt");
  write_file(f, "x\n");
  CHECK_THROWS_AS(plan_splits({f}, 0), std::invalid_argument);
  const std::string missing = dir.file("missing.txt");
  try {
    plan_splits({f, missing}, 2);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(missing) != std::string::npos);
  }
  CHECK(plan_splits({}, 3).empty());
}
