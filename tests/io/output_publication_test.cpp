// The rules of OutputPublication (through TextOutputCommit): a live job's lock, ownership by
// manifest, all-or-nothing commits that the next run finishes after a crash.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "io/text/output_lock.hpp"
#include "io/text/output_manifest.hpp"
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

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

void write_shards(const std::string& prefix, int num_shards, const std::string& token) {
  for (int s = 0; s < num_shards; ++s) {
    ShardedTextWriter writer(prefix, s, num_shards, token);
    writer.write_line(token + " shard " + std::to_string(s));
    writer.close();
  }
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no exception)";
}

}  // namespace

TEST_CASE("begin: a file named like a shard that rill did not write is never replaced") {
  TempDir dir;
  const std::string prefix = dir.file("d/c");
  write_file(prefix + "-00000-of-00001", "the user's own data\n");
  TextOutputCommit out(prefix);
  const std::string msg = message_of([&] { out.begin("run", 1); });
  CHECK(msg.find(prefix + "-00000-of-00001' exists and rill did not write it") !=
        std::string::npos);
  CHECK_THROWS_AS(TextOutputCommit(prefix).begin("run", 1), std::invalid_argument);
  CHECK(read_file(prefix + "-00000-of-00001") == "the user's own data\n");
  // Another shard count does not touch it, and neither does the commit of that run.
  TextOutputCommit two(prefix);
  two.begin("run2", 2);
  write_shards(prefix, 2, "run2");
  two.commit("run2", 2);
  two.end();
  CHECK(read_file(prefix + "-00000-of-00001") == "the user's own data\n");
  // Once rill has published a name, a later run may replace it.
  TextOutputCommit again(prefix);
  again.begin("run3", 2);
  write_shards(prefix, 2, "run3");
  again.commit("run3", 2);
  CHECK(read_file(prefix + "-00001-of-00002") == "run3 shard 1\n");
}

TEST_CASE("begin: a live job's lock refuses a second job; the lock file goes with the job") {
  TempDir dir;
  const std::string prefix = dir.file("out/c");
  TextOutputCommit first(prefix);
  first.begin("one", 1);
  CHECK(fs::exists(first.lock_path()));
  TextOutputCommit second(prefix);
  const std::string msg = message_of([&] { second.begin("two", 1); });
  CHECK(msg.find("is being written by another running rill job (pid " +
                 std::to_string(::getpid())) != std::string::npos);
  first.end();
  CHECK_FALSE(fs::exists(first.lock_path()));
  second.begin("two", 1);  // free now
  second.end();
}

TEST_CASE("begin: the temporaries of dead runs go, this run's and other outputs' stay") {
  TempDir dir;
  const std::string prefix = dir.file("out/c");
  write_shards(prefix, 3, "dead1");
  write_shards(prefix, 2, "dead2");
  write_shards(prefix, 1, "mine");
  write_shards(dir.file("out/other"), 1, "dead1");
  TextOutputCommit out(prefix);
  out.begin("mine", 1);
  CHECK(names_in(dir.file("out")) ==
        std::vector<std::string>{".c-00000-of-00001.rill-tmp-mine", ".c-SSSSS-of-NNNNN.rill-lock",
                                 ".other-00000-of-00001.rill-tmp-dead1"});
}

