// Publication per checkpoint through the real runner: a job reading an unbounded source
// with checkpoints shows its text output while it runs, one part per shard and checkpoint,
// each line only once a checkpoint covers it; after a restart, and after a FAILED run
// resumed with --resume, every number is published exactly once.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "io/write_to_text.hpp"
#include "rill.hpp"
#include "tests/actors/tick_source.hpp"

using namespace rill;
using rill::test::Ticks;
namespace fs = std::filesystem;

namespace {

// The Chaos step throws once at `g_fail_at` (retryable or not).
std::atomic<int64_t> g_fail_at{-1};
std::atomic<bool> g_retryable{true};

// A stateful step whose snapshot fails once asked (the checkpoint is declined after the
// sink has closed its part), and which then throws a RetryableError on its next element, so
// the job restarts from the checkpoint before: the declined checkpoint's parts must go.
std::atomic<bool> g_fail_save{false}, g_throw_next{false};
std::atomic<int> g_failed_saves{0};

struct FailingSave {
  template <class A>
  void save(A&) const {
    if (!g_fail_save.exchange(false)) return;
    ++g_failed_saves;
    g_throw_next = true;
    throw std::runtime_error("injected: the snapshot failed");
  }
  template <class A>
  void load(A&) {}
};

struct ProbeFn : StatefulDoFn<int64_t, int64_t, std::string> {
  struct State {
    FailingSave probe;
    template <class A>
    void serialize(A& ar) {
      ar(probe);
    }
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<std::string>& out, State&, Timers&) {
    if (e.value == 2001 && g_failed_saves == 0) g_fail_save = true;
    if (g_throw_next.exchange(false)) throw RetryableError("injected after a declined checkpoint");
    out.emit(std::to_string(e.value));
  }
};

struct TempDir {
  fs::path path = fs::temp_directory_path() /
                  ("rill-stream-out-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
  static inline int n = 0;
};

struct Published {
  std::set<uint64_t> checkpoints;               // the checkpoint numbers in the names
  std::map<int64_t, int> count;                 // number -> times published
  std::vector<std::string> hidden, unexpected;  // other files beside them
};

// What is visible in `dir` for the output prefix "out" with 2 shards.
Published published(const fs::path& dir) {
  Published p;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string n = e.path().filename().string();
    if (n[0] == '.') {
      if (n.find(".rill-manifest") == std::string::npos) p.hidden.push_back(n);
      continue;
    }
    // out-ckpt-KKKKKKKK-SSSSS-of-00002
    if (n.rfind("out-ckpt-", 0) != 0 || n.size() != 32 || n.substr(17, 1) != "-" ||
        n.substr(23) != "-of-00002") {
      p.unexpected.push_back(n);
      continue;
    }
    p.checkpoints.insert(std::stoull(n.substr(9, 8)));
    std::ifstream in(e.path());
    for (std::string l; std::getline(in, l);) ++p.count[std::stoll(l)];
  }
  return p;
}

// Every number published exactly once, and per reader (residue mod 2) a gapless run from
// its first number: nothing lost, nothing twice.
void check_exactly_once(const Published& p, int64_t at_least) {
  CHECK(p.unexpected.empty());
  CHECK(p.hidden.empty());
  int64_t twice = 0;
  std::map<int64_t, int64_t> highest{{0, -2}, {1, -1}};
  std::map<int64_t, int64_t> seen{{0, 0}, {1, 0}};
  for (const auto& [v, c] : p.count) {
    twice += c > 1;
    highest[v % 2] = std::max(highest[v % 2], v);
    ++seen[v % 2];
  }
  CHECK(twice == 0);
  for (int r = 0; r < 2; ++r) {
    CAPTURE(r);
    CHECK(seen[r] == (highest[r] - r) / 2 + 1);  // r, r+2, ..., highest: no gap
  }
  CHECK(static_cast<int64_t>(p.count.size()) >= at_least);
}

struct Job {
  std::unique_ptr<Pipeline> p;
  std::optional<PipelineHandle> handle;
};

Job start(const fs::path& dir, bool resume, const std::string& savepoint = "") {
  PipelineOptions o;
  o.parallelism = 2;
  o.workers = 2;
  o.batch_size = 64;
  if (savepoint.empty()) o.checkpoint_dir = (dir / "ckpt").string();
  o.checkpoint_interval = 40;
  o.resume = resume;
  o.from_savepoint = savepoint;
  Job j;
  j.p = std::make_unique<Pipeline>(o);
  *j.p | Ticks{"Ticks"} | Map("Chaos", [](int64_t v) {
    if (v == g_fail_at.load() && g_fail_at.exchange(-1) == v) {
      if (g_retryable) throw RetryableError("injected at " + std::to_string(v));
      throw std::runtime_error("injected at " + std::to_string(v));
    }
    return std::to_string(v);
  }) | io::WriteToText("Write", (dir / "out" / "out").string(), 2);
  j.handle.emplace(j.p->start());
  return j;
}

Job start_keyed(const fs::path& dir) {
  PipelineOptions o;
  o.parallelism = 2;
  o.workers = 2;
  o.batch_size = 64;
  o.checkpoint_dir = (dir / "ckpt").string();
  o.checkpoint_interval = 40;
  Job j;
  j.p = std::make_unique<Pipeline>(o);
  *j.p | Ticks{"Ticks"} |
      Map("Key",
          [](int64_t v) {
            return KV<int64_t, int64_t>{v % 4, v};
          }) |
      ParDo("Probe", ProbeFn{}) | io::WriteToText("Write", (dir / "out" / "out").string(), 2);
  j.handle.emplace(j.p->start());
  return j;
}

// Waits (up to 20 s) until parts of `n` checkpoints are published; true if they are.
bool wait_for_parts(const fs::path& out, size_t n) {
  for (int i = 0; i < 2000; ++i) {
    if (published(out).checkpoints.size() >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_CASE("an unbounded job publishes its files per checkpoint while it runs, exactly once") {
  TempDir t;
  g_fail_at = 3001;
  g_retryable = true;
  auto job = start(t.path, false);
  // Visible while the job runs, restart included.
  REQUIRE(wait_for_parts(t.path / "out", 4));
  CHECK(g_fail_at == -1);  // the failure came
  const Published running = published(t.path / "out");
  for (int r = 0; r < 2; ++r) CHECK(running.count.count(r) == 1);
  job.handle->drain();
  const auto result = job.handle->wait();
  CHECK(result.state == JobState::kDrained);
  CHECK(result.checkpoints.restarts == 1);
  CHECK(result.checkpoints.restored_from > 0);
  const Published done = published(t.path / "out");
  check_exactly_once(done, 3002);
  CHECK(done.checkpoints.size() > running.checkpoints.size());
  // The parts seen while running are still there, unchanged.
  for (const auto& [v, c] : running.count) CHECK(done.count.count(v) == 1);
  CHECK(!fs::exists(t.path / "out" / "out-00000-of-00002"));  // no end-only shard names
}

TEST_CASE("a FAILED unbounded job resumed with --resume goes on publishing, exactly once") {
  TempDir t;
  g_fail_at = 2501;
  g_retryable = false;  // not retryable: the job fails, keeping its checkpoints
  auto first = start(t.path, false);
  const auto failed = first.handle->wait();
  REQUIRE(failed.state == JobState::kFailed);
  const Published before = published(t.path / "out");
  CHECK(before.count.count(2501) == 0);  // only what a checkpoint covered is visible
  g_fail_at = -1;
  auto second = start(t.path, true);
  REQUIRE(wait_for_parts(t.path / "out", before.checkpoints.size() + 3));
  second.handle->drain();
  const auto result = second.handle->wait();
  CHECK(result.state == JobState::kDrained);
  const Published done = published(t.path / "out");
  check_exactly_once(done, 2502);
  for (const auto& [v, c] : before.count) CHECK(done.count.count(v) == 1);  // kept
}

TEST_CASE("a checkpoint declined after the sinks closed their parts: a restart deletes them") {
  TempDir t;
  g_fail_save = false;
  g_throw_next = false;
  g_failed_saves = 0;
  auto job = start_keyed(t.path);
  REQUIRE(wait_for_parts(t.path / "out", 2));
  for (int i = 0; i < 2000 && g_failed_saves == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(g_failed_saves == 1);
  const size_t parts = published(t.path / "out").checkpoints.size();
  REQUIRE(wait_for_parts(t.path / "out", parts + 2));
  job.handle->drain();
  const auto result = job.handle->wait();
  CHECK(result.state == JobState::kDrained);
  CHECK(result.checkpoints.declined >= 1);
  CHECK(result.checkpoints.restarts == 1);
  check_exactly_once(published(t.path / "out"), 2002);
}

namespace {
// A stateful DoFn whose State lists no cells for Cereal: it cannot be checkpointed.
struct NoCoderFn : StatefulDoFn<int64_t, int64_t, std::string> {
  struct State {
    ValueState<int64_t> n;
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<std::string>& out, State& st, Timers&) {
    st.n.write(st.n.read_or(0) + 1);
    out.emit(std::to_string(e.value));
  }
};
}  // namespace

TEST_CASE("a step whose state has no coder is refused at the start of a job with checkpoints") {
  TempDir t;
  for (bool checkpoints : {true, false}) {
    CAPTURE(checkpoints);
    PipelineOptions o;
    o.parallelism = 2;
    if (checkpoints) o.checkpoint_dir = (t.path / "ckpt").string();
    Pipeline p{o};
    p | Create("Numbers", std::vector<int64_t>{1, 2, 3, 4}) |
        Map("Key",
            [](int64_t v) {
              return KV<int64_t, int64_t>{v % 2, v};
            }) |
        ParDo("Count", NoCoderFn{}) | io::WriteToText("Write", (t.path / "out").string());
    const auto r = p.run();
    if (!checkpoints) {
      CHECK(r.ok());  // without checkpoints its state needs no coder
      continue;
    }
    CHECK(r.state == JobState::kFailed);
    CHECK(r.failed_step == "Count");
    CHECK(r.error.find("has no serialize()") != std::string::npos);
    CHECK(r.error.find("without --checkpoint-dir") != std::string::npos);
    CHECK(r.checkpoints.restarts == 0);  // not retried: it would fail again
  }
}

TEST_CASE("stop-with-savepoint, then a run from it without checkpoints: parts kept, rest once") {
  TempDir t;
  g_fail_at = -1;
  auto first = start(t.path, false);
  REQUIRE(wait_for_parts(t.path / "out", 2));
  first.handle->stop_with_savepoint((t.path / "sp").string());
  const auto stopped = first.handle->wait();
  REQUIRE(stopped.state == JobState::kStopped);
  const Published before = published(t.path / "out");
  // From the savepoint, no checkpoint directory: the rest is published at the end, beside
  // (not in place of) what the first run published.
  auto second = start(t.path, false, (t.path / "sp").string());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  second.handle->drain();
  const auto result = second.handle->wait();
  CHECK(result.state == JobState::kDrained);
  const Published done = published(t.path / "out");
  check_exactly_once(done, static_cast<int64_t>(before.count.size()) + 1);
  for (const auto& [v, c] : before.count) CHECK(done.count.count(v) == 1);
  CHECK(done.checkpoints.size() == before.checkpoints.size() + 1);
}

namespace {
struct Opaque {  // no serialize(): no coder
  int64_t x = 0;
};
}  // namespace

TEST_CASE(
    "a side input whose type has no coder is refused at the start of a job with checkpoints") {
  TempDir t;
  PipelineOptions o;
  o.parallelism = 2;
  o.checkpoint_dir = (t.path / "ckpt").string();
  Pipeline p{o};
  auto side = AsSingleton(p | Create("Side", std::vector<Opaque>{{5}}));
  p | Create("Main", std::vector<int64_t>{1, 2}) |
      Map(
          "Add", [side](int64_t v, const SideInputs& s) { return std::to_string(v + s[side].x); },
          side) |
      io::WriteToText("Write", (t.path / "out").string());
  const auto r = p.run();
  CHECK(r.state == JobState::kFailed);
  CHECK(r.failed_step == "Add");
  CHECK(r.error.find("side input 'Side.out' has no coder") != std::string::npos);
}
