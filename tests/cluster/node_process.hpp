#pragma once
// Starting and watching the processes of a test cluster: each node is a real process (its own
// pid, not a shell's), with stdout and stderr in files, waited for with a deadline and killed
// at the end of the test whatever happened, so no test leaves a process behind.
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cluster_test {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class NodeProcess {
 public:
  // Runs `argv` (argv[0] a path), optionally inside a network namespace via `ip netns exec`.
  NodeProcess(std::vector<std::string> argv, const std::string& log_prefix,
              const std::string& netns = "")
      : out_(log_prefix + ".out"), err_(log_prefix + ".err") {
    if (!netns.empty()) argv.insert(argv.begin(), {"/usr/sbin/ip", "netns", "exec", netns});
    std::fflush(nullptr);  // or the child flushes our buffered output a second time
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      if (!std::freopen(out_.c_str(), "w", stdout) || !std::freopen(err_.c_str(), "w", stderr))
        ::_exit(127);
      std::freopen("/dev/null", "r", stdin);
      std::vector<char*> c;
      for (auto& a : argv) c.push_back(a.data());
      c.push_back(nullptr);
      ::execv(c[0], c.data());
      ::_exit(127);
    }
  }
  ~NodeProcess() {
    if (!status_) {
      ::kill(pid_, SIGKILL);
      ::kill(pid_, SIGCONT);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) { ::kill(pid_, sig); }
  // The exit status once it exited within `limit` (-1 for a signal), else nullopt.
  std::optional<int> wait_for(std::chrono::milliseconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (!status_) {
      int st = 0;
      const pid_t r = ::waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        break;
      }
      if (std::chrono::steady_clock::now() >= end) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return status_;
  }
  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }
  // Waits until stdout or stderr contains `text`; false after `limit`.
  bool wait_for_output(const std::string& text, std::chrono::milliseconds limit) const {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (out().find(text) != std::string::npos || err().find(text) != std::string::npos)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

 private:
  std::string out_, err_;
  pid_t pid_ = -1;
  std::optional<int> status_;
};

// A TCP port that was free a moment ago on 127.0.0.1.
inline int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

// Established TCP connections (from /proc/net/tcp) whose local end is one of `ports`: the
// accepted side of a link to a node listening there.
inline int accepted_connections(const std::vector<int>& ports) {
  std::ifstream in("/proc/net/tcp");
  std::string line;
  std::getline(in, line);  // header
  int n = 0;
  while (std::getline(in, line)) {
    char local[64], remote[64];
    unsigned state = 0;
    if (std::sscanf(line.c_str(), "%*d: %63s %63s %x", local, remote, &state) != 3) continue;
    const char* colon = std::strchr(local, ':');
    if (state != 1 || colon == nullptr) continue;  // 01 = ESTABLISHED
    const int port = static_cast<int>(std::strtol(colon + 1, nullptr, 16));
    for (int p : ports) n += p == port;
  }
  return n;
}

}  // namespace cluster_test
