// Pipeline::start on the embedded actor system: plan, claim the outputs, start an actor
// system sized by the options and a job actor in it; the handle waits for the job's end.
// With options.deterministic_seed the system has no scheduler threads: wait() drives it
// (actors/deterministic_driver.hpp), and the handle's controls are posted to the driver.
#include <caf/all.hpp>
#include <mutex>
#include <optional>

#include "actors/deterministic_driver.hpp"
#include "actors/job_actor.hpp"
#include "actors/messages.hpp"
#include "actors/node_log.hpp"
#include "exec/checkpoint_resume.hpp"
#include "exec/fault_targets.hpp"
#include "graph/pipeline.hpp"
#include "graph/prepared_sinks.hpp"
#include "ops/rest_endpoint.hpp"

namespace rill {
namespace {

caf::actor_system_config& configure(caf::actor_system_config& cfg, const PipelineOptions& o) {
  cfg.set("logger.verbosity", caf::atom("quiet"));
  if (o.deterministic_seed != 0) {
    configure_deterministic(cfg);
    return cfg;
  }
  cfg.set("scheduler.max-threads", static_cast<size_t>(o.effective_workers()));
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
      : graph_(graph),
        sinks_(std::make_unique<PreparedSinks>(*graph, *plan, token)),
        result_(std::make_shared<PipelineResult>()),
        system_(configure(config_, options)),
        self_(system_) {
    const bool deterministic = options.deterministic_seed != 0;
    if (deterministic) {
      node_log().info("rill: deterministic scheduling, seed {}", options.deterministic_seed);
      driver_.emplace(system_, options.deterministic_seed);
      actors_before_ = system_.registry().running();
    }
    job_ = spawn_job_actors(system_,
                            JobArgs{std::move(graph),
                                    std::move(plan),
                                    options,
                                    result_,
                                    token,
                                    nullptr,
                                    {},
                                    {},
                                    std::move(restore)},
                            /*own_thread=*/!deterministic)
               .job;
    pending_.emplace(self_->request(job_, caf::infinite, run_atom::value));
  }

  // A job nobody waited for still runs to its end (as ~actor_system would wait for it).
  ~LocalJob() override {
    if (driver_) wait();
  }

  void cancel(const std::string& reason) override { control(cancel_atom::value, reason); }
  void drain() override { control(drain_atom::value); }
  void stop_with_savepoint(const std::string& dir) override { control(savepoint_atom::value, dir); }
  void savepoint(const std::string& dir) override { control(savepoint_atom::value, dir, false); }

  PipelineResult wait() override {
    if (pending_) {
      if (driver_) {  // run the system until the job's reply is here
        while (!self_->has_next_message())
          if (!driver_->step()) driver_->await_post();
      }
      pending_->receive([](caf::ok_atom) {},
                        [&](caf::error& e) {
                          result_->state = JobState::kFailed;
                          result_->failed_step = "runtime";
                          result_->error = system_.render(e);
                        });
      pending_.reset();
      if (driver_) {  // the job's actors end in steps too; ~actor_system waits for them
        while (system_.registry().running() > actors_before_)
          if (!driver_->step()) break;
        node_log().info("rill: deterministic run: {} steps, {} ms of virtual time",
                        driver_->steps(), driver_->elapsed().count());
      }
      sinks_.reset();  // committed or discarded: the outputs are free for the next job
      for (const auto& report : graph_->result_reporters()) report(*result_);
      std::lock_guard<std::mutex> lock(mutex_);
      ended_ = true;
    }
    return *result_;
  }

 private:
  // Sends a control message to the job, unless it has ended. Deterministic: on the driving
  // thread, as nothing else may touch the system.
  template <class... Ts>
  void control(Ts... xs) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return;
    if (!driver_) return caf::anon_send(job_, xs...);
    driver_->post([job = job_, xs...] { caf::anon_send(job, xs...); });
  }

  using Pending = decltype(std::declval<caf::scoped_actor&>()->request(
      std::declval<caf::actor&>(), caf::infinite, run_atom::value));

  std::shared_ptr<const GraphDef> graph_;
  std::unique_ptr<PreparedSinks> sinks_;  // held until the job has ended
  std::shared_ptr<PipelineResult> result_;
  caf::actor_system_config config_;
  caf::actor_system system_;
  caf::scoped_actor self_;
  std::optional<DeterministicDriver> driver_;  // deterministic mode only
  size_t actors_before_ = 0;                   // running before the job's actors: self_
  caf::actor job_;
  std::optional<Pending> pending_;
  std::mutex mutex_;
  bool ended_ = false;
};

}  // namespace

PipelineHandle Pipeline::start() {
  apply_log_level(options_.log_level);
  auto plan = std::make_shared<const ExecutionPlan>(plan_pipeline(*graph_, options_));
  PipelineOptions options = options_;
  if (!options.faults.empty()) {  // a fault that does not fit the job throws, naming it
    options.faults = resolve_faults(*graph_, *plan, options_, 0);
    node_log().warn("rill: injecting faults (seed {}): {}", options.faults.seed(),
                    options.faults.text());
  }
  if (options.rest_port >= 0) {  // before anything starts: a port in use refuses the job
    RestOptions rest;
    rest.host = options.rest_host;
    rest.port = options.rest_port;
    try {
      node_log().info("rill: REST API at {}", serve_jobs_over_rest(rest));
    } catch (const std::exception& e) {
      throw std::invalid_argument(std::string("rill: --rest-port: ") + e.what());
    }
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
