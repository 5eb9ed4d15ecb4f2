#pragma once
// A running job, as Pipeline::start() returns it: steer it from any thread, wait for its end.
//   auto job = p.start();
//   ... job.cancel("user asked");    // from any thread, e.g. a signal watcher
//   PipelineResult r = job.wait();   // DONE, FAILED or CANCELLED (DRAINED, STOPPED)
// No CAF here: the runtime implements JobControl.
#include <memory>
#include <string>

#include "graph/result.hpp"

namespace rill {

// What a runtime offers to steer one job (actors/ implements it).
class JobControl {
 public:
  virtual ~JobControl() = default;
  // Thread-safe; a no-op once the job has ended.
  virtual void cancel(const std::string& reason) = 0;
  // Thread-safe; no-ops once the job has ended. See PipelineHandle.
  virtual void drain() = 0;
  virtual void stop_with_savepoint(const std::string& dir) = 0;
  virtual void savepoint(const std::string& dir) = 0;
  // Blocks until the job has ended (its outputs committed or discarded). Call once.
  virtual PipelineResult wait() = 0;
};

class PipelineHandle {
 public:
  explicit PipelineHandle(std::shared_ptr<JobControl> control) : control_(std::move(control)) {}

  // Ends the job now: partitions stop, sinks discard what they wrote, nothing is published
  // beyond what a completed commit covers; wait() then returns CANCELLED with `reason`.
  // Thread-safe; does nothing once the job has ended (a commit in progress completes).
  void cancel(const std::string& reason = "cancelled") { control_->cancel(reason); }
  // Dataflow's drain: sources stop reading now; the watermark goes to the end of time, so every
  // window and timer fires; the output is published; wait() returns DRAINED.
  void drain() { control_->drain(); }
  // Flink's stop-with-savepoint, the graceful end of a job that resumes later: a checkpoint is
  // taken (needs PipelineOptions::checkpoint_dir), kept until deleted, copied to `dir` when one
  // is given (a self-contained directory: resume with PipelineOptions::from_savepoint, CLI
  // --from-savepoint=DIR), then the job stops without publishing anything; its sinks'
  // temporary files stay for the resumed run. wait() returns STOPPED with the savepoint in
  // checkpoints.savepoint. Without checkpointing, or if the savepoint fails, the job goes on.
  void stop_with_savepoint(const std::string& dir = "") { control_->stop_with_savepoint(dir); }
  // Flink's triggered savepoint: as stop_with_savepoint, but the job goes on running. The
  // savepoint's directory appears in the job's status (JobStatus::checkpoints) once written.
  void savepoint(const std::string& dir = "") { control_->savepoint(dir); }
  PipelineResult wait() { return control_->wait(); }
  const std::shared_ptr<JobControl>& control() const { return control_; }

 private:
  std::shared_ptr<JobControl> control_;
};

}  // namespace rill
