#include "bench/measure.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <type_traits>

namespace rill::bench {
namespace {

static_assert(std::is_trivially_copyable_v<Outcome>);

// Sums of the aggregate "cpu" line of /proc/stat: steal ticks and all ticks (user, nice,
// system, idle, iowait, irq, softirq, steal; guest time is already inside user).
bool read_cpu_ticks(uint64_t& steal, uint64_t& total) {
  FILE* f = std::fopen("/proc/stat", "r");
  if (!f) return false;
  unsigned long long v[8] = {};
  const int got = std::fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
                              &v[3], &v[4], &v[5], &v[6], &v[7]);
  std::fclose(f);
  if (got != 8) return false;
  steal = v[7];
  total = 0;
  for (unsigned long long x : v) total += x;
  return true;
}

bool read_all(int fd, void* data, size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t r = ::read(fd, p, size);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    size -= static_cast<size_t>(r);
  }
  return true;
}

bool write_all(int fd, const void* data, size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t r = ::write(fd, p, size);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    size -= static_cast<size_t>(r);
  }
  return true;
}

}  // namespace

Outcome best_of(const std::function<Outcome()>& f, int64_t repeat) {
  Outcome best = f();
  for (int64_t i = 1; i < repeat; ++i) {
    const Outcome o = f();
    if (!(o.digest == best.digest)) throw std::runtime_error("two runs gave different results");
    if (o.seconds < best.seconds) best = o;
  }
  return best;
}

Outcome run_in_child(const std::function<Outcome()>& f) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);  // the child must not flush our buffered output a second time
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    int rc = 0;
    try {
      const Outcome o = f();
      if (!write_all(fds[1], &o, sizeof o)) rc = 3;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "rill-bench: hand loop failed: %s\n", e.what());
      rc = 4;
    }
    std::fflush(stderr);
    ::_exit(rc);
  }
  ::close(fds[1]);
  Outcome o;
  const bool got = read_all(fds[0], &o, sizeof o);
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("the hand-loop child process failed");
  return o;
}

StealMeter::StealMeter() {
  ok_ = read_cpu_ticks(steal_, total_);
}

double StealMeter::percent() const {
  uint64_t steal = 0, total = 0;
  if (!ok_ || !read_cpu_ticks(steal, total) || total <= total_) return -1;
  return 100.0 * static_cast<double>(steal - steal_) / static_cast<double>(total - total_);
}

double process_cpu_seconds() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

double peak_rss_mb() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double current_rss_mb() {
  // statm: size resident shared text lib data dt, in pages.
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return -1;
  unsigned long long size = 0, resident = 0;
  const int got = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (got != 2) return -1;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

std::string json_number(double v, bool present, const char* fmt) {
  if (!present || !std::isfinite(v)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string json_line(const std::string& workload, const Outcome& rill, const Outcome& hand,
                      double rss_mb) {
  const double rill_eps = rill.seconds > 0 ? static_cast<double>(rill.n) / rill.seconds : 0;
  const double hand_eps = hand.seconds > 0 ? static_cast<double>(hand.n) / hand.seconds : 0;
  const double ratio = hand_eps > 0 ? rill_eps / hand_eps : 0;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "{\"workload\":\"%s\",\"n\":%lld,\"rill_eps\":%.0f,\"hand_eps\":%.0f,"
                "\"ratio\":%.4f,\"rill_seconds\":%.4f,\"hand_seconds\":%.4f,"
                "\"peak_rss_mb\":%.1f,\"host_steal_pct\":%s%s}",
                workload.c_str(), static_cast<long long>(rill.n), rill_eps, hand_eps, ratio,
                rill.seconds, hand.seconds, rss_mb, json_steal(rill).c_str(),
                json_checkpoints(rill.ckpt).c_str());
  return buf;
}

std::string json_checkpoints(const CheckpointFigures& c) {
  if (c.completed < 0) return "";
  char buf[256];
  std::snprintf(buf, sizeof buf,
                ",\"checkpoints\":%lld,\"ckpt_p50_ms\":%.0f,\"ckpt_max_ms\":%.0f,"
                "\"ckpt_max_mb\":%.2f,\"restarts\":%lld,\"recovery_ms\":%s",
                static_cast<long long>(c.completed), c.p50_ms, c.max_ms, c.max_mb,
                static_cast<long long>(c.restarts),
                json_number(c.recovery_ms, c.recovery_ms >= 0, "%.0f").c_str());
  return buf;
}

}  // namespace rill::bench
