#pragma once
// JobRegistry: the jobs one process runs or coordinates, as the REST API serves them. Plain
// C++ (no CAF, no HTTP): the runtime adds a job when it starts and publishes its JobStatus as
// it changes; the REST server reads copies and steers jobs through their JobControl.
//
// Lifetime of an entry: added at the job's start; its status replaced on every publish; its
// control dropped when the job reaches a final state (steering an ended job is refused); the
// entry itself stays, so `rill jobs list` shows finished jobs too (the newest 100 are kept).
// The registry holds the control weakly: it never keeps a job's runtime alive (its owner is
// the PipelineHandle), and a publish from the job's own thread never destroys it.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "graph/job_status.hpp"
#include "graph/pipeline_handle.hpp"

namespace rill {

class JobRegistry {
 public:
  void add(JobStatus status, std::shared_ptr<JobControl> control);
  // Replaces the status of the job with status.id (unknown ids are ignored).
  void publish(const JobStatus& status);
  std::vector<JobStatus> list() const;  // in the order added
  std::optional<JobStatus> find(const std::string& id) const;
  // Null for an unknown job or one that has ended.
  std::shared_ptr<JobControl> control(const std::string& id) const;

 private:
  struct Entry {
    JobStatus status;
    std::weak_ptr<JobControl> control;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

// The registry of this process: local runs and a cluster's coordinator publish here.
JobRegistry& process_jobs();

}  // namespace rill
