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

// Where a cancel goes once a role has something to cancel: a cancel that comes earlier is
// kept and delivered when the target is set; none is delivered once the role has ended.
class CancelSlot {
 public:
  using Target = std::function<void(const std::string&)>;
  void set(Target t) {
    std::lock_guard<std::mutex> lock(mutex_);
    target_ = std::move(t);
    if (pending_) target_(*pending_);
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    target_ = nullptr;
    ended_ = true;
  }
  void cancel(const std::string& reason) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return;
    if (target_)
      target_(reason);
    else
      pending_ = reason;
  }

 private:
  std::mutex mutex_;
  Target target_;
  std::optional<std::string> pending_;
  bool ended_ = false;
};

// Sets the slot's target while it lives; declared after the actor system, so the target is
// gone before the system is.
struct CancelTarget {
  CancelSlot& slot;
  CancelTarget(CancelSlot& s, caf::actor a) : slot(s) {
    slot.set([a](const std::string& reason) { caf::anon_send(a, cancel_atom::value, reason); });
  }
  ~CancelTarget() { slot.clear(); }
};

PipelineResult failed(const std::string& step, const std::string& error) {
  PipelineResult r;
  r.state = JobState::kFailed;
  r.failed_step = step;
  r.error = error;
  return r;
}

PipelineResult run_coordinator(Pipeline& p, const NodeSettings& s, CancelSlot& cancel) {
  auto cfg = make_node_system_config(s, 2);
  caf::actor_system sys{*cfg};
  NetworkWindDown network{sys};
  auto result = std::make_shared<PipelineResult>();
  auto coord = sys.spawn(coordinator_actor, CoordinatorArgs{p.graph_ptr(), p.options(), s, result});
  CancelTarget cancel_target(cancel, coord);
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

PipelineResult run_worker(Pipeline& p, const NodeSettings& s, CancelSlot& cancel) {
  auto cfg = make_node_system_config(s, s.slots);
  caf::actor_system sys{*cfg};
  NetworkWindDown network{sys};
  auto outcome = std::make_shared<WorkerOutcome>();
  auto agent = sys.spawn(worker_agent, WorkerAgentArgs{p.graph_ptr(), p.options(), outcome});
  CancelTarget cancel_target(cancel, agent);
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
  using Role = PipelineResult (*)(Pipeline&, const NodeSettings&, CancelSlot&);
  RoleJob(Role role, Pipeline& p, NodeSettings s)
      : settings_(std::move(s)), thread_([this, role, &p] {
          try {
            result_ = role(p, settings_, cancel_);
          } catch (...) {
            error_ = std::current_exception();
          }
          cancel_.clear();
        }) {}
  ~RoleJob() override {
    if (thread_.joinable()) thread_.join();
  }
  void cancel(const std::string& reason) override { cancel_.cancel(reason); }
  // Not across processes yet: a cluster job takes no checkpoints, and draining its sources
  // needs the coordinator to reach them.
  void drain() override { node_log().warn("rill: drain is not supported across processes yet"); }
  void stop_with_savepoint(const std::string&) override {
    node_log().warn("rill: stop-with-savepoint is not supported across processes yet");
  }
  PipelineResult wait() override {
    if (thread_.joinable()) thread_.join();
    if (error_) std::rethrow_exception(error_);
    return result_;
  }

 private:
  NodeSettings settings_;
  CancelSlot cancel_;
  PipelineResult result_;
  std::exception_ptr error_;
  std::thread thread_;  // last: it starts once everything above exists
};

}  // namespace

PipelineHandle start_node(Pipeline& p, const NodeSettings& node) {
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
