#pragma once
// The REST API's routes over a JobRegistry. JSON bodies (ops/job_json.hpp); errors as
// {"error": "..."}:
//   GET  /jobs                 200 [summary, ...]
//   GET  /jobs/ID              200 the job; 404 unknown job
//   POST /jobs/ID/ACTION       202 {"id","action","accepted":true}; 404 unknown job or action;
//                              409 the job has ended. ACTION: cancel[?reason=R], drain,
//                              stop[?dir=D] (with a savepoint), savepoint[?dir=D]
//   GET  /metrics              200 Prometheus text 0.0.4
//   GET  /                     200 the web UI
//   anything else              404
#include <httplib.h>

#include "ops/job_registry.hpp"

namespace rill {

void add_rest_routes(httplib::Server& server, JobRegistry& jobs);

}  // namespace rill
