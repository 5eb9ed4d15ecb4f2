#include "actors/node_system.hpp"

#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>

#include "actors/cluster_messages.hpp"
#include "actors/messages.hpp"

namespace rill {

NodeSystemConfig::NodeSystemConfig(bool tls) {
  load<caf::io::middleman>();
  if (tls) load<caf::openssl::manager>();
  register_cluster_types(*this);
  opt_group{custom_options_, "rill"}
      .add(role, "role", "local (default), coordinator or worker")
      .add(coordinator_host, "coordinator-host", "the coordinator's address (127.0.0.1)")
      .add(coordinator_port, "coordinator-port", "the coordinator's port")
      .add(host, "host", "where this worker listens for its peers (127.0.0.1)")
      .add(port, "port", "this worker's port (0: any free one)")
      .add(workers, "workers", "coordinator: the number of workers to wait for (1)")
      .add(slots, "slots", "worker: partitions per stage and threads (1)")
      .add(tls_certificate, "tls-certificate", "this node's certificate (PEM)")
      .add(tls_key, "tls-key", "this node's private key (PEM)")
      .add(tls_ca, "tls-ca", "the cluster CA's certificate (PEM)")
      .add(tls_passphrase, "tls-passphrase", "the private key's passphrase, if any")
      .add(heartbeat, "heartbeat-interval", "heartbeats between nodes (250ms)")
      .add(connection_timeout, "connection-timeout", "a silent peer is lost after (2s)")
      .add(startup_timeout, "startup-timeout", "workers must join within (30s)");
}

std::vector<std::string> NodeSystemConfig::unknown_keys() const {
  std::vector<std::string> out;
  for (const auto& [group, value] : content) {
    if (const auto* d = caf::get_if<caf::config_value::dictionary>(&value)) {
      for (const auto& kv : *d)
        if (custom_options_.qualified_name_lookup(group, kv.first) == nullptr)
          out.push_back(group + "." + kv.first);
    } else if (custom_options_.qualified_name_lookup("global", group) == nullptr) {
      out.push_back(group);
    }
  }
  return out;
}

const caf::config_option* NodeSystemConfig::option(const std::string& group,
                                                   const std::string& key) const {
  return custom_options_.qualified_name_lookup(group, key);
}

std::optional<std::string> NodeSystemConfig::config_file_arg(
    const std::vector<std::string>& args) const {
  const caf::config_option* opt = custom_options_.qualified_name_lookup("global.config-file");
  if (opt == nullptr) return std::nullopt;
  const auto [it, text] = caf::find_by_long_name(*opt, args.begin(), args.end());
  if (it == args.end() || text.empty()) return std::nullopt;
  auto value = opt->parse(text);
  if (!value) return std::nullopt;
  if (const auto* path = caf::get_if<std::string>(&*value)) return *path;
  return std::nullopt;
}

std::unique_ptr<NodeSystemConfig> make_node_system_config(const NodeSettings& s, int threads) {
  auto cfg = std::make_unique<NodeSystemConfig>(s.tls());
  std::vector<std::string> args = s.caf_args;
  // Already checked by parse_node_settings; parsed again so CAF's own keys take effect.
  if (auto err = cfg->parse(args)) throw ConfigError(caf::actor_system_config::render(err));
  cfg->set("scheduler.max-threads", static_cast<size_t>(threads));
  // One message per turn, then the thread goes to whoever waits: CAF 0.17 decodes what
  // arrives from other nodes (a stop, credit) in tasks on these same threads, and with a
  // worker's single thread an actor with a backlog of slow batches kept them waiting for
  // its whole backlog (a stop took over a second). Across two processes no clear cost:
  // keyed-sum 39 M/s unlimited vs 43 M/s, sessions 3.4 M/s vs 3.2 M/s (noisy medians).
  cfg->set("scheduler.max-throughput", size_t{1});
  cfg->set("logger.verbosity", caf::atom("quiet"));
  cfg->set("work-stealing.moderate-sleep-duration", caf::timespan{std::chrono::microseconds(10)});
  cfg->set("work-stealing.relaxed-sleep-duration", caf::timespan{std::chrono::microseconds(200)});
  // Hung peers are noticed only if every node sends heartbeats.
  cfg->set("middleman.heartbeat-interval",
           caf::timespan{std::chrono::milliseconds(s.heartbeat_ms)});
  cfg->set("middleman.connection-timeout",
           caf::timespan{std::chrono::milliseconds(s.connection_timeout_ms)});
  if (s.tls()) {
    cfg->set("openssl.certificate", s.tls_certificate);
    cfg->set("openssl.key", s.tls_key);
    cfg->set("openssl.cafile", s.tls_ca);
    if (!s.tls_passphrase.empty()) cfg->set("openssl.passphrase", s.tls_passphrase);
  }
  return cfg;
}

void wind_down_network(caf::actor_system& sys, uint16_t listening_port) {
  if (listening_port != 0) (void)sys.middleman().close(listening_port);
  caf::scoped_actor self{sys, true};
  // Every actor is registered by id while its handle is known to another node, and leaves the
  // registry when it terminates; at this point rill's own actors are gone, so the hidden
  // ones left are CAF's.
  for (caf::actor_id id = 1, last = sys.latest_actor_id(); id <= last; ++id) {
    auto p = sys.registry().get(id);
    if (!p || !p->get()->getf(caf::abstract_actor::is_hidden_flag)) continue;
    auto helper = caf::actor_cast<caf::actor>(p);
    self->send_exit(helper, caf::exit_reason::kill);
    self->wait_for(helper);
  }
}

void register_cluster_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<StepCounters>("rill.StepCounters");
  cfg.add_message_type<StepCountersList>("rill.StepCountersList");
  cfg.add_message_type<FlowStats>("rill.FlowStats");
  cfg.add_message_type<HotKey>("rill.HotKey");
  cfg.add_message_type<std::vector<HotKey>>("rill.HotKeyList");
  cfg.add_message_type<UserMetricValue>("rill.UserMetricValue");
  cfg.add_message_type<UserMetricValues>("rill.UserMetricValues");
  cfg.add_message_type<PartitionProgress>("rill.PartitionProgress");
  cfg.add_message_type<JobSpec>("rill.JobSpec");
  cfg.add_message_type<RouteSpec>("rill.RouteSpec");
  cfg.add_message_type<std::vector<RouteSpec>>("rill.RouteSpecList");
  cfg.add_message_type<SpawnRequest>("rill.SpawnRequest");
  cfg.add_message_type<PeerList>("rill.PeerList");
  cfg.add_message_type<PartitionStateFile>("rill.PartitionStateFile");
  cfg.add_message_type<std::vector<PartitionStateFile>>("rill.PartitionStateFileList");
  cfg.add_message_type<std::vector<caf::actor>>("rill.ActorList");
  cfg.add_message_type<std::vector<int32_t>>("rill.Int32List");
  cfg.add_message_type<std::vector<uint16_t>>("rill.UInt16List");
  cfg.add_message_type<std::vector<std::string>>("rill.EncodedBatches");
}

}  // namespace rill
