#pragma once
// `rill jobs list|describe|cancel|drain|stop|savepoint [JOB] --endpoint=HOST:PORT`: watch and
// steer the jobs a rill process serves over its REST API (ops/rest_server.hpp), as
// `gcloud dataflow jobs` and `flink list|cancel|stop` do. Tables by default, the server's JSON
// with --format=json. JOB is a job's id, or its name when that picks one job.
#include <string>
#include <vector>

namespace rill::cli {

const char* jobs_usage();

// `args` follow "jobs". Prints the result on stdout and any problem as one "rill jobs: ..."
// line on stderr. Exit status: 0 done; 2 bad usage, an unknown job, a job that has ended, or
// an endpoint that cannot be reached; 1 anything else the server answered (e.g. HTTP 500).
int run_jobs_command(const std::vector<std::string>& args);

}  // namespace rill::cli
