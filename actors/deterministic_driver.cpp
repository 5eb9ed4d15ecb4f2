#include "actors/deterministic_driver.hpp"

#include <stdexcept>

namespace rill {
namespace {

// What an actor running in a step sees as its execution unit: an actor it wakes (a send, a
// spawn) joins the coordinator's queue, as with CAF's own test worker.
class DriverUnit final : public caf::execution_unit {
 public:
  explicit DriverUnit(caf::scheduler::test_coordinator& sched)
      : caf::execution_unit(&sched.system()), sched_(sched) {}
  void exec_later(caf::resumable* ptr) override { sched_.jobs.push_back(ptr); }

 private:
  caf::scheduler::test_coordinator& sched_;
};

caf::scheduler::test_coordinator& test_coordinator_of(caf::actor_system& sys) {
  auto* sched = dynamic_cast<caf::scheduler::test_coordinator*>(&sys.scheduler());
  if (sched == nullptr)
    throw std::logic_error("rill: deterministic driver on a system without the test coordinator");
  return *sched;
}

}  // namespace

void configure_deterministic(caf::actor_system_config& cfg) {
  cfg.set("scheduler.policy", caf::atom("testing"));
  cfg.set("scheduler.max-threads", size_t{1});
}

DeterministicDriver::DeterministicDriver(caf::actor_system& sys, uint64_t seed)
    : sched_(test_coordinator_of(sys)), start_(sched_.clock().now()), rng_(seed) {}

std::chrono::milliseconds DeterministicDriver::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(sched_.clock().now() - start_);
}

void DeterministicDriver::post(std::function<void()> f) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    posted_.push_back(std::move(f));
  }
  posted_cv_.notify_one();
}

void DeterministicDriver::await_post() {
  std::unique_lock<std::mutex> lock(mutex_);
  posted_cv_.wait(lock, [&] { return !posted_.empty(); });
}

void DeterministicDriver::run_posted() {
  std::vector<std::function<void()>> todo;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    todo.swap(posted_);
  }
  for (auto& f : todo) f();
}

bool DeterministicDriver::step() {
  run_posted();
  auto& jobs = sched_.jobs;
  sched_.advance_time(kStepTime);  // delivers what fell due
  if (jobs.empty()) {
    if (!sched_.trigger_timeout()) return false;  // jumps to the next delayed message
    if (jobs.empty()) return true;                // it went to an actor that is gone
  }
  ++steps_;
  // mt19937_64's output is fixed by the standard; a distribution's is not, hence the modulo.
  const auto k = static_cast<size_t>(rng_() % jobs.size());
  caf::resumable* job = jobs[k];
  jobs.erase(jobs.begin() + static_cast<std::ptrdiff_t>(k));
  DriverUnit unit{sched_};
  // One message, then the pick is made again (as test_coordinator::try_run_once does).
  switch (job->resume(&unit, 1)) {
    case caf::resumable::resume_later:
      jobs.push_back(job);
      break;
    case caf::resumable::done:
    case caf::resumable::awaiting_message:
      caf::intrusive_ptr_release(job);
      break;
    case caf::resumable::shutdown_execution_unit:
      break;
  }
  return true;
}

}  // namespace rill