TEST_CASE("a commit killed part-way is finished by the next run: all or nothing") {
  // A child process publishes 2,000 shards over an earlier run's 3 and is killed at a random
  // moment; the next begin() must leave exactly one complete run's shards.
  std::mt19937 rng(20261206);
  int finished_by_next_run = 0, killed_before_commit = 0;
  constexpr int kShards = 2000;
  // How long an undisturbed child takes, so that the kills spread over the whole commit.
  int64_t whole_us = 0;
  {
    TempDir dir;
    write_shards(dir.file("c"), kShards, "new");
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      TextOutputCommit out(dir.file("c"));
      out.begin("new", kShards);
      out.commit("new", kShards);
      ::_exit(0);
    }
    ::waitpid(child, nullptr, 0);
    whole_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
            .count();
  }
  // Until three kills have hit a commit in progress (each attempt's kill time is random).
  for (int attempt = 0; attempt < 40 && finished_by_next_run < 3; ++attempt) {
    TempDir dir;
    const std::string prefix = dir.file("out/c");
    {
      TextOutputCommit old(prefix);
      old.begin("old", 3);
      write_shards(prefix, 3, "old");
      old.commit("old", 3);
    }
    write_shards(prefix, kShards, "new");
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      try {
        TextOutputCommit out(prefix);
        out.begin("new", kShards);
        out.commit("new", kShards);
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % (whole_us + 1)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE_FALSE((WIFEXITED(status) && WEXITSTATUS(status) == 3));
    const auto mid = OutputManifest::read(TextOutputCommit(prefix).manifest_path());
    REQUIRE(mid);
    const bool started = mid->token == "new";
    TextOutputCommit next(prefix);
    next.begin("next", 1);  // finishes whatever the killed run left
    const auto after = OutputManifest::read(next.manifest_path());
    REQUIRE(after);
    CHECK(after->state == OutputManifest::State::kCommitted);
    const std::string winner = started ? "new" : "old";
    const int count = started ? kShards : 3;
    CHECK(after->token == winner);
    std::vector<std::string> visible;
    for (const auto& n : names_in(dir.file("out")))
      if (n[0] != '.') visible.push_back(n);
    REQUIRE(visible.size() == static_cast<size_t>(count));
    for (int s = 0; s < count; s += std::max(1, count / 50))
      CHECK(read_file(final_shard_name(prefix, s, count)) ==
            winner + " shard " + std::to_string(s) + "\n");
    (started ? finished_by_next_run : killed_before_commit)++;
  }
  CHECK(finished_by_next_run >= 3);
  MESSAGE("a whole commit took " << whole_us << " us; commits finished by the next run: "
                                 << finished_by_next_run
                                 << ", killed before committing: " << killed_before_commit);
}

TEST_CASE("manifest: names with any byte round-trip; a damaged manifest is refused") {
  TempDir dir;
  const std::string path = dir.file("m.rill-manifest");
  OutputManifest m;
  m.state = OutputManifest::State::kCommitting;
  m.token = "t 1";
  m.files = {"a b", "per%cent", "new\nline", "tab\tz"};
  m.temps = {".a b.tmp", ".x", ".y", ".z"};
  m.remove = {"old one"};
  m.write(path);
  const auto back = OutputManifest::read(path);
  REQUIRE(back);
  CHECK(back->files == m.files);
  CHECK(back->temps == m.temps);
  CHECK(back->remove == m.remove);
  CHECK(back->token == m.token);
  CHECK(back->state == OutputManifest::State::kCommitting);
  CHECK_FALSE(OutputManifest::read(dir.file("missing")));

  std::string text = read_file(path);
  std::string flipped = text;
  flipped[30] ^= 0x04;
  write_file(path, flipped);
  CHECK(message_of([&] { OutputManifest::read(path); }).find("is damaged (checksum mismatch)") !=
        std::string::npos);
  write_file(path, text.substr(0, text.size() / 2));
  CHECK(message_of([&] { OutputManifest::read(path); }).find("is damaged") != std::string::npos);
  // A run into that output stops rather than trust it.
  TempDir out;
  const std::string prefix = out.file("c");
  write_file(TextOutputCommit(prefix).manifest_path(), text.substr(0, 20));
  CHECK_THROWS_AS(TextOutputCommit(prefix).begin("t", 1), std::runtime_error);
}

