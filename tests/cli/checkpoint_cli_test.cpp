// Checkpoints through the CLI: `kill -9` of `rill run` at random moments, then `--resume`,
// gives the same output files as a clean run; a checkpoint of another pipeline is refused;
// a damaged checkpoint is skipped, never restored.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/cli_run.hpp"

using namespace cli_test;

namespace {

// The complete checkpoints (chk-N with its _metadata) in `dir`, oldest first.
std::vector<fs::path> complete_checkpoints(const fs::path& dir) {
  std::vector<std::pair<uint64_t, fs::path>> found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (fs::exists(e.path() / "_metadata"))
      found.emplace_back(std::stoull(e.path().filename().string().substr(4)), e.path());
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

// Waits (up to 6 s) until `dir` holds `n` complete checkpoints; true if it does.
bool wait_for_checkpoints(const fs::path& dir, size_t n) {
  for (int i = 0; i < 3000; ++i) {
    if (complete_checkpoints(dir).size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return false;
}

// A clean run of wordcount over `input` into DIR/out, for the reference output.
void clean_wordcount(const fs::path& input, const fs::path& dir, const fs::path& cwd) {
  fs::create_directories(dir);
  auto r = rill("run wordcount --input=" + input.string() + " --output=" + (dir / "out").string() +
                    " --parallelism=2",
                cwd);
  REQUIRE_MESSAGE(r.status == 0, r.err);
}

// Waits for `pid` up to `ms`, then kills it with SIGKILL; true when it was killed.
bool kill_after(pid_t pid, int ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) return false;  // it ended by itself
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return true;
}

// Each visible output file's lines, sorted: a shard's content (the order of lines within a
// shard follows arrival order, which varies between clean runs too).
std::map<std::string, std::vector<std::string>> shards(const fs::path& dir) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n[0] == '.') continue;
    std::vector<std::string> lines;
    std::istringstream in(slurp(e.path()));
    for (std::string l; std::getline(in, l);) lines.push_back(l);
    std::sort(lines.begin(), lines.end());
    out[n] = std::move(lines);
  }
  return out;
}

// Files a run leaves beside its output other than the published shards and their manifest.
std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n[0] == '.' && n.find(".rill-manifest") == std::string::npos) out.push_back(n);
  }
  return out;
}

std::string word(int i) {
  std::string w;
  do {
    w += static_cast<char>('a' + i % 26);
    i /= 26;
  } while (i > 0);
  return w;
}

void write_words(const fs::path& p, int lines) {
  std::mt19937 rng(7);
  std::string s;
  for (int i = 0; i < lines; ++i) {
    for (int k = 0; k < 10; ++k) s += word(static_cast<int>(rng() % 20000)) + " ";
    s += "\n";
  }
  write_file(p, s);
}

// user,team,score,timestamp_ms,readable_time: 400 users, events 10 s to 9 min apart.
void write_games(const fs::path& p, int events) {
  std::mt19937 rng(11);
  std::string s;
  std::vector<int64_t> at(400, 1'700'000'000'000);
  for (int i = 0; i < events; ++i) {
    const size_t u = rng() % at.size();
    at[u] += 10'000 + static_cast<int64_t>(rng() % 530'000);
    s += "user" + std::to_string(u) + ",team" + std::to_string(u % 17) + "," +
         std::to_string(rng() % 20) + "," + std::to_string(at[u]) + ",2023-11-14 22:13:20.000\n";
  }
  write_file(p, s);
}

// Runs `base` with checkpoints every `interval_ms`, killed `kills` times at random moments
// and resumed each time, then lets a resumed run end; returns how many runs were killed.
// The first kill comes after the first complete checkpoint plus up to `span_ms` (a clean
// run's duration), so that a resume has state to restore whatever the build's speed; the
// second at a random moment within `span_ms` (the run may end first).
int run_with_kills(const std::vector<std::string>& base, const fs::path& ckpt, const fs::path& log,
                   std::mt19937& rng, int kills, int interval_ms, int span_ms) {
  int killed = 0;
  for (int attempt = 0;; ++attempt) {
    std::vector<std::string> args = base;
    args.push_back("--checkpoint-dir=" + ckpt.string());
    args.push_back("--checkpoint-interval=" + std::to_string(interval_ms));
    if (attempt > 0) args.push_back("--resume");
    const pid_t pid = spawn_rill(args, log);
    if (killed < kills) {
      if (attempt == 0) wait_for_checkpoints(ckpt, 1);
      const int delay = attempt == 0 ? static_cast<int>(rng() % (span_ms / 2 + 1))
                                     : 5 + static_cast<int>(rng() % (span_ms + 1));
      if (kill_after(pid, delay)) {
        ++killed;
        continue;
      }
    }
    int status = 0;
    if (killed >= kills) ::waitpid(pid, &status, 0);
    INFO(slurp(log));
    if (killed >= kills) {
      REQUIRE(WIFEXITED(status));
      REQUIRE(WEXITSTATUS(status) == 0);
    }
    return killed;
  }
}

