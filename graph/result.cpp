#include "graph/result.hpp"

#include <iomanip>
#include <sstream>

namespace rill {

const char* to_string(JobState s) {
  switch (s) {
    case JobState::kDone:
      return "DONE";
    case JobState::kFailed:
      return "FAILED";
    case JobState::kCancelled:
      return "CANCELLED";
    case JobState::kDrained:
      return "DRAINED";
    case JobState::kStopped:
      return "STOPPED";
  }
  return "?";
}

const StepCounters* PipelineResult::step(const std::string& name) const {
  for (const auto& s : steps)
    if (s.step == name) return &s;
  return nullptr;
}

std::string PipelineResult::summary() const {
  std::ostringstream os;
  os << "job " << to_string(state);
  if (state == JobState::kCancelled || state == JobState::kStopped)
    os << ": " << error;
  else if (!ok())
    os << ": step '" << failed_step << "' failed: " << error;
  os << "\n";
  size_t width = 4;
  for (const auto& s : steps) width = std::max(width, s.step.size());
  os << "  " << std::left << std::setw(static_cast<int>(width)) << "step" << std::right
     << std::setw(14) << "in" << std::setw(14) << "out"
     << "\n";
  for (const auto& s : steps) {
    os << "  " << std::left << std::setw(static_cast<int>(width)) << s.step << std::right
       << std::setw(14) << s.elements_in << std::setw(14) << s.elements_out;
    if (s.dropped_late) os << "  dropped late: " << s.dropped_late;
    if (s.malformed) os << "  malformed: " << s.malformed;
    os << "\n";
  }
  if (flow.source_pauses > 0)
    os << "  source readers paused " << flow.source_pauses << " time(s) for slower ones (max skew "
       << flow.max_source_skew << " ms)\n";
  if (checkpoints.completed + checkpoints.declined + checkpoints.restarts > 0 ||
      checkpoints.restored_from > 0) {
    os << "  checkpoints: " << checkpoints.completed << " complete, " << checkpoints.declined
       << " declined; restarts: " << checkpoints.restarts;
    if (checkpoints.restored_from > 0) os << "; restored checkpoint " << checkpoints.restored_from;
    // Failure to every restarted partition running again, per restart.
    for (size_t i = 0; i < checkpoints.recovery_ms.size(); ++i)
      os << (i == 0 ? "; recovered in " : ", ") << static_cast<int64_t>(checkpoints.recovery_ms[i])
         << " ms";
    os << "\n";
  }
  if (!faults.plan.empty()) {
    os << "  faults (seed " << faults.seed << "): " << faults.injected.size() << " injected\n";
    for (const auto& f : faults.injected) os << "    " << f << "\n";
  }
  user_metrics.print(os);
  for (const auto& c : checks) os << "  " << c.text << "\n";
  for (const auto& f : outputs) os << "  output: " << f << "\n";
  os << "  wall time: " << std::fixed << std::setprecision(3) << wall_seconds << " s\n";
  return os.str();
}

}  // namespace rill
