#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/text/text_range_reader.hpp"
#include "io/text/text_split.hpp"
#include "test_files.hpp"

using namespace rill::io::text;
using rill::io::text::testing::reference_lines;
using rill::io::text::testing::TempDir;
using rill::io::text::testing::write_file;

namespace {

std::vector<std::string> read_split(const TextSplit& split, size_t buffer_bytes = 1 << 20,
                                    size_t batch = 1000) {
  TextRangeReader reader(split, buffer_bytes);
  std::vector<std::string> lines;
  while (reader.read_lines(lines, batch) > 0) {
  }
  CHECK(reader.done());
  CHECK(reader.read_lines(lines, batch) == 0);
  return lines;
}

std::vector<std::string> read_splits(const std::vector<TextSplit>& splits,
                                     size_t buffer_bytes = 1 << 20, size_t batch = 1000) {
  std::vector<std::string> lines;
  for (const auto& split : splits) {
    auto part = read_split(split, buffer_bytes, batch);
    lines.insert(lines.end(), part.begin(), part.end());
  }
  return lines;
}

TextSplit range(const std::string& path, uint64_t start, uint64_t end) {
  return TextSplit{path, start, end, Compression::kUncompressed};
}

// Random text: lines of random length (many empty), some "\r\n", optional final newline.
std::string random_text(std::mt19937& rng, int num_lines, int max_line, bool trailing_newline) {
  std::uniform_int_distribution<int> length(0, max_line), letter('a', 'z'), coin(0, 3);
  std::string text;
  for (int i = 0; i < num_lines; ++i) {
    int n = coin(rng) == 0 ? 0 : length(rng);
    for (int j = 0; j < n; ++j) text.push_back(static_cast<char>(letter(rng)));
    if (coin(rng) == 0) text.push_back('\r');
    if (i + 1 < num_lines || trailing_newline) text.push_back('\n');
  }
  return text;
}

}  // namespace

TEST_CASE("TextRangeReader: an empty file yields nothing") {
  TempDir dir;
  const std::string f = dir.file("empty.txt");
  write_file(f, "");
  CHECK(read_split(TextSplit::whole_file(f)).empty());
  CHECK(read_split(range(f, 0, 0)).empty());
  CHECK(plan_splits({f}, 3, 1).empty());
}

TEST_CASE("TextRangeReader: newline handling of a whole file") {
  TempDir dir;
  const std::string f = dir.file("f.txt");
  write_file(f, "alpha\r\n\nbeta\n\r\ngamma\rx\ndelta");
  CHECK(read_split(TextSplit::whole_file(f)) ==
        std::vector<std::string>{"alpha", "", "beta", "", "gamma\rx", "delta"});
  write_file(f, "one\n");
  CHECK(read_split(TextSplit::whole_file(f)) == std::vector<std::string>{"one"});
  write_file(f, "\n");
  CHECK(read_split(TextSplit::whole_file(f)) == std::vector<std::string>{""});
  write_file(f, "last\r");
  CHECK(read_split(TextSplit::whole_file(f)) == std::vector<std::string>{"last"});
}

TEST_CASE("TextRangeReader: a line belongs to the split holding its first byte") {
  TempDir dir;
  const std::string f = dir.file("f.txt");
  write_file(f, "ab\ncd\nef");  // lines start at 0, 3, 6
  CHECK(read_split(range(f, 0, 1)) == std::vector<std::string>{"ab"});
  CHECK(read_split(range(f, 1, 3)).empty());  // partial "ab" skipped, "cd" starts at 3
  CHECK(read_split(range(f, 2, 4)) == std::vector<std::string>{"cd"});  // byte 2 is '\n'
  CHECK(read_split(range(f, 3, 4)) == std::vector<std::string>{"cd"});  // byte 2 is '\n'
  CHECK(read_split(range(f, 4, 8)) == std::vector<std::string>{"ef"});
  CHECK(read_split(range(f, 0, 4)) == std::vector<std::string>{"ab", "cd"});
  CHECK(read_split(range(f, 7, 8)).empty());
  CHECK(read_split(range(f, 8, kEndOfContent)).empty());
  CHECK(read_split(range(f, 100, kEndOfContent)).empty());
}

