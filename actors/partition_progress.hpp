#pragma once
// What a partition reports to its job about every PipelineOptions::metrics_interval while it
// runs, and once more before `done`: one small message per partition, never per element.
// Everything in it is cumulative since the partition started (or is a current reading), so a
// lost or late report only delays the job's view (actors/job_progress.hpp).
//
// PartitionActivity splits the partition's wall time into busy (handling input, timers or a
// source read), backpressured (its output backlog is over max_queued_batches, so it takes no
// more input: it waits for credit) and idle (the rest: waiting for input). It also notes
// since when input has been waiting to be processed (system lag). Two clock reads per
// handled message; nothing per element.
#include <chrono>
#include <cstdint>
#include <vector>

#include "graph/job_status.hpp"
#include "graph/step_counters.hpp"
#include "graph/user_metrics.hpp"
#include "windowing/timestamp.hpp"

namespace rill {

struct PartitionProgress {
  uint32_t stage = 0, partition = 0;
  StepCountersList counters;
  int64_t busy_ns = 0, backpressured_ns = 0, idle_ns = 0;
  Timestamp input_wm = kMinTimestamp;  // a source: its output watermark
  int64_t backlog_elements = -1, backlog_bytes = -1;
  int64_t waiting_ms = 0;  // how long the oldest input still waiting has waited (0: none)
  std::vector<HotKey> hot_keys;
  UserMetricValues user_metrics;
};

class PartitionActivity {
 public:
  using Clock = std::chrono::steady_clock;

  Clock::time_point begin_busy() const { return Clock::now(); }
  // Ends a busy span begun at `from`; returns its end (the caller's "now").
  Clock::time_point end_busy(Clock::time_point from) {
    const auto to = Clock::now();
    busy_ += to - from;
    return to;
  }
  // Whether the partition takes no more input because its output waits for credit.
  void set_blocked(bool blocked, Clock::time_point now) {
    if (blocked == (blocked_since_ != Clock::time_point{})) return;
    if (blocked) {
      blocked_since_ = now;
    } else {
      backpressured_ += now - blocked_since_;
      blocked_since_ = {};
    }
  }
  // Whether input that arrived waits to be processed (a batch held in the input order).
  void set_waiting(bool waiting, Clock::time_point now) {
    if (!waiting)
      waiting_since_ = {};
    else if (waiting_since_ == Clock::time_point{})
      waiting_since_ = now;
  }
  void fill(PartitionProgress& p) const {
    const auto now = Clock::now();
    auto bp = backpressured_;
    if (blocked_since_ != Clock::time_point{}) bp += now - blocked_since_;
    const auto total = now - started_;
    p.busy_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(busy_).count();
    p.backpressured_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(bp).count();
    p.idle_ns = std::max<int64_t>(
        0, std::chrono::duration_cast<std::chrono::nanoseconds>(total - busy_ - bp).count());
    Clock::time_point since{};  // the earlier of the two waits that are on
    for (const auto t : {waiting_since_, blocked_since_})
      if (t != Clock::time_point{} && (since == Clock::time_point{} || t < since)) since = t;
    p.waiting_ms = since == Clock::time_point{}
                       ? 0
                       : std::chrono::duration_cast<std::chrono::milliseconds>(now - since).count();
  }

 private:
  Clock::time_point started_ = Clock::now();
  Clock::duration busy_{}, backpressured_{};
  Clock::time_point blocked_since_{}, waiting_since_{};
};

}  // namespace rill
