#include "cli/progress_line.hpp"

#include <chrono>
#include <cstdio>

#include "ops/job_registry.hpp"

namespace rill::cli {
namespace {

std::string amount(double v, bool bytes) {
  const char* units[] = {"", " K", " M", " G", " T"};
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= bytes ? 1024 : 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s%s" : "%.1f%s%s", v, units[u], bytes ? "B" : "");
  return buf;
}

}  // namespace

std::string progress_text(const std::string& step, double done, double total, double rate,
                          bool bytes) {
  std::string s = step + " " + amount(done, bytes) + (bytes ? "" : " elements");
  if (total > 0) {
    char pct[16];
    std::snprintf(pct, sizeof pct, " (%.0f%%)", 100.0 * done / total);
    s += " of " + amount(total, bytes) + pct;
  }
  s += ", " + amount(rate, bytes) + (bytes ? "/s" : "/s");
  if (total > 0 && rate > 0 && total > done) {
    const auto left = static_cast<long>((total - done) / rate + 0.5);
    s += ", ETA " + (left >= 60 ? std::to_string(left / 60) + " min " : std::string()) +
         std::to_string(left % 60) + " s";
  }
  return s;
}

ProgressLine::ProgressLine(std::string job_name)
    : job_name_(std::move(job_name)), thread_([this] { run(); }) {}

ProgressLine::~ProgressLine() {
  stop_ = true;
  thread_.join();
}

void ProgressLine::run() {
  using Clock = std::chrono::steady_clock;
  double last_done = -1, first_backlog = -1;
  auto last_t = Clock::now();
  bool drawn = false;
  while (!stop_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    if (stop_) break;
    // The newest job of that name in this process (a coordinator's, or the local run's).
    const auto jobs = process_jobs().list();
    const JobStatus* job = nullptr;
    for (const auto& j : jobs)
      if (j.name == job_name_) job = &j;
    if (!job || is_final(job->state)) continue;
    // The sources: what they emitted, and what is left (bytes where they know bytes).
    double read = 0, backlog_el = 0, backlog_by = 0;
    bool el_known = true, by_known = true;
    std::string step;
    for (const auto& s : job->steps) {
      if (s.stage < 0 || s.stage >= static_cast<int>(job->stages.size()) ||
          job->stages[static_cast<size_t>(s.stage)].inputs.size() != 0 ||
          job->stages[static_cast<size_t>(s.stage)].steps.front() != s.step)
        continue;
      step += (step.empty() ? "" : "+") + s.step;
      read += static_cast<double>(s.elements_out);
      el_known = el_known && s.backlog_elements >= 0;
      by_known = by_known && s.backlog_bytes >= 0;
      backlog_el += static_cast<double>(s.backlog_elements);
      backlog_by += static_cast<double>(s.backlog_bytes);
    }
    if (step.empty()) continue;
    const bool bytes = by_known && !el_known;
    double done = read, total = el_known ? read + backlog_el : -1;
    if (bytes) {
      if (first_backlog < 0) first_backlog = backlog_by;
      done = first_backlog - backlog_by;
      total = first_backlog;
    }
    const auto now = Clock::now();
    const double dt = std::chrono::duration<double>(now - last_t).count();
    const double rate = last_done >= 0 && dt > 0 ? (done - last_done) / dt : 0;
    last_done = done;
    last_t = now;
    std::fprintf(stderr, "\r\033[Krill: %s", progress_text(step, done, total, rate, bytes).c_str());
    std::fflush(stderr);
    drawn = true;
  }
  if (drawn) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace rill::cli
