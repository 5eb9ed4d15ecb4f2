// `rill jobs` steering a real `rill run` in another process: the streaming `event-counts`
// template runs with --rest-port; `rill jobs list` shows it RUNNING; `rill jobs drain` makes
// `rill run` exit 0 with every window of what it read published, `rill jobs cancel` makes it
// exit 1 with nothing published, `rill jobs stop` makes it exit 0 with a savepoint written.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>

#include "tests/cli/cli_run.hpp"
#include "tests/examples/event_counts_check.hpp"
#include "tests/examples/gaming_files.hpp"

using namespace cli_test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kWindowMs = 100;  // 1000 events of event time: a window every 0.25 s

// A `rill run event-counts` in the background, killed at the end of the test if still running.
class LiveRun {
 public:
  LiveRun(const TempDir& t, std::vector<std::string> extra) : log_(t.path / "run.log") {
    std::vector<std::string> args = {"run",
                                     "event-counts",
                                     "--output=" + (t.path / "out" / "counts").string(),
                                     "--rate=4000",
                                     "--window-ms=" + std::to_string(kWindowMs),
                                     "--parallelism=2",
                                     "--rest-port=0",
                                     "--metrics-interval=100"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn_rill(args, log_);
  }
  ~LiveRun() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::string log() const { return slurp(log_); }
  // "127.0.0.1:PORT" from the line `rill run` logs (--rest-port=0 takes any free port).
  std::string endpoint() {
    static const std::regex at("REST API at http://([0-9.]+:[0-9]+)");
    for (int i = 0; i < 1000 && !status_; ++i) {
      std::smatch m;
      const std::string text = log();
      if (std::regex_search(text, m, at)) return m[1];
      poll();
      std::this_thread::sleep_for(10ms);
    }
    FAIL("rill run never logged its REST address:\n" << log());
    return "";
  }
  // The exit status once it exited within `limit` (-1 for a signal), else nullopt.
  std::optional<int> wait_for(std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!poll() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(10ms);
    return status_;
  }

 private:
  bool poll() {
    int st = 0;
    if (!status_ && ::waitpid(pid_, &st, WNOHANG) == pid_)
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return status_.has_value();
  }
  fs::path log_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// Waits until `rill jobs list --format=json` shows the event-counts job RUNNING; its id.
std::string running_job(const std::string& endpoint, const TempDir& t) {
  std::string last;
  for (int i = 0; i < 200; ++i) {
    const Run r = cli_test::rill("jobs list --format=json --endpoint=" + endpoint, t.path);
    last = r.out + r.err;
    if (r.status == 0)
      for (const auto& j : json::parse(r.out))
        if (j["name"] == "event-counts" && j["state"] == "RUNNING") return j["id"];
    std::this_thread::sleep_for(50ms);
  }
  FAIL("the job was never listed RUNNING: " << last);
  return "";
}

// The elements a step emitted, from the summary `rill run` prints ("  Events  0  15047").
int64_t summary_out(const std::string& text, const std::string& step) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string name;
    int64_t in_count = -1, out_count = -1;
    if (words >> name >> in_count >> out_count && name == step) return out_count;
  }
  return -1;
}

