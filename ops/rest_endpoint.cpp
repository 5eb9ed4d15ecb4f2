#include "ops/rest_endpoint.hpp"

#include <map>
#include <memory>
#include <mutex>

namespace rill {

std::string serve_jobs_over_rest(const RestOptions& options) {
  static std::mutex mutex;
  // Destroyed at exit, after main: the servers stop then.
  static std::map<int, std::unique_ptr<RestServer>> servers;
  std::lock_guard<std::mutex> lock(mutex);
  if (options.port != 0)
    if (auto it = servers.find(options.port); it != servers.end()) return it->second->url();
  auto server = std::make_unique<RestServer>(process_jobs(), options);
  const std::string url = server->url();
  servers[server->port()] = std::move(server);
  return url;
}

}  // namespace rill
