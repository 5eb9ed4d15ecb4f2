// Reading and checking a node's settings. Everything that could make CAF abort or hang later
// (a missing certificate, a key that does not match, a wrong passphrase) is checked here,
// before any actor system starts, and reported as a ConfigError naming the key.
#include "actors/node_settings.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <memory>

#include "actors/node_system.hpp"

namespace rill {
namespace {

const char* const kCafPrefixes[] = {"--rill.",      "--config-file", "--scheduler.",
                                    "--middleman.", "--openssl.",    "--work-stealing.",
                                    "--logger.",    "--stream.",     "--dump-config"};

NodeRole role_from(const std::string& r) {
  if (r.empty() || r == "local") return NodeRole::kLocal;
  if (r == "coordinator") return NodeRole::kCoordinator;
  if (r == "worker") return NodeRole::kWorker;
  throw ConfigError("rill.role: unknown role '" + r + "' (local, coordinator or worker)");
}

void check_port(const char* key, int port, int min) {
  if (port < min || port > 65535)
    throw ConfigError(std::string(key) + ": " + std::to_string(port) + " is not a port (" +
                      std::to_string(min) + "..65535)");
}

int64_t millis(const char* key, caf::timespan t, int64_t min_ms) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t).count();
  if (ms < min_ms)
    throw ConfigError(std::string(key) + ": must be at least " + std::to_string(min_ms) + "ms");
  return ms;
}

std::string openssl_reason() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "not a PEM file";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};

std::unique_ptr<FILE, FileCloser> open_pem(const char* key, const std::string& path) {
  std::unique_ptr<FILE, FileCloser> f(std::fopen(path.c_str(), "r"));
  if (!f) throw ConfigError(std::string(key) + ": cannot read '" + path + "'");
  return f;
}

int passphrase_cb(char* buf, int size, int, void* u) {
  const auto* pass = static_cast<const std::string*>(u);
  if (pass->empty()) return -1;  // an encrypted key without a passphrase: fail, don't prompt
  const int n = std::min(size, static_cast<int>(pass->size()));
  std::copy_n(pass->data(), n, buf);
  return n;
}

// Loads the certificate, key and CA the way the TLS module will, so that a bad file is an
// error here rather than an abort (or a hang, for a wrong passphrase) inside CAF.
void check_tls(const NodeSettings& s) {
  const bool any = !s.tls_certificate.empty() || !s.tls_key.empty() || !s.tls_ca.empty();
  if (!any) return;
  if (s.tls_certificate.empty() || s.tls_key.empty() || s.tls_ca.empty())
    throw ConfigError(
        "rill.tls-certificate, rill.tls-key and rill.tls-ca must be given together (got " +
        std::string(s.tls_certificate.empty() ? "" : "certificate ") +
        (s.tls_key.empty() ? "" : "key ") + (s.tls_ca.empty() ? "" : "ca ") + "only)");
  auto cf = open_pem("rill.tls-certificate", s.tls_certificate);
  X509* cert = PEM_read_X509(cf.get(), nullptr, nullptr, nullptr);
  if (!cert)
    throw ConfigError("rill.tls-certificate: '" + s.tls_certificate +
                      "' holds no certificate: " + openssl_reason());
  std::unique_ptr<X509, decltype(&X509_free)> cert_guard(cert, X509_free);
  auto kf = open_pem("rill.tls-key", s.tls_key);
  std::string pass = s.tls_passphrase;
  EVP_PKEY* key = PEM_read_PrivateKey(kf.get(), nullptr, passphrase_cb, &pass);
  if (!key)
    throw ConfigError("rill.tls-key: cannot load the private key '" + s.tls_key + "'" +
                      (s.tls_passphrase.empty() ? " (if it is encrypted, set rill.tls-passphrase)"
                                                : " (wrong rill.tls-passphrase?)") +
                      ": " + openssl_reason());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_guard(key, EVP_PKEY_free);
  if (X509_check_private_key(cert, key) != 1) {
    ERR_clear_error();
    throw ConfigError("rill.tls-key: '" + s.tls_key + "' does not belong to the certificate '" +
                      s.tls_certificate + "'");
  }
  auto af = open_pem("rill.tls-ca", s.tls_ca);
  X509* ca = PEM_read_X509(af.get(), nullptr, nullptr, nullptr);
  if (!ca)
    throw ConfigError("rill.tls-ca: '" + s.tls_ca + "' holds no certificate: " + openssl_reason());
  X509_free(ca);
}

}  // namespace

