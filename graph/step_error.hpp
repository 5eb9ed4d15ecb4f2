#pragma once
// An error raised while running a step: it carries the step's name so the job can fail with
// "step 'Parse' failed: ..." instead of a bare message.
#include <stdexcept>
#include <string>

namespace rill {

class StepError : public std::runtime_error {
 public:
  StepError(std::string step, const std::string& what)
      : std::runtime_error(what), step_(std::move(step)) {}
  const std::string& step() const { return step_; }

 private:
  std::string step_;
};

}  // namespace rill
