#include <doctest/doctest.h>
#include <zlib.h>

#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/text/text_range_reader.hpp"
#include "io/text/text_split.hpp"
#include "test_files.hpp"

using namespace rill::io::text;
using rill::io::text::testing::read_file;
using rill::io::text::testing::reference_lines;
using rill::io::text::testing::TempDir;
using rill::io::text::testing::write_file;

namespace {

void write_gzip(const std::string& path, const std::string& content) {
  gzFile gz = gzopen(path.c_str(), "wb");
  REQUIRE(gz != nullptr);
  if (!content.empty()) {
    REQUIRE(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())) ==
            static_cast<int>(content.size()));
  }
  REQUIRE(gzclose(gz) == Z_OK);
}

std::string gzip_bytes(TempDir& dir, const std::string& content) {
  const std::string scratch = dir.file("scratch.gz");
  write_gzip(scratch, content);
  return read_file(scratch);
}

std::vector<std::string> read_all(const TextSplit& split, size_t buffer_bytes = 1 << 20) {
  TextRangeReader reader(split, buffer_bytes);
  std::vector<std::string> lines;
  while (reader.read_lines(lines, 100) > 0) {
  }
  return lines;
}

std::string error_of_reading(const std::string& path) {
  try {
    read_all(TextSplit::whole_file(path));
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "(no exception)";
}

std::string some_text(int lines) {
  std::mt19937 rng(lines);
  std::uniform_int_distribution<int> length(0, 40), letter('a', 'z');
  std::string text;
  for (int i = 0; i < lines; ++i) {
    int n = length(rng);
    for (int j = 0; j < n; ++j) text.push_back(static_cast<char>(letter(rng)));
    text += (i % 5 == 0) ? "\r\n" : "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("gzip: a .gz file is read transparently") {
  TempDir dir;
  const std::string f = dir.file("lines.txt.gz");
  const std::string text = some_text(5000) + "no newline at the end";
  write_gzip(f, text);
  const auto splits = plan_splits({f}, 4, 1);
  REQUIRE(splits.size() == 1);
  CHECK(splits[0].compression == Compression::kGzip);
  for (size_t buffer : {1, 100, 1 << 20}) {
    CAPTURE(buffer);
    CHECK(read_all(splits[0], buffer) == reference_lines(text));
  }
}

TEST_CASE("gzip: several members read as one stream, even mid-line") {
  TempDir dir;
  const std::string first = gzip_bytes(dir, "one\ntw");
  const std::string second = gzip_bytes(dir, "o\nthree\n");
  const std::string empty = gzip_bytes(dir, "");
  const std::string third = gzip_bytes(dir, some_text(300));
  const std::string f = dir.file("multi.gz");
  write_file(f, first + empty + second + third + empty);
  std::vector<std::string> expected{"one", "two", "three"};
  auto rest = reference_lines(some_text(300));
  expected.insert(expected.end(), rest.begin(), rest.end());
  for (size_t buffer : {1, 3, 1 << 20}) {
    CAPTURE(buffer);
    CHECK(read_all(TextSplit::whole_file(f), buffer) == expected);
  }
}

TEST_CASE("gzip: empty file and empty content yield nothing") {
  TempDir dir;
  const std::string zero_bytes = dir.file("zero.gz"), empty_content = dir.file("empty.gz");
  write_file(zero_bytes, "");
  write_gzip(empty_content, "");
  CHECK(read_all(TextSplit::whole_file(zero_bytes)).empty());
  CHECK(read_all(TextSplit::whole_file(empty_content)).empty());
  CHECK(plan_splits({zero_bytes}, 2).empty());
  CHECK(plan_splits({empty_content}, 2).size() == 1);
}

TEST_CASE("gzip: offsets count uncompressed bytes, so a reader can resume") {
  TempDir dir;
  const std::string f = dir.file("resume.gz");
  const std::string text = some_text(2000);
  write_gzip(f, text);
  TextRangeReader reader(TextSplit::whole_file(f), 64);
  std::vector<std::string> lines;
  reader.read_lines(lines, 777);
  TextSplit rest = TextSplit::whole_file(f);
  rest.start_offset = reader.consumed_offset();
  auto tail = read_all(rest, 64);
  lines.insert(lines.end(), tail.begin(), tail.end());
  CHECK(lines == reference_lines(text));
}

TEST_CASE("gzip: corrupt or truncated files throw naming the file and the zlib error") {
  TempDir dir;
  const std::string good = gzip_bytes(dir, some_text(2000));

  const std::string not_gzip = dir.file("not-gzip.gz");
  write_file(not_gzip, "plain text, not gzip\n");
  std::string message = error_of_reading(not_gzip);
  CHECK(message.find(not_gzip) != std::string::npos);
  CHECK(message.find("Z_DATA_ERROR") != std::string::npos);

  const std::string bad_checksum = dir.file("bad-crc.gz");
  std::string bytes = good;
  bytes[bytes.size() - 6] ^= 0x5a;  // inside the CRC32 trailer
  write_file(bad_checksum, bytes);
  message = error_of_reading(bad_checksum);
  CHECK(message.find(bad_checksum) != std::string::npos);
  CHECK(message.find("zlib") != std::string::npos);

  const std::string bad_data = dir.file("bad-data.gz");
  bytes = good;
  for (size_t i = 20; i < 60; ++i) bytes[i] = static_cast<char>(0xff);
  write_file(bad_data, bytes);
  message = error_of_reading(bad_data);
  CHECK(message.find(bad_data) != std::string::npos);
  CHECK(message.find("Z_DATA_ERROR") != std::string::npos);

  const std::string truncated = dir.file("truncated.gz");
  write_file(truncated, good.substr(0, good.size() / 2));
  message = error_of_reading(truncated);
  CHECK(message.find(truncated) != std::string::npos);
  CHECK(message.find("truncated") != std::string::npos);

  const std::string no_trailer = dir.file("no-trailer.gz");
  write_file(no_trailer, good.substr(0, good.size() - 3));
  CHECK(error_of_reading(no_trailer).find(no_trailer) != std::string::npos);

  const std::string trailing_garbage = dir.file("garbage.gz");
  write_file(trailing_garbage, good + "garbage");
  message = error_of_reading(trailing_garbage);
  CHECK(message.find(trailing_garbage) != std::string::npos);
  CHECK(message.find("Z_DATA_ERROR") != std::string::npos);
}
