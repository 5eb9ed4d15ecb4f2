// The chaos suite across three processes (a coordinator and two workers on loopback): the
// chaos job under a process fault (a worker kills itself, or stops for a while, long enough
// to be declared lost or not), with a channel fault drawn beside it, from a seed. Every run
// must end DONE with every id exactly once in the published files. RILL_CHAOS_CLUSTER_SEEDS=N
// runs N seeds (CI: 3, one of each process fault; scripts/chaos.sh: 50) from RILL_CHAOS_FIRST
// (default 1).
#include <doctest/doctest.h>

#include <iostream>
#include <map>
#include <random>

#include "tests/cluster/cluster_run.hpp"

namespace {

using namespace cluster_test;
using gaming_test::TempDir;

// About 1 s of work over 4 partitions (1 ms every 4 ids): the process fault comes mid-run.
constexpr int64_t kIds = 16000;

int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : fallback;
}

// Seeds take turns: a worker kills itself, stops (for less or more than the 1 s connection
// timeout), or the link between the two workers is cut for a while.
std::string plan_of(uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 1);
  const int worker = static_cast<int>(rng() % 2);
  const int64_t after = 100 + static_cast<int64_t>(rng() % 400);
  const int64_t span = 200 + static_cast<int64_t>(rng() % 1600);
  std::string plan;
  switch (seed % 3) {
    case 0:
      plan = "kill-worker:worker=" + std::to_string(worker) + ",after-ms=" + std::to_string(after);
      break;
    case 1:
      plan = "pause-worker:worker=" + std::to_string(worker) +
             ",after-ms=" + std::to_string(after) + ",for-ms=" + std::to_string(span);
      break;
    default:
      plan = "partition:nodes=0/1,after-ms=" + std::to_string(after) +
             ",for-ms=" + std::to_string(span);
  }
  return plan + ";random:seed=" + std::to_string(seed) +
         ",count=1,kinds=crash+drop+duplicate+delay,max-after=800";
}

}  // namespace

TEST_CASE("chaos across processes: a worker killed or stopped, every id exactly once") {
  const int seeds = env_int("RILL_CHAOS_CLUSTER_SEEDS", 3);
  const int first = env_int("RILL_CHAOS_FIRST", 1);
  int runs = 0, lost = 0, duplicated = 0, not_done = 0, restarts = 0, faults = 0;
  for (int k = 0; k < seeds; ++k) {
    const uint64_t seed = static_cast<uint64_t>(first + k);
    const std::string plan = plan_of(seed);
    TempDir dir;
    const Args program = {RILL_CHAOS_NODE_BIN,
                          "--n=" + std::to_string(kIds),
                          "--pace-every=4",
                          "--output=" + dir.file("out/ids"),
                          "--checkpoint-dir=" + dir.file("ckpt"),
                          "--checkpoint-interval=50"};
    const std::string port = std::to_string(free_port());
    const Args node = {"--rill.coordinator-port=" + port, "--rill.heartbeat-interval=100ms",
                       "--rill.connection-timeout=1s"};
    NodeProcess coord(concat(concat(program, node),
                             {"--rill.role=coordinator", "--rill.workers=2", "--faults=" + plan}),
                      dir.file("coordinator"));
    std::vector<std::unique_ptr<NodeProcess>> workers;
    for (int i = 0; i < 2; ++i)
      workers.push_back(std::make_unique<NodeProcess>(
          concat(concat(program, node), {"--rill.role=worker", "--rill.slots=2"}),
          dir.file("w" + std::to_string(i))));
    const auto status = coord.wait_for(120s);
    for (auto& w : workers) w->wait_for(15s);
    const std::string out = coord.out() + coord.err();
    ++runs;
    std::map<std::string, int> seen;
    for (const auto& l : gaming_test::output_lines(dir.file("out/ids"))) ++seen[l];
    int l = 0, d = 0;
    for (int64_t id = 0; id < kIds; ++id) {
      const auto it = seen.find(std::to_string(id));
      if (it == seen.end())
        ++l;
      else
        d += it->second - 1;
    }
    // The process fault came while the job ran (a job over before it would prove nothing).
    const bool process_fault = out.find("injected fault kill-worker") != std::string::npos ||
                               out.find("injected fault pause-worker") != std::string::npos ||
                               out.find("injected fault partition") != std::string::npos;
    CHECK_MESSAGE(process_fault, "seed " << seed << ": the process fault did not fire\n" << out);
    const bool done = status && *status == 0;
    lost += l;
    duplicated += d;
    not_done += done ? 0 : 1;
    for (size_t at = out.find("restart "); at != std::string::npos;
         at = out.find("restart ", at + 1))
      if (out.compare(at, 12, "restart 1 of") == 0 || out.compare(at, 12, "restart 2 of") == 0 ||
          out.compare(at, 12, "restart 3 of") == 0)
        ++restarts;
    for (size_t at = out.find("injected fault"); at != std::string::npos;
         at = out.find("injected fault", at + 1))
      ++faults;
    std::cout << "chaos cluster seed " << seed << ": "
              << (done && l == 0 && d == 0 ? "ok" : "FAILED") << ", lost " << l << ", duplicated "
              << d << " (" << plan << ")\n";
    CHECK_MESSAGE((done && l == 0 && d == 0),
                  "seed " << seed << " (" << plan << "): lost " << l << ", duplicated " << d
                          << "\n--- coordinator:\n"
                          << out << "\n--- worker 0:\n"
                          << workers[0]->out() << workers[0]->err() << "\n--- worker 1:\n"
                          << workers[1]->out() << workers[1]->err());
  }
  std::cout << "chaos cluster: " << runs << " runs, " << faults << " faults injected (log lines), "
            << restarts << " restarts, lost " << lost << ", duplicated " << duplicated
            << ", not DONE " << not_done << "\n";
}
