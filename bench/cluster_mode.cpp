#include "bench/cluster_mode.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "actors/node_runner.hpp"

namespace rill::bench {
namespace {

NodeSettings g_node;  // set once in main(), before any pipeline runs

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

pid_t spawn_worker(int argc, char** argv, int port) {
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) {
    const std::string s = argv[i];
    if (s.rfind("--processes=", 0) != 0 && s.rfind("--repeat=", 0) != 0) args.push_back(s);
  }
  args.push_back("--rill.role=worker");
  args.push_back("--rill.coordinator-port=" + std::to_string(port));
  args.push_back("--rill.slots=1");
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> c;
    for (auto& s : args) c.push_back(s.data());
    c.push_back(nullptr);
    ::execv("/proc/self/exe", c.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

void set_bench_node(const NodeSettings& node) {
  g_node = node;
}
const NodeSettings& bench_node() {
  return g_node;
}
PipelineResult run_bench_pipeline(Pipeline& p) {
  return run_node(p, g_node);
}

int run_multi_process(const BenchArgs& args, const std::function<Workload(const BenchArgs&)>& make,
                      int argc, char** argv) {
  const int procs = static_cast<int>(args.processes);
  // One process, one worker thread, one partition per stage: the baseline.
  BenchArgs a = args;
  a.options.workers = 1;
  a.options.parallelism = 1;
  const Outcome one = best_of(make(a).rill, a.repeat);
  // On the cluster: one partition per worker process.
  a.options.parallelism = procs;
  const Workload w = make(a);
  // P workers with one thread and one partition each; this process coordinates.
  double best_seconds = 0;
  int64_t events = 0;
  for (int64_t r = 0; r < a.repeat; ++r) {
    const int port = free_port();
    std::vector<pid_t> workers;
    for (int i = 0; i < procs; ++i) workers.push_back(spawn_worker(argc, argv, port));
    NodeSettings node;
    node.role = NodeRole::kCoordinator;
    node.coordinator_port = port;
    node.workers = procs;
    set_bench_node(node);
    Outcome many;
    try {
      many = w.rill();
    } catch (...) {
      for (pid_t pid : workers) ::kill(pid, SIGKILL);
      for (pid_t pid : workers) ::waitpid(pid, nullptr, 0);
      throw;
    }
    set_bench_node(NodeSettings{});
    for (pid_t pid : workers) {
      int st = 0;
      ::waitpid(pid, &st, 0);
      if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        throw std::runtime_error("a worker process failed (status " + std::to_string(st) + ")");
    }
    if (best_seconds == 0 || many.seconds < best_seconds) best_seconds = many.seconds;
    events = many.n;
  }
  const double eps1 = static_cast<double>(one.n) / one.seconds;
  const double epsp = static_cast<double>(events) / best_seconds;
  std::printf(
      "{\"workload\":\"%s\",\"mode\":\"processes\",\"processes\":%d,\"threads_per_process\":1,"
      "\"events\":%lld,\"eps_1_process\":%.0f,\"eps_%d_processes\":%.0f,\"scaling\":%.3f}\n",
      a.workload.c_str(), procs, static_cast<long long>(events), eps1, procs, epsp, epsp / eps1);
  return 0;
}

}  // namespace rill::bench
