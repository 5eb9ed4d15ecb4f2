// Data safety through the CLI: rill never deletes or overwrites a file it did not write, and a
// sink's shards are published all or nothing, even when the process is killed mid-commit.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

namespace {

std::string arg(const fs::path& p) {
  return p.string();
}

// A word for i made of letters only (wordcount's words are runs of [A-Za-z']).
std::string word(int i) {
  std::string w = "w";
  do {
    w += static_cast<char>('a' + i % 26);
    i /= 26;
  } while (i > 0);
  return w;
}

std::vector<std::string> visible_files(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n[0] != '.') names.push_back(n);
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> hidden_files(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n[0] == '.') names.push_back(n);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("an output whose shard names would hit the job's input is refused; the input stays") {
  TempDir t;
  fs::create_directories(t.path / "d");
  write_file(t.path / "d/c-00000-of-00001", "a b c\nb c\n");
  for (const char* p : {"1", "2"}) {
    auto r = rill("run wordcount --input=" + arg(t.path / "d/c-00000-of-00001") +
                      " --output=" + arg(t.path / "d/c") + " --parallelism=" + p,
                  t.path);
    CHECK(r.status == 2);
    CHECK(r.err == "rill: step 'Write' would write '" + arg(t.path / "d/c") +
                       "-#####-of-#####', which names the input file '" +
                       arg(t.path / "d/c-00000-of-00001") +
                       "' of step 'Read'; choose another output\n");
    CHECK(slurp(t.path / "d/c-00000-of-00001") == "a b c\nb c\n");
    CHECK(visible_files(t.path / "d") == std::vector<std::string>{"c-00000-of-00001"});
  }
  // The same file reached through another spelling of its path is caught too.
  auto r = rill("run wordcount --input=" + arg(t.path / "d/../d/c-00000-of-00001") +
                    " --output=" + arg(t.path / "d/./c"),
                t.path);
  CHECK(r.status == 2);
  CHECK(slurp(t.path / "d/c-00000-of-00001") == "a b c\nb c\n");
}

TEST_CASE("a file named like a shard that rill did not write is never overwritten") {
  TempDir t;
  write_file(t.path / "in.txt", "x y\n");
  fs::create_directories(t.path / "out");
  write_file(t.path / "out/c-00001-of-00002", "mine\n");
  auto r = rill("run wordcount --input=" + arg(t.path / "in.txt") +
                    " --output=" + arg(t.path / "out/c") + " --parallelism=2",
                t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("'" + arg(t.path / "out/c-00001-of-00002") +
                   "' exists and rill did not write it") != std::string::npos);
  CHECK(slurp(t.path / "out/c-00001-of-00002") == "mine\n");
  CHECK(visible_files(t.path / "out") == std::vector<std::string>{"c-00001-of-00002"});
  CHECK(hidden_files(t.path / "out").empty());  // no lock, no temporary left
  // Another shard count does not touch it.
  r = rill("run wordcount --input=" + arg(t.path / "in.txt") +
               " --output=" + arg(t.path / "out/c") + " --parallelism=3",
           t.path);
  REQUIRE(r.status == 0);
  CHECK(slurp(t.path / "out/c-00001-of-00002") == "mine\n");
  CHECK(visible_files(t.path / "out").size() == 4);
}

TEST_CASE("a rerun replaces rill's own shards, also of another count, and nothing else") {
  TempDir t;
  write_file(t.path / "in.txt", "x y z\n");
  fs::create_directories(t.path / "out");
  write_file(t.path / "out/c-notes.txt", "keep\n");
  auto r = rill("run wordcount --input=" + arg(t.path / "in.txt") +
                    " --output=" + arg(t.path / "out/c") + " --num-shards=3",
                t.path);
  REQUIRE(r.status == 0);
  r = rill("run wordcount --input=" + arg(t.path / "in.txt") +
               " --output=" + arg(t.path / "out/c") + " --num-shards=2",
           t.path);
  REQUIRE(r.status == 0);
  CHECK(visible_files(t.path / "out") ==
        std::vector<std::string>{"c-00000-of-00002", "c-00001-of-00002", "c-notes.txt"});
  CHECK(hidden_files(t.path / "out") ==
        std::vector<std::string>{".c-SSSSS-of-NNNNN.rill-manifest"});
}

TEST_CASE("a dead-letter or second output that would hit another output is refused") {
  TempDir t;
  write_file(t.path / "in.csv", "u1,t1,5,1000,x\nbad line\n");
  auto r = rill("run user-score --input=" + arg(t.path / "in.csv") +
                    " --output=" + arg(t.path / "out/s") +
                    " --dead-letter=" + arg(t.path / "out/s-00000-of-00001"),
                t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("would write the same files: ") != std::string::npos);
  CHECK(r.err.find(arg(t.path / "out/s-00000-of-00001")) != std::string::npos);
  r = rill("run user-score --input=" + arg(t.path / "in.csv") +
               " --output=" + arg(t.path / "out/s") + " --dead-letter=" + arg(t.path / "in.csv"),
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("names the input file '" + arg(t.path / "in.csv")) != std::string::npos);
  CHECK(slurp(t.path / "in.csv") == "u1,t1,5,1000,x\nbad line\n");
  r = rill("run user-score-vs-mean --input=" + arg(t.path / "in.csv") +
               " --output=" + arg(t.path / "out/s") +
               " --mean-output=" + arg(t.path / "out/s-00001-of-00002") + " --parallelism=2",
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("would write the same files") != std::string::npos);
}

TEST_CASE("kill -9 during the commit of 10,000 shards: the next run completes it") {
  TempDir t;
  std::string text;
  for (int i = 0; i < 3000; ++i) text += word(i) + " common\n";
  write_file(t.path / "in.txt", text);
  const fs::path out = t.path / "out";
  // Two credits: 20,000 channels of eight would be refused (they could hold 12 GiB).
  const std::vector<std::string> args = {"run",
                                         "wordcount",
                                         "--input=" + arg(t.path / "in.txt"),
                                         "--output=" + arg(out / "c"),
                                         "--num-shards=10000",
                                         "--parallelism=2",
                                         "--credits=2"};
  const fs::path manifest = out / ".c-SSSSS-of-NNNNN.rill-manifest";
  const pid_t pid = spawn_rill(args, t.path / "killed.log");
  // Kill it as soon as the manifest says a commit is under way (the renames follow).
  bool committing = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!committing && std::chrono::steady_clock::now() < deadline) {
    committing = slurp(manifest).find("state committing") != std::string::npos;
    if (!committing) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  INFO(slurp(t.path / "killed.log"));
  REQUIRE(committing);
  CHECK(WIFSIGNALED(status));
  const size_t published_at_kill = visible_files(out).size();
  MESSAGE("shards under their final names when killed: " << published_at_kill);
  CHECK(published_at_kill < 10000);

  // The next run into that output finishes the interrupted commit before anything else, even
  // when that run then fails (here on a damaged input file).
  write_file(t.path / "bad.gz", "this is not gzip data");
  auto r = rill("run wordcount --input=" + arg(t.path / "bad.gz") + " --output=" + arg(out / "c") +
                    " --num-shards=10000 --parallelism=2 --credits=2",
                t.path);
  CHECK(r.status == 1);
  CHECK(visible_files(out).size() == 10000);
  CHECK(hidden_files(out) == std::vector<std::string>{".c-SSSSS-of-NNNNN.rill-manifest"});
  // And a good run replaces it whole.
  r = rill("run wordcount --input=" + arg(t.path / "in.txt") + " --output=" + arg(out / "c") +
               " --num-shards=10000 --parallelism=2 --credits=2",
           t.path);
  REQUIRE(r.status == 0);
  const auto files = visible_files(out);
  CHECK(files.size() == 10000);
  CHECK(hidden_files(out) == std::vector<std::string>{".c-SSSSS-of-NNNNN.rill-manifest"});
  size_t lines = 0;
  for (const auto& f : files) {
    const std::string s = slurp(out / f);
    lines += static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
  }
  CHECK(lines == 3001);  // 3,000 distinct words and "common"
}

TEST_CASE("the temporaries of a killed run are removed by the next run into that output") {
  TempDir t;
  std::string text;
  for (int i = 0; i < 200000; ++i) text += word(i % 5000) + "\n";
  write_file(t.path / "in.txt", text);
  const fs::path out = t.path / "out";
  const pid_t pid = spawn_rill({"run", "wordcount", "--input=" + arg(t.path / "in.txt"),
                                "--output=" + arg(out / "c"), "--parallelism=2"},
                               t.path / "killed.log");
  // Once its temporaries exist.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool temps = false;
  while (!temps && std::chrono::steady_clock::now() < deadline) {
    if (fs::exists(out))
      for (const auto& n : hidden_files(out)) temps |= n.find(".rill-tmp-") != std::string::npos;
    if (!temps) std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  REQUIRE(temps);
  auto r = rill("run wordcount --input=" + arg(t.path / "in.txt") + " --output=" + arg(out / "c") +
                    " --parallelism=2",
                t.path);
  REQUIRE(r.status == 0);
  CHECK(hidden_files(out) == std::vector<std::string>{".c-SSSSS-of-NNNNN.rill-manifest"});
  CHECK(visible_files(out).size() == 2);
}

TEST_CASE("SIGINT, SIGTERM and SIGHUP cancel a run: nothing published, nothing left behind") {
  TempDir t;
  std::string text;
  for (int i = 0; i < 1500000; ++i) text += word(i % 20000) + " " + word(i % 7) + "\n";
  write_file(t.path / "in.txt", text);
  const fs::path out = t.path / "out";
  // A published earlier run stays as it was.
  auto r = rill("run wordcount --input=" + arg(t.path / "in.txt") + " --output=" + arg(out / "c") +
                    " --parallelism=2",
                t.path);
  REQUIRE(r.status == 0);
  const std::string shard0 = slurp(out / "c-00000-of-00002");
  for (const int sig : {SIGTERM, SIGINT, SIGHUP}) {
    CAPTURE(sig);
    const std::string name = sig == SIGTERM ? "SIGTERM" : sig == SIGINT ? "SIGINT" : "SIGHUP";
    // The signal goes out while the run writes its temporaries. If it lands after the run has
    // begun to commit, the run completes (a commit is never cut short): exit 0 and the same
    // files as before. That is retried; each signal must cancel a run at least once.
    bool cancelled = false;
    for (int attempt = 0; attempt < 5 && !cancelled; ++attempt) {
      CAPTURE(attempt);
      const fs::path log = t.path / "cancelled.log";
      const pid_t pid = spawn_rill({"run", "wordcount", "--input=" + arg(t.path / "in.txt"),
                                    "--output=" + arg(out / "c"), "--parallelism=2"},
                                   log);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      bool writing = false;
      while (!writing && std::chrono::steady_clock::now() < deadline) {
        for (const auto& n : hidden_files(out))
          writing |= n.find(".rill-tmp-") != std::string::npos;
        if (!writing) std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      REQUIRE(writing);
      ::kill(pid, sig);
      int status = 0;
      ::waitpid(pid, &status, 0);
      const std::string said = slurp(log);
      INFO(said);
      REQUIRE(WIFEXITED(status));
      cancelled = WEXITSTATUS(status) != 0;
      if (cancelled) {
        CHECK(WEXITSTATUS(status) == 128 + sig);
        CHECK(said.find("job CANCELLED: cancelled by " + name + " after ") != std::string::npos);
        CHECK(said.find("rill: cancelled by " + name + " after ") != std::string::npos);
        CHECK(said.find(" s; nothing published\n") != std::string::npos);
      } else {
        CHECK(said.find("job DONE") != std::string::npos);
      }
      // Either way: no temporaries left, and the published files are whole.
      CHECK(hidden_files(out) == std::vector<std::string>{".c-SSSSS-of-NNNNN.rill-manifest"});
      CHECK(visible_files(out) == std::vector<std::string>{"c-00000-of-00002", "c-00001-of-00002"});
      CHECK(slurp(out / "c-00000-of-00002") == shard0);
    }
    CHECK(cancelled);
  }
}
