#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/text/file_glob.hpp"
#include "io/text/shard_names.hpp"
#include "io/text/sharded_text_writer.hpp"
#include "io/text/text_output_commit.hpp"
#include "test_files.hpp"

namespace fs = std::filesystem;
using namespace rill::io::text;
using rill::io::text::testing::read_file;
using rill::io::text::testing::TempDir;
using rill::io::text::testing::write_file;

namespace {

// Every file but the outputs' manifests.
std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename();
    if (!name.ends_with(".rill-manifest")) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void write_shards(const std::string& prefix, int num_shards, const std::string& token,
                  const std::string& suffix = "") {
  for (int s = 0; s < num_shards; ++s) {
    ShardedTextWriter writer(prefix, s, num_shards, token, suffix);
    writer.write_line("shard " + std::to_string(s));
    writer.close();
  }
}

}  // namespace

TEST_CASE("shard names follow -SSSSS-of-NNNNN; temporaries are hidden siblings") {
  CHECK(shard_tag(3, 12) == "-00003-of-00012");
  CHECK(final_shard_name("out/counts", 0, 2) == "out/counts-00000-of-00002");
  CHECK(final_shard_name("out/counts", 1, 2, ".txt") == "out/counts-00001-of-00002.txt");
  CHECK(temp_shard_name("out/counts", 1, 2, "tok", ".txt") ==
        "out/.counts-00001-of-00002.txt.rill-tmp-tok");
  CHECK(temp_shard_name("counts", 0, 1, "tok") == ".counts-00000-of-00001.rill-tmp-tok");
  const std::string a = make_write_token(), b = make_write_token();
  CHECK(a.size() == 16);
  CHECK(a != b);
  CHECK_THROWS_AS(validate_shard("out/", 0, 1), std::invalid_argument);
  CHECK_THROWS_AS(validate_shard("out/x", 0, 0), std::invalid_argument);
  CHECK_THROWS_AS(validate_shard("out/x", 2, 2), std::invalid_argument);
  CHECK_THROWS_AS(validate_shard("out/x", 0, 100000), std::invalid_argument);
  CHECK_THROWS_AS(validate_write_token("a/b"), std::invalid_argument);
  CHECK_THROWS_AS(validate_write_token(""), std::invalid_argument);
}

TEST_CASE("writer: temporary until commit, then final names only") {
  TempDir dir;
  const std::string prefix = dir.file("nested/out/counts");
  const std::string token = make_write_token();
  ShardedTextWriter w0(prefix, 0, 2, token, ".txt");
  ShardedTextWriter w1(prefix, 1, 2, token, ".txt");
  CHECK(fs::exists(dir.file("nested/out")));  // parents created
  CHECK(w0.final_path() == prefix + "-00000-of-00002.txt");
  CHECK(w0.temp_path() == dir.file("nested/out/.counts-00000-of-00002.txt.rill-tmp-" + token));
  w0.write_line("a");
  w0.write_line("");
  w0.write_line("b c");
  w1.write_line("z");
  w0.close();
  w1.close();
  w0.close();  // again: nothing
  CHECK(w0.lines_written() == 3);
  CHECK(w0.bytes_written() == 7);
  CHECK_THROWS_AS(w0.write_line("late"), std::logic_error);
  CHECK_FALSE(fs::exists(w0.final_path()));
  CHECK_THROWS_AS(expand_glob(prefix + "-*"), std::invalid_argument);  // nothing final yet

  auto finals = TextOutputCommit(prefix, ".txt").commit(token, 2);
  CHECK(finals ==
        std::vector<std::string>{prefix + "-00000-of-00002.txt", prefix + "-00001-of-00002.txt"});
  CHECK(read_file(finals[0]) == "a\n\nb c\n");
  CHECK(read_file(finals[1]) == "z\n");
  CHECK(files_in(dir.file("nested/out")) ==
        std::vector<std::string>{"counts-00000-of-00002.txt", "counts-00001-of-00002.txt"});
  CHECK(expand_glob(prefix + "-*") == finals);
}

TEST_CASE("writer: small buffers, lines larger than the buffer, many lines") {
  TempDir dir;
  const std::string prefix = dir.file("out/big");
  ShardedTextWriter writer(prefix, 0, 1, "t", "", 8);
  std::string expected;
  const std::string huge(1000, 'h');
  for (int i = 0; i < 500; ++i) {
    std::string line = (i % 50 == 0) ? huge : std::to_string(i);
    writer.write_line(line);
    expected += line + "\n";
  }
  writer.close();
  CHECK(writer.bytes_written() == expected.size());
  CHECK(read_file(writer.temp_path()) == expected);
  CHECK(TextOutputCommit(prefix).commit("t", 1) ==
        std::vector<std::string>{prefix + "-00000-of-00001"});
  CHECK(read_file(prefix + "-00000-of-00001") == expected);
}