TEST_CASE("TextRangeReader: every two-way cut of small files reads every line once") {
  TempDir dir;
  const std::string f = dir.file("f.txt");
  for (std::string text :
       {"a\nbb\n\nccc\r\nd", "\n\n\n", "x", "xy\r\n", "\r\n\r\n", "long line here\nand\n"}) {
    write_file(f, text);
    const auto expected = reference_lines(text);
    for (uint64_t cut = 0; cut <= text.size(); ++cut) {
      for (size_t buffer : {1, 2, 5, 4096}) {
        CAPTURE(text);
        CAPTURE(cut);
        CAPTURE(buffer);
        CHECK(read_splits({range(f, 0, cut), range(f, cut, text.size())}, buffer) == expected);
        // The last split may also be open-ended.
        CHECK(read_splits({range(f, 0, cut), range(f, cut, kEndOfContent)}, buffer) == expected);
      }
    }
  }
}

TEST_CASE("TextRangeReader: plan_splits into 1..7 splits of random text") {
  TempDir dir;
  std::mt19937 rng(20240611);
  const std::string f = dir.file("random.txt");
  for (int round = 0; round < 12; ++round) {
    const bool trailing_newline = round % 2 == 0;
    const int max_line = round < 6 ? 12 : 300;
    std::string text = random_text(rng, 50 + round * 40, max_line, trailing_newline);
    write_file(f, text);
    const auto expected = reference_lines(text);
    for (int n = 1; n <= 7; ++n) {
      auto splits = plan_splits({f}, n, 1);
      CHECK(splits.size() == static_cast<size_t>(n));
      for (size_t buffer : {1, 7, 64, 1 << 20}) {
        CAPTURE(round);
        CAPTURE(n);
        CAPTURE(buffer);
        CHECK(read_splits(splits, buffer, 3) == expected);
      }
    }
  }
}

TEST_CASE("TextRangeReader: many random cut sets over one file") {
  TempDir dir;
  std::mt19937 rng(7);
  const std::string f = dir.file("cuts.txt");
  std::string text = random_text(rng, 400, 20, false);
  write_file(f, text);
  const auto expected = reference_lines(text);
  std::uniform_int_distribution<uint64_t> offset(0, text.size());
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<uint64_t> cuts{0, text.size()};
    for (int i = 0; i < trial % 9; ++i) cuts.push_back(offset(rng));
    std::sort(cuts.begin(), cuts.end());
    std::vector<TextSplit> splits;
    for (size_t i = 0; i + 1 < cuts.size(); ++i) splits.push_back(range(f, cuts[i], cuts[i + 1]));
    CAPTURE(trial);
    CHECK(read_splits(splits, 16, 5) == expected);
  }
}

TEST_CASE("TextRangeReader: a line longer than the buffer, across split boundaries") {
  TempDir dir;
  const std::string f = dir.file("long.txt");
  std::string long_line(100000, 'L');
  std::string text = "short\n" + long_line + "\nafter\n" + long_line;
  write_file(f, text);
  // Cuts inside the long lines: their owners read them past end_offset.
  std::vector<TextSplit> splits{range(f, 0, 50000), range(f, 50000, 100010),
                                range(f, 100010, 150000), range(f, 150000, text.size())};
  CHECK(read_split(splits[0], 16) == std::vector<std::string>{"short", long_line});
  // "after" starts at 100007 < 100010; the second long line at 100013.
  CHECK(read_split(splits[1], 16) == std::vector<std::string>{"after"});
  CHECK(read_split(splits[2], 16) == std::vector<std::string>{long_line});
  CHECK(read_split(splits[3], 16).empty());
}

