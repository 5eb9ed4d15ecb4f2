#include "ops/rest_server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "ops/rest_routes.hpp"

namespace rill {

namespace {
// Request threads: the UI polls, Prometheus scrapes, `rill jobs` asks; a kept-alive
// connection holds a thread until it closes or idles out.
constexpr size_t kThreads = 8;
constexpr time_t kKeepAliveSeconds = 2;

const char* or_null(const std::string& s) {
  return s.empty() ? nullptr : s.c_str();
}
}  // namespace

struct RestServer::Impl {
  std::unique_ptr<httplib::Server> server;
  std::string scheme, host;
  int port = 0;
  std::atomic<bool> finished{false};
  std::thread thread;
};

RestServer::RestServer(JobRegistry& jobs, RestOptions options) : impl_(std::make_unique<Impl>()) {
  const bool tls = !options.tls_certificate.empty() || !options.tls_key.empty();
  if (tls) {
    if (options.tls_certificate.empty() || options.tls_key.empty())
      throw std::runtime_error("REST server: TLS needs both a certificate and a key");
    impl_->server = std::make_unique<httplib::SSLServer>(
        options.tls_certificate.c_str(), options.tls_key.c_str(), or_null(options.tls_client_ca),
        nullptr, or_null(options.tls_passphrase));
  } else {
    if (!options.tls_client_ca.empty())
      throw std::runtime_error("REST server: a client CA needs a TLS certificate and key");
    impl_->server = std::make_unique<httplib::Server>();
  }
  auto& server = *impl_->server;
  if (!server.is_valid())
    throw std::runtime_error("REST server: cannot use the TLS certificate '" +
                             options.tls_certificate + "' with the key '" + options.tls_key + "'" +
                             (options.tls_client_ca.empty()
                                  ? std::string()
                                  : " and the client CA '" + options.tls_client_ca + "'"));
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  server.set_keep_alive_timeout(kKeepAliveSeconds);
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second server
  // bind a port in use and take half of its requests.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  add_rest_routes(server, jobs);

  impl_->scheme = tls ? "https" : "http";
  impl_->host = options.host;
  if (options.port == 0)
    impl_->port = server.bind_to_any_port(options.host);
  else
    impl_->port = server.bind_to_port(options.host, options.port) ? options.port : -1;
  if (impl_->port <= 0)
    throw std::runtime_error("REST server: cannot listen on " + options.host + ":" +
                             std::to_string(options.port));
  impl_->thread = std::thread([impl = impl_.get()] {
    impl->server->listen_after_bind();
    impl->finished = true;
  });
  // stop() does nothing before the accept loop runs: wait for it, so the destructor can stop it.
  while (!server.is_running() && !impl_->finished)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

RestServer::~RestServer() {
  impl_->server->stop();
  impl_->thread.join();
}

int RestServer::port() const {
  return impl_->port;
}

std::string RestServer::url() const {
  const bool v6 = impl_->host.find(':') != std::string::npos;
  return impl_->scheme + "://" + (v6 ? "[" + impl_->host + "]" : impl_->host) + ":" +
         std::to_string(impl_->port);
}

}  // namespace rill