void check_kill_and_resume(const std::string& tmpl, const fs::path& input) {
  TempDir t;
  const fs::path clean = t.path / "clean", got = t.path / "got", ckpt = t.path / "ckpt";
  fs::create_directories(clean);
  fs::create_directories(got);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = rill("run " + tmpl + " --input=" + input.string() +
                    " --output=" + (clean / "out").string() + " --parallelism=2",
                t.path);
  const int span_ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count());
  REQUIRE_MESSAGE(r.status == 0, r.err);
  const auto reference = shards(clean);
  REQUIRE(reference.size() == 2);
  // About ten checkpoints per run, however fast this build runs it.
  const int interval_ms = std::max(5, span_ms / 10);
  // RILL_CHAOS_SEED (scripts/chaos.sh) picks other kill moments.
  const char* seed = std::getenv("RILL_CHAOS_SEED");
  std::mt19937 rng(seed ? static_cast<unsigned>(std::strtoul(seed, nullptr, 10)) : 2026u);
  CAPTURE(seed ? seed : "default");
  int killed = 0, resumed_from_checkpoint = 0;
  for (int round = 0; round < 3; ++round) {
    CAPTURE(round);
    fs::remove_all(got);
    fs::create_directories(got);
    const fs::path log = t.path / "log.txt";
    killed += run_with_kills({"run", tmpl, "--input=" + input.string(),
                              "--output=" + (got / "out").string(), "--parallelism=2"},
                             ckpt, log, rng, 2, interval_ms, span_ms);
    resumed_from_checkpoint += slurp(log).find("resuming from checkpoint") != std::string::npos;
    CHECK(shards(got) == reference);
    CHECK(leftovers(got).empty());
    // Ended DONE: its checkpoints could only run it again.
    CHECK((!fs::exists(ckpt) || fs::is_empty(ckpt)));
  }
  MESSAGE(tmpl << ": a clean run " << span_ms << " ms, checkpoints every " << interval_ms << " ms; "
               << killed << " kills, " << resumed_from_checkpoint
               << " final runs resumed from a checkpoint");
  CHECK(killed >= 3);
  CHECK(resumed_from_checkpoint >= 1);
}

}  // namespace

