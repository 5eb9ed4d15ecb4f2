#pragma once
// StepLog: a DoFn's log, with the step and the partition it runs in attached, written to the
// process's spdlog logger at the runner's level (`--log-level`):
//   out.log().warn("unparsable bid: ", line);   // "[warn] Parse [partition 2/4] unparsable bid:
//   ..."
// The arguments are written with operator<<, and only when the level is enabled, so a debug
// line costs one level check when debug is off.
//
// Lifetime: one per operator instance (step x partition), created with the operator; the
// runtime names its partition (bind()) before setup(). It holds no state of the job's: nothing
// to snapshot or restore.
#include <sstream>
#include <string>

namespace rill {

enum class LogLevel { kTrace, kDebug, kInfo, kWarn, kError };

class StepLog {
 public:
  explicit StepLog(const std::string* step) : step_(step) {}
  StepLog(const StepLog&) = delete;
  StepLog& operator=(const StepLog&) = delete;

  template <class... A>
  void trace(const A&... a) const {
    write(LogLevel::kTrace, a...);
  }
  template <class... A>
  void debug(const A&... a) const {
    write(LogLevel::kDebug, a...);
  }
  template <class... A>
  void info(const A&... a) const {
    write(LogLevel::kInfo, a...);
  }
  template <class... A>
  void warn(const A&... a) const {
    write(LogLevel::kWarn, a...);
  }
  template <class... A>
  void error(const A&... a) const {
    write(LogLevel::kError, a...);
  }

  // Whether a line at `level` would be written (the process logger's level).
  static bool enabled(LogLevel level);

  // --- runtime side ---
  void bind(int partition, int num_partitions) {
    partition_ = partition;
    num_partitions_ = num_partitions;
  }
  int partition() const { return partition_; }

 private:
  template <class... A>
  void write(LogLevel level, const A&... a) const {
    if (!enabled(level)) return;
    std::ostringstream os;
    (os << ... << a);
    emit(level, os.str());
  }
  void emit(LogLevel level, const std::string& message) const;

  const std::string* step_;  // the operator's step name, which outlives this
  int partition_ = 0;
  int num_partitions_ = 1;
};

}  // namespace rill
