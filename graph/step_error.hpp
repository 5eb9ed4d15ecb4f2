#pragma once
// An error raised while running a step: it carries the step's name so the job can fail with
// "step 'Parse' failed: ..." instead of a bare message.
#include <new>
#include <stdexcept>
#include <string>

namespace rill {

// Thrown by a DoFn or a connector for a failure that may pass when tried again (a service
// that did not answer, a lost connection). With checkpoints, the job then restarts from its
// last complete checkpoint (PipelineOptions::restart_attempts) instead of failing; any other
// exception from user code fails the job at once.
class RetryableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StepError : public std::runtime_error {
 public:
  StepError(std::string step, const std::string& what, bool retryable = false)
      : std::runtime_error(what), step_(std::move(step)), retryable_(retryable) {}
  const std::string& step() const { return step_; }
  bool retryable() const { return retryable_; }

 private:
  std::string step_;
  bool retryable_;
};

namespace detail {

// Runs `f`, turning any exception but a StepError into one that names `step`; an allocation
// failure says so (its what() is only "std::bad_alloc").
template <class F>
decltype(auto) as_step(const std::string& step, F&& f) {
  try {
    return f();
  } catch (const StepError&) {
    throw;
  } catch (const RetryableError& e) {
    throw StepError(step, e.what(), true);
  } catch (const std::bad_alloc&) {
    throw StepError(step, "out of memory (std::bad_alloc)");
  } catch (const std::exception& e) {
    throw StepError(step, e.what());
  }
}

}  // namespace detail
}  // namespace rill
