#pragma once
// SIGINT, SIGTERM and SIGHUP for a program that runs a job: instead of dying with half-written
// temporaries, the program hears the signal on a thread of its own and steers the job
// (`rill run` cancels it: nothing published beyond a completed commit, temporaries removed).
//   rill::StopSignals signals;            // first thing in main: before any thread starts
//   auto job = rill::start_node(p, node);
//   signals.on_signal([&](int sig) { job.cancel(...); });
//   auto result = job.wait();
//   if (signals.received()) return 128 + signals.received();
// The signals are blocked in the constructing thread, so every thread started after it
// inherits the mask and only the watcher takes them. No CAF here.
#include <atomic>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace rill {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();  // stops the watcher and restores the signal mask
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Called on the watcher thread for each signal (after the first too, e.g. to escalate).
  // A signal that came before a handler was set is handed to it at once.
  void on_signal(std::function<void(int)> handler);
  // The first signal received (SIGINT, SIGTERM or SIGHUP), or 0.
  int received() const { return first_.load(); }

  // "SIGTERM" for SIGTERM, etc.
  static const char* name(int sig);

 private:
  void watch();

  std::atomic<int> first_{0};
  std::mutex mutex_;
  std::function<void(int)> handler_;
  std::vector<int> unhandled_;
  std::thread watcher_;
};

}  // namespace rill
