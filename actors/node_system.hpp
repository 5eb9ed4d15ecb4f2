#pragma once
// The CAF configuration of a node: the [rill] option group, the network and TLS modules, the
// message types that cross processes. parse_node_settings() parses one to read the settings;
// run_node() builds another from the checked settings to start the actor system.
#include <caf/all.hpp>

#include <optional>
#include <string>
#include <vector>

#include "actors/node_settings.hpp"

namespace rill {

class NodeSystemConfig : public caf::actor_system_config {
 public:
  // With `tls`, also CAF's OpenSSL module. Only then: an idle OpenSSL manager still starts a
  // network broker of its own, which CAF 0.17 may leave behind at shutdown.
  explicit NodeSystemConfig(bool tls = false);
  // Keys of the configuration that no option declares, as "group.key" (CAF ignores them in
  // a config file; rill reports them).
  std::vector<std::string> unknown_keys() const;
  // The option that reads `group.key` ("global" for a key outside any group), or nullptr.
  const caf::config_option* option(const std::string& group, const std::string& key) const;
  // The file parse(args) reads: the value of the first --config-file=F in `args` (nullopt if
  // there is none, or CAF cannot read its value: then CAF reads ./caf-application.ini if it
  // exists, or reports the bad option).
  std::optional<std::string> config_file_arg(const std::vector<std::string>& args) const;
  // The raw [rill] values as parsed.
  std::string role, coordinator_host = "127.0.0.1", host = "127.0.0.1";
  int coordinator_port = 0, port = 0, workers = 1, slots = 1;
  std::string tls_certificate, tls_key, tls_ca, tls_passphrase;
  caf::timespan heartbeat{std::chrono::milliseconds(250)};
  caf::timespan connection_timeout{std::chrono::milliseconds(2000)};
  caf::timespan startup_timeout{std::chrono::milliseconds(30000)};
};

// A config for starting the actor system of a node with checked `s`.
std::unique_ptr<NodeSystemConfig> make_node_system_config(const NodeSettings& s, int threads);

// Takes a node's network down while its actor system still runs; call it last, before the
// system goes down. It closes the node's listening port (0: none) and stops, and waits for,
// the hidden helpers CAF 0.17's network layer keeps per peer node (the BASP broker's "spawn
// servers"). Left to CAF's own shutdown, both are released only inside the middleman's stop;
// under load the scheduler could stop before the helpers ran their exit message, and they,
// the broker and its tables were never freed: a LeakSanitizer report in about one cluster
// run in five on a busy 2-core machine.
void wind_down_network(caf::actor_system& sys, uint16_t listening_port);

}  // namespace rill