const char* to_string(NodeRole r) {
  switch (r) {
    case NodeRole::kLocal:
      return "local";
    case NodeRole::kCoordinator:
      return "coordinator";
    case NodeRole::kWorker:
      return "worker";
  }
  return "?";
}

bool is_node_option(const std::string& arg) {
  for (const char* p : kCafPrefixes)
    if (arg.rfind(p, 0) == 0) return true;
  return false;
}

NodeSettings parse_node_settings(std::vector<std::string>& args) {
  NodeSettings s;
  std::vector<std::string> rest;
  for (auto& a : args) (is_node_option(a) ? s.caf_args : rest).push_back(std::move(a));
  args = std::move(rest);
  for (const auto& a : s.caf_args)
    if (a.rfind("--openssl.", 0) == 0)
      throw ConfigError(a.substr(0, a.find('=')) +
                        ": set TLS with --rill.tls-certificate, --rill.tls-key and --rill.tls-ca");
  NodeSystemConfig cfg;
  std::vector<std::string> caf_args = s.caf_args;
  if (auto err = cfg.parse(caf_args))
    throw ConfigError("node settings: " + caf::actor_system_config::render(err));
  if (cfg.content.count("openssl"))
    throw ConfigError(
        "[openssl] in the config file: use tls-certificate, tls-key and tls-ca "
        "in [rill]");
  for (const auto& k : cfg.unknown_keys())
    throw ConfigError("unknown configuration key '" + k + "' (see rill --help)");
  if (cfg.content.count("openssl"))
    throw ConfigError(
        "[openssl] in the config file: use tls-certificate, tls-key and tls-ca "
        "in [rill]");
  s.role = role_from(cfg.role);
  s.coordinator_host = cfg.coordinator_host;
  s.coordinator_port = cfg.coordinator_port;
  s.host = cfg.host;
  s.port = cfg.port;
  s.workers = cfg.workers;
  s.slots = cfg.slots;
  s.tls_certificate = cfg.tls_certificate;
  s.tls_key = cfg.tls_key;
  s.tls_ca = cfg.tls_ca;
  s.tls_passphrase = cfg.tls_passphrase;
  s.heartbeat_ms = millis("rill.heartbeat-interval", cfg.heartbeat, 10);
  s.connection_timeout_ms = millis("rill.connection-timeout", cfg.connection_timeout, 100);
  s.startup_timeout_ms = millis("rill.startup-timeout", cfg.startup_timeout, 100);
  if (s.connection_timeout_ms <= s.heartbeat_ms)
    throw ConfigError("rill.connection-timeout must be longer than rill.heartbeat-interval");
  if (s.role == NodeRole::kLocal) return s;
  if (s.coordinator_host.empty()) throw ConfigError("rill.coordinator-host: empty");
  check_port("rill.coordinator-port", s.coordinator_port, 1);
  if (s.role == NodeRole::kWorker) {
    if (s.host.empty()) throw ConfigError("rill.host: empty");
    check_port("rill.port", s.port, 0);
    if (s.slots < 1 || s.slots > 256)
      throw ConfigError("rill.slots: " + std::to_string(s.slots) + " (1..256)");
  } else if (s.workers < 1 || s.workers > 1024) {
    throw ConfigError("rill.workers: " + std::to_string(s.workers) + " (1..1024)");
  }
  check_tls(s);
  return s;
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
