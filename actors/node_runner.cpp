// The main-thread side of each role: start the actor system, make the links (blocking calls,
// which must stay out of actors), then wait for the outcome.
#include "actors/node_runner.hpp"

#include <unistd.h>

#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

#include "actors/cluster_actors.hpp"
#include "actors/cluster_messages.hpp"
#include "actors/node_link.hpp"
#include "actors/node_log.hpp"
#include "actors/node_system.hpp"
#include "ops/rest_endpoint.hpp"

namespace rill {
namespace {

using Clock = std::chrono::steady_clock;

// Declared right after the actor system: on every way out, the node's network is taken down
// while the system still runs (why: wind_down_network).
struct NetworkWindDown {
  caf::actor_system& sys;
  uint16_t port = 0;  // set once published
  ~NetworkWindDown() { wind_down_network(sys, port); }
};

// Where the job's controls (cancel, drain, stop-with-savepoint) go once a role has an actor
// to take them: those that come earlier are kept and delivered when the target is set; none
// is delivered once the role has ended.
class ControlSlot {
 public:
  void set(caf::actor target) {
    std::lock_guard<std::mutex> lock(mutex_);
    target_ = std::move(target);
    for (auto& m : pending_) caf::anon_send(target_, std::move(m));
    pending_.clear();
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    target_ = nullptr;
    ended_ = true;
  }
  void send(caf::message m) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return;
    if (target_)
      caf::anon_send(target_, std::move(m));
    else
      pending_.push_back(std::move(m));
  }

