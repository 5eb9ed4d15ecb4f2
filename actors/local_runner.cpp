// Pipeline::run on the embedded actor system: plan, start an actor system sized by the
// options, run the job actor and wait for its end.
#include <caf/all.hpp>

#include "actors/job_actor.hpp"
#include "actors/messages.hpp"
#include "graph/pipeline.hpp"
#include "graph/prepared_sinks.hpp"

namespace rill {

PipelineResult Pipeline::run() {
  auto plan = std::make_shared<const ExecutionPlan>(plan_pipeline(*graph_, options_));
  const std::string token = make_job_token();
  // Before any thread starts: a sink may refuse the job (std::invalid_argument).
  PreparedSinks sinks(*graph_, *plan, token);
  auto result = std::make_shared<PipelineResult>();
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", static_cast<size_t>(options_.effective_workers()));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  // Stage actors hand batches to each other all the time; CAF's default idle back-off lets a
  // worker sleep up to 10 ms while work waits in a queue it would steal from. Shorter sleeps
  // keep both cores busy at a small cost in idle spinning.
  cfg.set("work-stealing.moderate-sleep-duration", caf::timespan{std::chrono::microseconds(10)});
  cfg.set("work-stealing.relaxed-sleep-duration", caf::timespan{std::chrono::microseconds(200)});
  caf::actor_system sys{cfg};
  {
    caf::scoped_actor self{sys};
    auto job = sys.spawn(job_actor, JobArgs{graph_, plan, options_, result, token, nullptr});
    self->request(job, caf::infinite, run_atom::value)
        .receive([](caf::ok_atom) {},
                 [&](caf::error& e) {
                   result->state = JobState::kFailed;
                   result->failed_step = "runtime";
                   result->error = sys.render(e);
                 });
  }
  return *result;
}

}  // namespace rill
