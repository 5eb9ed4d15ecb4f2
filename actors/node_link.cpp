#include "actors/node_link.hpp"

#include <caf/io/all.hpp>
#include <caf/openssl/all.hpp>

namespace rill {

caf::expected<uint16_t> publish_actor(caf::actor_system& sys, const caf::actor& a,
                                      const std::string& host, uint16_t port, bool tls) {
  // reuse: a restarted node rebinds its port despite TIME_WAIT.
  if (tls) return caf::openssl::publish(a, port, host.c_str(), true);
  return sys.middleman().publish(a, port, host.c_str(), true);
}

caf::expected<caf::actor> reach_actor(caf::actor_system& sys, const std::string& host,
                                      uint16_t port, bool tls) {
  if (tls) return caf::openssl::remote_actor(sys, host, port);
  return sys.middleman().remote_actor(host, port);
}

std::string describe_link_error(caf::actor_system& sys, const caf::error& e, bool tls) {
  std::string s = sys.render(e);
  if (e == caf::sec::disconnect_during_handshake)
    s += tls ? " (TLS refused: the peer's certificate is not from our CA, ours is not from its "
               "CA, or it does not speak TLS)"
             : " (the peer may require TLS)";
  return s;
}

}  // namespace rill
