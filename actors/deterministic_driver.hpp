#pragma once
// Deterministic scheduling (PipelineOptions::deterministic_seed): the local job's actor system
// runs CAF 0.17's test coordinator (`scheduler.policy = testing`: no scheduler threads, a
// queue of runnable actors, a clock that only moves when told), and the thread that waits for
// the job drives it. Each step runs one message of one runnable actor, picked by a generator
// seeded with the seed, so the same seed replays the same interleaving of every actor's
// messages. Time is virtual: each step advances the clock by kStepTime, delivering the
// delayed messages (source pacing, checkpoint ticks, quiet checks, timeouts) that fell due;
// when nothing is runnable the clock jumps to the next delayed message.
//
// What stays non-deterministic: the moment a cancel/drain/stop from another thread takes
// effect (it is applied between two steps, whichever comes next); processing-time timers and
// anything else that reads the system clock (their due times follow wall time; the
// checkpoint coordinator's 10-minute abandon rule; durations in the result); user code with
// its own threads or randomness. Source pacing and a stage's drain turn read the actor clock
// (self->clock()), which is this virtual one. Every actor must run on the scheduler (no detached
// ones: their thread would race the driver), and nothing but the driver may touch the
// system from another thread: post() hands work to it.
#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <vector>

namespace rill {

// Virtual time one step takes: about what a turn of a stage actor costs, so delayed messages
// fall between messages at a realistic rate (a checkpoint every 100 ms: every 2000 steps).
constexpr auto kStepTime = std::chrono::microseconds(50);

// Sets `cfg` up for a driven, single-threaded system; call before constructing it.
void configure_deterministic(caf::actor_system_config& cfg);

class DeterministicDriver {
 public:
  // `sys` must have been configured with configure_deterministic().
  DeterministicDriver(caf::actor_system& sys, uint64_t seed);

  // Runs what was posted, then one message of a runnable actor picked by the generator (or,
  // if none is runnable, delivers the next delayed message). False when nothing could run:
  // nothing is runnable and no message is delayed.
  bool step();
  // Blocks until something is posted (call when step() returned false).
  void await_post();
  // Thread-safe: runs `f` on the driving thread before its next step.
  void post(std::function<void()> f);

  uint64_t steps() const { return steps_; }
  // Virtual time since the driver was made.
  std::chrono::milliseconds elapsed() const;

 private:
  void run_posted();

  caf::scheduler::test_coordinator& sched_;
  caf::actor_clock::time_point start_;
  std::mt19937_64 rng_;
  uint64_t steps_ = 0;
  std::mutex mutex_;
  std::condition_variable posted_cv_;
  std::vector<std::function<void()>> posted_;
};

}  // namespace rill