 private:
  std::mutex mutex_;
  caf::actor target_;
  std::vector<caf::message> pending_;
  bool ended_ = false;
};

// Sets the slot's target while it lives; declared after the actor system, so the target is
// gone before the system is.
struct ControlTarget {
  ControlSlot& slot;
  ControlTarget(ControlSlot& s, caf::actor a) : slot(s) { slot.set(std::move(a)); }
  ~ControlTarget() { slot.clear(); }
};

PipelineResult failed(const std::string& step, const std::string& error) {
  PipelineResult r;
  r.state = JobState::kFailed;
  r.failed_step = step;
  r.error = error;
  return r;
}

// The coordinator serves the REST API by default (on 8081, as Flink's JobManager), with the
// cluster's TLS certificate when it has one. The default port taken is only a warning (two
// clusters on one machine); a port asked for that cannot be had refuses the start.
constexpr int kDefaultRestPort = 8081;

void serve_rest_on_coordinator(const PipelineOptions& o, const NodeSettings& s) {
  RestOptions rest;
  rest.host = o.rest_host;
  rest.port = o.rest_port >= 0 ? o.rest_port : kDefaultRestPort;
  rest.tls_certificate = s.tls_certificate;
  rest.tls_key = s.tls_key;
  rest.tls_passphrase = s.tls_passphrase;
  try {
    node_log().info("rill coordinator: REST API at {}", serve_jobs_over_rest(rest));
  } catch (const std::exception& e) {
    if (o.rest_port >= 0) throw ConfigError(std::string("--rest-port: ") + e.what());
    node_log().warn("rill coordinator: no REST API ({}); set --rest-port", e.what());
  }
}

PipelineResult run_coordinator(Pipeline& p, const NodeSettings& s, ControlSlot& control) {
  serve_rest_on_coordinator(p.options(), s);  // before any actor: it may refuse the start
  auto cfg = make_node_system_config(s, 2);
  caf::actor_system sys{*cfg};
  NetworkWindDown network{sys};
  auto result = std::make_shared<PipelineResult>();
  auto coord = sys.spawn(coordinator_actor, CoordinatorArgs{p.graph_ptr(), p.options(), s, result});
  ControlTarget control_target(control, coord);
  caf::scoped_actor self{sys};
  // Asked before it is reachable, so no worker can join before the run has begun.
  auto pending = self->request(coord, caf::infinite, run_atom::value);
  auto port = publish_actor(sys, coord, s.coordinator_host,
                            static_cast<uint16_t>(s.coordinator_port), s.tls());
  if (!port) {
    self->send_exit(coord, caf::exit_reason::user_shutdown);
    throw ConfigError("rill.coordinator-port: cannot listen on " + s.coordinator_address() + ": " +
                      describe_link_error(sys, port.error(), s.tls()));
  }
  network.port = *port;
  node_log().info("rill coordinator: listening on {}{}, waiting for {} worker(s)",
                  s.coordinator_address(), s.tls() ? " (TLS)" : "", s.workers);
  pending.receive(
      [](caf::ok_atom) {},
      [&](caf::error& e) { *result = failed("cluster", "coordinator: " + sys.render(e)); });
  if (!result->refused.empty()) throw std::invalid_argument(result->refused);
  return *result;
}

// Dials `what` at host:port until the start-up deadline: the peer may not listen yet, and on
// a loaded machine a handshake can outlast the connection timeout, so a failed try is retried.
caf::actor reach_with_retry(caf::actor_system& sys, const NodeSettings& s, const std::string& what,
                            const std::string& host, int port) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(s.startup_timeout_ms);
  const std::string address = host + ":" + std::to_string(port);
  std::string last, refused;
  for (;;) {
    auto c = reach_actor(sys, host, static_cast<uint16_t>(port), s.tls());
    if (c) return *c;
    const std::string why = describe_link_error(sys, c.error(), s.tls());
    if (why != last) node_log().warn("rill worker: {} {}: {}", what, address, why);
    last = why;
    if (c.error() == caf::sec::disconnect_during_handshake) refused = why;
    if (Clock::now() >= deadline)
      throw std::runtime_error("cannot reach " + what + " at " + address + " within " +
                               std::to_string(s.startup_timeout_ms) +
                               " ms: " + (refused.empty() ? why : refused));
    // CAF 0.17 drops a connection whose handshake spans a heartbeat tick (its last-seen time
    // starts at zero), so a slow TLS handshake fails with connection_timeout. The peer then
    // purges our node when that connection closes: were we reconnected by then, it would
    // take the new link's actors with it. Give the close time to arrive first.
    const bool dropped = c.error() == caf::sec::connection_timeout;
    std::this_thread::sleep_for(std::chrono::milliseconds(dropped ? 1000 : 200));
  }
}

