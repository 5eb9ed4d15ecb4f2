// StepLog's output goes to spdlog's default logger, which the runner configures
// (--log-level); the model's headers stay free of spdlog.
#include "graph/step_log.hpp"

#include <spdlog/spdlog.h>

namespace rill {
namespace {

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kTrace:
      return spdlog::level::trace;
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      break;
  }
  return spdlog::level::err;
}

}  // namespace

bool StepLog::enabled(LogLevel level) {
  return spdlog::default_logger_raw()->should_log(to_spdlog(level));
}

void StepLog::emit(LogLevel level, const std::string& message) const {
  spdlog::default_logger_raw()->log(to_spdlog(level), "{} [partition {}/{}] {}", *step_, partition_,
                                    num_partitions_, message);
}

}  // namespace rill
