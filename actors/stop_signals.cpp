#include "actors/stop_signals.hpp"

#include <pthread.h>
#include <signal.h>

namespace rill {
namespace {

// SIGUSR2 wakes the watcher when the program is done with it.
sigset_t watched() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGINT, SIGTERM, SIGHUP, SIGUSR2}) sigaddset(&set, s);
  return set;
}

}  // namespace

StopSignals::StopSignals() {
  const sigset_t set = watched();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] { watch(); });
}

StopSignals::~StopSignals() {
  pthread_kill(watcher_.native_handle(), SIGUSR2);
  watcher_.join();
  const sigset_t set = watched();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void StopSignals::watch() {
  const sigset_t set = watched();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == SIGUSR2) return;
    int expected = 0;
    first_.compare_exchange_strong(expected, sig);
    std::function<void(int)> handler;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!handler_) {
        unhandled_.push_back(sig);
        continue;
      }
      handler = handler_;
    }
    handler(sig);
  }
}

void StopSignals::on_signal(std::function<void(int)> handler) {
  std::vector<int> earlier;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    handler_ = handler;
    earlier.swap(unhandled_);
  }
  for (int sig : earlier) handler(sig);
}

const char* StopSignals::name(int sig) {
  switch (sig) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
  }
  return "a signal";
}

}  // namespace rill