TEST_CASE("per checkpoint: parts published once each, later ones discarded, a new run replaces") {
  TempDir dir;
  const std::string prefix = dir.file("d/c");
  // Token A writes two shards: a part closed at checkpoints 1 and 2, then an open file.
  std::vector<ShardedTextWriter> writers;
  for (int s = 0; s < 2; ++s) writers.emplace_back(prefix, s, 2, "A");
  for (uint64_t k = 1; k <= 2; ++k)
    for (int s = 0; s < 2; ++s) {
      writers[static_cast<size_t>(s)].write_line("k" + std::to_string(k) + " s" +
                                                 std::to_string(s));
      writers[static_cast<size_t>(s)].roll(k);
    }
  for (int s = 0; s < 2; ++s)
    writers[static_cast<size_t>(s)].write_line("open s" + std::to_string(s));
  for (auto& w : writers) w.close();
  CHECK(fs::exists(pending_shard_name(prefix, 1, 2, "A", 2)));

  TextOutputCommit commit(prefix);
  commit.begin("A", 2);
  const auto first = commit.commit_checkpoints("A", 2, 1, std::nullopt);
  CHECK(first == std::vector<std::string>{prefix + "-ckpt-00000001-00000-of-00002",
                                          prefix + "-ckpt-00000001-00001-of-00002"});
  CHECK(read_file(first[1]) == "k1 s1\n");
  CHECK(commit.commit_checkpoints("A", 2, 1, std::nullopt).empty());  // nothing twice
  CHECK(commit.discard_checkpoints_after("A", 1) == 2);               // checkpoint 2's parts
  CHECK(!fs::exists(pending_shard_name(prefix, 0, 2, "A", 2)));
  // The end: the open files as checkpoint 3's parts, beside checkpoint 1's.
  const auto last = commit.commit_checkpoints("A", 2, UINT64_MAX, 3);
  CHECK(last.size() == 2);
  CHECK(read_file(prefix + "-ckpt-00000003-00000-of-00002") == "open s0\n");
  CHECK(names_in(dir.file("d")) ==
        std::vector<std::string>{".c-SSSSS-of-NNNNN.rill-lock", ".c-SSSSS-of-NNNNN.rill-manifest",
                                 "c-ckpt-00000001-00000-of-00002", "c-ckpt-00000001-00001-of-00002",
                                 "c-ckpt-00000003-00000-of-00002",
                                 "c-ckpt-00000003-00001-of-00002"});
  // A restore to checkpoint 1 takes back what this run published after it.
  CHECK(commit.discard_checkpoints_after("A", 1) == 2);
  CHECK(!fs::exists(prefix + "-ckpt-00000003-00000-of-00002"));
  CHECK(fs::exists(prefix + "-ckpt-00000001-00000-of-00002"));
  CHECK(OutputManifest::read(commit.manifest_path())->files.size() == 2);
  commit.end();

  // A commit that adds to the output, interrupted after its manifest was written: the next
  // run finishes it (the files published before stay listed).
  write_file(dir.file("d/.c-00000-of-00002.rill-ckpt-00000004-A"), "k4\n");
  OutputManifest interrupted = *OutputManifest::read(commit.manifest_path());
  interrupted.state = OutputManifest::State::kCommitting;
  interrupted.files.insert(interrupted.files.begin(), "c-ckpt-00000004-00000-of-00002");
  interrupted.temps = {".c-00000-of-00002.rill-ckpt-00000004-A"};
  interrupted.write(commit.manifest_path());
  TextOutputCommit resumed(prefix);
  resumed.begin("A", 2);
  CHECK(read_file(prefix + "-ckpt-00000004-00000-of-00002") == "k4\n");
  const auto settled = OutputManifest::read(resumed.manifest_path());
  CHECK(settled->state == OutputManifest::State::kCommitted);
  CHECK(settled->files.size() == 3);
  resumed.end();

  // Another run (token B) publishes its first part: the earlier run's output is replaced.
  ShardedTextWriter b(prefix, 0, 1, "B");
  b.write_line("b");
  b.roll(1);
  b.close();
  TextOutputCommit again(prefix);
  again.begin("B", 1);
  again.commit_checkpoints("B", 1, 1, std::nullopt);
  again.end();
  CHECK(names_in(dir.file("d")) == std::vector<std::string>{".c-00000-of-00001.rill-tmp-B",
                                                            ".c-SSSSS-of-NNNNN.rill-manifest",
                                                            "c-ckpt-00000001-00000-of-00001"});
}
