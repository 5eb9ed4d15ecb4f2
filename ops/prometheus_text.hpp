#pragma once
// The jobs' metrics in Prometheus' text exposition format 0.0.4 (GET /metrics): every family
// once, its # HELP and # TYPE lines first, then its samples for every job. A family with no
// sample is left out. Labels: job (the job's name, as Prometheus users expect) and job_id
// (keeps two jobs of the same name apart), step and name where they apply. Names:
//   rill_job_state{job,job_id,state}                       gauge, 1 for the current state
//   rill_step_elements_in_total, _elements_out_total, _late_dropped_total,
//   rill_step_malformed_total{job,job_id,step}             counters
//   rill_step_busy_seconds_total, _backpressured_seconds_total, _idle_seconds_total
//                                                          counters {job,job_id,step}
//   rill_step_input_watermark_seconds{job,job_id,step}     gauge, once there is a watermark
//   rill_source_backlog_elements, rill_source_backlog_bytes{job,job_id,step}
//                                                          gauges, where the source knows
//   rill_job_data_watermark_age_seconds (once known), rill_job_system_lag_seconds{job,job_id}
//   rill_checkpoints_total{job,job_id,status}              counter: completed, declined
//   rill_checkpoint_duration_seconds{job,job_id}           histogram of completed ones
//   rill_checkpoint_size_bytes{job,job_id}                 gauge: the last completed one
//   rill_job_restarts_total{job,job_id}                    counter
//   rill_user_counter_total, rill_user_gauge, rill_user_distribution_count, _sum, _min, _max
//                                                          {job,job_id,step,name}
#include <string>
#include <vector>

#include "graph/job_status.hpp"

namespace rill {

std::string prometheus_text(const std::vector<JobStatus>& jobs);

// The upper bounds of rill_checkpoint_duration_seconds' buckets (seconds; +Inf follows).
const std::vector<double>& checkpoint_duration_buckets();

}  // namespace rill