TEST_CASE("TextRangeReader: read_lines honours max_lines and appends") {
  TempDir dir;
  const std::string f = dir.file("f.txt");
  write_file(f, "1\n2\n3\n4\n5\n");
  TextRangeReader reader(TextSplit::whole_file(f));
  std::vector<std::string> out{"existing"};
  CHECK(reader.read_lines(out, 2) == 2);
  CHECK(reader.read_lines(out, 0) == 0);
  CHECK_FALSE(reader.done());
  CHECK(reader.read_lines(out, 10) == 3);
  CHECK(reader.read_lines(out, 10) == 0);
  CHECK(out == std::vector<std::string>{"existing", "1", "2", "3", "4", "5"});
}

TEST_CASE("TextRangeReader: consumed_offset resumes exactly where the reader stood") {
  TempDir dir;
  std::mt19937 rng(99);
  const std::string f = dir.file("f.txt");
  std::string text = random_text(rng, 300, 30, false);
  write_file(f, text);
  const auto expected = reference_lines(text);
  for (uint64_t split_end : {uint64_t{text.size() / 2}, kEndOfContent}) {
    TextSplit whole = range(f, 7, split_end);
    const auto all = read_split(whole);
    for (size_t taken : {size_t{0}, size_t{1}, size_t{17}, all.size()}) {
      TextRangeReader reader(whole, 32);
      CHECK(reader.consumed_offset() == 7);
      std::vector<std::string> first;
      reader.read_lines(first, taken);
      auto rest = read_split(range(f, reader.consumed_offset(), split_end), 32);
      first.insert(first.end(), rest.begin(), rest.end());
      CAPTURE(taken);
      CHECK(first == all);
    }
  }
  TextRangeReader reader(TextSplit::whole_file(f));
  std::vector<std::string> lines;
  reader.read_lines(lines, 1);
  CHECK(reader.consumed_offset() == text.find('\n') + 1);
  while (reader.read_lines(lines, 100) > 0) {
  }
  CHECK(reader.consumed_offset() == text.size());
  CHECK(lines == expected);
}

TEST_CASE("TextRangeReader: a missing file throws naming it") {
  TempDir dir;
  const std::string missing = dir.file("missing.txt");
  try {
    TextRangeReader reader(TextSplit::whole_file(missing));
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(missing) != std::string::npos);
  }
}

TEST_CASE("TextRangeReader: a million lines through 1..7 splits") {
  TempDir dir;
  const std::string f = dir.file("million.txt");
  std::string text;
  text.reserve(9'000'000);
  for (int i = 0; i < 1'000'000; ++i) text += std::to_string(i) + "\n";
  write_file(f, text);
  for (int n : {1, 7}) {
    uint64_t count = 0;
    bool in_order = true;
    for (const auto& split : plan_splits({f}, n, 1)) {
      TextRangeReader reader(split);
      std::vector<std::string> batch;
      while (true) {
        batch.clear();
        if (reader.read_lines(batch, 4096) == 0) break;
        for (const auto& line : batch) in_order &= line == std::to_string(count++);
      }
    }
    CHECK(count == 1'000'000);
    CHECK(in_order);
  }
}

TEST_CASE("TextRangeReader: next_line gives the same lines as views, copied into reused strings") {
  TempDir dir;
  std::mt19937 rng(99);
  const std::string f = dir.file("views.txt");
  for (int round = 0; round < 6; ++round) {
    std::string text = random_text(rng, 300, round < 3 ? 10 : 200, round % 2 == 0);
    write_file(f, text);
    const auto expected = reference_lines(text);
    for (int n : {1, 3, 7}) {
      for (size_t buffer : {1, 16, 1 << 20}) {
        CAPTURE(round);
        CAPTURE(n);
        CAPTURE(buffer);
        std::vector<std::string> got;
        std::string reused;  // one string for all lines: assign() keeps its capacity
        for (const auto& split : plan_splits({f}, n, 1)) {
          TextRangeReader reader(split, buffer);
          std::string_view line;
          while (reader.next_line(line)) {
            reused.assign(line);
            got.push_back(reused);
          }
          CHECK(reader.done());
          CHECK_FALSE(reader.next_line(line));
        }
        CHECK(got == expected);
      }
    }
  }
}
