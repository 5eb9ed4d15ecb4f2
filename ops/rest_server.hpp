#pragma once
// RestServer: the REST API, /metrics and the web UI of the jobs in a JobRegistry, over HTTP or
// HTTPS (cpp-httplib), served on its own threads from construction to destruction.
//   RestServer rest(process_jobs(), RestOptions{.port = 8081});
//   std::cout << "REST API at " << rest.url() << "\n";
// Routes (rest_routes.hpp): GET /jobs, /jobs/ID, /metrics, /; POST
// /jobs/ID/cancel|drain|stop|savepoint.
#include <memory>
#include <string>

#include "ops/job_registry.hpp"

namespace rill {

struct RestOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (port() tells which)
  // HTTPS with this certificate and private key (PEM files; the key's passphrase if it has
  // one), e.g. the cluster's --rill.tls-certificate and --rill.tls-key; empty: plain HTTP.
  // (The {} spare `RestOptions{.port = 8081}` a -Wmissing-field-initializers warning.)
  std::string tls_certificate{}, tls_key{}, tls_passphrase{};
  // HTTPS only: clients must present a certificate signed by this CA; empty: none is asked.
  std::string tls_client_ca{};
};

class RestServer {
 public:
  // Listens before it returns. Throws std::runtime_error when it cannot (the port is taken,
  // the host is not an address of this machine, the TLS files cannot be used).
  explicit RestServer(JobRegistry& jobs, RestOptions options = {});
  ~RestServer();  // stops listening and waits for the requests in progress
  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;

  int port() const;
  std::string url() const;  // "http://127.0.0.1:8081" ("https://..." with TLS)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rill
