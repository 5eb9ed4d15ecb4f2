#include "options/node_options.hpp"

namespace rill {

namespace {

const char* const kCafPrefixes[] = {"--rill.",      "--config-file", "--scheduler.",
                                    "--middleman.", "--openssl.",    "--work-stealing.",
                                    "--logger.",    "--stream.",     "--dump-config"};

}  // namespace

bool is_node_option(const std::string& arg) {
  for (const char* p : kCafPrefixes)
    if (arg.rfind(p, 0) == 0) return true;
  return false;
}

const char* node_options_help() {
  return "node options (also [rill] keys in --config-file=FILE or ./caf-application.ini):\n"
         "  --rill.role=local|coordinator|worker   (default local: everything in-process)\n"
         "  --rill.coordinator-host=H --rill.coordinator-port=P   where the coordinator listens\n"
         "  --rill.host=H --rill.port=P   where a worker listens for peers (127.0.0.1, any)\n"
         "  --rill.workers=N   coordinator: workers to wait for (1)\n"
         "  --rill.slots=N     worker: partitions per stage and threads (1)\n"
         "  --rill.tls-certificate=F --rill.tls-key=F --rill.tls-ca=F [--rill.tls-passphrase=S]\n"
         "  --rill.heartbeat-interval=250ms --rill.connection-timeout=2s "
         "--rill.startup-timeout=30s\n";
}

}  // namespace rill