// Waits until the job's source has emitted at least `n` elements (GET /jobs/ID through
// `rill jobs describe --format=json`), so the output has several windows.
void wait_for_events(const std::string& endpoint, const std::string& id, int64_t n,
                     const TempDir& t) {
  std::string last;
  for (int i = 0; i < 200; ++i) {
    const Run r =
        cli_test::rill("jobs describe " + id + " --format=json --endpoint=" + endpoint, t.path);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    last = r.out;
    const json job = json::parse(r.out);
    for (const auto& s : job["steps"])
      if (s["step"] == "Events" && s["elements_out"].get<int64_t>() >= n) return;
    std::this_thread::sleep_for(50ms);
  }
  FAIL("the source never emitted " << n << " events: " << last);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("live: rill jobs drain, and the running `rill run` exits 0 with every window published") {
  TempDir t;
  LiveRun run(t, {});
  const std::string endpoint = run.endpoint();
  const std::string id = running_job(endpoint, t);
  wait_for_events(endpoint, id, 3000, t);
  const Run r = cli_test::rill("jobs drain " + id + " --endpoint=" + endpoint, t.path);
  CHECK(r.status == 0);
  CHECK(has(r.out, "drain requested for job " + id + " (event-counts)"));
  const auto status = run.wait_for(30s);
  const std::string log = run.log();
  INFO(log);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(has(log, "job DRAINED"));
  const int64_t read = summary_out(log, "Events");
  CHECK(read >= 3000);
  int64_t complete = 0;
  const auto lines = gaming_test::output_lines((t.path / "out" / "counts").string());
  CHECK(event_counts_test::check_drained_counts(lines, kWindowMs, read, &complete) == "");
  CHECK(complete >= 2);
}

TEST_CASE("live: rill jobs cancel, and the running `rill run` exits 1 and publishes nothing") {
  TempDir t;
  LiveRun run(t, {});
  const std::string endpoint = run.endpoint();
  const std::string id = running_job(endpoint, t);
  wait_for_events(endpoint, id, 1000, t);
  const Run r =
      cli_test::rill("jobs cancel " + id + " --reason=maintenance --endpoint=" + endpoint, t.path);
  CHECK(r.status == 0);
  const auto status = run.wait_for(30s);
  const std::string log = run.log();
  INFO(log);
  REQUIRE(status.has_value());
  CHECK(*status == 1);
  CHECK(has(log, "rill: job CANCELLED: maintenance; nothing published"));
  size_t shards = 0;
  CHECK(gaming_test::output_lines((t.path / "out" / "counts").string(), &shards).empty());
  CHECK(shards == 0);
}

TEST_CASE("live: rill jobs stop, and the running `rill run` exits 0 with a savepoint written") {
  TempDir t;
  const fs::path savepoint = t.path / "savepoint";
  LiveRun run(t, {"--checkpoint-dir=" + (t.path / "ckpt").string(), "--checkpoint-interval=500"});
  const std::string endpoint = run.endpoint();
  const std::string id = running_job(endpoint, t);
  wait_for_events(endpoint, id, 1000, t);
  const Run r = cli_test::rill(
      "jobs stop " + id + " --dir=" + savepoint.string() + " --endpoint=" + endpoint, t.path);
  CHECK(r.status == 0);
  CHECK(has(r.out, "stop with a savepoint requested for job " + id));
  const auto status = run.wait_for(30s);
  const std::string log = run.log();
  INFO(log);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(has(log, "job STOPPED"));
  CHECK(has(log, "go on with --from-savepoint"));
  CHECK(fs::exists(savepoint / "_metadata"));
  // Once the process has gone, so has its REST API.
  const Run gone = cli_test::rill("jobs list --endpoint=" + endpoint, t.path);
  CHECK(gone.status == 2);
  CHECK(has(gone.err, "cannot reach http://" + endpoint));
}

TEST_CASE("event-counts with --events=N ends DONE with the generator's windows; bad parameters") {
  TempDir t;
  const std::string out = (t.path / "out" / "counts").string();
  const Run r = cli_test::rill(
      "run event-counts --events=5000 --rate=0 --window-ms=100 --parallelism=3 --output=" + out,
      t.path);
  REQUIRE_MESSAGE(r.status == 0, r.err);
  CHECK(has(r.out, "job DONE"));
  CHECK(summary_out(r.out, "Events") == 5000);
  int64_t complete = 0;
  CHECK(event_counts_test::check_drained_counts(gaming_test::output_lines(out), kWindowMs, 5000,
                                                &complete) == "");
  CHECK(complete == 5);
  for (const char* bad : {"--rate=-1", "--window-ms=0", "--events=x"}) {
    const Run b =
        cli_test::rill(std::string("run event-counts --output=") + out + " " + bad, t.path);
    CHECK(b.status == 2);
    CHECK_MESSAGE(has(b.err, "template 'event-counts': --"), b.err);
  }
}

TEST_CASE("the drained-output check finds a lost element, a missing window, a second firing") {
  // Two whole windows of 100 ms and a partial third, as the generator makes them.
  const std::vector<std::string> good = {
      "1436918400000,1436918400100,person,20",  "1436918400000,1436918400100,auction,60",
      "1436918400000,1436918400100,bid,920",    "1436918400100,1436918400200,person,20",
      "1436918400100,1436918400200,auction,60", "1436918400100,1436918400200,bid,920",
      "1436918400200,1436918400300,person,3",   "1436918400200,1436918400300,bid,100"};
  int64_t complete = 0;
  CHECK(event_counts_test::check_drained_counts(good, kWindowMs, 2103, &complete) == "");
  CHECK(complete == 2);
  CHECK(event_counts_test::check_drained_counts(good, kWindowMs, 2104) != "");  // one lost
  auto missing = good;
  missing.erase(missing.begin() + 3, missing.begin() + 6);
  CHECK(has(event_counts_test::check_drained_counts(missing, kWindowMs, 1103), "is missing"));
  auto twice = good;
  twice.push_back("1436918400200,1436918400300,bid,0");
  CHECK(has(event_counts_test::check_drained_counts(twice, kWindowMs, 2103), "fired twice"));
  auto short_first = good;
  short_first[2] = "1436918400000,1436918400100,bid,919";  // an incomplete window, then whole
  CHECK(has(event_counts_test::check_drained_counts(short_first, kWindowMs, 2102),
            "complete after an incomplete"));
}
