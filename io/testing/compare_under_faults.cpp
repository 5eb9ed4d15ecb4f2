#include "io/testing/compare_under_faults.hpp"

namespace rill::testing {

std::string FaultComparison::describe() const {
  std::string s = "compare under faults '" + plan + "': ";
  s += equal ? "equal" : "NOT equal";
  s += " (" + std::to_string(under_faults_count) + " elements under faults, " +
       std::to_string(fault_free_count) + " fault-free; missing " + std::to_string(missing) +
       ", extra " + std::to_string(extra) + ")";
  if (!first_difference.empty()) s += "; first difference: " + first_difference;
  auto run = [](const char* which, const PipelineResult& r) {
    std::string line = std::string("\n  ") + which + ": " + to_string(r.state);
    if (!r.error.empty()) line += " (" + r.failed_step + ": " + r.error + ")";
    line += ", " + std::to_string(r.checkpoints.restarts) + " restarts";
    for (const auto& l : r.checkpoints.log) line += "\n    restart: " + l;
    for (const auto& f : r.faults.injected) line += "\n    injected: " + f;
    return line;
  };
  s += run("fault-free run", fault_free);
  s += run("run under faults", under_faults);
  return s;
}

}  // namespace rill::testing