PipelineResult run_worker(Pipeline& p, const NodeSettings& s, ControlSlot& control) {
  auto cfg = make_node_system_config(s, s.slots);
  caf::actor_system sys{*cfg};
  NetworkWindDown network{sys};
  auto outcome = std::make_shared<WorkerOutcome>();
  auto agent = sys.spawn(worker_agent, WorkerAgentArgs{p.graph_ptr(), p.options(), outcome});
  ControlTarget control_target(control, agent);
  caf::scoped_actor self{sys};
  self->monitor(agent);
  auto stop_agent = [&] { self->send_exit(agent, caf::exit_reason::user_shutdown); };
  auto port = publish_actor(sys, agent, s.host, static_cast<uint16_t>(s.port), s.tls());
  if (!port) {
    stop_agent();
    throw ConfigError("rill.port: cannot listen on " + s.host + ":" + std::to_string(s.port) +
                      ": " + describe_link_error(sys, port.error(), s.tls()));
  }
  network.port = *port;
  const auto timeout = std::chrono::milliseconds(s.startup_timeout_ms);
  PeerList peers;
  try {
    caf::actor coord =
        reach_with_retry(sys, s, "the coordinator", s.coordinator_host, s.coordinator_port);
    self->send(agent, watch_atom::value, coord);
    std::string error;
    self->request(coord, timeout, join_atom::value, agent, s.host, *port,
                  static_cast<int32_t>(s.slots), static_cast<int32_t>(::getpid()))
        .receive([&](PeerList& pl) { peers = std::move(pl); },
                 [&](caf::error& e) { error = "joining failed: " + sys.render(e); });
    if (!error.empty()) throw std::runtime_error(error);
    node_log().info("rill worker {}: listening on {}:{}, joined {}", peers.index, s.host, *port,
                    s.coordinator_address());
    // A direct link to every worker that joined before us (they dial the later ones'
    // counterpart the same way), so data never goes through the coordinator. Handles that
    // arrive later through the coordinator then use these links.
    for (int32_t j = 0; j < peers.index; ++j)
      if (!peers.hosts[static_cast<size_t>(j)].empty())  // "": a worker lost before we joined
        reach_with_retry(sys, s, "worker " + std::to_string(j), peers.hosts[static_cast<size_t>(j)],
                         peers.ports[static_cast<size_t>(j)]);
    self->request(coord, timeout, linked_atom::value, peers.index)
        .receive([](caf::ok_atom) {},
                 [&](caf::error& e) { error = "the coordinator failed: " + sys.render(e); });
    if (!error.empty()) throw std::runtime_error(error);
  } catch (const std::exception& e) {
    stop_agent();
    return failed("worker", e.what());
  }
  // The agent ends when the coordinator reports the outcome or is lost, or when cancelled.
  self->receive([](caf::down_msg&) {});
  if (outcome->told && outcome->ok) return PipelineResult{};
  PipelineResult r = failed("worker " + std::to_string(peers.index), outcome->message);
  if (outcome->cancelled) r.state = JobState::kCancelled;
  return r;
}

// A cluster role, run on a thread of its own so that start_node() returns at once.
class RoleJob final : public JobControl {
 public:
  using Role = PipelineResult (*)(Pipeline&, const NodeSettings&, ControlSlot&);
  RoleJob(Role role, Pipeline& p, NodeSettings s)
      : settings_(std::move(s)), thread_([this, role, &p] {
          try {
            result_ = role(p, settings_, control_);
          } catch (...) {
            error_ = std::current_exception();
          }
          control_.clear();
        }) {}
  ~RoleJob() override {
    if (thread_.joinable()) thread_.join();
  }
  void cancel(const std::string& reason) override {
    control_.send(caf::make_message(cancel_atom::value, reason));
  }
  // The coordinator passes these to the job; a worker only warns (its agent does).
  void drain() override { control_.send(caf::make_message(drain_atom::value)); }
  void stop_with_savepoint(const std::string& dir) override {
    control_.send(caf::make_message(savepoint_atom::value, dir));
  }
  void savepoint(const std::string& dir) override {
    control_.send(caf::make_message(savepoint_atom::value, dir, false));
  }
  PipelineResult wait() override {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
    return result_;
  }

 private:
  NodeSettings settings_;
  ControlSlot control_;
  PipelineResult result_;
  std::exception_ptr error_;
  std::thread thread_;  // last: it starts once everything above exists
};

}  // namespace

PipelineHandle start_node(Pipeline& p, const NodeSettings& node) {
  apply_log_level(p.options().log_level);
  // One process, one thread: the network and other nodes' timing cannot be replayed.
  if (node.role != NodeRole::kLocal && p.options().deterministic_seed != 0)
    throw std::invalid_argument(
        "rill: deterministic scheduling runs a job in one process; it does not support "
        "--rill.role=coordinator|worker");
  switch (node.role) {
    case NodeRole::kLocal:
      break;
    case NodeRole::kCoordinator:
      return PipelineHandle(std::make_shared<RoleJob>(&run_coordinator, p, node));
    case NodeRole::kWorker:
      return PipelineHandle(std::make_shared<RoleJob>(&run_worker, p, node));
  }
  return p.start();
}

PipelineResult run_node(Pipeline& p, const NodeSettings& node) {
  return start_node(p, node).wait();
}

}  // namespace rill
