// The job actor's cluster launch with stand-in agents in one process: a worker lost while
// its partitions are being started fails the job at once. CAF 0.17 fails a request to a
// lost peer only at the request's timeout, so without writing the lost worker's spawn
// requests off, the job would wait for the whole start-up timeout (seen in CI: a worker
// hung (SIGSTOP) during the launch kept its coordinator running for over 10 s).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "actors/cluster_messages.hpp"
#include "actors/job_actor.hpp"
#include "actors/messages.hpp"
#include "io/collect.hpp"
#include "rill.hpp"

using namespace rill;

namespace {

// Answers every spawn request with no partitions, as a worker with nothing to run would;
// counts what it got. (An argument is needed anyway: CAF 0.17 spawning a function actor
// without one dereferences a null pointer, which UBSan reports.)
caf::behavior answering_agent(caf::event_based_actor*, std::shared_ptr<std::atomic<int>> asked) {
  return {[=](spawn_atom, const SpawnRequest&) {
    ++*asked;
    return std::vector<caf::actor>{};
  }};
}

// Takes spawn requests and never answers them, like a hung worker; counts what it got.
caf::behavior silent_agent(caf::stateful_actor<std::vector<caf::response_promise>>* self,
                           std::shared_ptr<std::atomic<int>> asked) {
  return {[=](spawn_atom, const SpawnRequest&) {
    self->state.push_back(self->make_response_promise());
    ++*asked;
  }};
}

}  // namespace

TEST_CASE("a worker lost while the job starts fails it at once, not at the spawn timeout") {
  PipelineOptions o;
  o.parallelism = 2;
  Pipeline p{o};
  auto out = p | Create("Nums", std::vector<int64_t>{1, 2, 3}) |
             Map("Twice", [](int64_t x) { return 2 * x; }) | io::Collect("Out");
  auto plan = std::make_shared<const ExecutionPlan>(plan_pipeline(*p.graph_ptr(), o));

  caf::actor_system_config cfg;
  cfg.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system sys{cfg};
  auto answered = std::make_shared<std::atomic<int>>(0);
  auto asked = std::make_shared<std::atomic<int>>(0);
  auto cl = std::make_shared<ClusterLaunch>();
  cl->agents = {sys.spawn(answering_agent, answered), sys.spawn(silent_agent, asked)};
  cl->names = {"worker 0 (stand-in)", "worker 1 (stand-in)"};
  cl->placement = place_partitions(*plan, {1, 1});
  cl->spawn_timeout = std::chrono::seconds(60);
  REQUIRE(plan->stages.back().parallelism == 2);  // the first stage started has p1 on worker 1

  auto result = std::make_shared<PipelineResult>();
  auto job = sys.spawn(job_actor, JobArgs{p.graph_ptr(), plan, o, result, "t-1", cl, {}, {}, {}});
  caf::scoped_actor self{sys};
  auto pending = self->request(job, caf::infinite, run_atom::value);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (*asked == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(*asked == 1);

  const auto lost_at = std::chrono::steady_clock::now();
  self->send_exit(cl->agents[1], caf::exit_reason::kill);
  bool replied = false;
  pending.receive([&](caf::ok_atom) { replied = true; },
                  [&](caf::error& e) { FAIL("the job failed to reply: " << sys.render(e)); });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - lost_at).count();
  CHECK(replied);
  CHECK(seconds < 5.0);  // the spawn timeout is 60 s
  CHECK(result->state == JobState::kFailed);
  CHECK(result->error.find("lost worker 1 (stand-in)") != std::string::npos);
  CHECK(result->error.find("step partitions lost: none started yet") != std::string::npos);
  CHECK(result->outputs.empty());
  CHECK(*answered == 1);  // the launch went no further than the stage it was starting
  self->send_exit(cl->agents[0], caf::exit_reason::kill);
}
