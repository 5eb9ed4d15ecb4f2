#pragma once
// The text `rill jobs` prints by default: a table of jobs, and one job described in full.
// `now_ms` (wall clock, ms since the epoch) gives a running job's uptime.
#include <cstdint>
#include <string>
#include <vector>

#include "graph/job_status.hpp"

namespace rill::cli {

// ID, NAME, STATE, STARTED (UTC), UPTIME: a header line, then one line per job.
std::string jobs_table(const std::vector<JobStatus>& jobs, int64_t now_ms);

// The job's header (id, name, state, times, error, lag), its stages, its steps (elements in
// and out, input watermark, busy/back-pressured/idle shares, backlog, late and malformed),
// the last checkpoints, restarts with their log, hot keys and user metrics.
std::string job_description(const JobStatus& job, int64_t now_ms);

// "2023-11-14 22:13:20" (UTC); "-" for 0.
std::string utc_time(int64_t ms);
// "750ms", "12.5s", "5m03s", "1h02m", "3d04h".
std::string human_duration(double seconds);

}  // namespace rill::cli