TEST_CASE("kill -9 of rill run wordcount at random moments, then --resume: the same files") {
  TempDir t;
  write_words(t.path / "words.txt", 150'000);
  check_kill_and_resume("wordcount", t.path / "words.txt");
}

TEST_CASE("kill -9 of rill run user-sessions at random moments, then --resume: the same files") {
  TempDir t;
  write_games(t.path / "games.csv", 200'000);
  check_kill_and_resume("user-sessions", t.path / "games.csv");
}

TEST_CASE("--resume: a checkpoint of another pipeline is refused; none at all starts afresh") {
  TempDir t;
  write_words(t.path / "a.txt", 60'000);
  write_words(t.path / "b.txt", 100);
  const fs::path ckpt = t.path / "ckpt";
  // A checkpoint of wordcount over a.txt: killed once one is complete.
  const pid_t pid = spawn_rill({"run", "wordcount", "--input=" + (t.path / "a.txt").string(),
                                "--output=" + (t.path / "o1").string(), "--parallelism=2",
                                "--checkpoint-dir=" + ckpt.string(), "--checkpoint-interval=5"},
                               t.path / "log.txt");
  const bool complete = wait_for_checkpoints(ckpt, 1);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  REQUIRE(complete);

  auto r = rill("run wordcount --input=" + (t.path / "b.txt").string() +
                    " --output=" + (t.path / "o2").string() +
                    " --parallelism=2 --checkpoint-dir=" + ckpt.string() + " --resume",
                t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("belongs to another pipeline") != std::string::npos);
  CHECK(r.err.find("b.txt") != std::string::npos);  // the first difference: the input
  CHECK(!fs::exists(t.path / "o2-00000-of-00002"));

  r = rill("run wordcount --input=" + (t.path / "a.txt").string() +
               " --output=" + (t.path / "o1").string() +
               " --parallelism=3 --checkpoint-dir=" + ckpt.string() + " --resume",
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("another parallelism") != std::string::npos);

  r = rill("run wordcount --input=" + (t.path / "b.txt").string() +
               " --output=" + (t.path / "o3").string() +
               " --checkpoint-dir=" + (t.path / "empty").string() + " --resume",
           t.path);
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK((r.out + r.err).find("starts from the beginning") != std::string::npos);

  r = rill("run wordcount --input=" + (t.path / "b.txt").string() +
               " --output=" + (t.path / "o4").string() + " --resume",
           t.path);
  CHECK(r.status == 2);
  CHECK(r.err.find("--resume needs --checkpoint-dir") != std::string::npos);
}

TEST_CASE("--resume skips a damaged checkpoint (a flipped byte, a truncation) for the one before") {
  TempDir t;
  write_words(t.path / "a.txt", 150'000);
  const fs::path ckpt = t.path / "ckpt", got = t.path / "got", clean = t.path / "clean";
  fs::create_directories(got);
  clean_wordcount(t.path / "a.txt", clean, t.path);
  Run r;
  for (const char* damage : {"flip", "truncate"}) {
    CAPTURE(damage);
    fs::remove_all(ckpt);
    const pid_t pid = spawn_rill({"run", "wordcount", "--input=" + (t.path / "a.txt").string(),
                                  "--output=" + (got / "out").string(), "--parallelism=2",
                                  "--checkpoint-dir=" + ckpt.string(), "--checkpoint-interval=5",
                                  "--checkpoints-retained=3"},
                                 t.path / "log.txt");
    // Killed once two checkpoints are complete.
    const bool two = wait_for_checkpoints(ckpt, 2);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    REQUIRE(two);
    // Damage the newest complete checkpoint's largest state file.
    const fs::path newest = complete_checkpoints(ckpt).back();
    fs::path largest;
    for (const auto& e : fs::directory_iterator(newest))
      if (e.path().extension() == ".state" &&
          (largest.empty() || fs::file_size(e.path()) > fs::file_size(largest)))
        largest = e.path();
    REQUIRE(!largest.empty());
    std::string bytes = slurp(largest);
    if (std::string(damage) == "flip")
      bytes[bytes.size() / 2] ^= 0x20;
    else
      bytes.resize(bytes.size() - 10);
    write_file(largest, bytes);

    r = rill("run wordcount --input=" + (t.path / "a.txt").string() +
                 " --output=" + (got / "out").string() +
                 " --parallelism=2 --checkpoint-dir=" + ckpt.string() + " --resume",
             t.path);
    INFO(r.err);
    CHECK(r.status == 0);
    const std::string all = r.out + r.err;
    CHECK(all.find(largest.filename().string() + "' is damaged") != std::string::npos);
    CHECK(all.find(newest.filename().string().substr(4) + " skipped") != std::string::npos);
    CHECK(all.find("resuming from checkpoint") != std::string::npos);
    CHECK(shards(got) == shards(clean));
  }
}

TEST_CASE("SIGTERM with --checkpoint-dir stops with a savepoint; --resume finishes the job") {
  TempDir t;
  write_words(t.path / "a.txt", 150'000);
  const fs::path ckpt = t.path / "ckpt", got = t.path / "got", clean = t.path / "clean";
  fs::create_directories(got);
  clean_wordcount(t.path / "a.txt", clean, t.path);
  const fs::path log = t.path / "log.txt";
  const pid_t pid = spawn_rill({"run", "wordcount", "--input=" + (t.path / "a.txt").string(),
                                "--output=" + (got / "out").string(), "--parallelism=2",
                                "--checkpoint-dir=" + ckpt.string(), "--checkpoint-interval=5"},
                               log);
  REQUIRE(wait_for_checkpoints(ckpt, 1));
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const std::string out = slurp(log);
  INFO(out);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 0) {
    MESSAGE("the job ended before the signal arrived; nothing to check");
    return;
  }
  CHECK(WEXITSTATUS(status) == 143);
  CHECK(out.find("stopped with savepoint") != std::string::npos);
  CHECK(out.find("nothing published; go on with --resume") != std::string::npos);
  CHECK(shards(got).empty());  // nothing published

  const Run r = rill("run wordcount --input=" + (t.path / "a.txt").string() +
                         " --output=" + (got / "out").string() +
                         " --parallelism=2 --checkpoint-dir=" + ckpt.string() + " --resume",
                     t.path);
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK((r.out + r.err).find("resuming from checkpoint") != std::string::npos);
  CHECK(shards(got) == shards(clean));
  CHECK(leftovers(got).empty());
}
