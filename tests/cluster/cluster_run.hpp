#pragma once
// A test cluster run as separate processes of one program: a coordinator and N workers on
// loopback, each with the common arguments plus its own, waited for with a deadline.
#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "tests/cluster/node_process.hpp"
#include "tests/examples/gaming_files.hpp"

namespace cluster_test {

using namespace std::chrono_literals;
using Args = std::vector<std::string>;

inline Args concat(Args a, const Args& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

struct ClusterRun {
  int coordinator = -99;
  std::vector<int> workers;
  std::string coordinator_out;
  std::vector<std::string> worker_out;
};

// Starts a coordinator and `tls.size()` workers of `program` (each with `common` arguments
// plus its own), and waits up to `limit` for all of them.
inline ClusterRun run_cluster(const gaming_test::TempDir& dir, const Args& program,
                              const Args& coordinator_extra, const std::vector<Args>& worker_extra,
                              std::chrono::seconds limit = 60s) {
  const std::string port = std::to_string(cluster_test::free_port());
  // These runs check results, not failure detection (that has its own tests with 1 s):
  // a generous timeout keeps a slow start (sanitizers, TLS, a loaded machine) from being
  // taken for a lost peer.
  const Args node = {"--rill.coordinator-port=" + port, "--rill.heartbeat-interval=250ms",
                     "--rill.connection-timeout=5s"};
  NodeProcess coord(concat(concat(concat(program, node),
                                  {"--rill.role=coordinator",
                                   "--rill.workers=" + std::to_string(worker_extra.size())}),
                           coordinator_extra),
                    dir.file("coordinator"));
  std::vector<std::unique_ptr<NodeProcess>> workers;
  for (size_t i = 0; i < worker_extra.size(); ++i)
    workers.push_back(std::make_unique<NodeProcess>(
        concat(concat(concat(program, node), {"--rill.role=worker"}), worker_extra[i]),
        dir.file("worker" + std::to_string(i))));
  ClusterRun r;
  r.coordinator = coord.wait_for(limit).value_or(-99);
  r.coordinator_out = coord.out() + coord.err();
  for (auto& w : workers) {
    r.workers.push_back(w->wait_for(10s).value_or(-99));
    r.worker_out.push_back(w->out() + w->err());
  }
  return r;
}

// rill_cluster_node's output for numbers 0..n-1: "key: sum" per key i mod 16, sorted.
inline std::vector<std::string> node_sums(int64_t n) {
  std::vector<std::string> expected;
  for (int64_t k = 0; k < 16; ++k) {
    int64_t sum = 0;
    for (int64_t x = k; x < n; x += 16) sum += x;
    expected.push_back(std::to_string(k) + ": " + std::to_string(sum));
  }
  std::sort(expected.begin(), expected.end());
  return expected;
}

inline std::string words_text(int lines, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> words;
  for (int i = 0; i < 5000; ++i) {
    std::string w;
    for (int k = 0, n = 3 + static_cast<int>(rng() % 6); k < n; ++k)
      w += static_cast<char>('a' + rng() % 26);
    words.push_back(w);
  }
  std::string text;
  for (int l = 0; l < lines; ++l) {
    for (int k = 0; k < 10; ++k) text += words[rng() % words.size()] + (k < 9 ? " " : "\n");
  }
  return text;
}

}  // namespace cluster_test
