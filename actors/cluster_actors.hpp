#pragma once
// The two actors a cluster adds (protocol in cluster_messages.hpp):
// - CoordinatorActor (one, on the coordinator): admits workers, plans the job once they have
//   all joined and linked to each other, has every worker check the plan, then runs a
//   JobActor whose partitions live on the workers; finally tells every worker the outcome.
// - WorkerAgent (one per worker): plans the same pipeline, spawns the partitions the job asks
//   for, and stops them when the coordinator says so or is lost.
#include <caf/all.hpp>
#include <memory>
#include <mutex>

#include "actors/node_settings.hpp"
#include "graph/graph_def.hpp"
#include "graph/options.hpp"
#include "graph/result.hpp"

namespace rill {

struct CoordinatorArgs {
  std::shared_ptr<const GraphDef> graph;
  PipelineOptions options;
  NodeSettings settings;
  std::shared_ptr<PipelineResult> result;  // filled before the reply to run_atom
};
caf::behavior coordinator_actor(caf::event_based_actor* self, CoordinatorArgs args);

// What a worker learns about the job: written by its agent before it quits.
struct WorkerOutcome {
  bool told = false;       // the coordinator sent the outcome
  bool cancelled = false;  // this process was told to stop (a signal): `message` says why
  bool ok = false;
  std::string message;
};

struct WorkerAgentArgs {
  std::shared_ptr<const GraphDef> graph;
  PipelineOptions options;
  std::shared_ptr<WorkerOutcome> outcome;
};
caf::behavior worker_agent(caf::event_based_actor* self, WorkerAgentArgs args);

}  // namespace rill
