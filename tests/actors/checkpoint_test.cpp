// Checkpoints and recovery through the real runner: a step fails at chosen moments, the job
// restarts from its last complete checkpoint, and the output must equal a fault-free run's,
// with every input number exactly once.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "io/collect.hpp"
#include "io/test_stream.hpp"
#include "rill.hpp"

using namespace rill;
namespace fs = std::filesystem;

namespace {

// The faults a run injects; reset by each scenario (one job at a time in this process).
struct Faults {
  std::atomic<int64_t> trigger{-1};           // the number at which the Chaos step throws
  std::atomic<int> throws_left{0};            // how many times it throws there
  std::atomic<bool> after_checkpoint{false};  // first wait until a checkpoint is complete
  std::atomic<bool> fail_next_save{false};    // the stateful DoFn's next snapshot throws
  std::atomic<bool> fail_next_load{false};    // its next restore throws
  std::atomic<bool> corrupt{false};           // the Chaos step damages the newest checkpoint first
  std::atomic<uint64_t> corrupted{0};         // the id of the checkpoint it damaged
  std::atomic<int> complete_when_damaged{0};  // complete checkpoints there were then
  std::atomic<int> saves{0}, loads{0};
  std::string dir;
};
Faults g_faults;

bool has_complete_checkpoint(const std::string& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (fs::exists(e.path() / "_metadata")) return true;
  return false;
}

// Flips a byte in the middle of the newest complete checkpoint's largest state file.
void damage_newest_checkpoint(const std::string& dir) {
  uint64_t newest = 0;
  fs::path where;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("chk-", 0) != 0 || !fs::exists(e.path() / "_metadata")) continue;
    const uint64_t id = std::stoull(name.substr(4));
    if (id > newest) newest = id, where = e.path();
  }
  REQUIRE(newest > 0);
  fs::path largest;
  for (const auto& e : fs::directory_iterator(where))
    if (e.path().extension() == ".state" &&
        (largest.empty() || fs::file_size(e.path()) > fs::file_size(largest)))
      largest = e.path();
  REQUIRE(!largest.empty());
  std::FILE* f = std::fopen(largest.c_str(), "r+b");
  REQUIRE(f != nullptr);
  const long at = static_cast<long>(fs::file_size(largest) / 2);
  std::fseek(f, at, SEEK_SET);
  const int c = std::fgetc(f);
  std::fseek(f, at, SEEK_SET);
  std::fputc(c ^ 0x5a, f);
  std::fclose(f);
  g_faults.corrupted = newest;
  int complete = 0;
  for (const auto& e : fs::directory_iterator(dir))
    complete += fs::exists(e.path() / "_metadata") ? 1 : 0;
  g_faults.complete_when_damaged = complete;
}

// A member of the stateful DoFn's State that fails its snapshot or restore on request.
struct SnapshotProbe {
  template <class A>
  void save(A&) const {
    ++g_faults.saves;
    if (g_faults.fail_next_save.exchange(false))
      throw std::runtime_error("injected: the snapshot failed");
  }
  template <class A>
  void load(A&) {
    ++g_faults.loads;
    if (g_faults.fail_next_load.exchange(false))
      throw std::runtime_error("injected: the restore failed");
  }
};

// Per key and window: every number once ("n:<v>"), and at the window's end its count.
struct CountFn : StatefulDoFn<int64_t, int64_t, std::string> {
  struct State {
    ValueState<int64_t> count;
    SetState<int64_t> seen;
    SnapshotProbe probe;
    template <class A>
    void serialize(A& ar) {
      ar(count, seen, probe);
    }
  };
  void process(const KV<int64_t, int64_t>& e, Emitter<std::string>& out, State& st,
               Timers& timers) {
    if (st.seen.add(e.value)) out.emit("n:" + std::to_string(e.value));
    st.count.write(st.count.read_or(0) + 1);
    timers.set("end", out.window().max_timestamp());
  }
  void on_timer(const TimerFiring<int64_t>& t, Emitter<std::string>& out, State& st, Timers&) {
    out.emit("c:" + std::to_string(t.key) + "@" + std::to_string(t.window.end) + "=" +
             std::to_string(st.count.read_or(0)));
  }
};

