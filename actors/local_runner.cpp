// Pipeline::start on the embedded actor system: plan, claim the outputs, start an actor
// system sized by the options and a job actor in it; the handle waits for the job's end.
#include <caf/all.hpp>
#include <mutex>
#include <optional>

#include "actors/job_actor.hpp"
#include "actors/messages.hpp"
#include "actors/node_log.hpp"
#include "exec/checkpoint_resume.hpp"
#include "exec/fault_targets.hpp"
#include "graph/pipeline.hpp"
#include "graph/prepared_sinks.hpp"

namespace rill {
namespace {

caf::actor_system_config& configure(caf::actor_system_config& cfg, const PipelineOptions& o) {
  cfg.set("scheduler.max-threads", static_cast<size_t>(o.effective_workers()));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  // Stage actors hand batches to each other all the time; CAF's default idle back-off lets a
  // worker sleep up to 10 ms while work waits in a queue it would steal from. Shorter sleeps
  // keep both cores busy at a small cost in idle spinning.
  cfg.set("work-stealing.moderate-sleep-duration", caf::timespan{std::chrono::microseconds(10)});
  cfg.set("work-stealing.relaxed-sleep-duration", caf::timespan{std::chrono::microseconds(200)});
  return cfg;
}

// One job in this process. Lifetime: made by start(), which claims the outputs first; owns
// the actor system (declared after everything its actors reference, so it goes down first)
// and the pending run request; wait() takes the reply and frees the outputs; destroyed with
// the last handle (waiting for the job if nobody did).
class LocalJob final : public JobControl {
 public:
  LocalJob(std::shared_ptr<const GraphDef> graph, std::shared_ptr<const ExecutionPlan> plan,
           const PipelineOptions& options, const std::string& token,
           std::optional<CheckpointMetadata> restore)
      : sinks_(std::make_unique<PreparedSinks>(*graph, *plan, token)),
        result_(std::make_shared<PipelineResult>()),
        system_(configure(config_, options)),
        self_(system_) {
    job_ = spawn_job_actors(system_, JobArgs{std::move(graph),
                                             std::move(plan),
                                             options,
                                             result_,
                                             token,
                                             nullptr,
                                             {},
                                             {},
                                             std::move(restore)})
               .job;
    pending_.emplace(self_->request(job_, caf::infinite, run_atom::value));
  }

  void cancel(const std::string& reason) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!ended_) caf::anon_send(job_, cancel_atom::value, reason);
  }

  void drain() override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!ended_) caf::anon_send(job_, drain_atom::value);
  }

  void stop_with_savepoint(const std::string& dir) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!ended_) caf::anon_send(job_, savepoint_atom::value, dir);
  }

  PipelineResult wait() override {
    if (pending_) {
      pending_->receive([](caf::ok_atom) {},
                        [&](caf::error& e) {
                          result_->state = JobState::kFailed;
                          result_->failed_step = "runtime";
                          result_->error = system_.render(e);
                        });
      pending_.reset();
      sinks_.reset();  // committed or discarded: the outputs are free for the next job
      std::lock_guard<std::mutex> lock(mutex_);
      ended_ = true;
    }
    return *result_;
  }

 private:
  using Pending = decltype(std::declval<caf::scoped_actor&>()->request(
      std::declval<caf::actor&>(), caf::infinite, run_atom::value));

  std::unique_ptr<PreparedSinks> sinks_;  // held until the job has ended
  std::shared_ptr<PipelineResult> result_;
  caf::actor_system_config config_;
  caf::actor_system system_;
  caf::scoped_actor self_;
  caf::actor job_;
  std::optional<Pending> pending_;
  std::mutex mutex_;
  bool ended_ = false;
};

}  // namespace

PipelineHandle Pipeline::start() {
  auto plan = std::make_shared<const ExecutionPlan>(plan_pipeline(*graph_, options_));
  PipelineOptions options = options_;
  if (!options.faults.empty()) {  // a fault that does not fit the job throws, naming it
    options.faults = resolve_faults(*graph_, *plan, options_, 0);
    node_log().warn("rill: injecting faults (seed {}): {}", options.faults.seed(),
                    options.faults.text());
  }
  std::vector<std::string> notes;
  auto restore = find_start_point(*graph_, *plan, options, &notes);
  for (const auto& n : notes) node_log().info("rill: {}", n);
  // A restored job goes on under its token: its temporaries are cut back, not replaced.
  const std::string token = restore ? restore->job_token : make_job_token();
  // The outputs are claimed before any thread starts: a sink may refuse the job.
  return PipelineHandle(
      std::make_shared<LocalJob>(graph_, plan, options, token, std::move(restore)));
}

}  // namespace rill
