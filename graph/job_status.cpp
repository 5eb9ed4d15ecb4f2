#include "graph/job_status.hpp"

namespace rill {

const char* to_string(LiveState s) {
  switch (s) {
    case LiveState::kRunning:
      return "RUNNING";
    case LiveState::kDraining:
      return "DRAINING";
    case LiveState::kRestarting:
      return "RESTARTING";
    case LiveState::kDone:
      return "DONE";
    case LiveState::kFailed:
      return "FAILED";
    case LiveState::kCancelled:
      return "CANCELLED";
    case LiveState::kDrained:
      return "DRAINED";
    case LiveState::kStopped:
      return "STOPPED";
  }
  return "?";
}

bool is_final(LiveState s) {
  return s != LiveState::kRunning && s != LiveState::kDraining && s != LiveState::kRestarting;
}

}  // namespace rill
