// Recovery across processes: workers killed mid-run (one, then another), the coordinator
// places every partition again on the workers still alive (or on one that joined since),
// from the last complete checkpoint, and the job ends DONE with exactly the output of a run
// without faults; without checkpoints the loss still fails the job (cluster_test.cpp). A
// coordinator restarted with --resume goes on from the checkpoint its killed predecessor left,
// or from the savepoint SIGTERM made it take.
#include <doctest/doctest.h>
#include <signal.h>

#include "tests/cluster/cluster_run.hpp"

namespace {

using namespace cluster_test;
using gaming_test::TempDir;
namespace fs = gaming_test::fs;

size_t count_of(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Waits until the coordinator's log holds `n` lines with `needle`; false after `limit`.
bool wait_for_count(const NodeProcess& p, const std::string& needle, size_t n,
                    std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (count_of(p.out() + p.err(), needle) >= n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// Files beside the output other than the published shards and their manifest.
std::vector<std::string> leftovers(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string n = e.path().filename().string();
    if (n[0] == '.' && n.find(".rill-manifest") == std::string::npos) out.push_back(n);
  }
  return out;
}

constexpr int64_t kNumbers = 60000;

// The paced job of rill_cluster_node (200 us per element in its Slow step, about 4 s at
// parallelism 3): slow enough to be killed mid-run whatever the build's speed.
Args paced_job(const TempDir& dir, const std::string& port) {
  return {RILL_NODE_BIN,
          "--n=" + std::to_string(kNumbers),
          "--delay-us=200",
          "--output=" + dir.file("out/sums"),
          "--checkpoint-dir=" + dir.file("ckpt"),
          "--checkpoint-interval=200",
          "--rill.coordinator-port=" + port,
          "--rill.heartbeat-interval=100ms",
          "--rill.connection-timeout=1s"};
}

std::unique_ptr<NodeProcess> start_worker(const TempDir& dir, const Args& program, int i) {
  return std::make_unique<NodeProcess>(concat(program, {"--rill.role=worker", "--rill.slots=1"}),
                                       dir.file("w" + std::to_string(i)));
}

}  // namespace

TEST_CASE(
    "workers killed mid-run: the job restarts on the survivors from its checkpoint, DONE, "
    "exact output") {
  TempDir dir;
  const Args program = paced_job(dir, std::to_string(free_port()));
  NodeProcess coord(concat(program, {"--rill.role=coordinator", "--rill.workers=3"}),
                    dir.file("coordinator"));
  std::vector<std::unique_ptr<NodeProcess>> w;
  for (int i = 0; i < 3; ++i) w.push_back(start_worker(dir, program, i));
  auto logs = [&] {
    std::string s = coord.out() + coord.err();
    for (size_t i = 0; i < w.size(); ++i)
      s += "\n--- worker " + std::to_string(i) + ":\n" + w[i]->out() + w[i]->err();
    return s;
  };

  // The first kill once a checkpoint is complete; the second once the restarted job has
  // completed one of its own, so that both restarts restore state.
  REQUIRE_MESSAGE(wait_for_count(coord, "complete:", 1, 30s), logs());
  w[2]->signal(SIGKILL);
  REQUIRE_MESSAGE(wait_for_count(coord, "restart 1 of 3", 1, 10s), logs());
  const size_t before = count_of(coord.out() + coord.err(), "complete:");
  REQUIRE_MESSAGE(wait_for_count(coord, "complete:", before + 1, 30s), logs());
  w[1]->signal(SIGKILL);

  const auto status = coord.wait_for(60s);
  INFO(logs());
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  const std::string out = coord.out() + coord.err();
  CHECK(out.find("restart 2 of 3") != std::string::npos);
  // Each restart names the lost worker (its pid) and what it held, and restores a checkpoint.
  for (int i : {1, 2}) {
    CHECK(out.find("pid " + std::to_string(w[static_cast<size_t>(i)]->pid()) + ")") !=
          std::string::npos);
  }
  CHECK(count_of(out, "step partitions lost: ") >= 2);
  CHECK(count_of(out, "; from checkpoint ") >= 2);
  CHECK(out.find("from the beginning") == std::string::npos);
  CHECK(out.find("restarts: 2") != std::string::npos);
  CHECK(out.find("recovered in ") != std::string::npos);  // both restarts ran again
  // The survivor ran everything at the end and was told the job is DONE.
  const auto w0 = w[0]->wait_for(10s);
  REQUIRE(w0.has_value());
  CHECK(*w0 == 0);
  CHECK(w[0]->out().find("job DONE") != std::string::npos);
  // Nothing lost, nothing twice; no temporaries; the checkpoints of a DONE job are gone.
  size_t shards = 0;
  CHECK(gaming_test::output_lines(dir.file("out/sums"), &shards) == node_sums(kNumbers));
  CHECK(shards == 3);
  CHECK(leftovers(dir.file("out")).empty());
  CHECK(fs::is_empty(dir.file("ckpt")));
}

TEST_CASE("a worker that joins after a loss takes the partitions at the next restart") {
  TempDir dir;
  const Args program = paced_job(dir, std::to_string(free_port()));
  NodeProcess coord(concat(program, {"--rill.role=coordinator", "--rill.workers=2"}),
                    dir.file("coordinator"));
  auto w0 = start_worker(dir, program, 0), w1 = start_worker(dir, program, 1);
  std::unique_ptr<NodeProcess> w2;
  auto logs = [&] {
    std::string s = coord.out() + coord.err() + "\n--- worker 0:\n" + w0->out() + w0->err();
    if (w2) s += "\n--- replacement:\n" + w2->out() + w2->err();
    return s;
  };
  REQUIRE_MESSAGE(wait_for_count(coord, "complete:", 1, 30s), logs());
  w1->signal(SIGKILL);
  REQUIRE_MESSAGE(wait_for_count(coord, "restart 1 of 3", 1, 10s), logs());
  // A replacement: admitted in place of the lost worker, it links to the survivor only.
  w2 = start_worker(dir, program, 2);
  REQUIRE_MESSAGE(wait_for_count(coord, "partitions go there from the next restart", 1, 30s),
                  logs());
  const size_t before = count_of(coord.out() + coord.err(), "complete:");
  REQUIRE_MESSAGE(wait_for_count(coord, "complete:", before + 1, 30s), logs());
  w0->signal(SIGKILL);  // the last of the original workers: only the replacement is left
  const auto status = coord.wait_for(60s);
  INFO(logs());
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(count_of(coord.out() + coord.err(), "restart 2 of 3") == 1);
  const auto w2_status = w2->wait_for(10s);
  REQUIRE(w2_status.has_value());
  CHECK(*w2_status == 0);
  CHECK(w2->out().find("job DONE") != std::string::npos);
  CHECK(gaming_test::output_lines(dir.file("out/sums")) == node_sums(kNumbers));
  CHECK(leftovers(dir.file("out")).empty());
}

// A coordinator stopped by `sig` once two checkpoints are complete (SIGKILL: it dies;
// SIGTERM: it stops with a savepoint in the checkpoint directory), then a new cluster with
// --resume: it goes on from there and publishes exactly the output of a run without faults.
static void check_coordinator_stop_and_resume(int sig) {
  TempDir dir;
  const Args program = paced_job(dir, std::to_string(free_port()));
  {
    NodeProcess coord(concat(program, {"--rill.role=coordinator", "--rill.workers=2"}),
                      dir.file("coordinator1"));
    auto w0 = start_worker(dir, program, 0), w1 = start_worker(dir, program, 1);
    REQUIRE_MESSAGE(wait_for_count(coord, "complete:", 2, 30s), (coord.out() + coord.err()));
    coord.signal(sig);
    const auto status = coord.wait_for(30s);
    INFO((coord.out() + coord.err()));
    REQUIRE(status.has_value());
    if (sig == SIGTERM) {
      CHECK(*status == 128 + SIGTERM);
      CHECK(coord.err().find("stopped with savepoint") != std::string::npos);
    }
    // The workers are told (or lose their coordinator) and exit, keeping the temporaries the
    // checkpoint names: the resumed run cuts them back and writes on.
    CHECK(w0->wait_for(10s).has_value());
    CHECK(w1->wait_for(10s).has_value());
    CHECK(!fs::exists(dir.file("out/sums-00000-of-00002")));  // nothing published
  }
  const Args resumed = paced_job(dir, std::to_string(free_port()));
  NodeProcess coord(concat(resumed, {"--rill.role=coordinator", "--rill.workers=2", "--resume"}),
                    dir.file("coordinator2"));
  auto w0 = start_worker(dir, resumed, 2), w1 = start_worker(dir, resumed, 3);
  const auto status = coord.wait_for(60s);
  const std::string out = coord.out() + coord.err();
  INFO(out);
  INFO("--- worker 0:\n" << (w0->out() + w0->err()));
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  CHECK(out.find("resuming from checkpoint") != std::string::npos);
  CHECK(gaming_test::output_lines(dir.file("out/sums")) == node_sums(kNumbers));
  CHECK(leftovers(dir.file("out")).empty());
}

TEST_CASE("a cluster whose coordinator was killed goes on from its checkpoint with --resume") {
  check_coordinator_stop_and_resume(SIGKILL);
}

TEST_CASE("SIGTERM to a cluster's coordinator stops it with a savepoint; --resume goes on") {
  check_coordinator_stop_and_resume(SIGTERM);
}
