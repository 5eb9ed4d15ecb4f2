#pragma once
// How this process takes part in running a pipeline: alone (the embedded default), as the
// coordinator of a cluster, or as one of its workers. Every process runs the same program and
// builds the same pipeline; only these settings differ.
//
// Settings come from CAF's configuration: `--config-file=FILE` (or ./caf-application.ini)
// with a [rill] section, and the same keys as `--rill.KEY=VALUE` options, which win over the
// file. This header is free of CAF so that user programs stay quick to compile.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "options/node_options.hpp"  // is_node_option, node_options_help

namespace rill {

enum class NodeRole { kLocal, kCoordinator, kWorker };
const char* to_string(NodeRole r);

// A bad setting: which key, what is wrong. Thrown before any actor system starts.
class ConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct NodeSettings {
  NodeRole role = NodeRole::kLocal;
  // The coordinator listens here; workers dial it.
  std::string coordinator_host = "127.0.0.1";
  int coordinator_port = 0;  // required (1..65535) for both cluster roles
  // A worker listens here for its peers (0: any free port). Loopback unless configured.
  std::string host = "127.0.0.1";
  int port = 0;
  int workers = 1;  // coordinator: how many workers to wait for
  int slots = 1;    // worker: partitions per stage it takes, and its scheduler threads
  // TLS: all three or none. With them, every link is mutually authenticated by the CA.
  std::string tls_certificate, tls_key, tls_ca, tls_passphrase;
  int64_t heartbeat_ms = 250;            // on every node, so a hung peer is noticed
  int64_t connection_timeout_ms = 2000;  // a peer silent this long is declared lost
  int64_t startup_timeout_ms = 30000;    // for workers to join / the coordinator to answer
  // Options for CAF itself (--scheduler.*, --middleman.*, ...), passed on unchanged.
  std::vector<std::string> caf_args;
  // --dump-config was given: the configuration was printed, and nothing should run.
  bool printed_only = false;

  bool tls() const { return !tls_certificate.empty(); }
  std::string coordinator_address() const {
    return coordinator_host + ":" + std::to_string(coordinator_port);
  }
};

// Takes the node options (--rill.*, --config-file=..., and CAF's own groups such as
// --scheduler.*) out of `args`, leaving the program's own arguments, reads the config file
// and checks everything: unknown keys, ports, roles, readable TLS files whose key matches the
// certificate. Throws ConfigError naming the key and the problem.
NodeSettings parse_node_settings(std::vector<std::string>& args);

}  // namespace rill
