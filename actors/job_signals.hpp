#pragma once
// What SIGINT, SIGTERM and SIGHUP do to a running job, as `rill run` does it, for any program
// that runs one (the CLI, a user's own main):
// - the first signal stops the job with a savepoint when `savepoint` is true (the job takes
//   checkpoints; a coordinator or a local run), else cancels it (nothing published beyond a
//   completed commit, temporaries removed);
// - the second cancels; a third exits at once, without cleaning up.
#include "actors/stop_signals.hpp"
#include "graph/pipeline_handle.hpp"

namespace rill {

void stop_job_on_signals(StopSignals& signals, PipelineHandle job, bool savepoint);

}  // namespace rill