struct Scenario {
  int parallelism = 1;
  size_t batch = 64;
  int64_t n = 30'000;
};

PipelineOptions options_of(const Scenario& s, const std::string& dir) {
  PipelineOptions o;
  o.parallelism = s.parallelism;
  o.workers = 2;
  o.batch_size = s.batch;
  o.channel_credits = 4;
  if (!dir.empty()) {
    o.checkpoint_dir = dir;
    o.checkpoint_interval = 40;
    o.restart_attempts = 4;
  }
  return o;
}

// The step that fails: paced (about 1 s for 30,000 numbers, so that checkpoints every 40 ms
// happen), it throws a RetryableError at g_faults.trigger while throws are left.
int64_t chaos(int64_t v) {
  if (v % 200 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(6));
  if (v == g_faults.trigger.load() && g_faults.throws_left.load() > 0) {
    if (g_faults.after_checkpoint.load())
      for (int i = 0; i < 500 && !has_complete_checkpoint(g_faults.dir); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (g_faults.corrupt.exchange(false)) {
      // A checkpoint pending now needs this partition's barrier, which waits behind this
      // batch: after the pause, the newest complete one stays the newest.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      damage_newest_checkpoint(g_faults.dir);
    }
    --g_faults.throws_left;
    throw RetryableError("injected at " + std::to_string(v));
  }
  return v;
}

// A sink that is not exactly-once: a side effect per element, outside any checkpoint. What a
// restart replays reaches it twice; the checker below must see that.
std::mutex g_leak_mu;
std::vector<std::string> g_leaked;

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// numbers -> chaos -> timestamps -> key by v % 5 -> 1 s windows ->
//   stateful count (per element and per window) + a keyed Sum per window -> Collect.
std::pair<std::vector<std::string>, PipelineResult> run(const Scenario& s, const std::string& dir) {
  std::vector<int64_t> numbers(static_cast<size_t>(s.n));
  for (int64_t i = 0; i < s.n; ++i) numbers[static_cast<size_t>(i)] = i;
  Pipeline p{options_of(s, dir)};
  auto keyed = p | Create("Numbers", numbers) | Map("Chaos", chaos) |
               WithTimestamps("At", [](const int64_t& v) { return v; }) |
               Map("Key",
                   [](int64_t v) {
                     return KV<int64_t, int64_t>{v % 5, v};
                   }) |
               WindowInto("Seconds", FixedWindows(1000));
  auto counted = keyed | ParDo("Count", CountFn{});
  counted | Map("Leak", [](std::string line) {
    std::lock_guard lock(g_leak_mu);
    g_leaked.push_back(line);
    return line;
  });
  auto sums = keyed | CombinePerKey("Sum", combine::Sum<int64_t>{}) |
              Map("FormatSum", [](KV<int64_t, int64_t> kv) {
                return "s:" + std::to_string(kv.key) + "=" + std::to_string(kv.value);
              });
  auto out = std::vector{counted, sums} | Flatten("All") | io::Collect("Out");
  g_leaked.clear();
  auto result = p.run();
  return {sorted(out->values()), result};
}

// "key@window_start-window_end=value[/total]".
struct FormatWindowFn : DoFn<KV<int64_t, int64_t>, std::string> {
  void process(const KV<int64_t, int64_t>& kv, Emitter<std::string>& out) {
    out.emit(std::to_string(kv.key) + "@" + std::to_string(out.window().start) + "-" +
             std::to_string(out.window().end) + "=" + std::to_string(kv.value));
  }
};
struct ShareFn : DoFn<KV<int64_t, int64_t>, std::string> {
  explicit ShareFn(SingletonView<int64_t> t) : total(std::move(t)) {}
  SingletonView<int64_t> total;
  void process(const KV<int64_t, int64_t>& kv, Emitter<std::string>& out, const SideInputs& side) {
    out.emit(std::to_string(kv.key) + "@" + std::to_string(out.window().start) + "-" +
             std::to_string(out.window().end) + "=" + std::to_string(kv.value) + "/" +
             std::to_string(side[total]));
  }
};

// numbers -> chaos -> timestamps in bursts 100 s apart -> key by v % 7 -> sessions (gap 5 s)
// -> Sum per key and session, scaled by a side input (the total of all numbers, a singleton
// in the global window: the main input waits for it, buffered, across checkpoints).
std::pair<std::vector<std::string>, PipelineResult> run_sessions(const Scenario& s,
                                                                 const std::string& dir) {
  std::vector<int64_t> numbers(static_cast<size_t>(s.n));
  for (int64_t i = 0; i < s.n; ++i) numbers[static_cast<size_t>(i)] = i;
  Pipeline p{options_of(s, dir)};
  auto values = p | Create("Numbers", numbers) | Map("Chaos", chaos);
  auto total = AsSingleton(values | CombineGlobally("Total", combine::Sum<int64_t>{}));
  auto out = values |
             WithTimestamps("At", [](const int64_t& v) { return v * 10 + (v / 1000) * 100'000; }) |
             Map("Key",
                 [](int64_t v) {
                   return KV<int64_t, int64_t>{v % 7, v};
                 }) |
             WindowInto("Sessions", Sessions(5000)) |
             CombinePerKey("Sum", combine::Sum<int64_t>{}) | ParDo("Share", ShareFn{total}, total) |
             io::Collect("Out");
  auto result = p.run();
  return {sorted(out->values()), result};
}

// A scripted stream (parallelism 1): chunks of numbers, each followed by a watermark advance
// and a pause (processing time), a late chunk that is dropped, 1 s windows summed per key.
std::pair<std::vector<std::string>, PipelineResult> run_test_stream(const Scenario& s,
                                                                    const std::string& dir) {
  io::TestStream<int64_t> script("Script");
  const int64_t chunk = 500;
  for (int64_t from = 0; from < s.n; from += chunk) {
    std::vector<io::TimestampedValue<int64_t>> elements;
    for (int64_t v = from; v < std::min(s.n, from + chunk); ++v) elements.push_back({v, v});
    script.add_elements(std::move(elements));
    script.advance_watermark_to(from + chunk - 1000);
    script.advance_processing_time(15);
    if (from == s.n / 2) script.add_elements({{-1, 0}, {-2, 1}});  // behind the watermark
  }
  script.advance_watermark_to_infinity();
  Pipeline p{options_of(s, dir)};
  auto out = p | script | Map("Chaos", [](int64_t v) { return v < 0 ? v : chaos(v); }) |
             Map("Key",
                 [](int64_t v) {
                   return KV<int64_t, int64_t>{(v + 3) % 3, v};
                 }) |
             WindowInto("Seconds", FixedWindows(1000)) |
             CombinePerKey("Sum", combine::Sum<int64_t>{}) | ParDo("Format", FormatWindowFn{}) |
             io::Collect("Out");
  auto result = p.run();
  return {sorted(out->values()), result};
}

// Lost and duplicated numbers in the "n:" lines.
std::pair<int64_t, int64_t> lost_and_duplicated(const std::vector<std::string>& lines, int64_t n) {
  std::map<int64_t, int> seen;
  for (const auto& l : lines)
    if (l.rfind("n:", 0) == 0) ++seen[std::stoll(l.substr(2))];
  int64_t lost = 0, dup = 0;
  for (int64_t i = 0; i < n; ++i) {
    const auto it = seen.find(i);
    if (it == seen.end())
      ++lost;
    else
      dup += it->second - 1;
  }
  return {lost, dup};
}

// RILL_CHAOS_SEED (scripts/chaos.sh) moves the failure point and the batch sizes; without it
// the suite runs one fixed seed.
uint64_t chaos_seed() {
  const char* e = std::getenv("RILL_CHAOS_SEED");
  return e ? std::strtoull(e, nullptr, 10) : 0;
}

struct TempDir {
  std::string path;
  TempDir() {
    path = (fs::temp_directory_path() /
            ("rill-ckpt-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
               .string();
    fs::remove_all(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static inline int counter = 0;
};

void reset_faults(const std::string& dir) {
  g_faults.trigger = -1;
  g_faults.throws_left = 0;
  g_faults.after_checkpoint = false;
  g_faults.fail_next_save = false;
  g_faults.fail_next_load = false;
  g_faults.corrupt = false;
  g_faults.corrupted = 0;
  g_faults.complete_when_damaged = 0;
  g_faults.saves = 0;
  g_faults.loads = 0;
  g_faults.dir = dir;
}

}  // namespace

TEST_CASE("a job restarts from its last checkpoint and its output equals a fault-free run") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Scenario s;
    s.parallelism = p;
    const uint64_t seed = chaos_seed();
    s.batch = seed == 0 ? (p == 2 ? 37 : 64) : 16 + seed * 7919 % 200;
    // Where the failure comes: 40 % to 90 % into the last reader's slice (Create gives each
    // partition a slice it reads at the same pace), so checkpoints have completed by then.
    // Not earlier: the failing step waits for one inside the partition the barrier needs.
    const int64_t slice = s.n / p, frac_permille = 400 + static_cast<int64_t>(seed * 104729 % 500);
    const int64_t at = seed == 0 ? 21'000 : (p - 1) * slice + slice * frac_permille / 1000;
    CAPTURE(seed);
    CAPTURE(s.batch);
    CAPTURE(at);
    reset_faults("");
    const auto [reference, ref_result] = run(s, "");
    REQUIRE_MESSAGE(ref_result.ok(), ref_result.summary());
    REQUIRE(lost_and_duplicated(reference, s.n) == std::pair<int64_t, int64_t>{0, 0});

    struct Case {
      std::string name;
      int64_t trigger;
      int throws;
      int restarts;
      bool after_checkpoint, fail_save = false, fail_load = false, corrupt = false;
    };
    const Case cases[] = {
        {"before the first checkpoint", 50, 1, 1, false},
        {"between checkpoints", at, 1, 1, true},
        {"twice in a row", at, 2, 2, true},
        // Declined (logged), as Flink's: the job goes on, its next checkpoint completes.
        {"during a snapshot", at, 0, 0, true, true},
        {"during a restore", at, 1, 2, true, false, true},
        {"with the newest checkpoint damaged", at, 1, 1, true, false, false, true},
    };
    for (const auto& c : cases) {
      CAPTURE(c.name);
      TempDir dir;
      reset_faults(dir.path);
      g_faults.trigger = c.trigger;
      g_faults.throws_left = c.throws;
      g_faults.after_checkpoint = c.after_checkpoint;
      g_faults.corrupt = c.corrupt;
      if (c.fail_save) {
        // Armed once a checkpoint exists: the next snapshot of the Count step fails.
        g_faults.throws_left = 1;
        g_faults.trigger = -2;  // no throw from Chaos; the probe arms below
      }
      std::thread arm;
      if (c.fail_save || c.fail_load)
        arm = std::thread([&] {
          for (int i = 0; i < 500 && !has_complete_checkpoint(dir.path); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
          if (c.fail_save) g_faults.fail_next_save = true;
          if (c.fail_load) g_faults.fail_next_load = true;
        });
      const auto [got, result] = run(s, dir.path);
      if (arm.joinable()) arm.join();
      CHECK_MESSAGE(result.ok(), result.summary());
      CHECK(result.checkpoints.restarts == c.restarts);
      if (c.after_checkpoint && c.restarts > 0 && !c.corrupt)
        CHECK(result.checkpoints.restored_from > 0);
      if (c.fail_save) CHECK(result.checkpoints.declined >= 1);
      if (!c.after_checkpoint)
        CHECK(result.checkpoints.log.at(0).find("from the beginning") != std::string::npos);
      if (c.corrupt) {
        // Detected by its CRC and never restored: the one before it was, or, when the
        // damaged one was the only one, none (a start from the beginning).
        CHECK(result.checkpoints.restored_from < g_faults.corrupted.load());
        CHECK((result.checkpoints.restored_from > 0) == (g_faults.complete_when_damaged >= 2));
        const auto& log = result.checkpoints.log;
        CHECK(std::any_of(log.begin(), log.end(), [](const std::string& l) {
          return l.find("is not restored") != std::string::npos;
        }));
      }
      const auto [lost, dup] = lost_and_duplicated(got, s.n);
      CHECK(lost == 0);
      CHECK(dup == 0);
      CHECK(got == reference);
      // The checker catches a sink that is not exactly-once: the leaking side effect saw the
      // replayed elements twice (a failure at the 50th number may come before any reached it).
      if (c.throws > 0 && c.after_checkpoint) {
        std::lock_guard lock(g_leak_mu);
        CHECK(lost_and_duplicated(g_leaked, s.n).second > 0);
      }
      // A job that ended DONE leaves no checkpoint behind.
      CHECK(!has_complete_checkpoint(dir.path));
    }
  }
}

namespace {

// A failure before the first checkpoint and one between checkpoints, against a fault-free run.
template <class Run>
void check_restarts(const Scenario& s, Run&& run_it) {
  reset_faults("");
  const auto [reference, ref_result] = run_it(s, "");
  REQUIRE_MESSAGE(ref_result.ok(), ref_result.summary());
  REQUIRE(!reference.empty());
  for (const bool after_checkpoint : {false, true}) {
    CAPTURE(after_checkpoint);
    TempDir dir;
    reset_faults(dir.path);
    g_faults.trigger = after_checkpoint ? s.n * 7 / 10 : 30;
    g_faults.throws_left = 1;
    g_faults.after_checkpoint = after_checkpoint;
    const auto [got, result] = run_it(s, dir.path);
    CHECK_MESSAGE(result.ok(), result.summary());
    CHECK(result.checkpoints.restarts == 1);
    CHECK((result.checkpoints.restored_from > 0) == after_checkpoint);
    CHECK(got == reference);
    CHECK(!has_complete_checkpoint(dir.path));
  }
}

}  // namespace

TEST_CASE("restarts with merging windows (sessions) and a side input the main input waits for") {
  for (int p : {1, 2, 4}) {
    CAPTURE(p);
    Scenario s;
    s.parallelism = p;
    s.batch = 50;
    check_restarts(s, run_sessions);
  }
}

TEST_CASE("restarts of a TestStream: watermark steps, pauses and late data replay alike") {
  Scenario s;
  s.n = 20'000;
  check_restarts(s, run_test_stream);
}

namespace {

// The checkpoint test's pipeline, started (not run) with `o`; its Collect store.
struct Started {
  std::unique_ptr<Pipeline> p;
  std::shared_ptr<io::Collected<std::string>> out;
  std::optional<PipelineHandle> job;
};

Started start(const Scenario& s, PipelineOptions o) {
  std::vector<int64_t> numbers(static_cast<size_t>(s.n));
  for (int64_t i = 0; i < s.n; ++i) numbers[static_cast<size_t>(i)] = i;
  Started r;
  r.p = std::make_unique<Pipeline>(o);
  auto keyed = *r.p | Create("Numbers", numbers) | Map("Chaos", chaos) |
               WithTimestamps("At", [](const int64_t& v) { return v; }) |
               Map("Key",
                   [](int64_t v) {
                     return KV<int64_t, int64_t>{v % 5, v};
                   }) |
               WindowInto("Seconds", FixedWindows(1000));
  r.out = keyed | ParDo("Count", CountFn{}) | io::Collect("Out");
  r.job.emplace(r.p->start());
  return r;
}

void wait_for_checkpoint(const std::string& dir) {
  for (int i = 0; i < 1000 && !has_complete_checkpoint(dir); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  REQUIRE(has_complete_checkpoint(dir));
}

}  // namespace

TEST_CASE("stop-with-savepoint, then a run from the savepoint: the output of one clean run") {
  Scenario s;
  s.parallelism = 2;
  reset_faults("");
  auto clean = start(s, options_of(s, ""));
  const auto clean_result = clean.job->wait();
  REQUIRE(clean_result.ok());
  const auto reference = sorted(clean.out->values());

  TempDir ckpt, sp;
  reset_faults(ckpt.path);
  auto first = start(s, options_of(s, ckpt.path));
  wait_for_checkpoint(ckpt.path);
  first.job->stop_with_savepoint(sp.path);
  const auto stopped = first.job->wait();
  CHECK(stopped.state == JobState::kStopped);
  CHECK(!stopped.ok());
  CHECK(stopped.checkpoints.savepoint == sp.path);
  CHECK(stopped.summary().find("stopped with savepoint") != std::string::npos);
  REQUIRE(fs::exists(fs::path(sp.path) / "_metadata"));
  // It stopped part-way: not everything reached the sink.
  CHECK(first.out->values().size() < reference.size());

  // Resumed from the savepoint (a self-contained directory), without the checkpoint one.
  fs::remove_all(ckpt.path);
  PipelineOptions o = options_of(s, "");
  o.from_savepoint = sp.path;
  auto second = start(s, o);
  const auto resumed = second.job->wait();
  CHECK_MESSAGE(resumed.ok(), resumed.summary());
  CHECK(resumed.checkpoints.restored_from > 0);
  CHECK(sorted(second.out->values()) == reference);
  // The savepoint is kept until deleted.
  CHECK(fs::exists(fs::path(sp.path) / "_metadata"));

  // A savepoint of another pipeline is refused before anything runs.
  PipelineOptions other = options_of(s, "");
  other.from_savepoint = sp.path;
  Pipeline p{other};
  p | Create("Numbers", std::vector<int64_t>{1, 2}) | io::Collect("Out");
  CHECK_THROWS_WITH_AS(p.start(), doctest::Contains("belongs to another pipeline"),
                       std::invalid_argument);
}

TEST_CASE("drain: reading stops, every window and timer fires, the output is published") {
  Scenario s;
  s.parallelism = 2;
  TempDir ckpt;
  reset_faults(ckpt.path);
  auto run = start(s, options_of(s, ckpt.path));
  wait_for_checkpoint(ckpt.path);
  run.job->drain();
  const auto result = run.job->wait();
  CHECK(result.state == JobState::kDrained);
  CHECK(result.ok());
  const auto lines = run.out->values();
  // Stopped early: fewer numbers than the input, each once.
  std::map<std::string, int64_t> per_window;  // "key@end" -> numbers seen
  std::map<std::string, int64_t> counted;     // the timers' counts
  std::set<int64_t> numbers;
  for (const auto& l : lines) {
    if (l.rfind("n:", 0) == 0) {
      const int64_t v = std::stoll(l.substr(2));
      CHECK(numbers.insert(v).second);
      ++per_window[std::to_string(v % 5) + "@" + std::to_string((v / 1000 + 1) * 1000)];
    } else {
      const auto eq = l.find('=');
      counted[l.substr(2, eq - 2)] = std::stoll(l.substr(eq + 1));
    }
  }
  CHECK(numbers.size() > 0);
  CHECK(static_cast<int64_t>(numbers.size()) < s.n);
  // Every window's end-of-window timer fired, with the count of what it got.
  CHECK(counted == per_window);
}

TEST_CASE("a job that FAILED with checkpoints keeps them: --resume finishes it exactly once") {
  Scenario s;
  s.parallelism = 2;
  reset_faults("");
  auto clean = start(s, options_of(s, ""));
  REQUIRE(clean.job->wait().ok());
  const auto reference = sorted(clean.out->values());

  TempDir ckpt;
  reset_faults(ckpt.path);
  g_faults.trigger = 21'000;
  g_faults.throws_left = 1;
  g_faults.after_checkpoint = true;
  PipelineOptions o = options_of(s, ckpt.path);
  o.restart_attempts = 0;  // the failure ends the job
  auto failed = start(s, o);
  const auto r1 = failed.job->wait();
  CHECK(r1.state == JobState::kFailed);
  CHECK(has_complete_checkpoint(ckpt.path));  // kept for a resume

  // The collected shares live in the first pipeline's store: the resumed job's store starts
  // from the checkpoint's shares and must end with everything exactly once.
  o.resume = true;
  auto resumed = start(s, o);
  const auto r2 = resumed.job->wait();
  CHECK_MESSAGE(r2.ok(), r2.summary());
  CHECK(r2.checkpoints.restored_from > 0);
  CHECK(sorted(resumed.out->values()) == reference);
  CHECK(!has_complete_checkpoint(ckpt.path));
}
