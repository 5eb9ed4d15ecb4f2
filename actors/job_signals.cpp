#include "actors/job_signals.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace rill {
namespace {

// Seconds since `t0`, as "2.1 s".
std::string seconds_since(std::chrono::steady_clock::time_point t0) {
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", s);
  return buf;
}

}  // namespace

void stop_job_on_signals(StopSignals& signals, PipelineHandle job, bool savepoint) {
  const auto t0 = std::chrono::steady_clock::now();
  signals.on_signal([job, t0, savepoint, count = 0](int sig) mutable {
    ++count;
    if (count > 2 || (count == 2 && !savepoint)) {
      std::fprintf(stderr, "rill: another %s: exiting without cleaning up\n",
                   StopSignals::name(sig));
      std::_Exit(128 + sig);
    }
    if (count == 1 && savepoint) {
      std::fprintf(stderr, "rill: %s: stopping with a savepoint (another signal cancels)\n",
                   StopSignals::name(sig));
      job.stop_with_savepoint();
      return;
    }
    job.cancel(std::string("cancelled by ") + StopSignals::name(sig) + " after " +
               seconds_since(t0));
  });
}

}  // namespace rill
