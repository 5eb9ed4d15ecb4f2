#pragma once
// Runner options that every pipeline carries. Zero means "pick for this machine".
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>

#include "graph/testing/fault_plan.hpp"
#include "windowing/timestamp.hpp"

namespace rill {

struct PipelineOptions {
  int parallelism = 0;          // partitions per stage
  int workers = 0;              // actor-system worker threads
  size_t batch_size = 1024;     // elements per batch between stages
  int channel_credits = 8;      // batches in flight per channel (sender -> receiver)
  int max_queued_batches = 16;  // a partition's output backlog before it stops granting credit
  // Bytes one channel may hold in flight (its credits' batches): a batch is cut at
  // channel_bytes / channel_credits (element_bytes.hpp), and a batch size whose elements
  // alone would exceed it is refused when the job is planned.
  size_t channel_bytes = size_t{64} << 20;
  // Event ms a source reader may lead the slowest one (0: off). Receivers also take their
  // channels' batches in event-time order (actors/input_order.hpp); this bounds production.
  Duration max_source_drift = 10000;
  std::string job_name = "rill";
  // Live metrics: every partition reports its counters, activity and watermark to the job
  // this often (ms; 0: never while it runs), and the job refreshes its JobStatus
  // (graph/job_status.hpp; REST, /metrics, `rill jobs`) as often.
  Duration metrics_interval = 1000;
  // The REST API (GET /jobs, /metrics, the web UI; ops/rest_server.hpp) on rest_host:rest_port
  // while the process lives: -1 off (a local run's default), 0 any free port (logged). A
  // cluster's coordinator serves it on 8081 unless told otherwise.
  int rest_port = -1;
  std::string rest_host = "127.0.0.1";
  // rill's log level from when the job starts (trace, debug, info, warn or error; empty:
  // leave it as it is).
  std::string log_level;

  // Checkpoints (aligned barriers; exec/checkpoint_store.hpp): with a directory, the job
  // snapshots every partition's state there every checkpoint_interval ms (0: the default,
  // 10000), keeps the newest checkpoints_retained complete ones, and on a failure restarts
  // from the latest, up to restart_attempts times (-1: the default, 3 with checkpoints, 0
  // without). resume: start from the latest complete checkpoint in the directory.
  std::string checkpoint_dir;
  Duration checkpoint_interval = 0;
  int checkpoints_retained = 2;
  int restart_attempts = -1;
  bool resume = false;
  // Start from this savepoint (a directory PipelineHandle::stop_with_savepoint wrote, or a
  // complete chk-N of a checkpoint directory) instead of from the beginning.
  std::string from_savepoint;

  // Faults the run injects into itself (graph/testing/fault_plan.hpp; `--faults=SPEC`): for
  // tests of a pipeline under failure. Each destructive fault adds one restart to the default
  // restart_attempts, so that a plan the job survives does not exhaust them.
  testing::FaultPlan faults;

  // Deterministic scheduling (`--deterministic[=SEED]`; 0: off): the job runs on one thread,
  // the thread that waits for it, and the next message to handle is picked by a generator
  // seeded with this, so the same seed replays the same interleaving of every partition's
  // messages. Delayed messages (pacing, checkpoint ticks) follow a virtual clock; what reads
  // the system clock (processing-time timers) stays non-deterministic. Local jobs only
  // (actors/deterministic_driver.hpp); `workers` is ignored.
  uint64_t deterministic_seed = 0;

  bool checkpointing() const { return !checkpoint_dir.empty(); }
  // No live metrics under deterministic scheduling: their messages would change the
  // interleaving a seed replays (the status is still published at every state change).
  Duration effective_metrics_interval() const {
    return deterministic_seed != 0 ? 0 : metrics_interval;
  }
  Duration effective_checkpoint_interval() const {
    return checkpoint_interval > 0 ? checkpoint_interval : 10000;
  }
  int effective_restart_attempts() const {
    if (restart_attempts >= 0) return restart_attempts;
    if (!checkpointing()) return 0;
    int destructive = 0;
    for (const auto& f : faults.faults()) destructive += f.lasting() ? 0 : 1;
    for (const auto& r : faults.random()) destructive += r.count;
    return 3 + destructive;
  }

  int effective_parallelism() const { return parallelism > 0 ? parallelism : hardware(); }
  int effective_workers() const { return workers > 0 ? workers : hardware(); }

 private:
  static int hardware() {
    unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
  }
};

}  // namespace rill
