#pragma once
// The REST API of this process: one RestServer over process_jobs() per port asked for, kept
// until the process exits, so that a program running several jobs (one after another, or a
// coordinator's) serves them all on one port, and `rill jobs` can still describe a job that
// has ended while the process lives.
#include <string>

#include "ops/rest_server.hpp"

namespace rill {

// Starts the server for `options` unless one already listens on that port (port 0: always a
// new one); returns its URL. Throws std::runtime_error when it cannot listen.
std::string serve_jobs_over_rest(const RestOptions& options);

}  // namespace rill