TEST_CASE("abort: deletes the attempt's temporaries and nothing else") {
  TempDir dir;
  const std::string prefix = dir.file("out/counts");
  write_file(prefix + "-00000-of-00001", "previous run\n");
  write_shards(prefix, 3, "bad");
  write_shards(prefix, 2, "other");
  write_shards(prefix + "-v2", 1, "bad");  // another output that reused the token
  {
    ShardedTextWriter unclosed(prefix, 0, 4, "bad", ".txt");  // another suffix, never closed
    unclosed.write_line("lost");
  }
  CHECK(TextOutputCommit(prefix, ".txt").abort("bad") == 1);  // the other suffix: another output
  CHECK(TextOutputCommit(prefix).abort("bad") == 3);
  CHECK(TextOutputCommit(prefix).abort("bad") == 0);  // idempotent
  CHECK(files_in(dir.file("out")) ==
        std::vector<std::string>{
            ".counts-00000-of-00002.rill-tmp-other", ".counts-00001-of-00002.rill-tmp-other",
            ".counts-v2-00000-of-00001.rill-tmp-bad", "counts-00000-of-00001"});
  CHECK(TextOutputCommit(dir.file("never-written/x")).abort("bad") == 0);
}

TEST_CASE("commit: a missing shard throws naming it and renames nothing") {
  TempDir dir;
  const std::string prefix = dir.file("out/counts");
  ShardedTextWriter w0(prefix, 0, 3, "tok");
  ShardedTextWriter w2(prefix, 2, 3, "tok");
  w0.close();
  w2.close();
  const std::string missing = temp_shard_name(prefix, 1, 3, "tok");
  try {
    TextOutputCommit(prefix).commit("tok", 3);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(missing) != std::string::npos);
  }
  CHECK_THROWS_AS(expand_glob(dir.file("out/counts-*")), std::invalid_argument);
  TextOutputCommit(prefix).abort("tok");
  CHECK(files_in(dir.file("out")).empty());
}

TEST_CASE("commit: replaces an earlier run and removes the shards it published, nothing else") {
  TempDir dir;
  const std::string prefix = dir.file("out/counts");
  write_shards(prefix, 3, "run1");
  TextOutputCommit(prefix).commit("run1", 3);
  write_shards(prefix, 2, "run1-txt", ".txt");  // same prefix, other suffix: another output
  TextOutputCommit(prefix, ".txt").commit("run1-txt", 2);
  write_file(dir.file("out/counts-extra"), "not a shard\n");
  write_file(dir.file("out/counts-00000-of-00007"), "named like a shard, but the user's\n");

  write_shards(prefix, 2, "run2");
  auto finals = TextOutputCommit(prefix).commit("run2", 2);
  CHECK(read_file(finals[0]) == "shard 0\n");
  CHECK(files_in(dir.file("out")) ==
        std::vector<std::string>{"counts-00000-of-00002", "counts-00000-of-00002.txt",
                                 "counts-00000-of-00007", "counts-00001-of-00002",
                                 "counts-00001-of-00002.txt", "counts-extra"});

  // Same count again: replaced in place.
  {
    ShardedTextWriter w0(prefix, 0, 2, "run3");
    ShardedTextWriter w1(prefix, 1, 2, "run3");
    w0.write_line("new 0");
    w1.write_line("new 1");
    w0.close();
    w1.close();
  }
  finals = TextOutputCommit(prefix).commit("run3", 2);
  CHECK(read_file(finals[0]) == "new 0\n");
  CHECK(read_file(finals[1]) == "new 1\n");
}

TEST_CASE("writer: an uncreatable file throws naming it") {
  TempDir dir;
  write_file(dir.file("blocker"), "a file where a directory should be\n");
  const std::string prefix = dir.file("blocker/out/counts");
  try {
    ShardedTextWriter writer(prefix, 0, 1, "tok");
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()).find(dir.file("blocker/out")) != std::string::npos);
  }
}

TEST_CASE("writer: a header begins every file, once, also after a restore and a roll") {
  TempDir dir;
  const std::string prefix = dir.file("out");
  const std::string token = "t1";
  {
    ShardedTextWriter w(prefix, 0, 1, token, "", 64, std::nullopt, "a,b");
    w.write_line("1,2");
    const uint64_t at = w.sync();
    w.write_line("lost after the checkpoint");
    w.close();
    ShardedTextWriter restored(prefix, 0, 1, token, "", 64, at, "a,b");  // not written again
    restored.write_line("3,4");
    CHECK(restored.sync() == at + 4);
    restored.roll(7);  // the next part begins with the header too
    restored.write_line("5,6");
    restored.close();
    CHECK(read_file(restored.temp_path()) == "a,b\n5,6\n");
    CHECK(read_file(pending_shard_name(prefix, 0, 1, token, 7, "")) == "a,b\n1,2\n3,4\n");
  }
  ShardedTextWriter empty(prefix, 0, 1, "t2", "", 64, std::nullopt, "a,b");
  empty.close();
  CHECK(read_file(empty.temp_path()) == "a,b\n");
}
